// Package analysistest runs lambdavet analyzers, Go or Rego, over a folder
// of fixtures and checks their diagnostics against expectations written in
// the fixtures, as golang.org/x/tools/go/analysis/analysistest does for Go.
//
// A YAML (or HCL) fixture marks the line where a diagnostic must land with a
// comment holding one or more Go-quoted regular expressions:
//
//	MemorySize: 20480 # want "above the Lambda maximum"
//
// A JSON fixture, which has no comments, uses a sidecar FILE.want with one
// expectation per line: `LINE "regexp" ...`. Load errors are expected with
// `want-err` in place of `want`. Each regexp is matched against
// "message (RULE)", so a fixture may name the rule id, the message or both.
package analysistest

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/lambdavet/lambdavet/internal/discover"
	"github.com/lambdavet/lambdavet/internal/driver"
)

type expectation struct {
	file  string
	line  int
	isErr bool
	re    *regexp.Regexp
	met   bool
}

// Run analyzes every fixture under dir with the analyzers and reports a test
// failure for each diagnostic that no expectation matches and each
// expectation no diagnostic meets. It returns the run's result for further
// checks.
func Run(t testing.TB, dir string, analyzers ...*analysis.Analyzer) *driver.Result {
	t.Helper()
	pkgs, err := discover.Packages([]string{dir})
	if err != nil {
		t.Fatalf("finding fixtures: %v", err)
	}
	if len(pkgs) == 0 {
		t.Fatalf("no fixtures under %s", dir)
	}
	res := driver.Run(context.Background(), driver.Options{Analyzers: analyzers}, pkgs)
	var exps []*expectation
	for _, p := range pkgs {
		for _, f := range p.Files {
			e, err := expectations(f)
			if err != nil {
				t.Fatal(err)
			}
			exps = append(exps, e...)
		}
	}
	check := func(file string, line int, isErr bool, text string) {
		for _, e := range exps {
			if !e.met && e.file == file && e.line == line && e.isErr == isErr && e.re.MatchString(text) {
				e.met = true
				return
			}
		}
		kind := "diagnostic"
		if isErr {
			kind = "load error"
		}
		t.Errorf("%s:%d: unexpected %s: %s", file, line, kind, text)
	}
	for _, d := range res.Diagnostics {
		check(d.File, d.Line, false, fmt.Sprintf("%s (%s)", d.Message, d.Rule))
	}
	for _, e := range res.Errors {
		check(e.File, e.Line, true, e.Message)
	}
	for _, e := range exps {
		if !e.met {
			kind := "diagnostic"
			if e.isErr {
				kind = "load error"
			}
			t.Errorf("%s:%d: no %s matching %q", e.file, e.line, kind, e.re)
		}
	}
	return res
}

var wantComment = regexp.MustCompile(`#\s*(want|want-err)\s+(".*)$`)

func expectations(file string) ([]*expectation, error) {
	if strings.HasSuffix(file, ".json") {
		return sidecar(file)
	}
	src, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var out []*expectation
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(nil, 1<<20)
	for line := 1; sc.Scan(); line++ {
		m := wantComment.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		es, err := parsePatterns(file, line, m[1] == "want-err", m[2])
		if err != nil {
			return nil, err
		}
		out = append(out, es...)
	}
	return out, sc.Err()
}

// sidecar reads FILE.want for a JSON fixture: `LINE [want-err] "re" ...`.
func sidecar(file string) ([]*expectation, error) {
	src, err := os.ReadFile(file + ".want")
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []*expectation
	for i, text := range strings.Split(string(src), "\n") {
		text = strings.TrimSpace(text)
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		num, rest, _ := strings.Cut(text, " ")
		line, err := strconv.Atoi(num)
		if err != nil {
			return nil, fmt.Errorf("%s.want:%d: want LINE \"regexp\"", file, i+1)
		}
		rest = strings.TrimSpace(rest)
		isErr := false
		if r, ok := strings.CutPrefix(rest, "want-err "); ok {
			isErr, rest = true, strings.TrimSpace(r)
		}
		es, err := parsePatterns(file, line, isErr, rest)
		if err != nil {
			return nil, err
		}
		out = append(out, es...)
	}
	return out, nil
}

func parsePatterns(file string, line int, isErr bool, text string) ([]*expectation, error) {
	var out []*expectation
	for text = strings.TrimSpace(text); text != ""; text = strings.TrimSpace(text) {
		q, err := strconv.QuotedPrefix(text)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: want needs quoted regexps: %v", file, line, err)
		}
		text = text[len(q):]
		pat, _ := strconv.Unquote(q)
		re, err := regexp.Compile(pat)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: bad regexp: %v", file, line, err)
		}
		out = append(out, &expectation{file: file, line: line, isErr: isErr, re: re})
	}
	return out, nil
}

// RequireFormats checks that a rule's fixtures under dir cover every format
// lambdavet reads: SAM YAML, CloudFormation YAML, CloudFormation JSON and
// Terraform.
func RequireFormats(t testing.TB, dir string) {
	t.Helper()
	var sam, cfnYAML, cfnJSON, tf bool
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		switch name := d.Name(); {
		case strings.HasSuffix(name, ".tf"):
			tf = true
		case strings.HasSuffix(name, ".json") && !strings.HasSuffix(name, ".tf.json"):
			cfnJSON = true
		case strings.HasSuffix(name, ".yaml") && strings.Contains(string(b), "AWS::Serverless::Function"):
			sam = true
		case strings.HasSuffix(name, ".yaml"):
			cfnYAML = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !sam || !cfnYAML || !cfnJSON || !tf {
		t.Errorf("%s: fixtures must cover SAM YAML (%v), CloudFormation YAML (%v), JSON (%v) and Terraform (%v)", dir, sam, cfnYAML, cfnJSON, tf)
	}
}
