package cfn

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/lambdavet/lambdavet/parsers/model"
)

// maxExpandedNodes bounds how many nodes aliases may expand to, relative to
// the file size, so an alias bomb fails fast instead of eating memory.
const (
	minNodeBudget   = 100_000
	nodeBudgetRatio = 4 // nodes per byte of input
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
func parseYAML(li *lineIndex) (*Node, []*model.LoadError) {
	var doc yaml.Node
	if err := yaml.Unmarshal(li.src, &doc); err != nil {
		return nil, []*model.LoadError{yamlError(li, err)}
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, nil
	}
	budget := nodeBudgetRatio * len(li.src)
	if budget < minNodeBudget {
		budget = minNodeBudget
	}
	c := &yamlConverter{li: li, budget: budget}
	root := c.convert(doc.Content[0], 0)
	if c.tooDeep {
		return nil, append(c.errs, &model.LoadError{
			Range:   li.rangeOf(0, 0),
			Message: fmt.Sprintf("nesting deeper than %d levels (through aliases); file not loaded", maxDepth),
		})
	}
	if c.exhausted {
		return nil, append(c.errs, &model.LoadError{
			Range:   li.rangeOf(0, 0),
			Message: "YAML aliases expand to too many nodes (an alias bomb?); file not loaded",
		})
	}
	return root, c.errs
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
	li        *lineIndex
	budget    int
	exhausted bool
	tooDeep   bool
	errs      []*model.LoadError
}

// maxDepth bounds nesting, counting levels reached through aliases too;
// the YAML parser itself stops at 10000 levels of written nesting.
const maxDepth = 10000

func (c *yamlConverter) convert(y *yaml.Node, depth int) *Node {
	if c.exhausted {
		return nil
	}
	c.budget--
	if c.budget < 0 || depth > maxDepth {
		c.exhausted = true
		c.tooDeep = depth > maxDepth
		return nil
	}
	switch y.Kind {
	case yaml.AliasNode:
		if y.Alias == nil {
			return c.nullAt(y)
		}
		return c.convert(y.Alias, depth+1)
	case yaml.DocumentNode:
		if len(y.Content) == 0 {
			return nil
		}
		return c.convert(y.Content[0], depth+1)
	}

	start := c.li.offsetAtRuneColumn(y.Line, y.Column)
	var n *Node
	switch y.Kind {
	case yaml.ScalarNode:
		n = &Node{Kind: ScalarNode, Value: y.Value, Scalar: scalarType(y)}
		n.Range = c.li.rangeOf(start, c.scalarEnd(start, y))
	case yaml.SequenceNode:
		n = &Node{Kind: SequenceNode, Range: c.li.rangeOf(start, start+1)}
		for _, item := range y.Content {
			if it := c.convert(item, depth+1); it != nil {
				n.Items = append(n.Items, it)
			}
		}
	case yaml.MappingNode:
		n = &Node{Kind: MappingNode, Range: c.li.rangeOf(start, start+1)}
		c.fillMapping(n, y, depth)
	default:
		return nil
	}
	if y.Tag != "" && strings.HasPrefix(y.Tag, "!") && !strings.HasPrefix(y.Tag, "!!") && y.Tag != "!" {
		return c.applyTag(y.Tag, n)
	}
	return n
}

func (c *yamlConverter) nullAt(y *yaml.Node) *Node {
	off := c.li.offsetAtRuneColumn(y.Line, y.Column)
	return &Node{Kind: ScalarNode, Scalar: NullScalar, Range: c.li.rangeOf(off, off)}
}

func (c *yamlConverter) fillMapping(n *Node, y *yaml.Node, depth int) {
	seen := map[string]*Node{}
	for i := 0; i+1 < len(y.Content); i += 2 {
		ky, vy := y.Content[i], y.Content[i+1]
		if ky.Tag == "!!merge" {
			c.mergeInto(n, seen, vy, depth)
			continue
		}
		k := c.convert(ky, depth+1)
		v := c.convert(vy, depth+1)
		if k == nil || c.exhausted {
			return
		}
		if v == nil {
			v = &Node{Kind: ScalarNode, Scalar: NullScalar, Range: c.li.rangeOf(k.Range.End.Offset, k.Range.End.Offset)}
		}
		if k.Kind != ScalarNode {
			c.errs = append(c.errs, &model.LoadError{Range: k.Range, Message: "mapping key is not a scalar"})
			continue
		}
		if first, dup := seen[k.Value]; dup {
			c.errs = append(c.errs, &model.LoadError{
				Range: k.Range,
				Message: fmt.Sprintf("duplicate key %q (first defined at line %d, column %d); the last value is used",
					k.Value, first.Range.Start.Line, first.Range.Start.Column),
			})
			for j, old := range n.Keys {
				if old == first {
					n.Keys[j], n.Values[j] = k, v
				}
			}
			seen[k.Value] = k
			continue
		}
		seen[k.Value] = k
		n.Keys = append(n.Keys, k)
		n.Values = append(n.Values, v)
	}
}

// mergeInto applies a YAML merge key (<<): entries not already present are
// copied from the merged mapping(s).
func (c *yamlConverter) mergeInto(n *Node, seen map[string]*Node, vy *yaml.Node, depth int) {
	src := c.convert(vy, depth+1)
	var maps []*Node
	switch {
	case src == nil:
		return
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
			if _, ok := seen[k.Value]; ok {
				continue
			}
			seen[k.Value] = k
			n.Keys = append(n.Keys, k)
			n.Values = append(n.Values, m.Values[i])
		}
	}
}

// applyTag rewrites a short-form intrinsic into its long form.
func (c *yamlConverter) applyTag(tag string, n *Node) *Node {
	key, ok := shortTags[tag]
	if !ok {
		c.errs = append(c.errs, &model.LoadError{
			Range:   model.Range{File: n.Range.File, Start: n.Range.Start, End: c.li.pointAtOffset(n.Range.Start.Offset + len(tag))},
			Message: fmt.Sprintf("unknown tag %q; CloudFormation short forms are %s", tag, "!Ref, !Sub, !GetAtt, !If, !Join, …"),
		})
		return n
	}
	if key == "Fn::GetAtt" && n.Kind == ScalarNode {
		// !GetAtt Res.Attr.Sub splits at the first dot only.
		res, attr, _ := strings.Cut(n.Value, ".")
		n = &Node{Kind: SequenceNode, Range: n.Range, Items: []*Node{
			{Kind: ScalarNode, Value: res, Range: n.Range},
			{Kind: ScalarNode, Value: attr, Range: n.Range},
		}}
	}
	keyNode := &Node{Kind: ScalarNode, Value: key, Range: n.Range}
	return &Node{Kind: MappingNode, Keys: []*Node{keyNode}, Values: []*Node{n}, Range: n.Range}
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
	if !strings.ContainsAny(y.Value, "\n") && strings.HasPrefix(string(src[i:min(len(src), i+len(y.Value))]), y.Value) {
		return i + len(y.Value)
	}
	end := lineEnd(i)
	for end > i && (src[end-1] == ' ' || src[end-1] == '\t') {
		end--
	}
	return end
}
