package policy

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lambdavet/lambdavet/analyzers/rule"
)

// TestRuleDefinedTwice: one set of policy folders may define an id once,
// even when the two definitions are alike.
func TestRuleDefinedTwice(t *testing.T) {
	dir := t.TempDir()
	src := "# METADATA\n# title: twice\n# custom:\n#   id: ORGT2\n#   severity: warning\npackage org.rules.%s\n\nviolations := set()\n"
	for _, name := range []string{"one", "two"} {
		if err := os.WriteFile(filepath.Join(dir, name+".rego"), []byte(strings.Replace(src, "%s", name, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, err := Load(context.Background(), Options{Dirs: []string{dir}})
	if err == nil || !strings.Contains(err.Error(), "rule ORGT2 is defined twice") {
		t.Errorf("Load = %v, want ORGT2 defined twice", err)
	}
}

// TestUserRuleTakesNoBuiltinID: a user policy may not take the id of a
// built-in rule, Rego (LV101), Go (LV303) or a suppression rule's.
func TestUserRuleTakesNoBuiltinID(t *testing.T) {
	if err := rule.Register(rule.Meta{ID: "LVT97", Title: "a Go rule", Severity: rule.Warning, Source: "go"}); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"LV101", "LVT97"} {
		dir := t.TempDir()
		src := "# METADATA\n# title: mine\n# custom:\n#   id: " + id + "\n#   severity: warning\npackage org.rules.mine\n\nviolations := set()\n"
		if err := os.WriteFile(filepath.Join(dir, "mine.rego"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Load(context.Background(), Options{Dirs: []string{dir}})
		if err == nil || !strings.Contains(err.Error(), "rule "+id+" is defined twice") {
			t.Errorf("%s: Load = %v, want it defined twice", id, err)
		}
	}
}
