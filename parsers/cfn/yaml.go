package cfn

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/lambdavet/lambdavet/parsers/model"
)

// shortTags maps CloudFormation short-form tags to their long-form keys.
var shortTags = map[string]string{
	"!Ref":          "Ref",
	"!Condition":    "Condition",
	"!Base64":       "Fn::Base64",
	"!Cidr":         "Fn::Cidr",
	"!FindInMap":    "Fn::FindInMap",
	"!GetAtt":       "Fn::GetAtt",
	"!GetAZs":       "Fn::GetAZs",
	"!ImportValue":  "Fn::ImportValue",
	"!Join":         "Fn::Join",
	"!Select":       "Fn::Select",
	"!Split":        "Fn::Split",
	"!Sub":          "Fn::Sub",
	"!Transform":    "Fn::Transform",
	"!And":          "Fn::And",
	"!Equals":       "Fn::Equals",
	"!If":           "Fn::If",
	"!Not":          "Fn::Not",
	"!Or":           "Fn::Or",
	"!ToJsonString": "Fn::ToJsonString",
	"!Length":       "Fn::Length",
}

var yamlErrLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parseYAML parses YAML source into a Node tree. It returns a nil root for an
// empty document. Problems that do not stop parsing (duplicate keys, unknown
// tags) are returned as errors beside a usable tree.
func parseYAML(li *lineIndex, lim *limits) (*Node, []*model.LoadError) {
	// The YAML library builds its whole tree before we see any of it, at
	// about 300 bytes a node with ours: refuse what cannot fit before
	// building it.
	if est := estimateYAMLNodes(li.src); est > lim.nodes {
		return nil, []*model.LoadError{lim.tooManyNodes(li.rangeOf(0, 0), "YAML", est)}
	}
	if len(li.src) >= chunkThreshold {
		if root, errs, ok := parseYAMLChunked(li, lim); ok {
			return root, errs
		}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(li.src, &doc); err != nil {
		return nil, []*model.LoadError{yamlError(li, err)}
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, nil
	}
	c := &yamlConverter{li: li, lim: lim, a: &arena{}, anchors: map[*yaml.Node]*anchorMemo{}}
	top := doc.Content[0]
	doc.Content = nil // converted subtrees are freed as conversion goes
	root, _, _ := c.convert(top, 0)
	if c.fatal != nil {
		return nil, append(c.errs, c.fatal)
	}
	return root, c.errs
}

// estimateYAMLNodes returns an upper estimate of the nodes the YAML parser
// makes of src: every node but the first starts or ends at one of these
// bytes (a flow mapping's implicit null values double its entries).
func estimateYAMLNodes(src []byte) int64 {
	var n int64
	for _, b := range src {
		switch b {
		case '\n', ',', ':', '-', '[', '{', '?', '*':
			n++
		}
	}
	return n + 1
}

func yamlError(li *lineIndex, err error) *model.LoadError {
	msg := err.Error()
	line := 1
	if m := yamlErrLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	if strings.HasPrefix(msg, "did not find expected") || strings.HasPrefix(msg, "found undefined tag handle") {
		// For parser errors the YAML library reports the line where the
		// enclosing collection started, counted from zero, and drops the
		// place of the problem: find the first line at which the text
		// stops parsing with this same error instead.
		line = locateParserError(li, msg)
	}
	off := li.offsetAtRuneColumn(line, 1)
	for off < len(li.src) && (li.src[off] == ' ' || li.src[off] == '\t') {
		off++
	}
	return &model.LoadError{Range: li.rangeOf(off, off), Message: "invalid YAML: " + msg}
}

// locateParserError returns the smallest line count whose prefix of the
// file fails with msg, by bisection: O(log lines) parses, on the error path
// only.
func locateParserError(li *lineIndex, msg string) int {
	fails := func(lines int) bool {
		end := len(li.src)
		if lines < len(li.starts) {
			end = li.starts[lines]
		}
		var n yaml.Node
		err := yaml.Unmarshal(li.src[:end], &n)
		return err != nil && strings.HasSuffix(err.Error(), msg)
	}
	lo, hi := 1, len(li.starts)
	if !fails(hi) {
		return 1
	}
	for lo < hi {
		mid := (lo + hi) / 2
		if fails(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

type yamlConverter struct {
	li  *lineIndex
	lim *limits
	a   *arena
	// anchors holds each anchored node once converted: an alias shares
	// the converted tree instead of copying it, so expansion costs no
	// memory here, and counts its logical size against lim.aliases.
	anchors map[*yaml.Node]*anchorMemo
	// aliased counts the nodes reached through aliases.
	aliased int64
	// lineOff is added to the YAML library's lines: the first line of
	// the piece being converted (see parseYAMLChunked).
	lineOff int
	// scratch holds the entries of the collections being converted.
	scratch []*Node
	fatal   *model.LoadError
	errs    []*model.LoadError
}

// anchorMemo is an anchored node's conversion: the tree, its size in nodes
// and its height, both counting what its own aliases reach.
type anchorMemo struct {
	n      *Node
	size   int64
	height int
	done   bool
}

// convert returns the node for y, the number of nodes it stands for and its
// height, aliases counted as the copies they stand for. Children are
// dropped from the YAML tree once converted so it is freed as ours grows.
func (c *yamlConverter) convert(y *yaml.Node, depth int) (*Node, int64, int) {
	if c.fatal != nil {
		return nil, 0, 0
	}
	if depth > c.lim.depth {
		c.fatal = c.lim.tooDeep(c.at(y), "YAML nesting", depth)
		return nil, 0, 0
	}
	switch y.Kind {
	case yaml.AliasNode:
		return c.alias(y, depth)
	case yaml.DocumentNode:
		if len(y.Content) == 0 {
			return nil, 0, 0
		}
		return c.convert(y.Content[0], depth)
	}
	var memo *anchorMemo
	if y.Anchor != "" {
		memo = &anchorMemo{}
		c.anchors[y] = memo
	}
	start := c.li.offsetAtRuneColumn(y.Line+c.lineOff, y.Column)
	n := c.a.node()
	size, height := int64(1), 1
	switch y.Kind {
	case yaml.ScalarNode:
		*n = Node{Kind: ScalarNode, Value: c.a.intern(y.Value), Scalar: scalarType(y)}
		n.Range = c.li.rangeOf(start, c.scalarEnd(start, y))
	case yaml.SequenceNode:
		*n = Node{Kind: SequenceNode, Range: c.li.rangeOf(start, start+1)}
		base := len(c.scratch)
		for i, item := range y.Content {
			it, sz, h := c.convert(item, depth+1)
			y.Content[i] = nil
			if it != nil {
				c.scratch = append(c.scratch, it)
				size += sz
				height = max(height, h+1)
			}
		}
		n.Items = c.a.slice(c.scratch[base:])
		clear(c.scratch[base:])
		c.scratch = c.scratch[:base]
		if len(n.Items) > 0 && y.Style&yaml.FlowStyle == 0 {
			// A block list covers its items, so a finding about the whole
			// list (too many layers) covers what to edit.
			n.Range = c.li.rangeOf(start, max(start+1, int(n.Items[len(n.Items)-1].Range.End.Offset)))
		}
	case yaml.MappingNode:
		*n = Node{Kind: MappingNode, Range: c.li.rangeOf(start, start+1)}
		sz, h := c.fillMapping(n, y, depth)
		size += sz
		height = max(height, h+1)
		if len(n.Values) > 0 && y.Style&yaml.FlowStyle == 0 {
			n.Range = c.li.rangeOf(start, max(start+1, int(n.Values[len(n.Values)-1].Range.End.Offset)))
		}
	default:
		return nil, 0, 0
	}
	y.Content = nil
	if y.Tag != "" && strings.HasPrefix(y.Tag, "!") && !strings.HasPrefix(y.Tag, "!!") && y.Tag != "!" {
		var nodes int64
		var levels int
		n, nodes, levels = c.applyTag(y.Tag, n)
		size += nodes
		height += levels
	}
	if memo != nil {
		*memo = anchorMemo{n: n, size: size, height: height, done: true}
	}
	return n, size, height
}

// alias returns the shared conversion of an alias's anchor, refusing a
// cycle (an alias inside its own anchor), an expansion past the alias
// budget and a depth past the depth budget, each at the alias.
func (c *yamlConverter) alias(y *yaml.Node, depth int) (*Node, int64, int) {
	if y.Alias == nil {
		return c.nullAt(y), 1, 1
	}
	m := c.anchors[y.Alias]
	if m == nil || !m.done {
		c.fatal = &model.LoadError{Range: c.at(y), Message: fmt.Sprintf("alias *%s refers to its own anchor (an infinitely deep tree); file not loaded", y.Value)}
		return nil, 0, 0
	}
	if depth+m.height-1 > c.lim.depth {
		c.fatal = c.lim.tooDeep(c.at(y), "YAML nesting through aliases", depth+m.height-1)
		return nil, 0, 0
	}
	c.aliased += m.size
	if c.aliased > c.lim.aliases {
		c.fatal = c.lim.tooManyAliased(c.at(y))
		return nil, 0, 0
	}
	return m.n, m.size, m.height
}

// at returns the range of a YAML node's first character.
func (c *yamlConverter) at(y *yaml.Node) model.Range {
	off := c.li.offsetAtRuneColumn(y.Line+c.lineOff, y.Column)
	return c.li.rangeOf(off, off+1)
}

func (c *yamlConverter) nullAt(y *yaml.Node) *Node {
	off := c.li.offsetAtRuneColumn(y.Line+c.lineOff, y.Column)
	n := c.a.node()
	*n = Node{Kind: ScalarNode, Scalar: NullScalar, Range: c.li.rangeOf(off, off)}
	return n
}

// coverFromKey makes the range of v, the value of key k written as vy,
// start at the key when v is a block collection: it starts on the line
// after its key, and the key names the setting, so a finding about the
// whole value (Layers:, Environment: Variables:) starts at the key and
// covers the value instead of starting at its first item. An alias's node
// is shared, and a tag's node is rewritten, so both keep their own range.
func (c *yamlConverter) coverFromKey(k, v *Node, vy *yaml.Node) {
	if v == nil || (v.Kind != SequenceNode && v.Kind != MappingNode) || vy.Kind == yaml.AliasNode ||
		vy.Style&yaml.FlowStyle != 0 || (vy.Tag != "" && !strings.HasPrefix(vy.Tag, "!!")) || v.Range.Start.Line <= k.Range.Start.Line {
		return
	}
	v.Range = c.li.rangeOf(int(k.Range.Start.Offset), int(v.Range.End.Offset))
}

// mapBuilder collects a mapping's entries, the last value of a duplicate
// key replacing the first in the first's place.
type mapBuilder struct {
	c    *yamlConverter
	base int // where the entries start in c.scratch, key and value alternating
	// index finds a key's entry once the mapping is too large to scan.
	index map[string]int
}

// find returns the entry index of key, or -1.
func (b *mapBuilder) find(key string) int {
	if b.index != nil {
		if i, ok := b.index[key]; ok {
			return i
		}
		return -1
	}
	entries := b.c.scratch[b.base:]
	for i := 0; i < len(entries); i += 2 {
		if entries[i].Value == key {
			return i / 2
		}
	}
	return -1
}

func (b *mapBuilder) add(k, v *Node) {
	i := (len(b.c.scratch) - b.base) / 2
	b.c.scratch = append(b.c.scratch, k, v)
	if b.index != nil {
		b.index[k.Value] = i
	} else if i >= 16 {
		b.index = make(map[string]int, 2*i)
		entries := b.c.scratch[b.base:]
		for j := 0; j < len(entries); j += 2 {
			b.index[entries[j].Value] = j / 2
		}
	}
}

func (b *mapBuilder) replace(i int, k, v *Node) {
	b.c.scratch[b.base+2*i], b.c.scratch[b.base+2*i+1] = k, v
}

// finish stores the entries in n and empties the scratch space.
func (b *mapBuilder) finish(n *Node) {
	entries := b.c.scratch[b.base:]
	count := len(entries) / 2
	if count > 0 {
		kv := make([]*Node, 0, 2*count)
		for i := 0; i < len(entries); i += 2 {
			kv = append(kv, entries[i])
		}
		for i := 1; i < len(entries); i += 2 {
			kv = append(kv, entries[i])
		}
		kv = b.c.a.slice(kv)
		n.Keys, n.Values = kv[:count:count], kv[count:]
	}
	clear(entries)
	b.c.scratch = b.c.scratch[:b.base]
}

// fillMapping converts a mapping's entries into n, returning the nodes they
// stand for and their height.
func (c *yamlConverter) fillMapping(n *Node, y *yaml.Node, depth int) (int64, int) {
	b := &mapBuilder{c: c, base: len(c.scratch)}
	defer b.finish(n)
	var size int64
	height := 0
	for i := 0; i+1 < len(y.Content); i += 2 {
		ky, vy := y.Content[i], y.Content[i+1]
		y.Content[i], y.Content[i+1] = nil, nil
		if ky.Tag == "!!merge" {
			sz, h := c.mergeInto(b, vy, depth)
			size += sz
			height = max(height, h)
			continue
		}
		k, ksz, kh := c.convert(ky, depth+1)
		v, vsz, vh := c.convert(vy, depth+1)
		if k == nil || c.fatal != nil {
			return size, height
		}
		c.coverFromKey(k, v, vy)
		size += ksz + vsz
		height = max(height, kh, vh)
		if v == nil {
			v = c.a.node()
			*v = Node{Kind: ScalarNode, Scalar: NullScalar, Range: c.li.rangeOf(int(k.Range.End.Offset), int(k.Range.End.Offset))}
		}
		if k.Kind != ScalarNode {
			c.errs = append(c.errs, &model.LoadError{Range: k.Range, Message: "mapping key is not a scalar"})
			continue
		}
		if j := b.find(k.Value); j >= 0 {
			first := c.scratch[b.base+2*j]
			c.errs = append(c.errs, &model.LoadError{
				Range: k.Range,
				Message: fmt.Sprintf("duplicate key %q (first defined at line %d, column %d); the last value is used",
					k.Value, first.Range.Start.Line, first.Range.Start.Column),
			})
			b.replace(j, k, v)
			continue
		}
		b.add(k, v)
	}
	return size, height
}

// mergeInto applies a YAML merge key (<<): entries not already present are
// copied from the merged mapping(s).
func (c *yamlConverter) mergeInto(b *mapBuilder, vy *yaml.Node, depth int) (int64, int) {
	src, size, height := c.convert(vy, depth+1)
	var maps []*Node
	switch {
	case src == nil:
		return 0, 0
	case src.Kind == MappingNode:
		maps = []*Node{src}
	case src.Kind == SequenceNode:
		maps = src.Items
	}
	for _, m := range maps {
		if m.Kind != MappingNode {
			continue
		}
		for i, k := range m.Keys {
			if b.find(k.Value) >= 0 {
				continue
			}
			b.add(k, m.Values[i])
		}
	}
	return size, height
}

// applyTag rewrites a short-form intrinsic into its long form. It returns
// the nodes and the levels of nesting it added.
func (c *yamlConverter) applyTag(tag string, n *Node) (*Node, int64, int) {
	key, ok := shortTags[tag]
	if !ok {
		c.errs = append(c.errs, &model.LoadError{
			Range:   model.Range{File: n.Range.File, Start: n.Range.Start, End: c.li.pointAtOffset(int(n.Range.Start.Offset) + len(tag))},
			Message: fmt.Sprintf("unknown tag %q; CloudFormation short forms are %s", tag, "!Ref, !Sub, !GetAtt, !If, !Join, …"),
		})
		return n, 0, 0
	}
	var nodes int64
	levels := 0
	if key == "Fn::GetAtt" && n.Kind == ScalarNode {
		// !GetAtt Res.Attr.Sub splits at the first dot only.
		res, attr, _ := strings.Cut(n.Value, ".")
		r, a, seq := c.a.node(), c.a.node(), c.a.node()
		*r = Node{Kind: ScalarNode, Value: c.a.intern(res), Range: n.Range}
		*a = Node{Kind: ScalarNode, Value: c.a.intern(attr), Range: n.Range}
		*seq = Node{Kind: SequenceNode, Range: n.Range, Items: c.a.slice([]*Node{r, a})}
		n = seq
		nodes, levels = nodes+2, levels+1
	}
	keyNode, m := c.a.node(), c.a.node()
	*keyNode = Node{Kind: ScalarNode, Value: key, Range: n.Range}
	*m = Node{Kind: MappingNode, Keys: c.a.slice([]*Node{keyNode}), Values: c.a.slice([]*Node{n}), Range: n.Range}
	return m, nodes + 2, levels + 1
}

func scalarType(y *yaml.Node) ScalarType {
	switch y.ShortTag() {
	case "!!int":
		return IntScalar
	case "!!float":
		return FloatScalar
	case "!!bool":
		return BoolScalar
	case "!!null":
		return NullScalar
	}
	return StringScalar
}

// scalarEnd finds where a scalar's source text ends, so diagnostics underline
// exactly the value (tag included) and not the rest of the line.
func (c *yamlConverter) scalarEnd(start int, y *yaml.Node) int {
	src := c.li.src
	i := start
	if i < len(src) && src[i] == '!' { // skip the tag and the space after it
		for i < len(src) && src[i] != ' ' && src[i] != '\n' && src[i] != '\t' {
			i++
		}
		for i < len(src) && (src[i] == ' ' || src[i] == '\t') {
			i++
		}
	}
	lineEnd := func(j int) int {
		for j < len(src) && src[j] != '\n' && src[j] != '\r' {
			j++
		}
		return j
	}
	switch {
	case i < len(src) && src[i] == '"':
		for j := i + 1; j < len(src); j++ {
			switch src[j] {
			case '\\':
				j++
			case '"':
				return j + 1
			}
		}
		return lineEnd(i)
	case i < len(src) && src[i] == '\'':
		for j := i + 1; j < len(src); j++ {
			if src[j] == '\'' {
				if j+1 < len(src) && src[j+1] == '\'' {
					j++
					continue
				}
				return j + 1
			}
		}
		return lineEnd(i)
	case y.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		return lineEnd(i)
	}
	if !strings.Contains(y.Value, "\n") && string(src[i:min(len(src), i+len(y.Value))]) == y.Value {
		return i + len(y.Value)
	}
	end := lineEnd(i)
	for end > i && (src[end-1] == ' ' || src[end-1] == '\t') {
		end--
	}
	return end
}
