package main

import (
	"encoding/json"
	"flag"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/lambdavet/lambdavet/analyzers/policy"
)

// twoRules has one LV101 finding (error) and one LV303 finding (info).
const twoRules = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Worker:
    Type: AWS::Lambda::Function
    Properties:
      MemorySize: 20480
      Timeout: 900
      Runtime: python3.12
      Handler: a.h
`

// rulesFound returns the rule ids of text output, in order.
func rulesFound(out string) []string {
	var ids []string
	for _, m := range regexp.MustCompile(`\((LV\d+)\)\n`).FindAllStringSubmatch(out, -1) {
		ids = append(ids, m[1])
	}
	return ids
}

// TestTypoedFlag checks that a mistyped flag gets the error, a
// did-you-mean and a pointer to -h, not the whole usage.
func TestTypoedFlag(t *testing.T) {
	dir := writeFiles(t, map[string]string{"template.yaml": goodTemplate})
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-formt", "json", dir}, "lambdavet: flag provided but not defined: -formt\nlambdavet: did you mean -format?\nrun lambdavet -h for help\n"},
		{[]string{"--fial-on=error", dir}, "lambdavet: flag provided but not defined: -fial-on\nlambdavet: did you mean -fail-on?\nrun lambdavet -h for help\n"},
		// A transposition is one edit: LV203, not LV201.
		{[]string{"-LV230=false", dir}, "lambdavet: flag provided but not defined: -LV230\nlambdavet: did you mean -LV203?\nrun lambdavet -h for help\n"},
		{[]string{"-zzzzzz", dir}, "lambdavet: flag provided but not defined: -zzzzzz\nrun lambdavet -h for help\n"},
		{[]string{"-lv101=false", dir}, "lambdavet: flag provided but not defined: -lv101\nlambdavet: did you mean -LV101?\nrun lambdavet -h for help\n"},
		{[]string{"-fail-on"}, "lambdavet: flag needs an argument: -fail-on\nrun lambdavet -h for help\n"},
	} {
		code, out, errOut := runCLI(t, c.args...)
		if code != 2 || out != "" || errOut != c.want {
			t.Errorf("%v: exit %d, stdout %q, stderr:\n%s\nwant exit 2 and:\n%s", c.args, code, out, errOut, c.want)
		}
	}
}

// TestHelp checks that -h lists the flags, with the rule flags in one
// entry, on stdout.
func TestHelp(t *testing.T) {
	code, out, errOut := runCLI(t, "-h")
	if code != 0 || errOut != "" {
		t.Fatalf("-h: exit %d, stderr %q", code, errOut)
	}
	for _, want := range []string{"usage: lambdavet [flags] [path ...]", "  -format format\n", "  -stdin-filename NAME\n",
		"  -LVnnn, -LVnnn=false\n", "rules: LV001–LV002, LV101–LV1", "lambdavet -rules lists them", "-- ends them"} {
		if !strings.Contains(out, want) {
			t.Errorf("-h lacks %q:\n%s", want, out)
		}
	}
	if regexp.MustCompile(`(?m)^  -LV\d`).MatchString(out) || strings.Count(out, "\n") > 60 {
		t.Errorf("-h lists rule flags one by one (%d lines):\n%s", strings.Count(out, "\n"), out)
	}
}

// TestExplainSuggests checks that -explain gives the did-you-mean the
// configuration gives.
func TestExplainSuggests(t *testing.T) {
	code, _, errOut := runCLI(t, "-explain", "LV230")
	if code != 2 || errOut != "lambdavet: no rule \"LV230\"; did you mean LV203?; see lambdavet -rules\n" {
		t.Errorf("-explain LV230: exit %d, stderr %q", code, errOut)
	}
	// The configuration asks the same did-you-mean.
	inDir(t, map[string]string{".lambdavet.yaml": "rules:\n  LV230: off\n", "template.yaml": goodTemplate})
	if code, _, errOut := runCLI(t, "."); code != 2 || !strings.Contains(errOut, `no rule "LV230" (did you mean "LV203"?)`) {
		t.Errorf("LV230 in the configuration: exit %d, stderr %q", code, errOut)
	}
}

// TestNamingRulesRunsOnlyThose checks go vet's rule: -ID (true) runs only
// the rules named; -ID=false alone runs all others; mixed, the true ones.
func TestNamingRulesRunsOnlyThose(t *testing.T) {
	dir := writeFiles(t, map[string]string{"template.yaml": twoRules})
	for _, c := range []struct {
		flags []string
		want  string
	}{
		{nil, "LV101 LV303"},
		{[]string{"-LV101"}, "LV101"},
		{[]string{"-LV101=true"}, "LV101"},
		{[]string{"-LV303", "-LV101=true"}, "LV101 LV303"},
		{[]string{"-LV101=false"}, "LV303"},
		{[]string{"-LV303", "-LV101=false"}, "LV303"},
		{[]string{"-LV101", "-LV101=false"}, "LV303"}, // the last value wins, as with any flag
	} {
		_, out, _ := runCLI(t, append(c.flags, dir)...)
		if got := strings.Join(rulesFound(out), " "); got != c.want {
			t.Errorf("%v: rules %q, want %q\n%s", c.flags, got, c.want, out)
		}
	}
}

// TestFlagsAfterPaths checks that flags are read after the paths, as
// cfn-lint and tflint users type them, and that -- ends them.
func TestFlagsAfterPaths(t *testing.T) {
	dir := writeFiles(t, map[string]string{"template.yaml": twoRules, "-odd.yaml": goodTemplate})
	code, out, errOut := runCLI(t, dir, "-format", "json", "-LV303=false")
	var got struct{ Diagnostics []struct{ Rule string } }
	if err := json.Unmarshal([]byte(out), &got); err != nil || code != 1 {
		t.Fatalf("exit %d, %v; output %s %s", code, err, out, errOut)
	}
	if len(got.Diagnostics) != 2 || got.Diagnostics[0].Rule != "LV101" || got.Diagnostics[1].Rule != "LV101" {
		t.Errorf("diagnostics %+v, want two LV101 (LV303 turned off after the path)", got.Diagnostics)
	}
	// After --, "-odd.yaml" is a path.
	t.Chdir(dir)
	code, out, errOut = runCLI(t, "-fail-on", "error", "--", "-odd.yaml")
	if code != 1 || !strings.HasPrefix(out, "-odd.yaml:6:19: error:") {
		t.Errorf("-- -odd.yaml: exit %d, output %q, stderr %q", code, out, errOut)
	}
}

// TestStdin checks `lambdavet -`: one template from standard input, named
// by -stdin-filename, whose name decides the format and is reported.
func TestStdin(t *testing.T) {
	withStdin := func(text string) {
		old := stdin
		stdin = strings.NewReader(text)
		t.Cleanup(func() { stdin = old })
	}
	inDir(t, map[string]string{"main.tf": "# on disk, never read\n"})

	withStdin(goodTemplate)
	code, out, errOut := runCLI(t, "-")
	if code != 1 || !strings.HasPrefix(out, `stdin.yaml:6:19: error: function "Worker" sets MemorySize 20480`) {
		t.Errorf("-: exit %d, output %q, stderr %q", code, out, errOut)
	}

	withStdin(`{"Resources": {"Fn": {"Type": "AWS::Lambda::Function", "Properties": {"Timeout": 1000, "Runtime": "python3.12", "Handler": "a.h"}}}}`)
	code, out, errOut = runCLI(t, "-stdin-filename", "infra/app.json", "-format", "json", "-")
	if code != 1 || !strings.Contains(out, `"file": "infra/app.json"`) || !strings.Contains(out, `"rule": "LV102"`) {
		t.Errorf("JSON from stdin: exit %d, output %s, stderr %q", code, out, errOut)
	}

	withStdin("resource \"aws_lambda_function\" \"f\" {\n  function_name = \"f\"\n  memory_size   = 20000\n  runtime       = \"python3.12\"\n  handler       = \"a.h\"\n}\n")
	code, out, errOut = runCLI(t, "-", "-stdin-filename=main.tf")
	if code != 1 || !strings.HasPrefix(out, "main.tf:3:19: error: aws_lambda_function.f sets memory_size 20000") {
		t.Errorf("Terraform from stdin: exit %d, output %q, stderr %q", code, out, errOut)
	}

	withStdin(goodTemplate)
	if code, _, errOut := runCLI(t, "-", "."); code != 2 || !strings.Contains(errOut, "standard input") {
		t.Errorf("- with another path: exit %d, stderr %q", code, errOut)
	}
}

// TestSummaryLine checks the last line of text output, on stderr.
func TestSummaryLine(t *testing.T) {
	inDir(t, map[string]string{
		".lambdavet.yaml":  "rules:\n  LV303: {severity: warning}\n",
		"a/template.yaml":  twoRules,
		"b/template.yaml":  goodTemplate,
		"c/template.yaml":  "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  T: {Type: AWS::SNS::Topic}\n",
		"d/other.yaml.txt": "not linted",
	})
	code, out, errOut := runCLI(t, "./...")
	if code != 1 || errOut != "3 findings (2 errors, 1 warning) in 2 files, 3 files linted\n" {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
	if strings.Contains(out, "findings") {
		t.Errorf("the summary went to stdout: %q", out)
	}
	if code, _, errOut := runCLI(t, "c"); code != 0 || errOut != "no findings, 1 file linted\n" {
		t.Errorf("clean: exit %d, stderr %q", code, errOut)
	}
	if _, _, errOut := runCLI(t, "-format=json", "./..."); errOut != "" {
		t.Errorf("a summary with JSON output: %q", errOut)
	}
	if _, _, errOut := runCLI(t, "-format=sarif=out.sarif", "./..."); errOut != "" {
		t.Errorf("a summary with no text output: %q", errOut)
	}
}

// TestRulesJSON checks -rules -format json.
func TestRulesJSON(t *testing.T) {
	code, out, _ := runCLI(t, "-rules", "-format", "json")
	var got struct {
		Rules []struct{ ID, Name, Severity, Source, URL string }
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil || code != 0 {
		t.Fatalf("exit %d, %v:\n%s", code, err, out)
	}
	found := false
	for _, r := range got.Rules {
		if r.ID == "LV105" {
			found = r.Name == "too many layers" && r.Severity == "error" && r.Source == "rego" && strings.HasSuffix(r.URL, "/docs/rules/LV105.md")
		}
	}
	if !found || len(got.Rules) < 30 {
		t.Errorf("rules %+v", got.Rules)
	}
	if code, _, _ := runCLI(t, "-rules", "-format", "sarif"); code != 2 {
		t.Errorf("-rules -format sarif: exit %d, want 2", code)
	}
}

// firstPathOf is the first path of a command line, as run reads it.
func firstPathOf(t *testing.T, args []string) string {
	t.Helper()
	c := newCLIFlags()
	if err := c.parse(args, io.Discard); err != nil {
		t.Fatalf("%q: %v", args, err)
	}
	return firstPath(c.fs.Args(), *c.stdinName)
}

// TestFirstPathSkipsEveryValueFlag checks that the configuration is looked
// for above the first path even when a flag with a value comes first.
func TestFirstPathSkipsEveryValueFlag(t *testing.T) {
	for _, args := range [][]string{{"-now", "2026-01-01", "x/y"}, {"-stdin-filename", "a.yaml", "x/y"}, {"x/y", "-format", "json"}} {
		if got := firstPathOf(t, args); got != filepath.Join("x", "y") {
			t.Errorf("firstPath(%q) = %q", args, got)
		}
	}
	if got := firstPathOf(t, []string{"-stdin-filename", "infra/t.yaml", "-"}); got != "infra" {
		t.Errorf("firstPath of stdin = %q, want the folder of its name", got)
	}
}

var update = flag.Bool("update", false, "rewrite docs/cli.md from the flag set")

// TestCLIReference fails when docs/cli.md is not what the flag set
// produces; go test -run TestCLIReference -update rewrites it.
func TestCLIReference(t *testing.T) {
	as, err := policy.Load(t.Context(), policy.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	c := newCLIFlags()
	if _, err := c.setRules(append(as, goAnalyzers()...), io.Discard); err != nil {
		t.Fatal(err)
	}
	c.cliReference(&b)
	path := filepath.Join("..", "..", "docs", "cli.md")
	if *update {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != b.String() {
		t.Errorf("docs/cli.md is not what the flag set produces; run go generate ./cmd/lambdavet (go test -run TestCLIReference -update)")
	}
}
