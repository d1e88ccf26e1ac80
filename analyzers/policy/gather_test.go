package policy

import (
	"context"
	"encoding/json"
	"fmt"
	"go/types"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/rego"
	"golang.org/x/tools/go/analysis"

	"github.com/lambdavet/lambdavet/analyzers/load"
	"github.com/lambdavet/lambdavet/analyzers/policy/runlimit"
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

// TestGatherPanic: a panic judging one project of a batch (a bug a hostile
// file reaches) is that project's error; the others keep their findings,
// and the turn to evaluate is handed on, so a later project is judged.
func TestGatherPanic(t *testing.T) {
	release := make(chan struct{})
	g := newGatherer(rego.PreparedEvalQuery{}, func(j *gatherJob) (builtinResults, error) {
		if j.p.Root == "bad" {
			panic("a bug one hostile file reaches")
		}
		return builtinResults{"x": {j.p.Root}}, nil
	})
	g.maxLeading = 1
	g.hold = release
	meter := runlimit.NewMeter(time.Hour)
	judge := func(name string) (builtinResults, error) {
		pkg := types.NewPackage(name, "p")
		defer runlimit.Bind(context.Background(), pkg, meter)()
		b := model.NewBudget(model.Limits{}.WithDefaults())
		b.Exceed(model.BudgetPolicyTime, "spent", model.Range{}) // so each is judged alone
		p := &model.Project{Root: name, Budget: b, Functions: make([]*model.Function, 1)}
		return g.judge(&analysis.Pass{Pkg: pkg}, p, newInput(nil, model.Limits{}, 1))
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	got := map[string]string{}
	for _, name := range []string{"bad", "a", "b", "c"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := judge(name)
			mu.Lock()
			got[name] = fmt.Sprint(res, err)
			mu.Unlock()
		}()
		time.Sleep(20 * time.Millisecond) // "bad" leads and is held; the others queue
	}
	close(release)
	wg.Wait()
	if !strings.Contains(got["bad"], "panic: a bug one hostile file reaches") {
		t.Errorf("the panicking project: %s, want its panic as its error", got["bad"])
	}
	for _, name := range []string{"a", "b", "c"} {
		if want := fmt.Sprint(builtinResults{"x": {name}}, nil); got[name] != want {
			t.Errorf("project %s: %s, want %s", name, got[name], want)
		}
	}
	done := make(chan struct{})
	go func() { _, _ = judge("later"); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Error("a later project waits for a turn nobody holds")
	}
}

// slowTemplate is one function whose built-in policies take a while: n
// layers and n environment variables.
func slowTemplate(t *testing.T, dir string, n int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      MemorySize: 128\n      Layers:\n")
	for i := range n {
		fmt.Fprintf(&b, "        - arn:aws:lambda:us-east-1:123456789012:layer:l%d:1\n", i)
	}
	b.WriteString("      Environment:\n        Variables:\n")
	for i := range n {
		fmt.Fprintf(&b, "          V%d: x\n", i)
	}
	p := filepath.Join(dir, "slow.yaml")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestGatheredPolicyTime: judged with others, each project keeps its own
// policy time: a slow one runs out of it as alone (the batch may not take
// more than it has), and the others, judged alone when the batch runs
// out, keep theirs whole.
func TestGatheredPolicyTime(t *testing.T) {
	for _, c := range []struct {
		n    int
		time time.Duration
	}{
		// Twice what the slow project's policies would need at least: at
		// 4,000 entries they took about 50 ms, and whether it ran out of
		// 50 ms alone and together was a coin toss. A smaller budget runs
		// out the run's share under -race instead.
		{8000, 50 * time.Millisecond}, {20000, 100 * time.Millisecond},
	} {
		t.Run(fmt.Sprint(c.n), func(t *testing.T) {
			dir := t.TempDir()
			limits := model.Limits{PolicyTime: c.time}
			slow := slowTemplate(t, dir, c.n)
			pkgs := []*driver.Package{{Root: slow, Files: []string{slow}, Boundary: dir, Inputs: &load.Inputs{Limits: limits}}}
			for i := range 7 {
				p := filepath.Join(dir, fmt.Sprintf("t%d.yaml", i))
				if err := os.WriteFile(p, []byte(fnTemplate), 0o644); err != nil {
					t.Fatal(err)
				}
				pkgs = append(pkgs, &driver.Package{Root: p, Files: []string{p}, Boundary: dir, Inputs: &load.Inputs{Limits: limits}})
			}
			plain, err := Load(context.Background(), Options{})
			if err != nil {
				t.Fatal(err)
			}
			alone := driver.Run(context.Background(), driver.Options{Analyzers: plain, Parallelism: 1}, pkgs)
			together, _ := runGathering(t, pkgs)
			if len(together.Errors) != len(alone.Errors) {
				t.Errorf("errors alone %v, together %v", alone.Errors, together.Errors)
			}
			for _, e := range together.Errors {
				if e.File != slow {
					t.Errorf("a fast project ran out of time with the slow one: %v", e)
				}
			}
		})
	}
}
