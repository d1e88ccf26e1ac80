// Package report renders a run's findings: go vet style text and the JSON
// object design.md specifies.
package report

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/lambdavet/lambdavet/internal/driver"
)

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
