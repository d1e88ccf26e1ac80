package report

import (
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/lambdavet/lambdavet/analyzers/rule"
	"github.com/lambdavet/lambdavet/internal/driver"
)

// ANSI styles of the terminal text output.
const (
	reset   = "\x1b[0m"
	bold    = "\x1b[1m"
	dim     = "\x1b[2m"
	red     = "\x1b[1;31m"
	yellow  = "\x1b[1;33m"
	cyan    = "\x1b[1;36m"
	maxShow = 120 // columns of a source line shown around the finding
)

func severityColor(s rule.Severity) string {
	switch s {
	case rule.Error:
		return red
	case rule.Warning:
		return yellow
	}
	return cyan
}

// ColorText writes what Text writes, for a terminal: the severity colored,
// and under each finding its source line with a caret under the range, in
// the manner of hcl's diagnostic writer and compilers:
//
//	template.yaml:9:17: error: function "Worker" sets MemorySize 20480, ... (LV101)
//	    9 |       MemorySize: 20480
//	      |                   ^~~~~
func ColorText(w, errw io.Writer, res *driver.Result) error {
	for _, d := range res.Diagnostics {
		c := severityColor(d.Severity)
		if _, err := fmt.Fprintf(w, "%s%s:%d:%d:%s %s%s:%s %s %s(%s)%s\n",
			bold, Escape(d.File), d.Line, d.Column, reset, c, d.Severity, reset, Escape(d.Message), dim, Escape(d.Rule), reset); err != nil {
			return err
		}
		if snip := snippet(res.Sources[d.File], d); snip != nil {
			gutter := len(fmt.Sprint(d.Line))
			if _, err := fmt.Fprintf(w, "%s %*d |%s %s\n%s %*s |%s %s%s%s%s\n",
				dim, gutter+3, d.Line, reset, snip.line,
				dim, gutter+3, "", reset, snip.pad, c, snip.mark, reset); err != nil {
				return err
			}
		}
	}
	for _, e := range res.Errors {
		if _, err := fmt.Fprintf(errw, "%s: error: %s\n", place(e), Escape(e.Message)); err != nil {
			return err
		}
	}
	return nil
}

type snip struct {
	line string // the source line, made safe to print
	pad  string // white space up to the range, tabs kept so it lines up
	mark string // ^~~~ under the range
}

// snippet returns the line a diagnostic starts on with its marker, or nil
// when the source is not at hand. Long lines (minified JSON) are cut to a
// window around the range.
func snippet(src []byte, d driver.Diagnostic) *snip {
	if src == nil || d.Line < 1 {
		return nil
	}
	line := lineAt(src, d.Line)
	if line == "" && d.Line > 1+strings.Count(string(src), "\n") {
		return nil
	}
	line = strings.TrimRight(line, "\r")
	start := min(max(d.Column-1, 0), len(line))
	end := len(line)
	if d.EndLine == d.Line && d.EndColumn > d.Column {
		end = min(d.EndColumn-1, len(line))
	}
	if end <= start {
		end = start
	}
	before, inside, after := line[:start], line[start:end], line[end:]
	prefix, suffix := "", ""
	if n := utf8.RuneCountInString(before); n > maxShow/2 {
		before = lastRunes(before, maxShow/2)
		prefix = "…"
	}
	if n := utf8.RuneCountInString(inside); n > maxShow {
		inside = firstRunes(inside, maxShow)
		after, suffix = "", "…"
	}
	if room := maxShow - utf8.RuneCountInString(before) - utf8.RuneCountInString(inside); utf8.RuneCountInString(after) > room {
		after = firstRunes(after, max(room, 0))
		suffix = "…"
	}
	s := &snip{line: printable(prefix + before + inside + after + suffix)}
	var pad strings.Builder
	for _, r := range prefix + before {
		if r == '\t' {
			pad.WriteByte('\t')
		} else {
			pad.WriteByte(' ')
		}
	}
	s.pad = pad.String()
	width := utf8.RuneCountInString(inside)
	s.mark = "^" + strings.Repeat("~", max(width-1, 0))
	return s
}

// lineAt returns line n (1-based) of src without its newline.
func lineAt(src []byte, n int) string {
	text := string(src)
	for i := 1; i < n; i++ {
		j := strings.IndexByte(text, '\n')
		if j < 0 {
			return ""
		}
		text = text[j+1:]
	}
	if j := strings.IndexByte(text, '\n'); j >= 0 {
		text = text[:j]
	}
	return text
}

// printable replaces control characters (an escape sequence in a hostile
// file must not drive the terminal) and invalid UTF-8 with U+FFFD, keeping
// tabs.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' {
			return r
		}
		if r == utf8.RuneError || unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return '\uFFFD'
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}

func firstRunes(s string, n int) string {
	i := 0
	for k := range s {
		if i == n {
			return s[:k]
		}
		i++
	}
	return s
}

func lastRunes(s string, n int) string {
	count := utf8.RuneCountInString(s)
	if count <= n {
		return s
	}
	return s[len(firstRunes(s, count-n)):]
}
