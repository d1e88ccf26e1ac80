package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/lambdavet/lambdavet/analyzers/rule"
	"github.com/lambdavet/lambdavet/internal/driver"
)

// The JUnit XML elements CI servers (Jenkins, GitLab, Azure, CircleCI) read.
type (
	junitSuites struct {
		XMLName  xml.Name     `xml:"testsuites"`
		Name     string       `xml:"name,attr"`
		Tests    int          `xml:"tests,attr"`
		Failures int          `xml:"failures,attr"`
		Errors   int          `xml:"errors,attr"`
		Skipped  int          `xml:"skipped,attr"`
		Suites   []junitSuite `xml:"testsuite"`
	}
	junitSuite struct {
		Name     string      `xml:"name,attr"`
		Tests    int         `xml:"tests,attr"`
		Failures int         `xml:"failures,attr"`
		Errors   int         `xml:"errors,attr"`
		Skipped  int         `xml:"skipped,attr"`
		Cases    []junitCase `xml:"testcase"`
	}
	junitCase struct {
		Name      string        `xml:"name,attr"`
		Classname string        `xml:"classname,attr"`
		File      string        `xml:"file,attr,omitempty"`
		Line      int           `xml:"line,attr,omitempty"`
		Failure   *junitProblem `xml:"failure,omitempty"`
		Error     *junitProblem `xml:"error,omitempty"`
		Skipped   *junitSkipped `xml:"skipped,omitempty"`
		SystemOut string        `xml:"system-out,omitempty"`
	}
	junitSkipped struct {
		Message string `xml:"message,attr"`
	}
	junitProblem struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr"`
		Text    string `xml:",cdata"`
	}
)

// JUnit writes a JUnit XML report: a test suite per file, in it a test case
// per rule that ran. A test case fails when the rule found something at or
// above opts.FailOn in the file; its failure's message is the first
// finding's place and message, its text every finding's. Findings below the fail level are listed in system-out of a
// passing test case, as they do not fail the run either. A file that could
// not be read or parsed has a "load" test case in error, and its rule test
// cases without findings are skipped.
func JUnit(w io.Writer, res *driver.Result, opts Options) error {
	failOn := opts.FailOn
	if failOn == 0 {
		failOn = rule.Warning
	}
	byFile := map[string][]driver.Diagnostic{}
	errs := map[string][]driver.Error{}
	for _, p := range res.Projects {
		if p == nil {
			continue
		}
		for _, f := range p.Files {
			if _, ok := byFile[f.Path]; !ok {
				byFile[f.Path] = nil // a clean file has passing test cases
			}
		}
	}
	for _, d := range res.Diagnostics {
		byFile[d.File] = append(byFile[d.File], d)
	}
	for _, e := range res.Errors {
		errs[e.File] = append(errs[e.File], e)
		if _, ok := byFile[e.File]; !ok {
			byFile[e.File] = nil
		}
	}
	files := make([]string, 0, len(byFile))
	for f := range byFile {
		files = append(files, f)
	}
	sort.Strings(files)

	ids := make([]string, 0, len(opts.Rules))
	titles := map[string]string{}
	for _, m := range opts.Rules {
		ids = append(ids, m.ID)
		titles[m.ID] = m.Title
	}
	for _, d := range res.Diagnostics {
		if _, ok := titles[d.Rule]; !ok {
			ids = append(ids, d.Rule)
			titles[d.Rule] = d.Name
		}
	}
	sort.Strings(ids)

	out := junitSuites{Name: "lambdavet"}
	for _, f := range files {
		suite := junitSuite{Name: f}
		if es := errs[f]; len(es) > 0 {
			c := junitCase{Name: "load", Classname: f, File: f, Line: es[0].Line}
			var lines []string
			for _, e := range es {
				lines = append(lines, fmt.Sprintf("%s: error: %s", place(e), Escape(e.Message)))
			}
			c.Error = &junitProblem{Message: Escape(es[0].Message), Type: "load", Text: xmlSafe(strings.Join(lines, "\n"))}
			suite.Errors++
			suite.Cases = append(suite.Cases, c)
		}
		for _, id := range ids {
			c := junitCase{Name: strings.TrimSpace(id + " " + titles[id]), Classname: f, File: f}
			var failing, below []string
			var first *driver.Diagnostic
			worst := rule.Severity(0)
			for i, d := range byFile[f] {
				if d.Rule != id {
					continue
				}
				line := fmt.Sprintf("%s:%d:%d: %s: %s (%s)", Escape(d.File), d.Line, d.Column, d.Severity, Escape(d.Message), Escape(d.Rule))
				if d.Severity < failOn {
					below = append(below, line)
					continue
				}
				failing = append(failing, line)
				if first == nil {
					first = &byFile[f][i]
				}
				worst = max(worst, d.Severity)
			}
			if first != nil {
				msg := fmt.Sprintf("%s:%d:%d: %s", Escape(first.File), first.Line, first.Column, Escape(first.Message))
				if len(failing) > 1 {
					msg = fmt.Sprintf("%d findings, the first at %s", len(failing), msg)
				}
				c.Line = first.Line
				c.Failure = &junitProblem{Message: msg, Type: worst.String(), Text: xmlSafe(strings.Join(failing, "\n"))}
				suite.Failures++
			}
			if len(below) > 0 {
				c.SystemOut = xmlSafe(strings.Join(below, "\n"))
			}
			if first == nil && len(errs[f]) > 0 {
				// The file did not load: a rule that found nothing in it
				// checked nothing, and must not count as passing.
				c.Skipped = &junitSkipped{Message: "not checked: the file did not load"}
				suite.Skipped++
			}
			suite.Cases = append(suite.Cases, c)
		}
		suite.Tests = len(suite.Cases)
		out.Tests += suite.Tests
		out.Failures += suite.Failures
		out.Errors += suite.Errors
		out.Skipped += suite.Skipped
		out.Suites = append(out.Suites, suite)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("encoding JUnit XML: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// xmlSafe replaces the characters XML 1.0 cannot hold, which CDATA sections
// (unlike attributes and text, which encoding/xml escapes) would carry as
// they are and make the document unreadable.
func xmlSafe(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r',
			r >= 0x20 && r <= 0xD7FF,
			r >= 0xE000 && r <= 0xFFFD,
			r >= 0x10000 && r <= 0x10FFFF:
			return r
		}
		return '\uFFFD'
	}, strings.ToValidUTF8(s, "\uFFFD"))
}
