package terraform

import (
	"encoding/json"

	"github.com/apparentlymart/go-textseg/v15/textseg"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/lambdavet/lambdavet/parsers/model"
)

// maxParseDepth is the deepest nesting lambdavet ever hands the HCL parser,
// whatever the budget says. The parser, the evaluator and every walk over
// expressions and values recurse once or more per level; a Go stack
// overflow is a fatal error no recover catches. At this depth the parser
// and the evaluator use a few hundred megabytes of stack at most (see
// TestDepthClamp), well inside Go's 1 GB.
const maxParseDepth = 10_000

// depthLimit is the nesting allowed to syntax under budget b.
func depthLimit(b *model.Budget) int {
	return int(min(b.Limits().Depth, maxParseDepth))
}

// tokenFrame is one open bracket of the token stream: what closes it and
// how much nesting the expression inside it has added so far.
type tokenFrame struct {
	close hclsyntax.TokenType
	// extra counts what nests without a bracket of its own: operators
	// (a+b+c is parsed and evaluated left-deep, !!x and a?b:c?d:e
	// recursively), index brackets after a value (a[i][j] nests), and
	// template if/for directives.
	extra int
}

// checkTokens bounds the nesting of exactly what the HCL parser will read:
// the tokens of hclsyntax's own lexer, heredoc and template contents
// included, so neither comments, heredocs nor unbalanced closers can hide
// an opening. The count is an upper bound of the parser's recursion and of
// the depth of the syntax tree it builds: one per open bracket, quote,
// heredoc and interpolation, plus one per operator and index step of the
// expression in progress (reset where the expression ends: a comma, an
// equals sign, an arrow, a newline in a body or object). It returns the
// token where the limit is crossed.
func checkTokens(toks hclsyntax.Tokens, limit int) (hcl.Range, bool) {
	var c nestingCount
	for i, tok := range toks {
		next := ""
		if tok.Type == hclsyntax.TokenTemplateControl && i+1 < len(toks) && toks[i+1].Type == hclsyntax.TokenIdent {
			next = string(toks[i+1].Bytes)
		}
		if c.add(tok.Type, next) > limit {
			return tok.Range, false
		}
	}
	return hcl.Range{}, true
}

// nestingCount is checkTokens' count, one token at a time, so that
// scanNesting counts the same way on the token types it finds itself.
type nestingCount struct {
	stack []tokenFrame
	// root holds the operators of a top-level expression (a -var value,
	// a template), which has no frame of its own.
	root  tokenFrame
	total int
	prev  hclsyntax.TokenType
}

func (c *nestingCount) top() *tokenFrame {
	if len(c.stack) == 0 {
		return nil
	}
	return &c.stack[len(c.stack)-1]
}

func (c *nestingCount) cur() *tokenFrame {
	if f := c.top(); f != nil {
		return f
	}
	return &c.root
}

func (c *nestingCount) push(close hclsyntax.TokenType) {
	c.stack = append(c.stack, tokenFrame{close: close})
	c.total++
}

// add counts a token of type t and returns the count after it. next is
// the text of the token after a template control (%{) when that is an
// identifier, else "".
func (c *nestingCount) add(t hclsyntax.TokenType, next string) int {
	switch t {
	case hclsyntax.TokenOBrace:
		c.push(hclsyntax.TokenCBrace)
	case hclsyntax.TokenOBrack:
		switch c.prev {
		case hclsyntax.TokenIdent, hclsyntax.TokenCBrack, hclsyntax.TokenCParen, hclsyntax.TokenCBrace,
			hclsyntax.TokenCQuote, hclsyntax.TokenCHeredoc, hclsyntax.TokenNumberLit:
			c.cur().extra++ // an index: a[i][j] nests
			c.total++
		}
		c.push(hclsyntax.TokenCBrack)
	case hclsyntax.TokenOParen:
		c.push(hclsyntax.TokenCParen)
	case hclsyntax.TokenOQuote:
		c.push(hclsyntax.TokenCQuote)
	case hclsyntax.TokenOHeredoc:
		c.push(hclsyntax.TokenCHeredoc)
	case hclsyntax.TokenTemplateInterp:
		c.push(hclsyntax.TokenTemplateSeqEnd)
	case hclsyntax.TokenTemplateControl:
		// %{ if } and %{ for } nest until their end directive.
		f := c.cur()
		switch next {
		case "if", "for":
			f.extra++
			c.total++
		case "endif", "endfor":
			if f.extra > 0 {
				f.extra--
				c.total--
			}
		}
		c.push(hclsyntax.TokenTemplateSeqEnd)
	case hclsyntax.TokenCBrace, hclsyntax.TokenCBrack, hclsyntax.TokenCParen, hclsyntax.TokenCQuote,
		hclsyntax.TokenCHeredoc, hclsyntax.TokenTemplateSeqEnd:
		// Only the closer of the innermost opening closes it: a
		// stray or mismatched closer never lowers the count.
		if f := c.top(); f != nil && f.close == t {
			c.total -= 1 + f.extra
			c.stack = c.stack[:len(c.stack)-1]
		}
	case hclsyntax.TokenStar, hclsyntax.TokenSlash, hclsyntax.TokenPlus, hclsyntax.TokenMinus, hclsyntax.TokenPercent,
		hclsyntax.TokenEqualOp, hclsyntax.TokenNotEqual, hclsyntax.TokenLessThan, hclsyntax.TokenLessThanEq,
		hclsyntax.TokenGreaterThan, hclsyntax.TokenGreaterThanEq, hclsyntax.TokenAnd, hclsyntax.TokenOr,
		hclsyntax.TokenBang, hclsyntax.TokenQuestion:
		c.cur().extra++
		c.total++
	case hclsyntax.TokenComma, hclsyntax.TokenEqual, hclsyntax.TokenFatArrow:
		f := c.cur()
		c.total -= f.extra
		f.extra = 0
	case hclsyntax.TokenNewline:
		if f := c.top(); f == nil || f.close == hclsyntax.TokenCBrace {
			// the end of an attribute or an object item
			f := c.cur()
			c.total -= f.extra
			f.extra = 0
		}
	}
	if t != hclsyntax.TokenComment && t != hclsyntax.TokenNewline {
		c.prev = t
	}
	return c.total
}

// nestingBound is an upper bound of what checkTokens counts on src, from
// its bytes alone: every token that adds to the count holds a byte it
// counts here (an opening bracket, a quote, the < of a heredoc, the { of
// an interpolation or a directive, the % of a directive, an operator's
// characters), and an index bracket, which adds two, is counted twice.
// Most files are far under the limit by this count, and are parsed
// without being lexed a first time for checkTokens.
func nestingBound(src []byte) int {
	n := 0
	for _, c := range src {
		switch c {
		case '[':
			n += 2
		case '{', '(', '"', '<', '>', '*', '/', '+', '-', '%', '=', '!', '&', '|', '?':
			n++
		}
	}
	return n
}

// checkJSONNesting bounds the nesting of a JSON file as hcl/json's
// recursive parser reads it. Strings are skipped the way its scanner skips
// them (to an unescaped quote or a control character, by grapheme
// cluster), so a string cannot hide brackets from this count that the
// parser would see. It returns the offset where the limit is crossed.
func checkJSONNesting(src []byte, limit int) (int, bool) {
	var stack []byte
	for i := 0; i < len(src); {
		switch c := src[i]; c {
		case '"':
			i += jsonStringLen(src[i:])
			continue
		case '{', '[':
			stack = append(stack, c)
			if len(stack) > limit {
				return i, false
			}
		case '}', ']':
			if n := len(stack); n > 0 && (stack[n-1] == '{') == (c == '}') {
				stack = stack[:n-1]
			}
		}
		i++
	}
	return 0, true
}

// jsonStringLen is the length of the string token at the start of buf, as
// hcl/json's scanner measures it.
func jsonStringLen(buf []byte) int {
	i := 1
	escaping := false
	for i < len(buf) {
		b := buf[i]
		switch {
		case b == '\\':
			escaping = !escaping
			i++
		case b == '"':
			i++
			if !escaping {
				return i
			}
			escaping = false
		case b < 32:
			return i
		default:
			advance, _, _ := textseg.ScanGraphemeClusters(buf[i:], true)
			if advance <= 0 {
				advance = 1
			}
			i += advance
			escaping = false
		}
	}
	return i
}

// checkJSONTemplates checks every string of a JSON file (keys included),
// which Terraform evaluates as a template: its nesting as a template must
// stay within limit too, since hcl/json parses it with hclsyntax whenever
// it is evaluated or its references are listed. It returns the offset of
// the first string past the limit.
func checkJSONTemplates(src []byte, limit int) (int, bool) {
	for i := 0; i < len(src); {
		if src[i] != '"' {
			i++
			continue
		}
		n := jsonStringLen(src[i:])
		lit := src[i : i+n]
		var s string
		if json.Unmarshal(lit, &s) == nil && mayInterpolate(s) {
			toks, _ := hclsyntax.LexTemplate([]byte(s), "", hcl.InitialPos)
			if _, ok := checkTokens(toks, limit); !ok {
				return i, false
			}
		}
		i += n
	}
	return 0, true
}

// mayInterpolate reports whether a string holds a template sequence.
func mayInterpolate(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		if (s[i] == '$' || s[i] == '%') && s[i+1] == '{' {
			return true
		}
	}
	return false
}
