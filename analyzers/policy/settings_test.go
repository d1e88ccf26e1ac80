package policy

import (
	"context"
	"encoding/json"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"golang.org/x/tools/go/analysis"

	"github.com/lambdavet/lambdavet/analyzers/load"
	"github.com/lambdavet/lambdavet/internal/discover"
	"github.com/lambdavet/lambdavet/internal/driver"
	"github.com/lambdavet/lambdavet/parsers/model"
)

// loadProjects loads every project under the rules' fixtures: SAM,
// CloudFormation and Terraform, with conditions, Globals, edge functions
// and parameters.
func loadProjects(t *testing.T) []*model.Project {
	t.Helper()
	pkgs := fixturePackages(t)
	var out []*model.Project
	grab := &analysis.Analyzer{Name: "grab", Doc: "keep the model", Requires: []*analysis.Analyzer{load.Analyzer},
		ResultType: reflect.TypeFor[int](),
		Run: func(p *analysis.Pass) (any, error) {
			out = append(out, p.ResultOf[load.Analyzer].(*model.Project))
			return 0, nil
		}}
	// One project at a time: grab appends without a lock.
	for _, pkg := range pkgs {
		driver.Run(context.Background(), driver.Options{Analyzers: []*analysis.Analyzer{grab}}, []*driver.Package{pkg})
	}
	return out
}

// fixturePackages returns the projects of the built-in rules' fixtures.
func fixturePackages(t *testing.T) []*driver.Package {
	t.Helper()
	dirs, err := filepath.Glob(filepath.Join("..", "..", "policies", "*", "testdata"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	pkgs, err := discover.Packages(dirs)
	if err != nil {
		t.Fatal(err)
	}
	return pkgs
}

// TestSettingsMatchJSONForm holds the built-in policies' input to the
// model's JSON form, which user policies, -dump-model and the schema
// promise: the same shape and values, ranges aside (numbers into a table,
// put back in the violations).
func TestSettingsMatchJSONForm(t *testing.T) {
	edge := 0
	n := 0
	for _, p := range loadProjects(t) {
		for _, f := range p.Functions {
			n++
			want := f.SettingsJSON()
			if len(f.Edge) > 0 {
				edge++
				want["properties"] = f.Resource.Properties.JSON()
			}
			wantV, err := toRegoInput(want)
			if err != nil {
				t.Fatal(err)
			}
			c := newSettingsConverter()
			c.inline = true
			if got := c.function(f); got.Compare(wantV) != 0 {
				t.Errorf("%s: the built-in input differs from the JSON form:\n got %v\nwant %v", f.Resource.Name, got, wantV)
			}
		}
	}
	if n < 100 || edge == 0 {
		t.Fatalf("only %d functions (%d at the edge) in the fixtures", n, edge)
	}
}

// TestRangesResolve checks that a violation's range number comes back as
// the range it stands for, and that a number outside the table is an
// error rather than a finding at 1:1.
func TestRangesResolve(t *testing.T) {
	c := newSettingsConverter()
	r := model.Range{File: "t.yaml", Start: model.Point{Line: 3, Column: 5, Offset: 20}, End: model.Point{Line: 3, Column: 9, Offset: 24}}
	term := c.rangeTerm(r)
	if again := c.rangeTerm(r); !again.Equal(term) {
		t.Errorf("equal ranges got numbers %v and %v", term, again)
	}
	num, _ := ast.JSON(term.Value)
	vs := []any{map[string]any{"message": "m", "range": num}}
	if err := c.resolveRanges(vs); err != nil {
		t.Fatal(err)
	}
	got := vs[0].(map[string]any)["range"]
	if !reflect.DeepEqual(got, r.JSON()) {
		t.Errorf("range %v resolved to %v, want %v", num, got, r.JSON())
	}
	if err := c.resolveRanges([]any{map[string]any{"message": "m", "range": json.Number("7")}}); err == nil {
		t.Error("a range number outside the table was accepted")
	}
}
