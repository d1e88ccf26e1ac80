package policies_test

import (
	"context"
	"fmt"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/format"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/tester"

	// The policies call lambdavet's own builtins (lambdavet.near_strings),
	// which the analyzers' package registers.
	_ "github.com/lambdavet/lambdavet/analyzers/policy"
	"github.com/lambdavet/lambdavet/docs"
	"github.com/lambdavet/lambdavet/policies"
)

// capabilities are those of the installed OPA less what policies may not use
// (design: no http.send, no net.*, no opa.runtime).
func capabilities() *ast.Capabilities {
	caps := ast.CapabilitiesForThisVersion()
	caps.Builtins = slices.DeleteFunc(slices.Clone(caps.Builtins), func(b *ast.Builtin) bool {
		return b.Name == "http.send" || strings.HasPrefix(b.Name, "net.") || b.Name == "opa.runtime"
	})
	return caps
}

func parse(t *testing.T, sources map[string]string) map[string]*ast.Module {
	t.Helper()
	mods := make(map[string]*ast.Module, len(sources))
	for name, src := range sources {
		m, err := ast.ParseModuleWithOpts(name, src, ast.ParserOptions{
			ProcessAnnotation: true,
			RegoVersion:       ast.RegoV1,
		})
		if err != nil {
			t.Fatalf("parse %s: %v", name, err)
		}
		mods[name] = m
	}
	return mods
}

// runRegoTests runs every test_* rule of the modules with OPA's tester, in
// strict mode and with the restricted capabilities, built-in errors raised.
func runRegoTests(t *testing.T, sources map[string]string) []*tester.Result {
	t.Helper()
	data, err := policies.Data()
	if err != nil {
		t.Fatal(err)
	}
	compiler := ast.NewCompiler().
		WithCapabilities(capabilities()).
		WithStrict(true).
		WithDefaultRegoVersion(ast.RegoV1)
	ch, err := tester.NewRunner().
		SetCompiler(compiler).
		SetStore(inmem.NewFromObject(data)).
		SetDefaultRegoVersion(ast.RegoV1).
		RaiseBuiltinErrors(true).
		// The runner's default of 5 s per test is for an idle machine:
		// test_size_boundary builds a string of a million characters,
		// which ran out of it on a loaded CI machine. The tests check
		// results; the cost of the rules is held by the Go tests.
		SetTimeout(2*time.Minute).
		SetModules(parse(t, sources)).
		RunTests(context.Background(), nil)
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	var results []*tester.Result
	for r := range ch {
		results = append(results, r)
	}
	sort.Slice(results, func(i, j int) bool {
		a, b := results[i], results[j]
		return a.Package+"."+a.Name < b.Package+"."+b.Name
	})
	return results
}

// TestRego runs the Rego tests beside every rule, one Go subtest each.
func TestRego(t *testing.T) {
	sources, err := policies.TestModules()
	if err != nil {
		t.Fatal(err)
	}
	results := runRegoTests(t, sources)
	if len(results) == 0 {
		t.Fatal("no Rego tests ran")
	}

	perFile := map[string]int{}
	for _, r := range results {
		perFile[r.Location.File]++
		t.Run(strings.TrimPrefix(r.Package, "data.")+"."+r.Name, func(t *testing.T) {
			switch {
			case r.Skip:
				t.Skip("skipped (todo_ prefix)")
			case r.Error != nil:
				t.Fatalf("%s: error: %v", r.Location, r.Error)
			case r.Fail:
				msg := fmt.Sprintf("%s: %s failed", r.Location, r.Name)
				if r.FailedAt != nil {
					msg += fmt.Sprintf(" at %s: %s", r.FailedAt.Location, r.FailedAt)
				}
				t.Error(msg)
			}
		})
	}

	// every test package contributes tests (lib/helpers_test.rego only builds
	// inputs), and every rule has both kinds
	testPackage := regexp.MustCompile(`(?m)^package \S+_test$`)
	for name, src := range sources {
		if !strings.HasSuffix(name, policies.TestSuffix) || !testPackage.MatchString(src) {
			continue
		}
		if perFile[name] == 0 {
			t.Errorf("%s: no test_* rules ran", name)
		}
		if path.Base(name) != "rule_test.rego" {
			continue
		}
		for _, kind := range []string{"test_fail_", "test_success_"} {
			if !regexp.MustCompile(`(?m)^` + kind).MatchString(src) {
				t.Errorf("%s: has no %s* test", name, kind)
			}
		}
	}
}

// TestHarnessReportsFailures makes sure a failing or erroring Rego test is
// seen as one by runRegoTests, so TestRego cannot pass vacuously.
func TestHarnessReportsFailures(t *testing.T) {
	results := runRegoTests(t, map[string]string{"x_test.rego": `package x_test

test_fail_false if false

test_fail_error if to_number("many") == 1

test_success_true if true
`})
	got := map[string]string{}
	for _, r := range results {
		switch {
		case r.Error != nil:
			got[r.Name] = "error"
		case r.Fail:
			got[r.Name] = "fail"
		default:
			got[r.Name] = "pass"
		}
	}
	want := map[string]string{"test_fail_false": "fail", "test_fail_error": "error", "test_success_true": "pass"}
	for name, outcome := range want {
		if got[name] != outcome {
			t.Errorf("%s: got %q, want %q (all: %v)", name, got[name], outcome, got)
		}
	}
}

var (
	idPattern  = regexp.MustCompile(`^LV[0-9]{3}$`)
	severities = []string{"error", "warning", "info"}
)

type rule struct {
	path, pkg, id, title string
}

// rules returns the rule modules (those under lambdavet.rules) with their
// package METADATA checked.
func rules(t *testing.T) []rule {
	t.Helper()
	sources, err := policies.Modules()
	if err != nil {
		t.Fatal(err)
	}
	var out []rule
	for name, m := range parse(t, sources) {
		if strings.HasSuffix(name, policies.TestSuffix) {
			t.Errorf("Modules returned test file %s", name)
		}
		pkg := strings.TrimPrefix(m.Package.Path.String(), "data.")
		if !strings.HasPrefix(pkg, "lambdavet.rules.") {
			continue
		}
		var meta *ast.Annotations
		for _, a := range m.Annotations {
			if a.Scope == "package" {
				meta = a
			}
		}
		if meta == nil {
			t.Errorf("%s: no package METADATA", name)
			continue
		}
		id, _ := meta.Custom["id"].(string)
		severity, _ := meta.Custom["severity"].(string)
		if !idPattern.MatchString(id) {
			t.Errorf("%s: custom.id %q does not match %s", name, id, idPattern)
		}
		if !slices.Contains(severities, severity) {
			t.Errorf("%s: custom.severity %q is not one of %v", name, severity, severities)
		}
		if meta.Title == "" || strings.ToLower(meta.Title[:1]) != meta.Title[:1] {
			t.Errorf("%s: title %q must be short and start lower-case", name, meta.Title)
		}
		if meta.Description == "" {
			t.Errorf("%s: no description", name)
		}
		if len(meta.RelatedResources) == 0 {
			t.Errorf("%s: no related_resources", name)
		}
		for _, r := range meta.RelatedResources {
			if r.Ref.Scheme != "https" {
				t.Errorf("%s: related resource %q is not an https URL", name, r.Ref.String())
			}
		}
		if want := "lambdavet.rules." + strings.ToLower(id); pkg != want {
			t.Errorf("%s: package %s, want %s for %s", name, pkg, want, id)
		}
		if !strings.HasPrefix(path.Dir(name), strings.ToLower(id)+"_") {
			t.Errorf("%s: folder should start with %s_", name, strings.ToLower(id))
		}
		hasViolations := false
		for _, r := range m.Rules {
			if r.Head.Name.String() == "violations" || r.Head.Ref().String() == "violations" {
				hasViolations = true
			}
		}
		if !hasViolations {
			t.Errorf("%s: defines no violations rule", name)
		}
		out = append(out, rule{path: name, pkg: pkg, id: id, title: meta.Title})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out
}

// TestMetadata checks every rule's METADATA and that its doc page exists and
// carries the same title.
func TestMetadata(t *testing.T) {
	rs := rules(t)
	if len(rs) == 0 {
		t.Fatal("no rule modules found")
	}
	seen := map[string]string{}
	for _, r := range rs {
		if other, ok := seen[r.id]; ok {
			t.Errorf("%s and %s both claim %s", other, r.path, r.id)
		}
		seen[r.id] = r.path
		page, ok := docs.Rule(r.id)
		if !ok {
			t.Errorf("%s: no docs/rules/%s.md", r.path, r.id)
			continue
		}
		first, _, _ := strings.Cut(page, "\n")
		if want := "# " + r.id + ": " + r.title; first != want {
			t.Errorf("docs/rules/%s.md starts %q, want %q (the METADATA title)", r.id, first, want)
		}
	}
}

// TestRulesAlone evaluates every rule the way the bridge does: the non-test
// modules only, restricted capabilities, data.<package>.violations queried
// with a project whose one function breaks every rule.
func TestRulesAlone(t *testing.T) {
	sources, err := policies.Modules()
	if err != nil {
		t.Fatal(err)
	}
	mods := parse(t, sources)
	compiler := ast.NewCompiler().WithCapabilities(capabilities()).WithStrict(true)
	if compiler.Compile(mods); compiler.Failed() {
		t.Fatal(compiler.Errors)
	}
	rng := func(line int) map[string]any {
		return map[string]any{"file": "template.yaml", "line": line, "column": 7, "offset": 0,
			"endLine": line, "endColumn": 20, "endOffset": 0}
	}
	known := func(typ string, v any, line int) map[string]any {
		return map[string]any{"state": "known", "type": typ, "value": v, "range": rng(line)}
	}
	with := func(m map[string]any, k string, v any) map[string]any {
		m[k] = v
		return m
	}
	layers := []any{}
	for i := range 6 {
		layers = append(layers, known("string", fmt.Sprintf("arn:aws:lambda:us-east-1:123456789012:layer:l%d:1", i), 20+i))
	}
	input := map[string]any{
		"root": ".", "files": []any{}, "resources": []any{}, "errors": []any{},
		"functions": []any{map[string]any{
			"name": "Worker", "type": "AWS::Serverless::Function", "range": rng(2),
			"memory_size":       known("number", 20480.0, 5),
			"timeout":           known("string", "901", 6),
			"ephemeral_storage": known("number", 20000.0, 7),
			"environment":       known("map", map[string]any{"A": known("string", "x", 9)}, 8),
			"environment_sizes": []any{map[string]any{
				"when": "", "bytes": 5000, "exact": true, "largest": "A", "at": known("map", map[string]any{}, 8),
			}},
			// a name Lambda reserves (LV109)
			"environment_keys": []any{map[string]any{"name": "AWS_REGION", "when": "", "origin": "", "range": rng(9)}},
			"layers":           known("list", layers, 19),
			// an image on one path (LV108, LV507), a .zip package without
			// a handler on the other (LV110)
			"package_type": map[string]any{"state": "conditional", "alternatives": []any{
				with(known("string", "Image", 10), "when", `condition "Packaging" is true`),
				with(known("string", "Zip", 10), "when", `condition "Packaging" is false`),
			}},
			// an identifier that is no runtime on one path (LV401), a blocked
			// runtime without arm64 and other than Node.js or Python on the
			// other (LV402, LV403, LV507)
			"runtime": map[string]any{"state": "conditional", "alternatives": []any{
				with(known("string", "nodejs99.x", 11), "when", `condition "Legacy" is false`),
				with(known("string", "java8", 12), "when", `condition "Legacy" is true`),
			}},
			"architectures":     known("list", []any{known("string", "arm64", 13)}, 13),
			"handler":           map[string]any{"state": "absent"},
			"capacity_provider": map[string]any{"state": "absent"},
			// subnets on one path (LV503), none on the other while a file
			// system is mounted (LV113)
			"vpc_config": map[string]any{"state": "conditional", "alternatives": []any{
				with(known("map", map[string]any{"SubnetIds": known("list", []any{known("string", "subnet-1", 15)}, 15)}, 14), "when", `condition "Network" is true`),
				with(map[string]any{"state": "absent"}, "when", `condition "Network" is false`),
			}},
			// SnapStart with a runtime that does not support it (LV111)
			"snap_start": known("map", map[string]any{"ApplyOn": known("string", "PublishedVersions", 26)}, 25),
			// inline code with a runtime other than Node.js or Python (LV112)
			"inline_code": known("string", "def handler(event, context):\n    return {}\n", 27),
			// a runtime management config without its mode (LV115)
			"runtime_management_config": known("map", map[string]any{}, 24),
			// log levels with the Text format (LV114)
			"logging_config": known("map", map[string]any{
				"LogFormat": known("string", "Text", 22), "SystemLogLevel": known("string", "WARN", 23),
			}, 21),
			"file_system_configs": known("list", []any{known("map", map[string]any{"LocalMountPath": known("string", "/mnt/data", 18)}, 18)}, 17),
			"events":              []any{},
			// run at the edge through $LATEST (LV5xx)
			"edge": []any{map[string]any{
				"distribution": "Cdn", "subject": `distribution "Cdn"`, "cache_behavior": "default",
				"event_type": "viewer-request", "target": "latest", "detail": "", "range": rng(30),
			}},
			"properties": known("map", map[string]any{"Tracing": known("string", "Active", 16)}, 3),
		}},
	}
	// the embedded data, and the date LV402 judges by
	data, err := policies.Data()
	if err != nil {
		t.Fatal(err)
	}
	data["lambdavet"].(map[string]any)["config"] = map[string]any{"now": "2026-06-15"}
	for _, r := range rules(t) {
		t.Run(r.id, func(t *testing.T) {
			pq, err := rego.New(
				rego.Query("data."+r.pkg+".violations"),
				rego.Compiler(compiler),
				rego.Store(inmem.NewFromObject(data)),
				rego.StrictBuiltinErrors(true),
			).PrepareForEval(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			rs, err := pq.Eval(context.Background(), rego.EvalInput(input))
			if err != nil {
				t.Fatal(err)
			}
			if len(rs) != 1 || len(rs[0].Expressions) != 1 {
				t.Fatalf("unexpected result set %v", rs)
			}
			vs, ok := rs[0].Expressions[0].Value.([]any)
			if !ok || len(vs) == 0 {
				t.Fatalf("want violations, got %#v", rs[0].Expressions[0].Value)
			}
			for _, v := range vs {
				m, _ := v.(map[string]any)
				msg, _ := m["message"].(string)
				_, hasRange := m["range"].(map[string]any)
				if m["resource"] != "Worker" || !hasRange || msg == "" {
					t.Errorf("malformed violation %#v", v)
				}
				if !strings.HasPrefix(msg, `function "Worker" `) || strings.HasSuffix(msg, ".") {
					t.Errorf("message %q: want `function \"Worker\" ...`, no final period", msg)
				}
			}
		})
	}
}

func TestModulesSplit(t *testing.T) {
	all, err := policies.TestModules()
	if err != nil {
		t.Fatal(err)
	}
	mods, err := policies.Modules()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := mods["lib/lib.rego"]; !ok {
		t.Error("Modules lacks lib/lib.rego")
	}
	for name, src := range mods {
		if all[name] != src {
			t.Errorf("%s differs between Modules and TestModules", name)
		}
	}
	tests := 0
	for name := range all {
		if strings.HasSuffix(name, policies.TestSuffix) {
			tests++
		} else if _, ok := mods[name]; !ok {
			t.Errorf("Modules lacks %s", name)
		}
	}
	if tests == 0 {
		t.Error("TestModules holds no test files")
	}
}

// TestFormatted keeps every module as `opa fmt` writes it.
func TestFormatted(t *testing.T) {
	sources, err := policies.TestModules()
	if err != nil {
		t.Fatal(err)
	}
	for name, src := range sources {
		got, err := format.Source(name, []byte(src))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if string(got) != src {
			t.Errorf("%s is not formatted: run opa fmt -w policies", name)
		}
	}
}
