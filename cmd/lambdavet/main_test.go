package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/lambdavet/lambdavet/analyzers/policy"
	"github.com/lambdavet/lambdavet/internal/testfiles"
)

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	writeFilesIn(t, dir, files)
	return dir
}

// writeFilesIn writes files, by their path under dir.
func writeFilesIn(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	testfiles.Write(t, dir, files)
}

const goodTemplate = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Worker:
    Type: AWS::Lambda::Function
    Properties:
      MemorySize: 20480
      Timeout: 30
      Runtime: python3.12
      Handler: a.h
`

func TestExampleProject(t *testing.T) {
	// A fixed date keeps the example's runtimes from turning deprecated.
	code, out, errOut := runCLI(t, "-now", "2026-06-15", "../../examples/...")
	if code != 1 {
		t.Fatalf("exit %d, want 1; stderr: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	want := []string{
		`../../examples/orders-app/template.yaml:14:14: error: function "NightlyReport" sets MemorySize 12288, above the Lambda maximum of 10240 MB (set by parameter "ReportMemory" default) (LV101)`,
		`../../examples/orders-app/template.yaml:48:19: error: function "InvoiceRenderer" sets MemorySize 20480, above the Lambda maximum of 10240 MB (LV101)`,
		`../../examples/orders-app/template.yaml:51:7: error: function "InvoiceRenderer" uses 6 layers, above the Lambda maximum of 5 (LV105)`,
		`../../examples/orders-app/template.yaml:58:3: info: function "NightlyReport" is invoked asynchronously (by schedule "Nightly") and has no on-failure destination or dead-letter queue: Lambda retries a failed event twice and then drops it; add a DeadLetterQueue, or an EventInvokeConfig with a DestinationConfig OnFailure to keep the events that fail (LV307)`,
		`../../examples/orders-app/template.yaml:64:16: info: function "NightlyReport" sets Timeout 900, the Lambda maximum: work that needs this long may not fit Lambda; consider Step Functions, ECS/Fargate or AWS Batch (LV303)`,
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", out, strings.Join(want, "\n"))
	}
}

func TestJSONOutputAndBrokenFileBesideGoodOne(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"good/template.yaml":   goodTemplate,
		"broken/template.yaml": "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  A: [1, 2\n  B: 3\n",
		"dup/template.json":    "{\"Resources\": {\n  \"A\": {\"Type\": \"AWS::SNS::Topic\"},\n  \"A\": {\"Type\": \"AWS::SNS::Topic\"}\n}}",
		"other/package.json":   "{ not json at all",
		".github/ci.yml":       "on: [push\n",
	})
	code, out, _ := runCLI(t, "-format=json", dir)
	if code != 2 {
		t.Errorf("exit %d, want 2 for unparsable input", code)
	}
	var got struct {
		Diagnostics []map[string]any `json:"diagnostics"`
		Errors      []map[string]any `json:"errors"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if len(got.Diagnostics) != 1 {
		t.Fatalf("want the good template still linted (1 diagnostic), got %v", got.Diagnostics)
	}
	d := got.Diagnostics[0]
	for key, want := range map[string]any{
		"rule": "LV101", "severity": "error", "line": 6.0, "column": 19.0, "endLine": 6.0, "endColumn": 24.0,
		"resource": "Worker", "name": "memory size out of range",
		"file": filepath.Join(dir, "good/template.yaml"),
		"url":  "https://github.com/lambdavet/lambdavet/blob/main/docs/rules/LV101.md",
	} {
		if d[key] != want {
			t.Errorf("diagnostic %s = %v, want %v", key, d[key], want)
		}
	}
	if len(got.Errors) != 2 {
		t.Fatalf("want 2 errors (broken YAML, duplicate key), got %v", got.Errors)
	}
	for _, e := range got.Errors {
		if e["line"].(float64) < 1 || e["message"] == "" {
			t.Errorf("error without position or message: %v", e)
		}
	}
	if !strings.Contains(got.Errors[0]["message"].(string), "invalid YAML") || got.Errors[0]["line"] != 3.0 {
		t.Errorf("first error %v, want invalid YAML at line 3, where the flow sequence is left open", got.Errors[0])
	}
	if !strings.Contains(got.Errors[1]["message"].(string), `duplicate key "A" (first defined at line 2, column 3)`) || got.Errors[1]["line"] != 3.0 {
		t.Errorf("second error %v, want the duplicate key with both positions", got.Errors[1])
	}
}

func TestFlags(t *testing.T) {
	dir := writeFiles(t, map[string]string{"template.yaml": goodTemplate})
	if code, out, _ := runCLI(t, "-LV101=false", dir); code != 0 || out != "" {
		t.Errorf("-LV101=false: exit %d output %q, want 0 and nothing", code, out)
	}
	if code, _, _ := runCLI(t, "-fail-on=bogus", dir); code != 2 {
		t.Errorf("bad -fail-on: exit %d, want 2", code)
	}
	if code, _, _ := runCLI(t, "-format=xml", dir); code != 2 {
		t.Errorf("bad -format: exit %d, want 2", code)
	}
	if code, _, _ := runCLI(t, filepath.Join(dir, "missing")); code != 2 {
		t.Errorf("missing path: exit %d, want 2", code)
	}
	if code, out, _ := runCLI(t, "-explain", "lv101"); code != 0 || !strings.HasPrefix(out, "# LV101") {
		t.Errorf("-explain: exit %d, output %.40q", code, out)
	}
	if code, out, _ := runCLI(t, "-rules"); code != 0 || !strings.Contains(out, "LV105  error    too many layers") {
		t.Errorf("-rules: exit %d, output %q", code, out)
	}
}

func TestParamOverride(t *testing.T) {
	dir := writeFiles(t, map[string]string{"template.yaml": `Parameters:
  Mem: {Type: Number, Default: 1024}
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      MemorySize: !Ref Mem
      Runtime: python3.12
      Handler: a.h
`})
	if code, out, _ := runCLI(t, dir); code != 0 {
		t.Errorf("default 1024: exit %d, output %s", code, out)
	}
	code, out, _ := runCLI(t, "-param", "Mem=20480", dir)
	if code != 1 || !strings.Contains(out, "template.yaml:7:19: error: function \"Fn\" sets MemorySize 20480") || !strings.Contains(out, "-param Mem") {
		t.Errorf("-param Mem=20480: exit %d, output %s", code, out)
	}
	// Parameters from one run must not leak into the next.
	if code, out, _ := runCLI(t, dir); code != 0 {
		t.Errorf("after an override run: exit %d, output %s", code, out)
	}
}

func TestSymlinkOutsideRootIsNotRead(t *testing.T) {
	outside := writeFiles(t, map[string]string{"secret.yaml": goodTemplate})
	dir := writeFiles(t, map[string]string{"template.yaml": "Resources: {}\n"})
	if err := os.Symlink(filepath.Join(outside, "secret.yaml"), filepath.Join(dir, "link.yaml")); err != nil {
		t.Skip(err)
	}
	if code, out, _ := runCLI(t, dir); code != 0 || out != "" {
		t.Errorf("a symlink out of the project was followed: exit %d, output %s", code, out)
	}
}

func TestValidateAllAnalyzers(t *testing.T) {
	as, err := policy.Load(t.Context(), policy.Options{})
	if err != nil {
		t.Fatal(err)
	}
	all := append([]*analysis.Analyzer{}, as...)
	all = append(all, goAnalyzers()...)
	if err := analysis.Validate(all); err != nil {
		t.Fatal(err)
	}
}
