package policy

import (
	"reflect"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/lambdavet/lambdavet/policies"
)

// TestWithoutCommentsSameModules parses every embedded policy as written
// and with its comments blanked: the rules, their positions and the
// METADATA must be the same, so blanking can never change what a rule
// does or says, whatever a later edit of the policies writes.
func TestWithoutCommentsSameModules(t *testing.T) {
	sources, err := policies.Modules()
	if err != nil {
		t.Fatal(err)
	}
	opts := ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1}
	blanked := 0
	for name, src := range sources {
		stripped := withoutComments(src)
		blanked += len(src) - len(stripped)
		want, err := ast.ParseModuleWithOpts(name, src, opts)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ast.ParseModuleWithOpts(name, stripped, opts)
		if err != nil {
			t.Fatalf("%s without comments: %v", name, err)
		}
		if got.String() != want.String() {
			t.Errorf("%s: the rules differ without comments", name)
		}
		if len(got.Annotations) != len(want.Annotations) {
			t.Fatalf("%s: %d METADATA blocks without comments, want %d", name, len(got.Annotations), len(want.Annotations))
		}
		for i := range want.Annotations {
			if !reflect.DeepEqual(got.Annotations[i], want.Annotations[i]) {
				t.Errorf("%s: METADATA block %d differs without comments", name, i)
			}
		}
		for i, r := range want.Rules {
			if got.Rules[i].Location.Row != r.Location.Row {
				t.Errorf("%s: rule %d moved from line %d to %d", name, i, r.Location.Row, got.Rules[i].Location.Row)
			}
		}
	}
	if blanked == 0 {
		t.Error("no comment was blanked in any policy")
	}
}

// TestWithoutComments pins what is blanked and what is kept.
func TestWithoutComments(t *testing.T) {
	src := "# METADATA\n# title: t\n#   more\npackage p\n\n# a note\n  # indented note\nx := 1 # trailing stays\n# METADATA\n# title: r\ny := 2\n# last"
	want := "# METADATA\n# title: t\n#   more\npackage p\n\n\n\nx := 1 # trailing stays\n# METADATA\n# title: r\ny := 2\n"
	if got := withoutComments(src); got != want {
		t.Errorf("withoutComments:\n%q\nwant\n%q", got, want)
	}
}

// TestBuiltinPoliciesPrintNothing holds what skipping the compiler's
// print stage (checkOnlyStages) relies on: no built-in policy calls
// print, whose calls that stage would otherwise erase.
func TestBuiltinPoliciesPrintNothing(t *testing.T) {
	sources, err := policies.Modules()
	if err != nil {
		t.Fatal(err)
	}
	for name, src := range sources {
		m, err := ast.ParseModuleWithOpts(name, src, ast.ParserOptions{RegoVersion: ast.RegoV1})
		if err != nil {
			t.Fatal(err)
		}
		ast.WalkExprs(m, func(e *ast.Expr) bool {
			if e.IsCall() && e.Operator().Equal(ast.Print.Ref()) {
				t.Errorf("%s:%d calls print", name, e.Location.Row)
			}
			return false
		})
	}
}
