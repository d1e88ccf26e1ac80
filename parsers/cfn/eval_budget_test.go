package cfn

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/lambdavet/lambdavet/parsers/model"
)

// Each hostile template below is a few kilobytes that a naive evaluator
// expands to gigabytes (or recurses on forever). Evaluation must stop at the
// budget with an error placed on the intrinsic where it ran out, in well
// under a second and a few megabytes.

const budgetHead = "AWSTemplateFormatVersion: '2010-09-09'\n"

func withFn(params, value string) string {
	return budgetHead + params + "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Environment:\n        Variables:\n          V: " + value + "\n"
}

func TestBudgetBoundsExpansion(t *testing.T) {
	big := "  P: {Type: String, Default: " + strings.Repeat("x", 1<<20) + "}\n"
	nested := `"xxxxxxxx"`
	for range 40 {
		nested = fmt.Sprintf(`{"Fn::Sub": ["${a}${a}", {"a": %s}]}`, nested)
	}
	var doubling, lists, deep strings.Builder
	doubling.WriteString("Parameters:\n  P0: {Type: String, Default: xxxxxxxxxxxxxxxx}\n")
	lists.WriteString("Parameters:\n  P0: {Type: String, Default: x}\n")
	deep.WriteString("Parameters:\n  P0: {Type: String, Default: x}\n")
	for i := 1; i <= 40; i++ {
		fmt.Fprintf(&doubling, "  P%d: {Type: String, Default: !Sub '${P%d}${P%d}'}\n", i, i-1, i-1)
		fmt.Fprintf(&lists, "  P%d: {Type: String, Default: [!Ref P%d, !Ref P%d]}\n", i, i-1, i-1)
	}
	for i := 1; i <= 200; i++ {
		fmt.Fprintf(&deep, "  P%d: {Type: String, Default: [[[[[[[[[[!Ref P%d]]]]]]]]]]}\n", i, i-1)
	}
	tests := []struct {
		name, src string
		kind      model.BudgetKind
	}{
		{"nested Sub doubling", withFn("", nested), model.BudgetStringBytes},
		{"parameter defaults doubling through Sub", withFn(doubling.String(), "!Ref P40"), model.BudgetStringBytes},
		{"Sub naming a large parameter 10,000 times", withFn("Parameters:\n"+big, "!Sub '"+strings.Repeat("${P}", 10000)+"'"), model.BudgetStringBytes},
		{"Split into characters", withFn("Parameters:\n"+big+"  Q: {Type: String, Default: !Join ['', [!Ref P, !Ref P]]}\n", "!Split ['', !Ref Q]"), model.BudgetCollection},
		{"Join of a huge list", withFn("Parameters:\n"+big, "!Join ['', ["+strings.Repeat("!Ref P, ", 10000)+"x]]"), model.BudgetStringBytes},
		{"Base64 of a doubled string", withFn(doubling.String(), "!Base64 {Ref: P21}"), model.BudgetStringBytes},
		{"ToJsonString of a doubled list", withFn(lists.String(), "!ToJsonString {a: !Ref P40}"), model.BudgetValues},
		{"Select from a doubled list", withFn(lists.String(), "!Select [0, !Ref P40]"), model.BudgetValues},
		{"parameter nested through parameters", withFn(deep.String(), "!Ref P200"), model.BudgetDepth},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := model.NewBudget(model.Limits{})
			err := evalBounded(t, tt.src, b, time.Second, 128<<20)
			if err == nil {
				t.Fatal("no budget error")
			}
			if err.Kind != tt.kind {
				t.Errorf("budget %s ran out, want %s (%v)", err.Kind, tt.kind, err)
			}
			checkPosition(t, tt.src, err)
		})
	}
}

// evalBounded parses and evaluates every resource of src with the budget,
// failing the test past the time or the bytes allocated, and returns the
// budget's error.
func evalBounded(t *testing.T, src string, b *model.Budget, most time.Duration, bytes uint64) *model.BudgetError {
	t.Helper()
	tpl := Parse("t.yaml", []byte(src))
	if len(tpl.Errors) > 0 {
		t.Fatalf("parse: %v", tpl.Errors[0])
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	e := NewEvaluatorWith(tpl, EvalOptions{Budget: b})
	e.Eval(tpl.Root.Get("Resources"))
	took := time.Since(start)
	runtime.ReadMemStats(&after)
	if took > most {
		t.Errorf("evaluation took %v, want under %v", took, most)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > bytes {
		t.Errorf("evaluation allocated %d MB, want under %d MB", alloc>>20, bytes>>20)
	}
	return b.Err()
}

// checkPosition asserts the error is placed on a node of the template: an
// intrinsic (short or long form) or the value it ran out in.
func checkPosition(t *testing.T, src string, err *model.BudgetError) {
	t.Helper()
	r := err.Range
	if r.File != "t.yaml" || r.Start.Line < 1 || r.Start.Column < 1 || int(r.Start.Offset) >= len(src) {
		t.Fatalf("error has no position in the file: %v", err)
	}
	lines := strings.Split(src, "\n")
	line := lines[r.Start.Line-1]
	if int(r.Start.Column) > len(line) {
		t.Fatalf("column %d past the line %q", r.Start.Column, line)
	}
	if at := src[r.Start.Offset:]; !strings.HasPrefix(at, "!") && !strings.HasPrefix(at, "{") && !strings.HasPrefix(at, "[") {
		t.Errorf("error at %v points at %.20q, not at an intrinsic or collection", r, at)
	}
}

// A mapping entry that looks itself up is circular: unknown, not a stack
// overflow; and a lookup fanned out over many keys at many levels is
// evaluated once per entry.
func TestFindInMapCycleAndFanOut(t *testing.T) {
	cyc := budgetHead + "Mappings:\n  M:\n    a: {b: !FindInMap [M, a, b]}\n    c: {d: !FindInMap [M, e, f]}\n    e: {f: !FindInMap [M, c, d]}\n" +
		"Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties: {Timeout: !FindInMap [M, a, b], MemorySize: !FindInMap [M, c, d]}\n"
	b := model.NewBudget(model.Limits{})
	if err := evalBounded(t, cyc, b, time.Second, 16<<20); err != nil {
		t.Fatalf("circular lookup is unknown, not a budget error: %v", err)
	}
	tpl := Parse("t.yaml", []byte(cyc))
	v := NewEvaluator(tpl, nil).Eval(tpl.Root.Get("Resources").Get("Fn").Get("Properties").Get("Timeout"))
	if v.State != model.Unknown || !strings.Contains(v.Reason, "circular") {
		t.Errorf("Timeout is %v (%s), want unknown as circular", v.State, v.Reason)
	}

	var fan strings.Builder
	fan.WriteString("Parameters:\n  K: {Type: String}\nMappings:\n")
	for l := range 8 {
		fmt.Fprintf(&fan, "  M%d:\n", l)
		for w := range 60 {
			val := "leaf"
			if l < 7 {
				val = fmt.Sprintf("!FindInMap [M%d, !Ref K, v]", l+1)
			}
			fmt.Fprintf(&fan, "    k%d: {v: %s}\n", w, val)
		}
	}
	src := withFn(fan.String(), "!FindInMap [M0, !Ref K, v]")
	if err := evalBounded(t, src, model.NewBudget(model.Limits{}), 2*time.Second, 64<<20); err != nil {
		checkPosition(t, src, err)
	}
}

// A value on more condition paths than the budget allows in one
// evaluation stops with the budget error at the Fn::If that crossed it.
func TestBudgetBoundsConditionPaths(t *testing.T) {
	var vars strings.Builder
	for i := range 20 {
		fmt.Fprintf(&vars, "          V%d: !If [C, a, b]\n", i)
	}
	src := budgetHead + "Parameters:\n  P: {Type: String}\nConditions:\n  C: !Equals [!Ref P, x]\n" +
		"Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Environment:\n        Variables:\n" + vars.String()
	err := evalBounded(t, src, model.NewBudget(model.Limits{Paths: 10}), time.Second, 16<<20)
	if err == nil || err.Kind != model.BudgetPaths {
		t.Fatalf("got %v, want the paths budget error", err)
	}
	if err.Range.Start.Line != 17 { // V5: the 11th and 12th paths
		t.Errorf("error at %v, want line 17", err.Range)
	}
	checkPosition(t, src, err)
	// The default budget follows them all.
	if err := evalBounded(t, src, model.NewBudget(model.Limits{}), time.Second, 16<<20); err != nil {
		t.Errorf("default budget: %v", err)
	}
}

// Conditions written on the conditions before them, under an Fn::If
// nested on each: each condition is decided once per path of the
// conditions it depends on, not once per path above it, so the work is
// linear in the template.
func TestConditionChainIsLinear(t *testing.T) {
	const n = 200
	var b strings.Builder
	b.WriteString(budgetHead + "Parameters:\n")
	for i := range n {
		fmt.Fprintf(&b, "  P%d: {Type: String}\n", i)
	}
	b.WriteString("Conditions:\n  C0: !Equals [!Ref P0, a]\n")
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, "  C%d: !And [!Equals [!Ref P%d, a], !Or [!Condition C%d, !Not [!Condition C%d]]]\n", i, i, i-1, i-1)
	}
	v := "1"
	for i := range n {
		v = fmt.Sprintf("!If [C%d, %s, %d]", i, v, i+2)
	}
	src := withFn(b.String(), v)
	tpl := Parse("t.yaml", []byte(src))
	start := time.Now()
	e := NewEvaluatorWith(tpl, EvalOptions{Budget: model.NewBudget(model.Limits{})})
	got := e.Eval(tpl.Root.Get("Resources").Get("Fn").Get("Properties").Get("Environment").Get("Variables").Get("V"))
	if took := time.Since(start); took > time.Second {
		t.Errorf("took %v", took)
	}
	if len(e.condMemo) > 2*n {
		t.Errorf("%d conditions decided for %d conditions: not linear", len(e.condMemo), n)
	}
	// Past 64 paths the inner Fn::If is one unknown path, as before.
	if got.State != model.Conditional || len(got.Candidates()) > 65 {
		t.Errorf("value is %v with %d paths", got.State, len(got.Candidates()))
	}
	if err := e.Budget().Err(); err != nil {
		t.Errorf("budget: %v", err)
	}
}
