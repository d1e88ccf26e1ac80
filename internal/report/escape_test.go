package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/lambdavet/lambdavet/analyzers/rule"
	"github.com/lambdavet/lambdavet/internal/driver"
)

// hostileResult has a file name and messages that hold a line break
// followed by a forged GitHub workflow command, an ESC sequence and other
// control characters.
func hostileResult() *driver.Result {
	file := "a\n::error file=x.yaml,line=1::forged\x1b[2J\r.yaml"
	return &driver.Result{
		Diagnostics: []driver.Diagnostic{{
			Rule: "LV101", Name: "memory", Severity: rule.Error, File: file, Line: 3, Column: 5, EndLine: 3, EndColumn: 9,
			Message: "function \"F\u2028\" names \x1b]0;title\x07 \x00 file " + file,
		}},
		Errors: []driver.Error{{File: file, Line: 2, Column: 1, Message: "cannot parse\n::warning::forged too"}, {File: file, Message: "cannot read\x1b[31m"}},
	}
}

// Text-like outputs never let a name or message start a line of its own
// or carry a control character.
func TestControlCharactersAreEscaped(t *testing.T) {
	for _, format := range []string{"text", "color", "github", "junit"} {
		t.Run(format, func(t *testing.T) {
			var out, errOut bytes.Buffer
			var err error
			switch format {
			case "text":
				err = Text(&out, &errOut, hostileResult())
			case "color":
				err = ColorText(&out, &errOut, hostileResult())
			default:
				err = Write(format, &out, &errOut, hostileResult(), Options{Rules: []rule.Meta{{ID: "LV101", Title: "memory"}}})
			}
			if err != nil {
				t.Fatal(err)
			}
			all := out.String() + errOut.String()
			if strings.Contains(all, "\n::error file=x") || strings.Contains(all, "\n::warning::forged") {
				t.Errorf("a forged workflow command starts a line:\n%s", all)
			}
			lines := strings.Count(out.String(), "\n") + strings.Count(errOut.String(), "\n")
			switch format {
			case "text", "github":
				if lines != 3 {
					t.Errorf("%d lines, want one per finding and error:\n%s", lines, all)
				}
			}
			plain := all
			if format == "color" {
				for _, style := range []string{reset, bold, dim, red, yellow, cyan} {
					plain = strings.ReplaceAll(plain, style, "")
				}
			}
			for _, r := range plain {
				if r != '\n' && r != '\t' && (r < 0x20 || r == 0x7f || r == '\u2028') {
					t.Errorf("control character %U in output:\n%q", r, all)
					break
				}
			}
			if format == "junit" {
				if err := xml.Unmarshal(out.Bytes(), new(junitSuites)); err != nil {
					t.Errorf("invalid XML: %v", err)
				}
			}
		})
	}
	if got := Escape("a\nb\x1b[0m\tc\u2028\xff"); got != `a\nb\x1b[0m`+"\t"+`c\u2028\xff` {
		t.Errorf("Escape = %q", got)
	}
}

// JSON, SARIF and GitLab go through encoding/json, which escapes control
// characters: the output parses and holds the names as they are.
func TestJSONFormatsKeepNamesExact(t *testing.T) {
	for _, format := range []string{"json", "sarif", "gitlab"} {
		var out bytes.Buffer
		if err := Write(format, &out, &out, hostileResult(), Options{}); err != nil {
			t.Fatal(err)
		}
		if bytes.ContainsAny(out.Bytes(), "\x1b\x00\x07\r") {
			t.Errorf("%s: raw control character in output", format)
		}
		var v any
		if err := json.Unmarshal(out.Bytes(), &v); err != nil {
			t.Errorf("%s: %v", format, err)
		}
	}
}

// An error without a line is printed as its file alone, one with a line
// but no column at column 1: never "file:0:0".
func TestErrorPlaces(t *testing.T) {
	for e, want := range map[driver.Error]string{
		{File: "t.yaml"}:                     "t.yaml",
		{File: "t.yaml", Line: 4}:            "t.yaml:4:1",
		{File: "t.yaml", Line: 4, Column: 2}: "t.yaml:4:2",
	} {
		if got := place(e); got != want {
			t.Errorf("place(%+v) = %q, want %q", e, got, want)
		}
	}
	var out bytes.Buffer
	if err := GitHub(&out, &driver.Result{Errors: []driver.Error{{File: "t.yaml", Line: 4, Message: "m"}}}, Options{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "line=4,col=1,") {
		t.Errorf("GitHub error without a column: %s", out.String())
	}
}
