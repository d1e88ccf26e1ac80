package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// inDir writes files to a fresh folder and makes it the working directory,
// as a CI job runs lambdavet from the repository root.
func inDir(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := writeFiles(t, files)
	t.Chdir(dir)
	return dir
}

// findings returns the "file:line: severity: message (ID)" lines of text
// output, without columns, sorted as printed.
func findings(out string) []string {
	var lines []string
	col := regexp.MustCompile(`^([^:]+:\d+):\d+: `)
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if l != "" {
			lines = append(lines, col.ReplaceAllString(l, "$1: "))
		}
	}
	return lines
}

func wantLines(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\ngot\n\t%s\nwant\n\t%s", what, strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
}

const suppressed = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Big:
    Type: AWS::Lambda::Function
    Properties:
      MemorySize: 20480 # lambdavet:ignore LV101 load test until the launch
      Timeout: 30
      Runtime: python3.12
      Handler: a.h
  # lambdavet:ignore LV102
  Slow:
    Type: AWS::Lambda::Function
    Properties:
      Timeout: 1000
      # lambdavet:ignore LV103 was 20 GB once
      EphemeralStorage: {Size: 1024}
      Runtime: python3.12
      Handler: a.h
`

func TestSuppressions(t *testing.T) {
	inDir(t, map[string]string{"template.yaml": suppressed})
	code, out, errOut := runCLI(t, ".")
	if code != 1 {
		t.Errorf("exit %d, want 1 for the warnings about suppressions; stderr %s", code, errOut)
	}
	wantLines(t, "output", findings(out),
		`template.yaml:10: warning: suppression of LV102 gives no reason: say why after the rule id (LV001)`,
		`template.yaml:15: warning: suppression of LV103 matches no finding: remove it (LV002)`,
	)
	// The problems are findings like any other: -fail-on=error lets them
	// pass, and they can be turned off.
	if code, _, _ := runCLI(t, "-fail-on=error", "."); code != 0 {
		t.Errorf("-fail-on=error: exit %d, want 0: every error is suppressed", code)
	}
	code, out, _ = runCLI(t, "-LV001=false", "-LV002=false", ".")
	if code != 0 || out != "" {
		t.Errorf("-LV001=false -LV002=false: exit %d, output %q", code, out)
	}
	// With LV103 off, its suppression proves nothing and is not unused.
	_, out, _ = runCLI(t, "-LV103=false", ".")
	wantLines(t, "-LV103=false", findings(out),
		`template.yaml:10: warning: suppression of LV102 gives no reason: say why after the rule id (LV001)`)
}

func TestMetadataSuppressionInJSON(t *testing.T) {
	inDir(t, map[string]string{"template.json": `{"Resources": {"Fn": {
  "Type": "AWS::Lambda::Function",
  "Metadata": {"lambdavet": {"ignore": [{"rule": "LV101", "reason": "approved in OPS-12"}]}},
  "Properties": {"MemorySize": 20480, "Runtime": "python3.12", "Handler": "a.h"}
}}}`})
	if code, out, _ := runCLI(t, "."); code != 0 || out != "" {
		t.Errorf("exit %d, output %q; want the finding suppressed", code, out)
	}
}

const orgTemplate = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Mem: {Type: Number, Default: 1024}
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      MemorySize: 4096
      Timeout: 120
      Layers: [a, b, c, d, e, f]
      Runtime: python3.12
      Handler: a.h
  Param:
    Type: AWS::Lambda::Function
    Properties:
      MemorySize: !Ref Mem
      Runtime: python3.12
      Handler: a.h
`

const userPolicy = `# METADATA
# title: functions must have a description
# custom:
#   id: ORG001
#   severity: warning
package org.rules.org001

import data.lambdavet.lib

violations contains lib.violation_at(fn, fn.range, sprintf("function %q has no Description", [fn.name])) if {
	some fn in input.functions
	not fn.properties.value.Description
	not fn.properties.value.description
}
`

// TestConfigEveryKey runs a configuration that uses every key and checks
// the effect of each.
func TestConfigEveryKey(t *testing.T) {
	inDir(t, map[string]string{
		".lambdavet.yaml": `fail-on: error
exclude: ["legacy/**"]
rules:
  LV105: off
  LV102: {severity: warning}
  ORG001: info
limits:
  memory-max: 3008
  timeout-max: 60
parameters:
  Mem: 2048
policies: [policy]
baseline: .lambdavet-baseline.json
overrides:
  - paths: ["services/billing/**"]
    parameters: {Mem: 8192}
    rules: {LV102: off}
  - paths: infra
    vars: {memory: "4000"}
    var-files: infra/prod.tfvars
`,
		"app/template.yaml":             orgTemplate,
		"services/billing/template.yml": orgTemplate,
		"legacy/template.yaml":          goodTemplate,
		"policy/org.rego":               userPolicy,
		"infra/main.tf": `variable "memory" {
  default = 128
}
variable "timeout" {
  default = 3
}
resource "aws_lambda_function" "f" {
  function_name = "f"
  description   = "infra"
  memory_size   = var.memory
  timeout       = var.timeout
  runtime       = "python3.12"
  handler       = "a.h"
}
`,
		"infra/prod.tfvars": "timeout = 90\n",
	})
	// The baseline named in the configuration records billing's findings.
	if code, _, errOut := runCLI(t, "-baseline-write", ".lambdavet-baseline.json", "services"); code != 0 {
		t.Fatalf("-baseline-write: exit %d, %s", code, errOut)
	}
	code, out, errOut := runCLI(t, "./...")
	wantLines(t, "output", findings(out),
		`app/template.yaml:5: info: function "Fn" has no Description (ORG001)`,
		`app/template.yaml:8: error: function "Fn" sets MemorySize 4096, above the organization maximum of 3008 MB (limits.memory-max in .lambdavet.yaml:8) (LV101)`,
		`app/template.yaml:9: warning: function "Fn" sets Timeout 120, above the organization maximum of 60 seconds (limits.timeout-max in .lambdavet.yaml:9) (LV102)`,
		`app/template.yaml:13: info: function "Param" has no Description (ORG001)`,
		`infra/main.tf:1: error: aws_lambda_function.f sets memory_size 4000, above the organization maximum of 3008 MB (limits.memory-max in .lambdavet.yaml:8) (set by -var memory) (LV101)`,
		`infra/prod.tfvars:1: warning: aws_lambda_function.f sets timeout 90, above the organization maximum of 60 seconds (limits.timeout-max in .lambdavet.yaml:9) (set by prod.tfvars) (LV102)`,
	)
	b, err := os.ReadFile(".lambdavet-baseline.json")
	if err != nil {
		t.Fatal(err)
	}
	// Billing's findings, with its own parameter and without LV102.
	for _, want := range []string{`"message": "function \"Param\" sets MemorySize 8192, above the organization maximum of 3008 MB (limits.memory-max in .lambdavet.yaml:8) (set by -param Mem)"`,
		`"file": "services/billing/template.yml"`} {
		if !strings.Contains(string(b), want) || strings.Contains(string(b), "LV102") || strings.Count(string(b), `"rule"`) != 4 {
			t.Errorf("baseline lacks %s:\n%s", want, b)
		}
	}
	if code != 1 {
		t.Errorf("exit %d, want 1 (errors at fail-on: error); stderr %s", code, errOut)
	}
	// The command line wins: -fail-on, -param and -LV105 (which the
	// configuration turns off). Naming rules runs only those, as go vet.
	_, out, _ = runCLI(t, "-fail-on=info", "-param", "Mem=1024", "-LV105=true", "-LV102", "app")
	wantLines(t, "flags over the configuration", findings(out),
		`app/template.yaml:9: warning: function "Fn" sets Timeout 120, above the organization maximum of 60 seconds (limits.timeout-max in .lambdavet.yaml:9) (LV102)`,
		`app/template.yaml:10: error: function "Fn" uses 6 layers, above the Lambda maximum of 5 (LV105)`,
	)
	// fail-on: error with only warnings left passes.
	if code, out, _ := runCLI(t, "-LV101=false", "-ORG001=false", "app"); code != 0 || !strings.Contains(out, "(LV102)") {
		t.Errorf("only a warning under fail-on: error: exit %d, output %s", code, out)
	}
}

func TestBadConfig(t *testing.T) {
	for _, tc := range []struct{ config, want string }{
		{"fail-on: critical\n", `.lambdavet.yaml:1:10: fail-on: want error, warning or info, got "critical"`},
		{"rules:\n  LV105: disabled\n", `.lambdavet.yaml:2:10: rules.LV105: want off, on, a severity (error, warning, info) or {enabled: true|false, severity: error|warning|info}, got "disabled"`},
		{"rules:\n  LV1O5: off\n", `.lambdavet.yaml:2:1: rules.LV1O5: no rule "LV1O5" (did you mean "LV105"?)`},
		{"limits:\n  memory-max: 64\n", `.lambdavet.yaml:2:15: limits.memory-max: want a whole number of MB from 128 to 32768, got 64`},
		{"exlude: [a]\n", `.lambdavet.yaml:1:1: exlude: unknown key (did you mean "exclude"?)`},
		{"baseline: missing.json\n", `baseline missing.json does not exist; create it with -baseline-write missing.json`},
		{"policies: [nowhere]\n", `reading policies from nowhere`},
	} {
		inDir(t, map[string]string{".lambdavet.yaml": tc.config, "template.yaml": goodTemplate})
		code, out, errOut := runCLI(t, ".")
		if code != 2 || out != "" || !strings.Contains(errOut, tc.want) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want 2 and %q", tc.config, code, out, errOut, tc.want)
		}
	}
	inDir(t, map[string]string{"template.yaml": goodTemplate})
	if code, _, errOut := runCLI(t, "-config", "nothere.yaml", "."); code != 2 || !strings.Contains(errOut, "nothere.yaml") {
		t.Errorf("-config of a missing file: exit %d, stderr %q", code, errOut)
	}
}

// TestConfigFoundInParent runs from a subfolder: the configuration of the
// repository root applies, and -config picks another.
func TestConfigFoundInParent(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		".git/HEAD":         "ref: refs/heads/main\n", // a repository: discovery stops here
		".lambdavet.yaml":   "rules:\n  LV101: off\n",
		"strict.yaml":       "fail-on: info\n",
		"sub/template.yaml": goodTemplate,
	})
	t.Chdir(filepath.Join(dir, "sub"))
	if code, out, _ := runCLI(t, "."); code != 0 || out != "" {
		t.Errorf("exit %d output %q: the parent's configuration should turn LV101 off", code, out)
	}
	if code, out, _ := runCLI(t, "-config", "../strict.yaml", "."); code != 1 || !strings.Contains(out, "LV101") {
		t.Errorf("-config: exit %d output %q", code, out)
	}
	// Run from elsewhere, naming the project: its configuration applies,
	// as the one nearest to what is linted.
	t.Chdir(t.TempDir())
	for _, args := range [][]string{{filepath.Join(dir, "sub")}, {"-fail-on", "error", filepath.Join(dir, "sub") + "/..."}, {filepath.Join(dir, "sub", "template.yaml")}} {
		if code, out, _ := runCLI(t, args...); code != 0 || out != "" {
			t.Errorf("%v: exit %d output %q: the project's configuration should turn LV101 off", args, code, out)
		}
	}
}

func TestFirstPath(t *testing.T) {
	dir := writeFiles(t, map[string]string{"a/t.yaml": goodTemplate})
	file := filepath.Join(dir, "a", "t.yaml")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "."},
		{[]string{"-format", "sarif", "-LV101=false", "-rules", "x/..."}, "x"},
		{[]string{"-format=sarif", "--param", "A=1", "./..."}, "."},
		{[]string{"-var-file", "v.tfvars", file}, filepath.Join(dir, "a")},
		{[]string{"--", "-odd"}, "-odd"},
	} {
		if got := firstPathOf(t, tc.args); got != tc.want {
			t.Errorf("firstPath(%q) = %q, want %q", tc.args, got, tc.want)
		}
	}
}

// TestSARIFOutsideARepository lints a project outside the working
// directory and outside any repository: paths are relative to the project.
func TestSARIFOutsideARepository(t *testing.T) {
	project := writeFiles(t, map[string]string{"app/template.yaml": goodTemplate})
	t.Chdir(t.TempDir())
	_, out, _ := runCLI(t, "-format=sarif", project)
	var log struct {
		Runs []struct {
			OriginalURIBaseIDs map[string]struct{ URI string } `json:"originalUriBaseIds"`
			Results            []struct {
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI       string `json:"uri"`
							URIBaseID string `json:"uriBaseId"`
						} `json:"artifactLocation"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil || len(log.Runs[0].Results) != 1 {
		t.Fatalf("%v\n%s", err, out)
	}
	art := log.Runs[0].Results[0].Locations[0].PhysicalLocation.ArtifactLocation
	root := log.Runs[0].OriginalURIBaseIDs["%SRCROOT%"].URI
	if art.URI != "app/template.yaml" || art.URIBaseID != "%SRCROOT%" || !strings.HasSuffix(root, filepath.ToSlash(project)+"/") {
		t.Errorf("artifact %+v, root %q", art, root)
	}
}

func TestBaseline(t *testing.T) {
	dir := inDir(t, map[string]string{"app/template.yaml": orgTemplate})
	code, out, errOut := runCLI(t, "-baseline-write", "baseline.json", ".")
	if code != 0 || out != "" || !strings.Contains(errOut, "recorded 1 findings in baseline.json") {
		t.Fatalf("-baseline-write: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if code, out, _ := runCLI(t, "-baseline", "baseline.json", "."); code != 0 || out != "" {
		t.Errorf("nothing new: exit %d, output %q", code, out)
	}
	// Lines move and a new finding appears: only it is reported.
	shifted := strings.Replace(orgTemplate, "Resources:\n", "Description: moved everything down\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n", 1)
	shifted = strings.Replace(shifted, "Timeout: 120", "Timeout: 1200", 1)
	if err := os.WriteFile(filepath.Join(dir, "app", "template.yaml"), []byte(shifted), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ = runCLI(t, "-baseline", "baseline.json", ".")
	wantLines(t, "after the shift", findings(out),
		`app/template.yaml:12: error: function "Fn" sets Timeout 1200, above the Lambda maximum of 900 seconds (LV102)`)
	if code != 1 {
		t.Errorf("a new error: exit %d, want 1", code)
	}
	// From a subfolder, with the baseline named from there, it still
	// matches: paths in it are relative to the baseline file.
	t.Chdir(filepath.Join(dir, "app"))
	_, out, _ = runCLI(t, "-baseline", "../baseline.json", ".")
	wantLines(t, "from a subfolder", findings(out),
		`template.yaml:12: error: function "Fn" sets Timeout 1200, above the Lambda maximum of 900 seconds (LV102)`)
	// A fixed finding leaves a stale entry, which is pointed out.
	t.Chdir(dir)
	if err := os.WriteFile(filepath.Join(dir, "app", "template.yaml"), []byte(strings.Replace(orgTemplate, "Layers: [a, b, c, d, e, f]", "Layers: [a]", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = runCLI(t, "-baseline", "baseline.json", ".")
	if code != 0 || !strings.Contains(errOut, "1 findings of the baseline are gone") {
		t.Errorf("stale baseline: exit %d, stderr %q", code, errOut)
	}
	if code, _, errOut := runCLI(t, "-baseline", "nothing.json", "."); code != 2 || !strings.Contains(errOut, "-baseline-write") {
		t.Errorf("missing baseline: exit %d, stderr %q", code, errOut)
	}
}

func sarifSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	path, err := filepath.Abs(filepath.Join("..", "..", "..", "shared", "schemas", "sarif-schema-2.1.0.json"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("SARIF schema not available: %v", err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("sarif.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("sarif.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestFormats runs each format over a project with a finding, a suppressed
// finding, a problem with a suppression and a broken file.
func TestFormats(t *testing.T) {
	schema := sarifSchema(t) // before changing folder: the path is relative
	inDir(t, map[string]string{
		"app/template.yaml":    suppressed,
		"broken/template.yaml": "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  A: [1, 2\n",
		".git/HEAD":            "ref: refs/heads/main\n",
	})

	code, out, _ := runCLI(t, "-format=sarif", "./...")
	if code != 2 {
		t.Errorf("sarif: exit %d, want 2 for the broken file", code)
	}
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(inst); err != nil {
		t.Fatalf("SARIF not valid: %v", err)
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct{ Rules []struct{ ID string } }
			}
			Results []struct {
				RuleID       string
				Suppressions []struct{ Kind string }
				Locations    []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI, URIBaseID string } `json:"artifactLocation"`
					}
				}
			}
			Invocations []struct{ ExecutionSuccessful bool }
		}
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	var ids []string
	for _, r := range run.Tool.Driver.Rules {
		ids = append(ids, r.ID)
	}
	if !strings.HasPrefix(strings.Join(ids, ","), "LV001,LV002,LV101,LV102,LV103") {
		t.Errorf("rules %v, want every rule that ran", ids)
	}
	// The two findings reported, then the two suppressed ones, marked so.
	if len(run.Results) != 4 || run.Results[0].RuleID != "LV001" ||
		run.Results[0].Locations[0].PhysicalLocation.ArtifactLocation.URI != "app/template.yaml" ||
		len(run.Results[1].Suppressions) != 0 || len(run.Results[2].Suppressions) != 1 || run.Results[3].Suppressions[0].Kind != "inSource" ||
		run.Invocations[0].ExecutionSuccessful {
		t.Errorf("results %+v invocations %+v", run.Results, run.Invocations)
	}

	_, out, errOut := runCLI(t, "-format=github", "./...")
	if !strings.HasPrefix(out, "::warning file=app/template.yaml,line=10,col=3,endLine=10,endColumn=27,title=LV001::suppression of LV102 gives no reason") ||
		!strings.Contains(out, "::error file=broken/template.yaml,line=3,") {
		t.Errorf("github:\n%s", out)
	}
	if !strings.Contains(errOut, "broken/template.yaml:3:") {
		t.Errorf("load errors should reach stderr when no text is printed: %q", errOut)
	}

	_, out, _ = runCLI(t, "-format=junit", "./...")
	var suites struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Errors   int `xml:"errors,attr"`
	}
	if err := xml.Unmarshal([]byte(out), &suites); err != nil || suites.Failures != 2 || suites.Errors != 1 || suites.Tests == 0 {
		t.Errorf("junit: %v %+v\n%s", err, suites, out)
	}

	_, out, _ = runCLI(t, "-format=gitlab", "./...")
	var issues []map[string]any
	// The two findings and the broken file.
	if err := json.Unmarshal([]byte(out), &issues); err != nil || len(issues) != 3 || issues[2]["check_name"] != "lambdavet-load" {
		t.Errorf("gitlab: %v\n%s", err, out)
	}

	// Several outputs: text on stdout, SARIF and JUnit to files.
	if code, _, errOut := runCLI(t, "-format=sarif=out/lambdavet.sarif", "app"); code != 2 || !strings.Contains(errOut, "out/lambdavet.sarif") {
		t.Errorf("sarif to a file in a missing folder: exit %d, stderr %q", code, errOut)
	}
	if err := os.Mkdir("out", 0o755); err != nil {
		t.Fatal(err)
	}
	code, out, _ = runCLI(t, "-format=text", "-format", "sarif=out/lambdavet.sarif", "-format=junit=report.xml", "app")
	if code != 1 || !strings.Contains(out, "(LV001)") {
		t.Errorf("text with files: exit %d, output %q", code, out)
	}
	for _, f := range []string{"out/lambdavet.sarif", "report.xml"} {
		if _, err := os.Stat(f); err != nil {
			t.Errorf("%s not written: %v", f, err)
		}
	}
	for _, args := range [][]string{
		{"-format=yaml", "app"},
		{"-format=json", "-format=sarif", "app"},
		{"-format=sarif=", "app"},
	} {
		if code, _, errOut := runCLI(t, args...); code != 2 || !strings.Contains(errOut, "-format") {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut)
		}
	}
	b, err := os.ReadFile("out/lambdavet.sarif")
	if err != nil || !bytes.Contains(b, []byte(`"version": "2.1.0"`)) {
		t.Errorf("out/lambdavet.sarif: %v %.80s", err, b)
	}
}

// TestNoColorWhenPiped runs with stdout a pipe: plain text, no snippets.
func TestNoColorWhenPiped(t *testing.T) {
	inDir(t, map[string]string{"template.yaml": goodTemplate})
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	var errb bytes.Buffer
	code := run([]string{"."}, w, &errb)
	w.Close()
	out, _ := readAll(r)
	if code != 1 || strings.Contains(out, "\x1b[") || strings.Contains(out, " | ") || !strings.HasPrefix(out, "template.yaml:6:19: error: ") {
		t.Errorf("exit %d, output %q", code, out)
	}
}

func readAll(f *os.File) (string, error) {
	defer f.Close()
	var b bytes.Buffer
	_, err := b.ReadFrom(f)
	return b.String(), err
}

// TestConfigBudget: budget: bounds every project, an override changes it
// for its paths, and a project past it gets one error (exit 2) while the
// others are linted.
func TestConfigBudget(t *testing.T) {
	inDir(t, map[string]string{
		".git/HEAD":         "ref: refs/heads/main\n",
		".lambdavet.yaml":   "budget: {values: 1}\noverrides:\n  - paths: big/**\n    budget: {values: 100000}\n",
		"template.yaml":     goodTemplate,
		"big/template.yaml": goodTemplate,
	})
	code, out, errOut := runCLI(t, "./...")
	if code != 2 || !strings.Contains(out, "template.yaml") || !strings.Contains(out+errOut, "budget.values") || !strings.Contains(out, "big/template.yaml:6:19: error: ") {
		t.Errorf("exit %d, stdout %q, stderr %q; want template.yaml over budget.values and big/template.yaml linted", code, out, errOut)
	}
}

// TestConfigStaysInTree: a configuration linked out of the repository is
// refused without its content being printed; paths it names that leave the
// repository are refused with the key and line; one above the repository
// root is not used.
func TestConfigStaysInTree(t *testing.T) {
	outside := t.TempDir()
	secret := filepath.Join(outside, "id_rsa")
	if err := os.WriteFile(secret, []byte("-----BEGIN OPENSSH PRIVATE KEY-----\nSECRETSECRET\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(outside, "baseline.json"), []byte(`{"tool": "SECRETSECRET"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	dir := inDir(t, map[string]string{".git/HEAD": "ref: refs/heads/main\n", "template.yaml": goodTemplate})
	if err := os.Symlink(secret, ".lambdavet.yaml"); err != nil {
		t.Skip(err)
	}
	code, out, errOut := runCLI(t, ".")
	if code != 2 || out != "" || !strings.Contains(errOut, ".lambdavet.yaml") || strings.Contains(errOut, "SECRET") || strings.Contains(errOut, "PRIVATE") {
		t.Errorf("linked configuration: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	os.Remove(".lambdavet.yaml")
	if err := os.Symlink(filepath.Join(outside, "baseline.json"), "linked.json"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ config, want string }{
		{"baseline: " + filepath.Join(outside, "baseline.json") + "\n", `.lambdavet.yaml:1:11: baseline: path "` + filepath.Join(outside, "baseline.json") + `" is absolute`},
		{"baseline: ../" + filepath.Base(outside) + "/baseline.json\n", `.lambdavet.yaml:1:11: baseline: path "../` + filepath.Base(outside) + `/baseline.json" leaves ` + dir},
		{"baseline: linked.json\n", `.lambdavet.yaml:1:11: baseline: path "linked.json" leads outside`},
		{"policies: [/etc]\n", `.lambdavet.yaml:1:12: policies[0]: path "/etc" is absolute`},
		{"var-files: [a.tfvars, /etc/passwd]\n", `.lambdavet.yaml:1:23: var-files[1]: path "/etc/passwd" is absolute`},
	} {
		if err := os.WriteFile(".lambdavet.yaml", []byte(tc.config), 0o644); err != nil {
			t.Fatal(err)
		}
		code, out, errOut := runCLI(t, ".")
		if code != 2 || out != "" || !strings.Contains(errOut, tc.want) || strings.Contains(errOut, "SECRET") {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want 2 and %q", tc.config, code, out, errOut, tc.want)
		}
	}
	// The repository is dir/sub: linted from elsewhere, the configuration
	// above it is not used.
	os.Remove(".lambdavet.yaml")
	if err := os.WriteFile(".lambdavet.yaml", []byte("rules: {LV101: off}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "sub")
	for _, f := range []string{".git/HEAD", "template.yaml"} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(sub, f)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(sub, f), []byte(goodTemplate), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(t.TempDir())
	if code, out, _ := runCLI(t, sub); code != 1 || !strings.Contains(out, "LV101") {
		t.Errorf("a configuration above the repository applied: exit %d, output %q", code, out)
	}
}
