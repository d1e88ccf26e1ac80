package policy

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"

	"github.com/lambdavet/lambdavet/analyzers/load"
	"github.com/lambdavet/lambdavet/internal/driver"
	"github.com/lambdavet/lambdavet/parsers/model"
)

// loadGathering loads the built-in policies with a gatherer that lets one
// goroutine evaluate at a time and holds its first evaluation until
// release is called, once the run's projects have queued behind it.
func loadGathering(t *testing.T) (as []*analysis.Analyzer, g *gatherer, release func()) {
	t.Helper()
	testHookGatherer = func(x *gatherer) { g = x }
	defer func() { testHookGatherer = nil }()
	as, err := Load(context.Background(), Options{})
	if err != nil || g == nil {
		t.Fatalf("Load: %v (gatherer %v)", err, g)
	}
	g.maxLeading = 1
	g.hold = make(chan struct{})
	return as, g, func() {
		// Until some projects queue (or a while, should they not).
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
			g.mu.Lock()
			n := len(g.pending)
			g.mu.Unlock()
			if n >= 6 {
				break
			}
		}
		close(g.hold)
	}
}

// runGathering lints pkgs with room for many small projects at once, the
// first evaluation held until they queue.
func runGathering(t *testing.T, pkgs []*driver.Package) (*driver.Result, *gatherer) {
	t.Helper()
	as, g, release := loadGathering(t)
	go release()
	return driver.Run(context.Background(), driver.Options{Analyzers: as, Parallelism: 2, SmallBytes: 64 << 20}, pkgs), g
}

// TestGatheredSameFindings: projects judged together get the findings
// each gets alone, every policy fixture (SAM, CloudFormation, Terraform,
// conditions, edge functions) included.
func TestGatheredSameFindings(t *testing.T) {
	pkgs := fixturePackages(t)
	plain, err := Load(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	alone := driver.Run(context.Background(), driver.Options{Analyzers: plain, Parallelism: 1}, pkgs)
	together, g := runGathering(t, pkgs)
	if g.gathered.Load() < 2 {
		t.Fatalf("%d projects judged with others, want several", g.gathered.Load())
	}
	if len(alone.Diagnostics) == 0 {
		t.Fatal("the fixtures gave no findings")
	}
	if !reflect.DeepEqual(together.Diagnostics, alone.Diagnostics) {
		for i := range max(len(alone.Diagnostics), len(together.Diagnostics)) {
			var a, b driver.Diagnostic
			if i < len(alone.Diagnostics) {
				a = alone.Diagnostics[i]
			}
			if i < len(together.Diagnostics) {
				b = together.Diagnostics[i]
			}
			if !reflect.DeepEqual(a, b) {
				t.Fatalf("finding %d: alone %+v, together %+v", i, a, b)
			}
		}
	}
	if !reflect.DeepEqual(together.Errors, alone.Errors) {
		t.Errorf("errors: alone %v, together %v", alone.Errors, together.Errors)
	}
	t.Logf("%d of %d projects judged with others", g.gathered.Load(), len(pkgs))
}

// TestGatheredBudget: a project judged with others spends its own budget
// of results, as alone: each of these projects has two findings and
// allows one result, and each gets the one budget error.
func TestGatheredBudget(t *testing.T) {
	dir := t.TempDir()
	var pkgs []*driver.Package
	const twoFindings = "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: python2.7\n      Handler: app.handler\n      MemorySize: 100000\n"
	for i := range 12 {
		p := filepath.Join(dir, fmt.Sprintf("t%d.yaml", i))
		if err := os.WriteFile(p, []byte(twoFindings), 0o644); err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, &driver.Package{Root: p, Files: []string{p}, Boundary: dir, Inputs: &load.Inputs{Limits: model.Limits{PolicyResults: 1}}})
	}
	res, g := runGathering(t, pkgs)
	if g.gathered.Load() < 2 {
		t.Fatalf("%d projects judged with others, want several", g.gathered.Load())
	}
	oneBudgetError(t, res, pkgs, model.BudgetPolicyResults)
}

// TestOwnerOf: a range number belongs to the project whose table starts
// at or below it; a violation without one belongs to none.
func TestOwnerOf(t *testing.T) {
	bases := []int{0, 3, 3, 7}
	for _, c := range []struct {
		item any
		want int
		ok   bool
	}{
		{map[string]any{"range": jsonNumber("0")}, 0, true},
		{map[string]any{"range": jsonNumber("2")}, 0, true},
		{map[string]any{"range": jsonNumber("3")}, 2, true}, // the second table is empty
		{map[string]any{"range": jsonNumber("9")}, 3, true},
		{map[string]any{"range": jsonNumber("10")}, 0, false},
		{map[string]any{"range": jsonNumber("-1")}, 0, false},
		{map[string]any{"range": map[string]any{"file": "x"}}, 0, false},
		{"not an object", 0, false},
	} {
		got, ok := ownerOf(c.item, bases, 10)
		if got != c.want || ok != c.ok {
			t.Errorf("ownerOf(%v) = %d, %v; want %d, %v", c.item, got, ok, c.want, c.ok)
		}
	}
}

func jsonNumber(s string) json.Number { return json.Number(s) }
