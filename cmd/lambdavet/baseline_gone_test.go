package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Only findings the run looked for can be gone: those of a folder not
// linted this time, of a rule turned off, or silenced by a suppression are
// still there, and rewriting the baseline as told would delete them.
func TestBaselineGoneOnlyWhereLinted(t *testing.T) {
	dir := inDir(t, map[string]string{"a/template.yaml": orgTemplate, "b/template.yaml": orgTemplate})
	if code, _, errOut := runCLI(t, "-baseline-write", "baseline.json", "."); code != 0 || !strings.Contains(errOut, "recorded 2 findings") {
		t.Fatalf("-baseline-write: exit %d, stderr %q", code, errOut)
	}
	for _, args := range [][]string{
		{"-baseline", "baseline.json", "a"},                     // b was not linted
		{"-baseline", "baseline.json", "-LV105=false", "."},     // the rule did not run
		{"-baseline", "baseline.json", "a/template.yaml", "b/"}, // both linted, nothing gone
	} {
		if code, out, errOut := runCLI(t, args...); code != 0 || strings.Contains(out, "LV") || strings.Contains(errOut, "gone") {
			t.Errorf("lambdavet %s: exit %d, stdout %q, stderr %q; want nothing gone", strings.Join(args, " "), code, out, errOut)
		}
	}
	// A suppression now silences a recorded finding: it is not gone.
	quiet := strings.Replace(orgTemplate, "Layers: [a, b, c, d, e, f]", "Layers: [a, b, c, d, e, f] # lambdavet:ignore LV105 shared layers, merged next quarter", 1)
	if err := os.WriteFile(filepath.Join(dir, "b", "template.yaml"), []byte(quiet), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := runCLI(t, "-baseline", "baseline.json", "."); code != 0 || strings.Contains(errOut, "gone") {
		t.Errorf("suppressed, not gone: exit %d, stderr %q", code, errOut)
	}
	// Fixed in a linted file: gone, and said.
	if err := os.WriteFile(filepath.Join(dir, "a", "template.yaml"), []byte(strings.Replace(orgTemplate, "Layers: [a, b, c, d, e, f]", "Layers: [a]", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, errOut := runCLI(t, "-baseline", "baseline.json", "a"); !strings.Contains(errOut, "1 findings of the baseline are gone") {
		t.Errorf("fixed: stderr %q, want 1 gone", errOut)
	}
}

// The gate hands suppressed and baselined findings to SARIF, which lists
// them with their suppression.
func TestSARIFListsSuppressed(t *testing.T) {
	schema := sarifSchema(t) // before changing folder: the path is relative
	inDir(t, map[string]string{"template.yaml": suppressed, "b/template.yaml": orgTemplate})
	if code, _, errOut := runCLI(t, "-baseline-write", "baseline.json", "b"); code != 0 {
		t.Fatalf("-baseline-write: exit %d, stderr %q", code, errOut)
	}
	_, out, errOut := runCLI(t, "-format", "sarif", "-baseline", "baseline.json", ".")
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(inst); err != nil {
		t.Fatalf("SARIF not valid: %v", err)
	}
	for _, want := range []string{
		`"kind": "inSource",
              "status": "accepted",
              "justification": "load test until the launch"`,
		`"kind": "external",
              "status": "accepted",
              "justification": "recorded in the baseline baseline.json"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("SARIF lacks %s; stderr %s\n%s", want, errOut, out)
		}
	}
}
