package policy

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"

	"github.com/lambdavet/lambdavet/analyzers/load"
	"github.com/lambdavet/lambdavet/internal/driver"
	"github.com/lambdavet/lambdavet/parsers/model"
)

// policyIDs numbers the user policies of the tests: rule ids are
// registered once per process.
var policyIDs atomic.Int64

// userPolicies writes each body as a user policy HOSTILEn whose violations
// rule is that body, and loads them.
func userPolicies(t testing.TB, bodies ...string) []*analysis.Analyzer {
	t.Helper()
	dir := t.TempDir()
	for i, body := range bodies {
		id := policyIDs.Add(1)
		src := fmt.Sprintf("# METADATA\n# title: hostile %d\n# custom:\n#   id: HOSTILE%d\n#   severity: error\npackage org.hostile%d\n\n%s\n", id, id, id, body)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("p%d.rego", i)), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	as, err := Load(context.Background(), Options{Dirs: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	var out []*analysis.Analyzer
	for _, a := range as {
		if strings.HasPrefix(a.Name, "HOSTILE") {
			out = append(out, a)
		}
	}
	if len(out) != len(bodies) {
		t.Fatalf("loaded %d user policies, want %d", len(out), len(bodies))
	}
	return out
}

const fnTemplate = "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      MemorySize: 128\n"

// projects writes n one-function templates, each its own project, run
// with limits.
func projects(t testing.TB, n int, limits model.Limits) []*driver.Package {
	t.Helper()
	dir := t.TempDir()
	var pkgs []*driver.Package
	for i := range n {
		p := filepath.Join(dir, fmt.Sprintf("t%d.yaml", i))
		if err := os.WriteFile(p, []byte(fnTemplate), 0o644); err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, &driver.Package{Root: p, Files: []string{p}, Boundary: dir, Inputs: &load.Inputs{Limits: limits}})
	}
	return pkgs
}

// slow never ends on its own: 10^10 iterations that build nothing.
const slow = `violations contains {"message": "never", "range": {}} if {
	some i in numbers.range(1, 100000)
	some j in numbers.range(1, 100000)
	i * j == -1
}`

// oneBudgetError checks that each project has exactly one error, a budget
// error of kind, at the function (2:3), and no findings.
func oneBudgetError(t *testing.T, res *driver.Result, pkgs []*driver.Package, kind model.BudgetKind) {
	t.Helper()
	byFile := map[string][]driver.Error{}
	for _, e := range res.Errors {
		byFile[e.File] = append(byFile[e.File], e)
	}
	for _, p := range pkgs {
		es := byFile[p.Root]
		if len(es) != 1 {
			t.Errorf("%s: %d errors, want 1: %v", filepath.Base(p.Root), len(es), es)
			continue
		}
		if e := es[0]; e.Line != 2 || e.Column != 3 || !strings.Contains(e.Message, "budget."+string(kind)) {
			t.Errorf("%s: error %d:%d %q, want a %s budget error at 2:3", filepath.Base(p.Root), e.Line, e.Column, e.Message, kind)
		}
	}
	if len(res.Diagnostics) != 0 {
		t.Errorf("findings of projects out of budget: %v", res.Diagnostics)
	}
}

// The policies of one project share one deadline: three slow policies
// take PolicyTime together, not three times it.
func TestPolicyTimeIsPerProject(t *testing.T) {
	as := userPolicies(t, slow, slow, slow)
	limit := 500 * time.Millisecond
	pkgs := projects(t, 1, model.Limits{PolicyTime: limit})
	start := time.Now()
	res := driver.Run(context.Background(), driver.Options{Analyzers: as, Parallelism: 1}, pkgs)
	took := time.Since(start)
	oneBudgetError(t, res, pkgs, model.BudgetPolicyTime)
	// Before: each policy had its own limit, so three ran for 3 × limit
	// on two cores (1.5 s here, 60 s with the defaults).
	if took > 2*limit+time.Second {
		t.Errorf("three slow policies took %v, want about %v", took, limit)
	}
}

// The run has one allowance too: ten projects with a slow policy cost
// what two do.
func TestPolicyTimeIsBoundedForTheRun(t *testing.T) {
	as := userPolicies(t, slow)
	limit := 300 * time.Millisecond
	pkgs := projects(t, 10, model.Limits{PolicyTime: limit})
	start := time.Now()
	driver.Run(context.Background(), driver.Options{Analyzers: []*analysis.Analyzer{InputAnalyzer}, Parallelism: 2}, pkgs)
	base := time.Since(start) // what the run costs without the policies
	start = time.Now()
	res := driver.Run(context.Background(), driver.Options{Analyzers: as, Parallelism: 2}, pkgs)
	took := time.Since(start)
	oneBudgetError(t, res, pkgs, model.BudgetPolicyTime)
	// Before: 10 × limit / 2 cores = 1.5 s (110 s for 11 templates with
	// the defaults); now 2 × limit of policy time for the whole run.
	if took > 2*limit+base+time.Second {
		t.Errorf("ten slow projects took %v, want about %v + %v", took, 2*limit, base)
	}
	if len(res.Errors) == 0 || !strings.Contains(res.Errors[len(res.Errors)-1].Message, "of the run") {
		t.Errorf("the last projects should be stopped by the run's allowance: %v", res.Errors)
	}
}

// heapDuring runs f and returns the peak of the live heap sampled while it
// ran, roughly.
func heapDuring(f func()) uint64 {
	var peak uint64
	done := make(chan struct{})
	go func() {
		var m runtime.MemStats
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				runtime.ReadMemStats(&m)
				peak = max(peak, m.HeapAlloc)
			}
		}
	}()
	runtime.GC()
	f()
	close(done)
	return peak
}

// Policies that would build gigabytes are stopped by the project's budget,
// each with one error; a good project beside them is linted.
func TestPolicyMemoryIsBounded(t *testing.T) {
	for name, c := range map[string]struct {
		body string
		kind model.BudgetKind
	}{
		// Before: numbers.range(1, 1e9) asked for 10^9 terms and the
		// process died out of memory.
		"range":      {`violations contains {"message": "x", "range": {}} if count(numbers.range(1, 1000000000)) == 0`, model.BudgetCollection},
		"range_step": {`violations contains {"message": "x", "range": {}} if count(numbers.range_step(1, 1000000000000, 2)) == 0`, model.BudgetCollection},
		"width":      {`violations contains {"message": x, "range": {}} if x := sprintf("%999999999d", [1])`, model.BudgetStringBytes},
		"squaring": {`violations contains {"message": "x", "range": {}} if {
			a := concat("", [x | some _ in numbers.range(1, 4000); x := "a"])
			b := replace(a, "a", a)
			c := replace(b, "a", b)
			count(c) == 0
		}`, model.BudgetStringBytes},
		// A doubling chain of strings each under the one-string limit,
		// kept alive in a comprehension: stopped by the allowance.
		"allowance": {`violations contains {"message": "x", "range": {}} if {
			big := concat("", [x | some _ in numbers.range(1, 1000); x := "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"])
			n := count([s | some i in numbers.range(1, 100000); s := concat("", [big, sprintf("%d", [i])])])
			n == 0
		}`, model.BudgetTotalBytes},
		// Before: 3 million violations were built, then decoded. OPA
		// builds the whole set before returning it, so the heap watch
		// stops it.
		"results": {`violations contains {"message": sprintf("%d %d", [i, j]), "range": {}} if {
			some i in numbers.range(1, 2000)
			some j in numbers.range(1, 1500)
		}`, model.BudgetTotalBytes},
		// Results within memory, over the count.
		"count": {`violations contains {"message": sprintf("%d", [i]), "range": {}} if some i in numbers.range(1, 5000)`, model.BudgetPolicyResults},
	} {
		t.Run(name, func(t *testing.T) {
			as := userPolicies(t, c.body)
			// Lower memory limits than the defaults keep the test quick.
			pkgs := projects(t, 1, model.Limits{PolicyTime: 30 * time.Second, TotalBytes: 64 << 20, PolicyResults: 1000})
			var res *driver.Result
			start := time.Now()
			peak := heapDuring(func() {
				res = driver.Run(context.Background(), driver.Options{Analyzers: as}, pkgs)
			})
			oneBudgetError(t, res, pkgs, c.kind)
			if peak > 1<<30 {
				t.Errorf("peak heap %d MB", peak>>20)
			}
			t.Logf("%v, peak heap %d MB: %v", time.Since(start).Round(time.Millisecond), peak>>20, res.Errors)
		})
	}
}

// One project out of policy budget does not stop the others: built-in
// rules still report on a good project in the same run.
func TestOtherProjectsAreLinted(t *testing.T) {
	as := append(loadBuiltin(t), userPolicies(t, `violations contains {"message": "x", "range": {}} if {
	input.functions[0].name == "Hostile"
	count(numbers.range(1, 1000000000)) == 0
}`)...)
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(good, []byte(strings.Replace(fnTemplate, "MemorySize: 128", "MemorySize: 1", 1)), 0o644)
	os.WriteFile(bad, []byte(strings.Replace(fnTemplate, "  Fn:", "  Hostile:", 1)), 0o644)
	pkgs := []*driver.Package{{Root: good, Files: []string{good}}, {Root: bad, Files: []string{bad}}}
	res := driver.Run(context.Background(), driver.Options{Analyzers: as}, pkgs)
	oneBudgetError(t, &driver.Result{Errors: res.Errors}, pkgs[1:], model.BudgetCollection)
	found := false
	for _, d := range res.Diagnostics {
		if d.File == good && d.Rule == "LV101" {
			found = true
		}
	}
	if !found {
		t.Errorf("the good project was not linted: %v", res.Diagnostics)
	}
}

// A violation that names its resource but gives no range, or gives a line
// and column without offsets, lands on the resource or the line, not
// nowhere or at 1:1.
func TestViolationRangesArePlaced(t *testing.T) {
	as := userPolicies(t,
		`violations contains {"message": "by name", "range": {}, "resource": fn.name} if some fn in input.functions`,
		`violations contains {"message": "by line", "range": {"file": fn.range.file, "line": 5, "column": 7}} if some fn in input.functions`)
	pkgs := projects(t, 1, model.Limits{})
	res := driver.Run(context.Background(), driver.Options{Analyzers: as}, pkgs)
	got := map[string]string{}
	for _, d := range res.Diagnostics {
		got[d.Message] = fmt.Sprintf("%d:%d", d.Line, d.Column)
	}
	if got["by name"] != "2:3" || got["by line"] != "5:7" {
		t.Errorf("placed at %v, want by name at 2:3 and by line at 5:7 (errors %v)", got, res.Errors)
	}
}

// Once one policy spends the project's budget, the others stop too: a
// slow policy does not run on to the deadline for a project that is
// already not linted.
func TestSpentBudgetStopsOtherPolicies(t *testing.T) {
	as := userPolicies(t, slow, `violations contains {"message": "x", "range": {}} if count(numbers.range(1, 1000000000)) == 0`)
	pkgs := projects(t, 1, model.Limits{PolicyTime: 20 * time.Second})
	start := time.Now()
	res := driver.Run(context.Background(), driver.Options{Analyzers: as}, pkgs)
	oneBudgetError(t, res, pkgs, model.BudgetCollection)
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("took %v: the slow policy ran on after the budget was spent", took)
	}
}
