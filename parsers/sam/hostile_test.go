package sam

import (
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/lambdavet/lambdavet/internal/cputime"
	"github.com/lambdavet/lambdavet/parsers/model"
)

// TestHostileTemplates loads each generated hostile template through the
// SAM loader: no panic, the budget error placed in the file where it ran
// out (or a model when the template is merely large), in bounded time and
// memory.
func TestHostileTemplates(t *testing.T) {
	tests := []struct {
		name string
		// kind is the budget expected to run out; "" when the template
		// must load in full.
		kind model.BudgetKind
		fns  int
	}{
		{"nested-sub", model.BudgetStringBytes, 0},
		{"param-doubling", model.BudgetStringBytes, 0},
		{"sub-refs", model.BudgetStringBytes, 0},
		{"split", model.BudgetCollection, 0},
		{"join", model.BudgetStringBytes, 0},
		{"list-doubling", model.BudgetValues, 0},
		{"deep-params", model.BudgetDepth, 0},
		{"map-fanout", "", 1},
		{"map-cycle", "", 1},
		{"condition-nest", "", 1},
		{"globals", "", 1000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := hostileCases[tt.name]()
			p := loadBounded(t, src, 2*time.Second, 256<<20)
			if len(p.Functions) != tt.fns {
				t.Errorf("%d functions, want %d", len(p.Functions), tt.fns)
			}
			if tt.kind == "" {
				for _, e := range p.Errors {
					t.Errorf("load error: %v", e)
				}
				return
			}
			if len(p.Errors) != 1 {
				t.Fatalf("%d errors, want the budget's one: %v", len(p.Errors), p.Errors)
			}
			e := p.Errors[0]
			if !strings.Contains(e.Message, "budget."+string(tt.kind)) {
				t.Errorf("error %q, want the %s budget", e.Message, tt.kind)
			}
			if e.Range.File != "t.yaml" || int(e.Range.Start.Line) < 2 || e.Range.Start.Column < 1 || int(e.Range.Start.Offset) >= len(src) {
				t.Errorf("error has no real position: %v", e)
			}
			if len(p.Resources) != 0 {
				t.Errorf("a template past its budget keeps no resources, has %d", len(p.Resources))
			}
		})
	}
}

// Globals are shared, not copied per function, but every inherited copy
// counts: a budget of fewer values than 1,000 functions inherit stops at
// the function that crosses it.
func TestGlobalsCopiesCount(t *testing.T) {
	src := genGlobals(100, 1000)
	p, _ := Load("t.yaml", []byte(src), Options{Budget: model.NewBudget(model.Limits{Values: 50_000})})
	if len(p.Errors) != 1 || !strings.Contains(p.Errors[0].Message, "budget.values") {
		t.Fatalf("errors %v, want the values budget", p.Errors)
	}
	if r := p.Errors[0].Range; r.Start.Line < 100 || !strings.HasPrefix(src[r.Start.Offset:], "F") {
		t.Errorf("error at %v, want a function's logical id", r)
	}
	// Shared Globals are still each function's own view.
	p = loadBounded(t, genGlobals(3, 2), time.Second, 16<<20)
	for _, f := range p.Functions {
		if v := f.Environment.Get("V1"); v == nil || v.Origin.String() != model.OriginGlobals {
			t.Errorf("%s: V1 %v, want it from Globals", f.Name(), v)
		}
	}
}

// TestManyFunctions is the 20,000-function template: it loads in well under
// five seconds of CPU (parsing included) with every function modeled.
func TestManyFunctions(t *testing.T) {
	if testing.Short() {
		t.Skip("20,000 functions")
	}
	p := loadBounded(t, genFunctions(20000), 10*time.Second, 3<<30)
	if len(p.Functions) != 20000 {
		t.Fatalf("%d functions", len(p.Functions))
	}
	f := p.Functions[19999]
	if len(f.Uses) == 0 || len(f.Triggers) != 1 {
		t.Errorf("last function: %d uses, %d triggers", len(f.Uses), len(f.Triggers))
	}
}

// loadBounded loads src with the default budget and fails past the CPU
// time (the machine is shared: wall time may be several times more) or the
// bytes allocated.
func loadBounded(t *testing.T, src string, cpu time.Duration, bytes uint64) *model.Project {
	t.Helper()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	c0, start := cputime.Used(), time.Now()
	p, _ := Load("t.yaml", []byte(src), Options{})
	p.DeriveNetwork() // what the VPC rules need is bounded too
	used, wall := cputime.Used()-c0, time.Since(start)
	runtime.ReadMemStats(&after)
	if used > cpu {
		t.Errorf("load used %v of CPU (%v wall), want under %v", used, wall, cpu)
	}
	if wall > 4*cpu+5*time.Second {
		t.Errorf("load took %v", wall)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > bytes {
		t.Errorf("load allocated %d MB, want under %d MB", alloc>>20, bytes>>20)
	}
	return p
}
