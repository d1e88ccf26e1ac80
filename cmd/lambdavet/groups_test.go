package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestConfigPerProject: each project is linted under the nearest
// configuration above it, whatever the order of the paths and whichever
// folder the run starts from, as the editor server does: `lambdavet a b`
// equals `lambdavet b a`, and ./... keeps each folder's configuration.
func TestConfigPerProject(t *testing.T) {
	dir := inDir(t, map[string]string{
		".git/HEAD":            "ref: refs/heads/main\n",
		"a/template.yaml":      twoRules,
		"b/template.yaml":      twoRules,
		"b/.lambdavet.yaml":    "rules:\n  LV101: off\n",
		"c/template.yaml":      twoRules,
		"c/.lambdavet.yaml":    "fail-on: error\nrules:\n  LV303: off\n",
		"d/sub/template.yaml":  twoRules,
		"d/.lambdavet.yaml":    "rules:\n  LV303: {severity: warning}\n",
		"ignored/.lambdavet.y": "not a configuration name\n",
	})
	want := []string{
		"a/template.yaml:6: error: function \"Worker\" sets MemorySize 20480, above the Lambda maximum of 10240 MB (LV101)",
		"a/template.yaml:7: info: function \"Worker\" sets Timeout 900, the Lambda maximum: work that needs this long may not fit Lambda; consider Step Functions, ECS/Fargate or AWS Batch (LV303)",
		"b/template.yaml:7: info: function \"Worker\" sets Timeout 900, the Lambda maximum: work that needs this long may not fit Lambda; consider Step Functions, ECS/Fargate or AWS Batch (LV303)",
		"c/template.yaml:6: error: function \"Worker\" sets MemorySize 20480, above the Lambda maximum of 10240 MB (LV101)",
		"d/sub/template.yaml:6: error: function \"Worker\" sets MemorySize 20480, above the Lambda maximum of 10240 MB (LV101)",
		"d/sub/template.yaml:7: warning: function \"Worker\" sets Timeout 900, the Lambda maximum: work that needs this long may not fit Lambda; consider Step Functions, ECS/Fargate or AWS Batch (LV303)",
	}
	for _, args := range [][]string{{"a", "b", "c", "d"}, {"d", "c", "b", "a"}, {"b", "a", "d", "c"}, {"./..."}} {
		code, out, errOut := runCLI(t, args...)
		if code != 1 {
			t.Errorf("%v: exit %d, want 1; stderr %s", args, code, errOut)
		}
		wantLines(t, strings.Join(args, " "), findings(out), want...)
	}

	// From another folder, the projects keep their configurations.
	t.Chdir(t.TempDir())
	code, out, _ := runCLI(t, filepath.Join(dir, "b"), filepath.Join(dir, "a"))
	got := findings(out)
	if code != 1 || len(got) != 3 || strings.Contains(strings.Join(got, "\n"), filepath.Join(dir, "b", "template.yaml")+":6") {
		t.Errorf("b a from elsewhere: exit %d, findings\n\t%s\nwant b's LV101 off", code, strings.Join(got, "\n\t"))
	}

	// The fail level is each project's own: c fails only on errors, so its
	// info finding alone passes, while a's info alone still passes by
	// default (info is below the default fail level) and a's error fails.
	if err := os.WriteFile(filepath.Join(dir, "c", "template.yaml"), []byte(strings.Replace(twoRules, "20480", "1024", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	if code, out, errOut := runCLI(t, "c"); code != 0 {
		t.Errorf("c without its error: exit %d, output %s %s", code, out, errOut)
	}
	if code, _, _ := runCLI(t, "c", "a"); code != 1 {
		t.Errorf("c and a: exit %d, want 1 (a's error)", code)
	}

	// -config names one configuration for every project.
	code, out, _ = runCLI(t, "-config", "b/.lambdavet.yaml", "a", "b")
	if code != 0 || strings.Contains(out, "LV101") {
		t.Errorf("-config b's for a and b: exit %d, output %s, want LV101 off in both", code, out)
	}
}

// TestConfigPerProjectPolicies: a configuration's own policies and
// organization limits apply to its projects only.
func TestConfigPerProjectPolicies(t *testing.T) {
	inDir(t, map[string]string{
		".git/HEAD":            "ref: refs/heads/main\n",
		"a/template.yaml":      goodTemplate,
		"org/template.yaml":    strings.Replace(goodTemplate, "20480", "4096", 1),
		"org/.lambdavet.yaml":  "policies: [policy]\nlimits:\n  memory-max: 3008\n",
		"org/policy/org.rego":  userPolicy,
		"plain/template.yaml":  strings.Replace(goodTemplate, "20480", "4096", 1),
		"plain/.lambdavet.yml": "rules:\n  LV101: error\n",
	})
	code, out, errOut := runCLI(t, "plain", "org", "a")
	got := strings.Join(findings(out), "\n")
	for _, want := range []string{"org/template.yaml:3: warning: function \"Worker\" has no Description (ORG001)", "org/template.yaml:6: error: function \"Worker\" sets MemorySize 4096, above the organization maximum of 3008 MB"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s\n%s", want, got, errOut)
		}
	}
	if strings.Contains(got, "plain/template.yaml") || strings.Contains(got, "a/template.yaml:3") || strings.Count(got, "ORG001") != 1 {
		t.Errorf("org's policy or limit reached another project:\n%s", got)
	}
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
}

// TestRuleFlagOfAConfigurationBelow: a rule only a folder's configuration
// defines can be turned off, or chosen, on the command line run from
// above; a rule no configuration defines is an error.
func TestRuleFlagOfAConfigurationBelow(t *testing.T) {
	inDir(t, map[string]string{
		".git/HEAD":           "ref: refs/heads/main\n",
		"org/template.yaml":   goodTemplate,
		"org/.lambdavet.yaml": "policies: [policy]\n",
		"org/policy/org.rego": userPolicy,
	})
	if _, out, _ := runCLI(t, "./..."); !strings.Contains(out, "ORG001") || !strings.Contains(out, "LV101") {
		t.Fatalf("without flags: %s", out)
	}
	if code, out, errOut := runCLI(t, "-ORG001=false", "./..."); code != 1 || strings.Contains(out, "ORG001") || !strings.Contains(out, "LV101") {
		t.Errorf("-ORG001=false: exit %d, output %s %s", code, out, errOut)
	}
	if code, out, errOut := runCLI(t, "-ORG001", "./..."); code != 1 || !strings.Contains(out, "ORG001") || strings.Contains(out, "LV101") {
		t.Errorf("-ORG001 alone: exit %d, output %s %s", code, out, errOut)
	}
	// Naming a built-in rule runs only it, not the rules the flag set
	// could not know of.
	if code, out, errOut := runCLI(t, "-LV101", "./..."); code != 1 || strings.Contains(out, "ORG001") || !strings.Contains(out, "LV101") {
		t.Errorf("-LV101 alone: exit %d, output %s %s", code, out, errOut)
	}
	if code, _, errOut := runCLI(t, "-ORG002=false", "./..."); code != 2 || !strings.Contains(errOut, "-ORG002: no rule ORG002") {
		t.Errorf("-ORG002=false: exit %d, stderr %s", code, errOut)
	}
}

// Two configurations may each define one organization rule their own
// way: each project's findings carry the severity and title of its own
// configuration's definition, in any order of the arguments, and neither
// is refused as defined twice (the rule's metadata comes with its
// analyzer, not from a registry by id).
func TestUserRuleDefinedPerConfiguration(t *testing.T) {
	strict := strings.Replace(strings.Replace(userPolicy, "severity: warning", "severity: error", 1),
		"title: functions must have a description", "title: every function is described", 1)
	inDir(t, map[string]string{
		".git/HEAD":              "ref: refs/heads/main\n",
		"team/template.yaml":     strings.Replace(goodTemplate, "20480", "1024", 1),
		"team/.lambdavet.yaml":   "policies: [policy]\n",
		"team/policy/org.rego":   userPolicy,
		"strict/template.yaml":   strings.Replace(goodTemplate, "20480", "1024", 1),
		"strict/.lambdavet.yaml": "policies: [policy]\n",
		"strict/policy/org.rego": strict,
	})
	for _, args := range [][]string{{"team", "strict"}, {"strict", "team"}, {"./..."}} {
		code, out, errOut := runCLI(t, append([]string{"-format", "json"}, args...)...)
		if code != 1 {
			t.Fatalf("%v: exit %d, want 1; stderr %s", args, code, errOut)
		}
		var got struct {
			Diagnostics []struct{ Rule, Name, Severity, File string }
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
		seen := map[string]string{}
		for _, d := range got.Diagnostics {
			if d.Rule == "ORG001" {
				seen[filepath.Dir(d.File)] = d.Severity + " " + d.Name
			}
		}
		want := map[string]string{"team": "warning functions must have a description", "strict": "error every function is described"}
		if !reflect.DeepEqual(seen, want) {
			t.Errorf("%v: ORG001 findings %v, want %v", args, seen, want)
		}
	}
}

// TestUserRuleKnownUnderItsConfiguration: a suppression of a user rule is
// judged by the rules of its own project's configuration. Under a folder
// whose policies do not define ORG001, a suppression of it names no rule
// (LV002), whichever folder is linted first and whatever another
// configuration of the run defines.
func TestUserRuleKnownUnderItsConfiguration(t *testing.T) {
	suppressed := strings.Replace(goodTemplate, "  Worker:\n", "  # lambdavet:ignore ORG001 described in the runbook\n  Worker:\n", 1)
	inDir(t, map[string]string{
		".git/HEAD":         "ref: refs/heads/main\n",
		"a/template.yaml":   suppressed,
		"a/.lambdavet.yaml": "policies: [policy]\n",
		"a/policy/org.rego": userPolicy,
		"b/template.yaml":   suppressed,
		"b/.lambdavet.yaml": "rules: {LV101: off}\n",
	})
	for _, order := range [][]string{{"a", "b"}, {"b", "a"}} {
		_, out, _ := runCLI(t, order...)
		got := findings(out)
		want := []string{`b/template.yaml:3: warning: suppression of "ORG001" names no lambdavet rule (LV002)`}
		var lv002 []string
		for _, l := range got {
			if strings.Contains(l, "(LV002)") || strings.Contains(l, "ORG001") {
				lv002 = append(lv002, l)
			}
		}
		wantLines(t, fmt.Sprint(order), lv002, want...)
	}
}

// TestUserRuleTakesNoBuiltinID: a policy that takes a Go rule's or a
// suppression rule's id is refused, as one taking a Rego rule's is.
func TestUserRuleTakesNoBuiltinID(t *testing.T) {
	for _, id := range []string{"LV303", "LV002"} {
		inDir(t, map[string]string{
			".lambdavet.yaml":  "policies: [policy]\n",
			"policy/mine.rego": strings.Replace(userPolicy, "id: ORG001", "id: "+id, 1),
			"template.yaml":    goodTemplate,
		})
		if code, _, errOut := runCLI(t, "."); code != 2 || !strings.Contains(errOut, "rule "+id+" is defined twice") {
			t.Errorf("%s: exit %d, stderr %q", id, code, errOut)
		}
	}
}
