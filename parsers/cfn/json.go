package cfn

import (
	"encoding/json"
	"fmt"
	"unicode/utf8"

	"github.com/lambdavet/lambdavet/parsers/model"
)

// jsonMaxDepth matches the YAML parser's nesting limit.
const jsonMaxDepth = 10000

// parseJSON parses a JSON template into a Node tree with exact ranges. Our
// own small parser, because encoding/json keeps no positions and the YAML
// parser rejects valid JSON escapes such as "\/".
func parseJSON(li *lineIndex) (*Node, []*model.LoadError) {
	p := &jsonParser{li: li, src: li.src}
	p.skipSpace()
	if p.pos >= len(p.src) {
		return nil, nil
	}
	n := p.value(0)
	if p.err == nil {
		p.skipSpace()
		if p.pos < len(p.src) {
			p.fail("unexpected %s after the top-level value", p.describe())
		}
	}
	if p.err != nil {
		return nil, append(p.dups, p.err)
	}
	return n, p.dups
}

type jsonParser struct {
	li   *lineIndex
	src  []byte
	pos  int
	err  *model.LoadError
	dups []*model.LoadError
}

func (p *jsonParser) fail(format string, args ...any) {
	if p.err == nil {
		p.err = &model.LoadError{Range: p.li.rangeOf(p.pos, p.pos+1), Message: "invalid JSON: " + fmt.Sprintf(format, args...)}
	}
}

func (p *jsonParser) describe() string {
	if p.pos >= len(p.src) {
		return "end of file"
	}
	r, _ := utf8.DecodeRune(p.src[p.pos:])
	return fmt.Sprintf("character %q", r)
}

func (p *jsonParser) skipSpace() {
	for p.pos < len(p.src) {
		switch p.src[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *jsonParser) value(depth int) *Node {
	if depth > jsonMaxDepth {
		p.fail("nesting deeper than %d levels", jsonMaxDepth)
		return nil
	}
	p.skipSpace()
	if p.pos >= len(p.src) {
		p.fail("unexpected end of file, expected a value")
		return nil
	}
	switch c := p.src[p.pos]; {
	case c == '{':
		return p.object(depth)
	case c == '[':
		return p.array(depth)
	case c == '"':
		start := p.pos
		s, ok := p.str()
		if !ok {
			return nil
		}
		return &Node{Kind: ScalarNode, Scalar: StringScalar, Value: s, Range: p.li.rangeOf(start, p.pos)}
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	default:
		for _, lit := range [...]struct {
			word string
			typ  ScalarType
		}{{"true", BoolScalar}, {"false", BoolScalar}, {"null", NullScalar}} {
			if len(p.src)-p.pos >= len(lit.word) && string(p.src[p.pos:p.pos+len(lit.word)]) == lit.word {
				start := p.pos
				p.pos += len(lit.word)
				return &Node{Kind: ScalarNode, Scalar: lit.typ, Value: lit.word, Range: p.li.rangeOf(start, p.pos)}
			}
		}
		p.fail("unexpected %s, expected a value", p.describe())
		return nil
	}
}

func (p *jsonParser) object(depth int) *Node {
	n := &Node{Kind: MappingNode, Range: p.li.rangeOf(p.pos, p.pos+1)}
	p.pos++ // {
	seen := map[string]int{}
	p.skipSpace()
	if p.pos < len(p.src) && p.src[p.pos] == '}' {
		p.pos++
		return n
	}
	for {
		p.skipSpace()
		if p.pos >= len(p.src) || p.src[p.pos] != '"' {
			p.fail("unexpected %s, expected a string key", p.describe())
			return nil
		}
		kstart := p.pos
		key, ok := p.str()
		if !ok {
			return nil
		}
		k := &Node{Kind: ScalarNode, Scalar: StringScalar, Value: key, Range: p.li.rangeOf(kstart, p.pos)}
		p.skipSpace()
		if p.pos >= len(p.src) || p.src[p.pos] != ':' {
			p.fail("unexpected %s, expected ':' after key %q", p.describe(), key)
			return nil
		}
		p.pos++
		v := p.value(depth + 1)
		if p.err != nil {
			return nil
		}
		if i, dup := seen[key]; dup {
			first := n.Keys[i]
			p.dups = append(p.dups, &model.LoadError{Range: k.Range, Message: fmt.Sprintf(
				"duplicate key %q (first defined at line %d, column %d); the last value is used",
				key, first.Range.Start.Line, first.Range.Start.Column)})
			n.Keys[i], n.Values[i] = k, v
		} else {
			seen[key] = len(n.Keys)
			n.Keys = append(n.Keys, k)
			n.Values = append(n.Values, v)
		}
		p.skipSpace()
		if p.pos < len(p.src) && p.src[p.pos] == ',' {
			p.pos++
			continue
		}
		if p.pos < len(p.src) && p.src[p.pos] == '}' {
			p.pos++
			return n
		}
		p.fail("unexpected %s, expected ',' or '}' after an object member", p.describe())
		return nil
	}
}

func (p *jsonParser) array(depth int) *Node {
	n := &Node{Kind: SequenceNode, Range: p.li.rangeOf(p.pos, p.pos+1)}
	p.pos++ // [
	p.skipSpace()
	if p.pos < len(p.src) && p.src[p.pos] == ']' {
		p.pos++
		return n
	}
	for {
		it := p.value(depth + 1)
		if p.err != nil {
			return nil
		}
		n.Items = append(n.Items, it)
		p.skipSpace()
		if p.pos < len(p.src) && p.src[p.pos] == ',' {
			p.pos++
			continue
		}
		if p.pos < len(p.src) && p.src[p.pos] == ']' {
			p.pos++
			return n
		}
		p.fail("unexpected %s, expected ',' or ']' after an array element", p.describe())
		return nil
	}
}

// str scans a string starting at the opening quote and decodes it.
func (p *jsonParser) str() (string, bool) {
	start := p.pos
	escaped := false
	for i := p.pos + 1; i < len(p.src); i++ {
		c := p.src[i]
		switch {
		case c == '\\':
			escaped = true
			i++
		case c == '"':
			raw := p.src[start : i+1]
			p.pos = i + 1
			if !escaped {
				if !utf8.Valid(raw) {
					p.pos = start
					p.fail("string is not valid UTF-8")
					return "", false
				}
				return string(raw[1 : len(raw)-1]), true
			}
			var s string
			if err := json.Unmarshal(raw, &s); err != nil {
				p.pos = start
				p.fail("bad string escape")
				return "", false
			}
			return s, true
		case c < 0x20:
			p.pos = i
			p.fail("control character in string")
			return "", false
		}
	}
	p.pos = start
	p.fail("unterminated string")
	return "", false
}

func (p *jsonParser) number() *Node {
	start := p.pos
	typ := IntScalar
	if p.src[p.pos] == '-' {
		p.pos++
	}
	digits := func() int {
		s := p.pos
		for p.pos < len(p.src) && p.src[p.pos] >= '0' && p.src[p.pos] <= '9' {
			p.pos++
		}
		return p.pos - s
	}
	if digits() == 0 {
		p.fail("malformed number")
		return nil
	}
	if p.pos < len(p.src) && p.src[p.pos] == '.' {
		p.pos++
		typ = FloatScalar
		if digits() == 0 {
			p.fail("malformed number")
			return nil
		}
	}
	if p.pos < len(p.src) && (p.src[p.pos] == 'e' || p.src[p.pos] == 'E') {
		p.pos++
		typ = FloatScalar
		if p.pos < len(p.src) && (p.src[p.pos] == '+' || p.src[p.pos] == '-') {
			p.pos++
		}
		if digits() == 0 {
			p.fail("malformed number")
			return nil
		}
	}
	return &Node{Kind: ScalarNode, Scalar: typ, Value: string(p.src[start:p.pos]), Range: p.li.rangeOf(start, p.pos)}
}
