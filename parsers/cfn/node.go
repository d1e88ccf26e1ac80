// Package cfn loads CloudFormation templates, in YAML (with every short-form
// tag) or JSON, into one positioned tree, and evaluates their intrinsic
// functions, parameters, mappings and conditions into model values.
package cfn

import (
	"strings"

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

// lineIndex converts between line/column and byte offsets in one file.
type lineIndex struct {
	file   string
	src    []byte
	starts []int
}

func newLineIndex(file string, src []byte) *lineIndex {
	starts := []int{0}
	for i, b := range src {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &lineIndex{file: file, src: src, starts: starts}
}

// pointAtOffset returns the point for a byte offset.
func (li *lineIndex) pointAtOffset(off int) model.Point {
	if off > len(li.src) {
		off = len(li.src)
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
	return model.Point{Line: lo + 1, Column: off - li.starts[lo] + 1, Offset: off}
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
	off := li.starts[line-1]
	for c := 1; c < col && off < len(li.src) && li.src[off] != '\n'; c++ {
		off += utf8Len(li.src[off])
	}
	if off > len(li.src) {
		off = len(li.src)
	}
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
