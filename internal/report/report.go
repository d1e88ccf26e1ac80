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
	"strings"

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
func Text(w, errw io.Writer, res *driver.Result) error {
	for _, d := range res.Diagnostics {
		if _, err := fmt.Fprintf(w, "%s:%d:%d: %s: %s (%s)\n", d.File, d.Line, d.Column, d.Severity, d.Message, d.Rule); err != nil {
			return err
		}
	}
	for _, e := range res.Errors {
		if _, err := fmt.Fprintf(errw, "%s: error: %s\n", place(e), e.Message); err != nil {
			return err
		}
	}
	return nil
}

func place(e driver.Error) string {
	if e.Line == 0 {
		return e.File
	}
	return fmt.Sprintf("%s:%d:%d", e.File, e.Line, e.Column)
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
		out.Diagnostics = append(out.Diagnostics, jsonDiagnostic{
			Rule: d.Rule, Name: d.Name, Severity: d.Severity.String(),
			File: d.File, Line: d.Line, Column: d.Column, EndLine: d.EndLine, EndColumn: d.EndColumn,
			Resource: d.Resource, Message: d.Message, URL: d.URL,
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
