package cfn

import (
	yaml "go.yaml.in/yaml/v3"

	"github.com/lambdavet/lambdavet/parsers/model"
)

// chunkThreshold is the size from which a YAML template is parsed in
// pieces; a variable so tests can force the piecewise path on small files.
var chunkThreshold = 256 << 10

// groupSize is about how many bytes of entries are parsed at once.
var groupSize = 32 << 10

// parseYAMLChunked parses a large block-style template one top-level entry
// at a time, and the entries of a top-level mapping (Resources, Outputs, …)
// one at a time, so the YAML library's tree, about as large as ours, never
// exists for the whole file: peak memory is our tree and one resource's.
//
// It gives up (ok false) on anything it does not recognise as a plain
// block mapping of plain keys, and on any error a piece reports (an alias
// to another piece's anchor among them); the caller then parses the file
// whole, so the result and its errors are always those of a whole parse.
func parseYAMLChunked(li *lineIndex, lim *limits) (root *Node, errs []*model.LoadError, ok bool) {
	src := li.src
	nlines := len(li.starts)
	lineEnd := func(l int) int { // offset after line l (0-based), newline included
		if l+1 < nlines {
			return li.starts[l+1]
		}
		return len(src)
	}
	// indentOf returns a line's indentation and its first other byte, or
	// -1 for a blank or comment line.
	indentOf := func(l int) (int, byte) {
		i, end := li.starts[l], lineEnd(l)
		for i < end && src[i] == ' ' {
			i++
		}
		if i == end || src[i] == '\n' || src[i] == '\r' || src[i] == '#' {
			return -1, 0
		}
		return i - li.starts[l], src[i]
	}
	plainKey := func(b byte) bool {
		return b == '_' || (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9')
	}
	// headerOnly reports whether line l is "Key:" with nothing after but
	// a comment: its value is the block below.
	headerOnly := func(l int) bool {
		i, end := li.starts[l], lineEnd(l)
		for i < end && src[i] != ':' && src[i] != ' ' && src[i] != '\n' && src[i] != '\r' && src[i] != '#' {
			i++
		}
		if i == end || src[i] != ':' {
			return false
		}
		for i++; i < end && (src[i] == ' ' || src[i] == '\t'); i++ {
		}
		return i == end || src[i] == '\n' || src[i] == '\r' || src[i] == '#'
	}

	// The top-level entries: lines at column 0.
	var tops []int
	for l := range nlines {
		ind, b := indentOf(l)
		if ind < 0 {
			continue
		}
		if ind == 0 {
			if !plainKey(b) {
				return nil, nil, false // documents, flow style, quoted keys, tabs, …
			}
			tops = append(tops, l)
		} else if len(tops) == 0 {
			return nil, nil, false
		}
	}
	if len(tops) == 0 {
		return nil, nil, false
	}

	c := &yamlConverter{li: li, lim: lim, a: &arena{}, anchors: map[*yaml.Node]*anchorMemo{}}
	// pieces parses lines [from, to) as a mapping of want entries and
	// converts their keys and values at depth.
	pieces := func(from, to, want, depth int) (kv []*Node, ok bool) {
		var doc yaml.Node
		if err := yaml.Unmarshal(src[li.starts[from]:lineEnd(to-1)], &doc); err != nil {
			return nil, false
		}
		if len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode || len(doc.Content[0].Content) != 2*want {
			return nil, false
		}
		m := doc.Content[0]
		if m.Anchor != "" || m.Tag != "!!map" {
			return nil, false
		}
		c.lineOff = from
		defer func() { c.lineOff = 0 }()
		for i := 0; i < len(m.Content); i += 2 {
			if m.Content[i].Tag == "!!merge" {
				return nil, false
			}
			vy := m.Content[i+1]
			k, _, _ := c.convert(m.Content[i], depth)
			v, _, _ := c.convert(vy, depth)
			m.Content[i], m.Content[i+1] = nil, nil
			if c.fatal != nil {
				return nil, true
			}
			if k == nil {
				return nil, false
			}
			c.coverFromKey(k, v, vy)
			if v == nil {
				v = c.a.node()
				*v = Node{Kind: ScalarNode, Scalar: NullScalar, Range: li.rangeOf(int(k.Range.End.Offset), int(k.Range.End.Offset))}
			}
			kv = append(kv, k, v)
		}
		return kv, true
	}
	piece := func(from, to, depth int) (*Node, *Node, bool) {
		kv, ok := pieces(from, to, 1, depth)
		if !ok || len(kv) != 2 {
			return nil, nil, ok
		}
		return kv[0], kv[1], true
	}
	// entries converts the entries starting at lines starts (ending at
	// end) into a mapping node, as fillMapping does, parsing them in
	// groups of about groupSize bytes (one parse per entry costs the YAML
	// library's set-up each time) with parse(from, to, count); group 0
	// parses them one at a time.
	entries := func(starts []int, indent, end, group int, parse func(from, to, count int) ([]*Node, bool)) (*Node, bool) {
		n := c.a.node()
		first := li.starts[starts[0]] + indent
		*n = Node{Kind: MappingNode, Range: li.rangeOf(first, first+1)}
		b := &mapBuilder{c: c, base: len(c.scratch)}
		defer b.finish(n)
		last := first + 1 // a block mapping covers its entries, as convert makes it
		for i := 0; i < len(starts); {
			j := i + 1
			for j < len(starts) && li.starts[starts[j]]-li.starts[starts[i]] < group {
				j++
			}
			to := end
			if j < len(starts) {
				to = starts[j]
			}
			kv, ok := parse(starts[i], to, j-i)
			if c.fatal != nil {
				return nil, true
			}
			if !ok {
				return nil, false
			}
			for e := 0; e < len(kv); e += 2 {
				k, v := kv[e], kv[e+1]
				if k.Kind != ScalarNode || b.find(k.Value) >= 0 {
					// Duplicates are rare: the whole parse reports them.
					return nil, false
				}
				b.add(k, v)
				last = max(last, int(v.Range.End.Offset))
			}
			i = j
		}
		n.Range = li.rangeOf(first, last)
		return n, true
	}

	// Top-level entries are parsed one at a time, so a large mapping
	// among them (Resources) is split, never parsed with its neighbours.
	root, ok = entries(tops, 0, nlines, 0, func(from, to, count int) ([]*Node, bool) {
		// A "Key:" header over a block mapping of plain keys is split
		// further, at the indentation of its first entry.
		if headerOnly(from) {
			var subs []int
			k := -1
			for l := from + 1; l < to; l++ {
				ind, b := indentOf(l)
				switch {
				case ind < 0:
				case k < 0:
					if b == '-' || !plainKey(b) {
						return pieces(from, to, 1, 1)
					}
					k = ind
					subs = append(subs, l)
				case ind < k:
					return nil, false
				case ind == k:
					if !plainKey(b) {
						return nil, false
					}
					subs = append(subs, l)
				}
			}
			if len(subs) > 0 {
				key, _, ok := piece(from, from+1, 1)
				if c.fatal != nil || !ok {
					return nil, ok
				}
				val, ok := entries(subs, k, to, groupSize, func(from, to, count int) ([]*Node, bool) {
					c.a = c.a.fresh() // each group of entries apart, so sam.Load can free it
					return pieces(from, to, count, 2)
				})
				if c.fatal != nil || !ok {
					return nil, ok
				}
				if val.Range.Start.Line > key.Range.Start.Line {
					val.Range = li.rangeOf(int(key.Range.Start.Offset), int(val.Range.End.Offset)) // as coverFromKey
				}
				return []*Node{key, val}, true
			}
		}
		return pieces(from, to, 1, 1)
	})
	if c.fatal != nil {
		return nil, append(c.errs, c.fatal), true
	}
	if !ok || root == nil {
		return nil, nil, false
	}
	return root, c.errs, true
}
