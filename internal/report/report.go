// Package report renders a run's findings in the formats people and CI
// read: go vet style text (colored, with the source line, on a terminal),
// the JSON object design.md specifies, SARIF 2.1.0 for code scanning, GitHub
// Actions workflow commands, JUnit XML, and GitLab's code quality report.
// Reporters only render: which findings to show was decided before.
package report

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/lambdavet/lambdavet/analyzers/rule"
	"github.com/lambdavet/lambdavet/internal/driver"
)

// Formats are the values -format accepts.
var Formats = []string{"text", "json", "sarif", "github", "junit", "gitlab"}

// Options give reporters what the result does not hold.
type Options struct {
	// Version is lambdavet's version, for SARIF.
	Version string
	// Rules are the rules that ran, with the severity they were run at,
	// sorted by id (SARIF lists them; JUnit has a test case per rule).
	Rules []rule.Meta
	// Root is the absolute folder file paths are made relative to in
	// SARIF, GitHub and GitLab output: the repository's root.
	Root string
	// FailOn is the lowest severity that fails the run; in JUnit, findings
	// below it are listed but do not fail their test case.
	FailOn rule.Severity
	// Color turns on ANSI colors and source snippets in text output.
	Color bool
}

// Write renders res in format ("text", "json", ...) to w; text output puts
// load errors on errw.
func Write(format string, w, errw io.Writer, res *driver.Result, opts Options) error {
	switch format {
	case "text":
		if opts.Color {
			return ColorText(w, errw, res)
		}
		return Text(w, errw, res)
	case "json":
		return JSON(w, res)
	case "sarif":
		return SARIF(w, res, opts)
	case "github":
		return GitHub(w, res, opts)
	case "junit":
		return JUnit(w, res, opts)
	case "gitlab":
		return GitLab(w, res, opts)
	}
	return fmt.Errorf("unknown format %q (want %s)", format, strings.Join(Formats, ", "))
}

// IsTerminal reports whether f is a terminal and colors are welcome there:
// NO_COLOR (https://no-color.org) unset or empty, TERM not "dumb".
func IsTerminal(f *os.File) bool {
	if os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// relPath returns file relative to root, slash-separated, and false when it
// lies outside root (or root is empty).
func relPath(root, file string) (string, bool) {
	if root == "" {
		return filepath.ToSlash(file), false
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		return filepath.ToSlash(file), false
	}
	r, err := filepath.Rel(root, abs)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return filepath.ToSlash(abs), false
	}
	return filepath.ToSlash(r), true
}

// Text writes one line per diagnostic, `file:line:col: severity: message (ID)`,
// to w, and one line per load error to errw.
// File names and messages are escaped (see Escape): one finding is one
// line, whatever the input's names hold.
func Text(w, errw io.Writer, res *driver.Result) error {
	for _, d := range res.Diagnostics {
		if _, err := fmt.Fprintf(w, "%s:%d:%d: %s: %s (%s)\n", Escape(d.File), d.Line, d.Column, d.Severity, Escape(d.Message), Escape(d.Rule)); err != nil {
			return err
		}
	}
	for _, e := range res.Errors {
		if _, err := fmt.Fprintf(errw, "%s: error: %s\n", place(e), Escape(e.Message)); err != nil {
			return err
		}
	}
	return nil
}

// place is an error's file:line:column, escaped; the file alone when the
// error has no line (a file that could not be read), never "file:0:0".
func place(e driver.Error) string {
	if e.Line <= 0 {
		return Escape(e.File)
	}
	return fmt.Sprintf("%s:%d:%d", Escape(e.File), e.Line, max(e.Column, 1))
}

// Escape makes s safe to print on one line of a terminal or a CI log:
// control characters (a newline would start a line of its own, which a CI
// runner may read as a command such as GitHub's "::error"; ESC would drive
// the terminal), the Unicode line and paragraph separators and invalid
// UTF-8 are written as Go escapes (\n, \x1b, \u2028), so a hostile file
// name stays recognizable but inert. Tabs are kept.
func Escape(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || (r != '\t' && unicode.IsControl(r)) || r == '\u2028' || r == '\u2029' {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\t':
			b.WriteRune(r)
		case unicode.IsControl(r) || r == '\u2028' || r == '\u2029':
			q := strconv.QuoteRune(r) // '\n', '\x1b', '\u2028'
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// jsonDiagnostic fixes the field order design.md gives for -format=json.
type jsonDiagnostic struct {
	Rule      string `json:"rule"`
	Name      string `json:"name"`
	Severity  string `json:"severity"`
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"endLine"`
	EndColumn int    `json:"endColumn"`
	Resource  string `json:"resource"`
	Message   string `json:"message"`
	URL       string `json:"url"`
	// Related are the places that explain the finding: the function a
	// shared value reaches, the resource a rule is about.
	Related []jsonRelated `json:"related,omitempty"`
}

// jsonRelated is a related location in -format=json.
type jsonRelated struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

// JSON writes {"diagnostics": [...], "errors": [...]}.
func JSON(w io.Writer, res *driver.Result) error {
	out := struct {
		Diagnostics []jsonDiagnostic `json:"diagnostics"`
		Errors      []driver.Error   `json:"errors"`
	}{Diagnostics: []jsonDiagnostic{}, Errors: res.Errors}
	if out.Errors == nil {
		out.Errors = []driver.Error{}
	}
	for _, d := range res.Diagnostics {
		jd := jsonDiagnostic{
			Rule: d.Rule, Name: d.Name, Severity: d.Severity.String(),
			File: d.File, Line: d.Line, Column: d.Column, EndLine: d.EndLine, EndColumn: d.EndColumn,
			Resource: d.Resource, Message: d.Message, URL: d.URL,
		}
		for _, r := range d.Related {
			jd.Related = append(jd.Related, jsonRelated{File: r.File, Line: r.Line, Column: r.Column, Message: r.Message})
		}
		out.Diagnostics = append(out.Diagnostics, jd)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
