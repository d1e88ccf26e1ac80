package terraform

import (
	"bytes"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// scanNesting counts what checkTokens counts on src, without lexing it
// into tokens: it follows the states of hclsyntax's scanner (code, quoted
// templates, heredocs, comments, interpolations and their brace levels,
// after scan_tokens.rl) and hands nestingCount the type of each token that
// matters. nestingBound counts every bracket, quote and operator of a
// file, so any configuration of a few hundred lines is past the budget's
// depth by that count, and lexing it a first time for checkTokens doubled
// the lexing of every Terraform file (a sixth of loading them). This
// reads the bytes once and allocates little (its stacks).
//
// sure is false when src holds something whose reading this does not
// follow exactly (bytes that are not UTF-8, a letter outside ASCII in
// code, a carriage return without a line feed): the caller lexes it then.
// When sure, max is the largest count checkTokens reaches on the tokens
// of hclsyntax.LexConfig, which FuzzScanNesting and the corpus test hold
// it to.
func scanNesting(src []byte) (max int, sure bool) {
	if !utf8.Valid(src) {
		return 0, false
	}
	s := nestScanner{src: src}
	if !s.run() {
		return 0, false
	}
	return s.max, true
}

// scanMode is what the scanner is reading: code or the literal text of a
// quoted template or a heredoc.
type scanMode uint8

const (
	modeCode scanMode = iota
	modeQuoted
	modeHeredoc
)

// heredocState is an open heredoc: its closing marker, and whether the
// scanner stands at the start of one of its lines (where the marker may
// close it).
type heredocState struct {
	marker      []byte
	startOfLine bool
}

type nestScanner struct {
	src   []byte
	i     int
	count nestingCount
	max   int
	// modes is the stack of what is being read (hclsyntax's fcall
	// stack); the bottom, code, is implied.
	modes []scanMode
	// braces counts open braces, and retBraces the levels at which a
	// closing brace ends an interpolation, as the HCL scanner does.
	braces    int
	retBraces []int
	heredocs  []heredocState
}

func (s *nestScanner) emit(t hclsyntax.TokenType, next string) {
	if n := s.count.add(t, next); n > s.max {
		s.max = n
	}
}

func (s *nestScanner) mode() scanMode {
	if len(s.modes) == 0 {
		return modeCode
	}
	return s.modes[len(s.modes)-1]
}

func (s *nestScanner) at(off int) byte {
	if s.i+off < len(s.src) {
		return s.src[s.i+off]
	}
	return 0
}

// run scans to the end; false when unsure.
func (s *nestScanner) run() bool {
	for s.i < len(s.src) {
		var ok bool
		switch s.mode() {
		case modeCode:
			ok = s.code()
		case modeQuoted:
			ok = s.quoted()
		case modeHeredoc:
			ok = s.heredoc()
		}
		if !ok {
			return false
		}
	}
	return true
}

// beginSequence opens an interpolation (${) or a template control (%{),
// with an optional strip marker, from literal text.
func (s *nestScanner) beginSequence(t hclsyntax.TokenType) {
	s.i += 2
	if s.at(0) == '~' {
		s.i++
	}
	next := ""
	if t == hclsyntax.TokenTemplateControl {
		j := s.i
		for j < len(s.src) && (s.src[j] == ' ' || s.src[j] == '\t') {
			j++
		}
		if j < len(s.src) && isIdentStart(s.src[j]) {
			k := j + 1
			for k < len(s.src) && isIdentPart(s.src[k]) {
				k++
			}
			next = string(s.src[j:k])
		}
	}
	s.emit(t, next)
	s.braces++
	s.retBraces = append(s.retBraces, s.braces)
	if len(s.heredocs) > 0 {
		s.heredocs[len(s.heredocs)-1].startOfLine = false
	}
	s.modes = append(s.modes, modeCode)
}

// dollarOrPercent reads a $ or % of literal text at s.i: the start of a
// sequence (${ or %{), which it begins, or literal text ($${ and %%{ are
// escapes), which it skips; begun says which.
func (s *nestScanner) dollarOrPercent() (begun bool) {
	c := s.at(0)
	switch {
	case s.at(1) == '{' && c == '$':
		s.beginSequence(hclsyntax.TokenTemplateInterp)
		return true
	case s.at(1) == '{':
		s.beginSequence(hclsyntax.TokenTemplateControl)
		return true
	case s.at(1) == c && s.at(2) == '{':
		s.i += 3
	default:
		s.i++
	}
	return false
}

func (s *nestScanner) quoted() bool {
	switch c := s.at(0); {
	case c == '"':
		s.i++
		s.emit(hclsyntax.TokenCQuote, "")
		s.modes = s.modes[:len(s.modes)-1]
	case c == '\\':
		switch s.at(1) {
		case '\r', '\n', 0:
			s.i++
		default:
			s.i += 2
		}
	case c == '\r' && s.at(1) != '\n':
		return false
	case c == '$' || c == '%':
		s.dollarOrPercent()
	default:
		s.i++
	}
	return true
}

func (s *nestScanner) heredoc() bool {
	doc := &s.heredocs[len(s.heredocs)-1]
	if doc.startOfLine {
		// A whole line of literal text that is the marker, spaces around
		// it, closes the heredoc (HCL's heredocLiteralEOL).
		end := bytes.IndexByte(s.src[s.i:], '\n')
		if end >= 0 {
			line := s.src[s.i : s.i+end+1]
			if !bytes.ContainsAny(line, "$%") && bytes.Equal(bytes.TrimSpace(line), doc.marker) {
				if bytes.Count(line, []byte{'\r'}) > 1 || (bytes.IndexByte(line, '\r') >= 0 && line[len(line)-2] != '\r') {
					return false
				}
				s.i += end + 1
				s.emit(hclsyntax.TokenCHeredoc, "")
				s.emit(hclsyntax.TokenNewline, "")
				s.heredocs = s.heredocs[:len(s.heredocs)-1]
				s.modes = s.modes[:len(s.modes)-1]
				return true
			}
		}
	}
	switch c := s.at(0); {
	case c == '\n':
		s.i++
		doc.startOfLine = true
	case c == '\r':
		if s.at(1) != '\n' {
			return false
		}
		s.i += 2
		doc.startOfLine = true
	case c == '$' || c == '%':
		if !s.dollarOrPercent() {
			doc.startOfLine = false
		}
	default:
		s.i++
		doc.startOfLine = false
	}
	return true
}

func (s *nestScanner) code() bool {
	c := s.at(0)
	if c >= utf8.RuneSelf {
		return false // a letter of an identifier, or not: lex it
	}
	one := func(t hclsyntax.TokenType) bool {
		s.i++
		s.emit(t, "")
		return true
	}
	two := func(t hclsyntax.TokenType) bool {
		s.i += 2
		s.emit(t, "")
		return true
	}
	switch {
	case c == ' ' || c == '\t':
		s.i++
		return true
	case c == '\n':
		return one(hclsyntax.TokenNewline)
	case c == '\r':
		if s.at(1) != '\n' {
			return false
		}
		return two(hclsyntax.TokenNewline)
	case isDigit(c):
		s.number()
		s.emit(hclsyntax.TokenNumberLit, "")
		return true
	case isIdentStart(c):
		s.i++
		for s.i < len(s.src) && isIdentPart(s.src[s.i]) {
			s.i++
		}
		if s.i < len(s.src) && s.src[s.i] >= utf8.RuneSelf {
			return false
		}
		s.emit(hclsyntax.TokenIdent, "")
		return true
	case c == '#' || (c == '/' && s.at(1) == '/'):
		if end := bytes.IndexByte(s.src[s.i:], '\n'); end >= 0 {
			s.i += end + 1
		} else {
			s.i = len(s.src)
		}
		s.emit(hclsyntax.TokenComment, "")
		return true
	case c == '/' && s.at(1) == '*':
		if end := bytes.Index(s.src[s.i+2:], []byte("*/")); end >= 0 {
			s.i += 2 + end + 2
			s.emit(hclsyntax.TokenComment, "")
			return true
		}
		return one(hclsyntax.TokenSlash) // unterminated: not a comment
	case c == '"':
		s.i++
		s.emit(hclsyntax.TokenOQuote, "")
		s.modes = append(s.modes, modeQuoted)
		return true
	case c == '<' && s.at(1) == '<':
		if marker, n, ok := s.heredocIntro(); ok {
			s.i += n
			s.emit(hclsyntax.TokenOHeredoc, "")
			s.heredocs = append(s.heredocs, heredocState{marker: marker, startOfLine: true})
			s.modes = append(s.modes, modeHeredoc)
			return true
		} else if n < 0 {
			return false
		}
		return one(hclsyntax.TokenLessThan)
	case c == '{':
		s.braces++
		return one(hclsyntax.TokenOBrace)
	case c == '}':
		return s.closeBrace(1)
	case c == '~' && s.at(1) == '}':
		return s.closeBrace(2)
	}
	if t, ok := pairTokens[[2]byte{c, s.at(1)}]; ok {
		return two(t)
	}
	if c == '.' && s.at(1) == '.' && s.at(2) == '.' {
		s.i += 3
		s.emit(hclsyntax.TokenEllipsis, "")
		return true
	}
	switch c {
	case '[', ']', '(', ')', '.', ',', '*', '/', '%', '+', '-', '=', '<', '>', '!', '?', ':', '&', '|', '~', '^', ';', '`', '\'':
		return one(hclsyntax.TokenType(c)) // HCL's self tokens
	}
	return one(hclsyntax.TokenInvalid)
}

// pairTokens are HCL's two-character operators.
var pairTokens = map[[2]byte]hclsyntax.TokenType{
	{'=', '='}: hclsyntax.TokenEqualOp, {'!', '='}: hclsyntax.TokenNotEqual,
	{'>', '='}: hclsyntax.TokenGreaterThanEq, {'<', '='}: hclsyntax.TokenLessThanEq,
	{'&', '&'}: hclsyntax.TokenAnd, {'|', '|'}: hclsyntax.TokenOr,
	{':', ':'}: hclsyntax.TokenDoubleColon, {'=', '>'}: hclsyntax.TokenFatArrow,
}

// closeBrace reads } (n 1) or ~} (n 2): the end of an interpolation when
// its brace level is the innermost one's, else a closing brace (~} is a
// sequence end either way, as in HCL's scanner).
func (s *nestScanner) closeBrace(n int) bool {
	s.i += n
	if k := len(s.retBraces); k > 0 && s.retBraces[k-1] == s.braces && len(s.modes) > 0 {
		s.braces--
		s.retBraces = s.retBraces[:k-1]
		s.modes = s.modes[:len(s.modes)-1]
		s.emit(hclsyntax.TokenTemplateSeqEnd, "")
		return true
	}
	s.braces--
	if n == 2 {
		s.emit(hclsyntax.TokenTemplateSeqEnd, "")
	} else {
		s.emit(hclsyntax.TokenCBrace, "")
	}
	return true
}

// heredocIntro reads <<MARKER or <<-MARKER and its line feed at s.i: the
// marker and the introducer's length. n is negative when the marker holds
// a letter outside ASCII, whose reading the caller leaves to the lexer.
func (s *nestScanner) heredocIntro() (marker []byte, n int, ok bool) {
	j := s.i + 2
	if j < len(s.src) && s.src[j] == '-' {
		j++
	}
	start := j
	if j >= len(s.src) || !isIdentStart(s.src[j]) {
		if j < len(s.src) && s.src[j] >= utf8.RuneSelf {
			return nil, -1, false
		}
		return nil, 0, false
	}
	for j < len(s.src) && (isIdentPart(s.src[j])) {
		j++
	}
	end := j
	switch {
	case j < len(s.src) && s.src[j] >= utf8.RuneSelf:
		return nil, -1, false
	case j < len(s.src) && s.src[j] == '\n':
		j++
	case j+1 < len(s.src) && s.src[j] == '\r' && s.src[j+1] == '\n':
		j += 2
	default:
		return nil, 0, false
	}
	return s.src[start:end], j - s.i, true
}

// number reads a number literal as HCL's scanner does: digits, dots and
// exponents, never ending on a dot.
func (s *nestScanner) number() {
	end := s.i + 1
	j := end
	for j < len(s.src) {
		c := s.src[j]
		switch {
		case isDigit(c):
			j++
			end = j
		case c == '.':
			j++
		case c == 'e' || c == 'E':
			k := j + 1
			if k < len(s.src) && (s.src[k] == '+' || s.src[k] == '-') {
				k++
			}
			if k < len(s.src) && isDigit(s.src[k]) {
				j = k + 1
				end = j
				continue
			}
			s.i = end
			return
		default:
			s.i = end
			return
		}
	}
	s.i = end
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isIdentStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

func isIdentPart(c byte) bool { return isIdentStart(c) || isDigit(c) || c == '-' }
