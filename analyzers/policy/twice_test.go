package policy

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
