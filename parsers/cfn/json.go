package cfn

import (
	"encoding/json"
	"fmt"
	"unicode/utf8"

	"github.com/lambdavet/lambdavet/parsers/model"
)

// parseJSON parses a JSON template into a Node tree with exact ranges. Our
// own small parser, because encoding/json keeps no positions and the YAML
// parser rejects valid JSON escapes such as "\/". It starts at byte skip
// (after a byte-order mark).
func parseJSON(li *lineIndex, skip int, lim *limits) (*Node, []*model.LoadError) {
	// Refuse what cannot be held before building any of it.
	if n := countJSONNodes(li.src[skip:]); n > lim.nodes {
		return nil, []*model.LoadError{lim.tooManyNodes(li.rangeOf(skip, skip+1), "JSON", n)}
	}
	p := &jsonParser{li: li, src: li.src, pos: skip, lim: lim, a: &arena{}}
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

// countJSONNodes returns an upper bound of the nodes of a JSON text: every
// key follows a '{' or a ',', and every value a '[', a ':' or a ',', outside
// strings.
func countJSONNodes(src []byte) int64 {
	var n int64
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case ',', ':', '[', '{':
			n++
		case '"':
			for i++; i < len(src) && src[i] != '"'; i++ {
				if src[i] == '\\' {
					i++
				}
			}
		}
	}
	return n + 1
}

type jsonParser struct {
	li   *lineIndex
	src  []byte
	pos  int
	lim  *limits
	a    *arena
	err  *model.LoadError
	dups []*model.LoadError
	// nodes counts the nodes made, against lim.nodes.
	nodes int64
	// scratch holds the entries of the collections being parsed.
	scratch []*Node
	// partStart is where the part of the arena p.a started (see fresh).
	partStart int
}

// newNode returns a node for the value starting at start, or nil past the
// node limit.
func (p *jsonParser) newNode(start int) *Node {
	p.nodes++
	if p.nodes > p.lim.nodes {
		if p.err == nil {
			p.err = p.lim.tooManyNodes(p.li.rangeOf(start, start+1), "JSON", p.nodes)
		}
		return nil
	}
	return p.a.node()
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
	if depth > p.lim.depth {
		if p.err == nil {
			p.err = p.lim.tooDeep(p.li.rangeOf(p.pos, p.pos+1), "JSON nesting", depth)
		}
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
		n := p.newNode(start)
		if n == nil {
			return nil
		}
		*n = Node{Kind: ScalarNode, Scalar: StringScalar, Value: s, Range: p.li.rangeOf(start, p.pos)}
		return n
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
				n := p.newNode(start)
				if n == nil {
					return nil
				}
				*n = Node{Kind: ScalarNode, Scalar: lit.typ, Value: lit.word, Range: p.li.rangeOf(start, p.pos)}
				return n
			}
		}
		p.fail("unexpected %s, expected a value", p.describe())
		return nil
	}
}

func (p *jsonParser) object(depth int) *Node {
	n := p.newNode(p.pos)
	if n == nil {
		return nil
	}
	*n = Node{Kind: MappingNode, Range: p.li.rangeOf(p.pos, p.pos+1)}
	p.pos++ // {
	p.skipSpace()
	if p.pos < len(p.src) && p.src[p.pos] == '}' {
		p.pos++
		return n
	}
	// Entries go to p.scratch, keys and values alternating, until the
	// object is complete and they are copied to the arena in one piece.
	base := len(p.scratch)
	defer func() {
		clear(p.scratch[base:])
		p.scratch = p.scratch[:base]
	}()
	var index map[string]int // key to entry, once the object is large
	find := func(key string) int {
		if index != nil {
			if i, ok := index[key]; ok {
				return i
			}
			return -1
		}
		entries := p.scratch[base:]
		for i := 0; i < len(entries); i += 2 {
			if entries[i].Value == key {
				return i / 2
			}
		}
		return -1
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
		if depth == 1 && kstart-p.partStart >= groupSize {
			// Entries of a top-level object (resources) in groups of
			// their own, as the YAML parser makes them, so sam.Load can
			// free each group once loaded.
			p.a, p.partStart = p.a.fresh(), kstart
		}
		k := p.newNode(kstart)
		if k == nil {
			return nil
		}
		*k = Node{Kind: ScalarNode, Scalar: StringScalar, Value: key, Range: p.li.rangeOf(kstart, p.pos)}
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
		if i := find(key); i >= 0 {
			first := p.scratch[base+2*i]
			p.dups = append(p.dups, &model.LoadError{Range: k.Range, Message: fmt.Sprintf(
				"duplicate key %q (first defined at line %d, column %d); the last value is used",
				key, first.Range.Start.Line, first.Range.Start.Column)})
			p.scratch[base+2*i], p.scratch[base+2*i+1] = k, v
		} else {
			i := (len(p.scratch) - base) / 2
			p.scratch = append(p.scratch, k, v)
			if index != nil {
				index[key] = i
			} else if i >= 16 {
				index = make(map[string]int, 2*i)
				entries := p.scratch[base:]
				for j := 0; j < len(entries); j += 2 {
					index[entries[j].Value] = j / 2
				}
			}
		}
		p.skipSpace()
		if p.pos < len(p.src) && p.src[p.pos] == ',' {
			p.pos++
			continue
		}
		if p.pos < len(p.src) && p.src[p.pos] == '}' {
			p.pos++
			entries := p.scratch[base:]
			count := len(entries) / 2
			kv := make([]*Node, 0, 2*count)
			for i := 0; i < len(entries); i += 2 {
				kv = append(kv, entries[i])
			}
			for i := 1; i < len(entries); i += 2 {
				kv = append(kv, entries[i])
			}
			kv = p.a.slice(kv)
			n.Keys, n.Values = kv[:count:count], kv[count:]
			return n
		}
		p.fail("unexpected %s, expected ',' or '}' after an object member", p.describe())
		return nil
	}
}

func (p *jsonParser) array(depth int) *Node {
	n := p.newNode(p.pos)
	if n == nil {
		return nil
	}
	*n = Node{Kind: SequenceNode, Range: p.li.rangeOf(p.pos, p.pos+1)}
	p.pos++ // [
	p.skipSpace()
	if p.pos < len(p.src) && p.src[p.pos] == ']' {
		p.pos++
		return n
	}
	base := len(p.scratch)
	defer func() {
		clear(p.scratch[base:])
		p.scratch = p.scratch[:base]
	}()
	for {
		it := p.value(depth + 1)
		if p.err != nil {
			return nil
		}
		p.scratch = append(p.scratch, it)
		p.skipSpace()
		if p.pos < len(p.src) && p.src[p.pos] == ',' {
			p.pos++
			continue
		}
		if p.pos < len(p.src) && p.src[p.pos] == ']' {
			p.pos++
			n.Items = p.a.slice(p.scratch[base:])
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
				return p.a.internBytes(raw[1 : len(raw)-1]), true
			}
			var s string
			if err := json.Unmarshal(raw, &s); err != nil {
				p.pos = start
				p.fail("bad string escape")
				return "", false
			}
			return p.a.intern(s), true
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
	n := p.newNode(start)
	if n == nil {
		return nil
	}
	*n = Node{Kind: ScalarNode, Scalar: typ, Value: p.a.internBytes(p.src[start:p.pos]), Range: p.li.rangeOf(start, p.pos)}
	return n
}
