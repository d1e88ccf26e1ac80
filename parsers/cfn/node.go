// Package cfn loads CloudFormation templates, in YAML (with every short-form
// tag) or JSON, into one positioned tree, and evaluates their intrinsic
// functions, parameters, mappings and conditions into model values.
package cfn

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/lambdavet/lambdavet/parsers/model"
)

// Kind is the shape of a node.
type Kind uint8

// Node kinds.
const (
	ScalarNode Kind = iota + 1
	MappingNode
	SequenceNode
)

// ScalarType is the YAML/JSON type of a scalar as written.
type ScalarType uint8

// Scalar types. A quoted "1024" is a String; CloudFormation still accepts it
// where a number is expected, which model.Value.AsNumber handles.
const (
	StringScalar ScalarType = iota
	IntScalar
	FloatScalar
	BoolScalar
	NullScalar
)

// Node is a positioned element of a template. Short-form tags such as
// `!Ref X` are rewritten to their long form ({"Ref": "X"}) when parsed, so
// evaluation sees one shape whatever the source format.
type Node struct {
	Kind   Kind
	Scalar ScalarType
	Value  string
	// Keys and Values are the entries of a mapping, in source order.
	Keys   []*Node
	Values []*Node
	// Items are the entries of a sequence.
	Items []*Node
	Range model.Range
}

// Get returns the value for key in a mapping node, or nil.
func (n *Node) Get(key string) *Node {
	if n == nil || n.Kind != MappingNode {
		return nil
	}
	for i, k := range n.Keys {
		if k.Value == key {
			return n.Values[i]
		}
	}
	return nil
}

// KeyNode returns the key node for key in a mapping node, or nil.
func (n *Node) KeyNode(key string) *Node {
	if n == nil || n.Kind != MappingNode {
		return nil
	}
	for _, k := range n.Keys {
		if k.Value == key {
			return k
		}
	}
	return nil
}

// IsIntrinsic reports whether n is an intrinsic function call ({"Ref": …}
// or {"Fn::…": …}) rather than a literal mapping.
func (n *Node) IsIntrinsic() bool {
	if n == nil || n.Kind != MappingNode || len(n.Keys) != 1 {
		return false
	}
	k := n.Keys[0].Value
	return k == "Ref" || strings.HasPrefix(k, "Fn::")
}

// IsNull reports whether n is missing or a null scalar.
func (n *Node) IsNull() bool {
	return n == nil || (n.Kind == ScalarNode && n.Scalar == NullScalar)
}

// lineIndex converts between line/column and byte offsets in one file, in
// time linear in the file overall: line starts are computed once, offsets
// of a line found from the last one asked for, and rune columns counted on
// from the last column asked for, since parsers ask in document order. (A
// scan from the line start for every column made a 600 KB one-line file
// take minutes.)
type lineIndex struct {
	file   string
	src    []byte
	starts []int
	// ascii reports that every byte is ASCII: rune columns are then byte
	// columns and need no scan.
	ascii bool
	// hint is the line (0-based) of the last offset looked up.
	hint int
	// The last rune column looked up: line and column 1-based, off its
	// byte offset.
	curLine, curCol, curOff int
}

func newLineIndex(file string, src []byte) *lineIndex {
	starts := make([]int, 1, 1+bytes.Count(src, []byte{'\n'}))
	for i := bytes.IndexByte(src, '\n'); i >= 0; {
		starts = append(starts, i+1)
		j := bytes.IndexByte(src[i+1:], '\n')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return &lineIndex{file: file, src: src, starts: starts, ascii: isASCII(src)}
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// lineOf returns the 0-based line holding byte offset off.
func (li *lineIndex) lineOf(off int) int {
	h := li.hint
	if h < len(li.starts) && li.starts[h] <= off {
		if h+1 == len(li.starts) || off < li.starts[h+1] {
			return h
		}
		if h+2 == len(li.starts) || off < li.starts[h+2] {
			li.hint = h + 1
			return h + 1
		}
	}
	lo, hi := 0, len(li.starts)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if li.starts[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	li.hint = lo
	return lo
}

// pointAtOffset returns the point for a byte offset.
func (li *lineIndex) pointAtOffset(off int) model.Point {
	if off > len(li.src) {
		off = len(li.src)
	}
	if off < 0 {
		off = 0
	}
	l := li.lineOf(off)
	return model.Point{Line: int32(l + 1), Column: int32(off - li.starts[l] + 1), Offset: int32(off)}
}

// offsetAtRuneColumn returns the byte offset of a 1-based line and a 1-based
// column counted in characters, as the YAML parser reports them.
func (li *lineIndex) offsetAtRuneColumn(line, col int) int {
	if line < 1 {
		return 0
	}
	if line > len(li.starts) {
		return len(li.src)
	}
	start := li.starts[line-1]
	if li.ascii {
		// The column may run past the line's end (the parser's position
		// at end of file); stop at the line break as the scan does.
		end := len(li.src)
		if line < len(li.starts) {
			end = li.starts[line] - 1
		}
		return min(start+max(col, 1)-1, end)
	}
	off, c := start, 1
	if line == li.curLine && col >= li.curCol {
		off, c = li.curOff, li.curCol
	}
	for ; c < col && off < len(li.src) && li.src[off] != '\n'; c++ {
		off += utf8Len(li.src[off])
	}
	if off > len(li.src) {
		off = len(li.src)
	}
	li.curLine, li.curCol, li.curOff = line, c, off
	return off
}
func utf8Len(b byte) int {
	switch {
	case b < 0xC0:
		return 1
	case b < 0xE0:
		return 2
	case b < 0xF0:
		return 3
	default:
		return 4
	}
}

func (li *lineIndex) rangeOf(start, end int) model.Range {
	if end < start {
		end = start
	}
	return model.Range{File: li.file, Start: li.pointAtOffset(start), End: li.pointAtOffset(end)}
}
