package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/lambdavet/lambdavet/analyzers/rule"
	"github.com/lambdavet/lambdavet/internal/driver"
)

// writeSummary ends text output with one line for people: what was found
// and how much was linted, "3 findings (2 errors, 1 warning) in 2 files,
// 14 files linted" or "no findings, 14 files linted". It goes to stderr:
// stdout keeps one finding per line for grep, editors' error formats and
// reviewdog, as cfn-lint's output does, and a CI log shows both streams.
//
// A file counts as linted when a loader read it as a template or as
// Terraform: a YAML file discovery tried and no loader understood was not.
func writeSummary(w io.Writer, res *driver.Result) {
	linted := map[string]bool{}
	for _, p := range res.Projects {
		if p == nil {
			continue
		}
		for _, f := range p.Files {
			linted[f.Path] = true
		}
	}
	var b strings.Builder
	if len(res.Diagnostics) == 0 {
		b.WriteString("no findings")
	} else {
		files := map[string]bool{}
		count := map[rule.Severity]int{}
		for _, d := range res.Diagnostics {
			files[d.File] = true
			count[d.Severity]++
		}
		var parts []string
		for _, s := range []struct {
			sev        rule.Severity
			one, other string
		}{{rule.Error, "error", "errors"}, {rule.Warning, "warning", "warnings"}, {rule.Info, "info", "info"}} {
			if n := count[s.sev]; n > 0 {
				parts = append(parts, plural(n, s.one, s.other))
			}
		}
		fmt.Fprintf(&b, "%s (%s) in %s", plural(len(res.Diagnostics), "finding", "findings"), strings.Join(parts, ", "), plural(len(files), "file", "files"))
	}
	fmt.Fprintf(&b, ", %s linted", plural(len(linted), "file", "files"))
	if n := len(res.Errors); n > 0 {
		fmt.Fprintf(&b, ", %s", plural(n, "load error", "load errors"))
	}
	fmt.Fprintln(w, b.String())
}

// plural writes n and the noun in the form n takes.
func plural(n int, one, other string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, other)
}

// textToStdout reports whether text output goes to stdout, where the
// summary belongs after it.
func textToStdout(outs []output) bool {
	for _, o := range outs {
		if o.format == "text" && o.file == "" {
			return true
		}
	}
	return false
}
