package policy

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"

	"github.com/lambdavet/lambdavet/internal/analysistest"
)

// fixtureDate is the date fixtures are judged by (runtime deprecation,
// LV402), so they never rot.
var fixtureDate = time.Date(2026, time.June, 15, 0, 0, 0, 0, time.UTC)

func loadBuiltin(t testing.TB) []*analysis.Analyzer {
	t.Helper()
	as, err := Load(context.Background(), Options{Now: fixtureDate})
	if err != nil {
		t.Fatal(err)
	}
	if len(as) == 0 {
		t.Fatal("no policies loaded")
	}
	return as
}

// TestFixtures runs every Rego rule over its end-to-end fixtures in
// policies/<id>_<name>/testdata: SAM YAML, CloudFormation YAML and
// CloudFormation JSON, each with findings marked where they must land.
func TestFixtures(t *testing.T) {
	for _, a := range loadBuiltin(t) {
		t.Run(a.Name, func(t *testing.T) {
			dirs, _ := filepath.Glob(filepath.Join("..", "..", "policies", strings.ToLower(a.Name)+"_*", "testdata"))
			if len(dirs) != 1 {
				t.Fatalf("rule %s needs one policies/%s_*/testdata folder, found %d", a.Name, strings.ToLower(a.Name), len(dirs))
			}
			analysistest.RequireFormats(t, dirs[0])
			analysistest.Run(t, dirs[0], a)
		})
	}
}

func TestCapabilitiesRestricted(t *testing.T) {
	for _, b := range Capabilities().Builtins {
		if b.Name == "http.send" || strings.HasPrefix(b.Name, "net.") || b.Name == "opa.runtime" ||
			b.Name == "strings.render_template" || b.Name == "graph.reachable_paths" || b.Name == "json.marshal_with_options" {
			t.Errorf("builtin %s must not be available to policies", b.Name)
		}
	}
}

// TestUserPolicyCannotReachNetwork checks that a user policy calling
// http.send is refused at compile time rather than run.
func TestUserPolicyCannotReachNetwork(t *testing.T) {
	dir := t.TempDir()
	src := `# METADATA
# title: calls out
# custom:
#   id: ORG001
#   severity: error
package org.rules.org001

violations contains {"message": "x", "range": {}} if {
	http.send({"method": "GET", "url": "http://127.0.0.1:1"})
}
`
	if err := os.WriteFile(filepath.Join(dir, "bad.rego"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load(context.Background(), Options{Dirs: []string{dir}})
	if err == nil || !strings.Contains(err.Error(), "http.send") {
		t.Fatalf("want a compile error naming http.send, got %v", err)
	}
}

// TestUserPolicy loads a user policy folder and runs it like a built-in rule.
func TestUserPolicy(t *testing.T) {
	dir := t.TempDir()
	src := `# METADATA
# title: memory over the organization ceiling
# custom:
#   id: ORG002
#   severity: warning
package org.rules.org002

import data.lambdavet.lib

violations contains lib.violation(fn, c, sprintf("function %q sets MemorySize %d, above our ceiling of 3008 MB", [fn.name, lib.number(c)])) if {
	some fn in input.functions
	some c in lib.candidates(fn.memory_size)
	lib.number(c) > 3008
}
`
	if err := os.WriteFile(filepath.Join(dir, "org.rego"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	tpl := "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      MemorySize: 4096 # want \"above our ceiling of 3008 MB \\\\(ORG002\\\\)\"\n"
	fixtures := filepath.Join(dir, "fixtures")
	if err := os.MkdirAll(fixtures, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(fixtures, "t.yaml"), []byte(tpl), 0o644); err != nil {
		t.Fatal(err)
	}
	as, err := Load(context.Background(), Options{Dirs: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	var org *analysis.Analyzer
	for _, a := range as {
		if a.Name == "ORG002" {
			org = a
		}
	}
	if org == nil {
		t.Fatal("user policy ORG002 not loaded")
	}
	analysistest.Run(t, fixtures, org)
}

func TestValidate(t *testing.T) {
	if err := analysis.Validate(loadBuiltin(t)); err != nil {
		t.Fatal(err)
	}
}
