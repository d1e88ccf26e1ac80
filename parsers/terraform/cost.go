package terraform

import (
	"github.com/zclconf/go-cty/cty"

	"github.com/lambdavet/lambdavet/parsers/model"
)

// The model's values share parts: a local is evaluated once and every
// reference to it points at the same value, so locals that refer to each
// other several times build a graph whose tree (what every later walk,
// the JSON form and the Rego input see) doubles at each step. Every
// reference therefore charges the tree it brings, memoized per value so
// that measuring costs no more than what it charges, and the depth of what
// it brings is checked, so no later recursion over values goes deeper than
// the budget's depth.

// valueCost is the size of a value as a tree, and its depth.
type valueCost struct {
	size  int64
	depth int64
}

// cost measures v. Values reached through references are memoized (they
// are complete when referenced); the rest is walked, at most as deep as the
// limit, so the walk is bounded by what it charges.
func (l *loader) cost(v *model.Value, depth int) valueCost {
	if v == nil {
		return valueCost{}
	}
	if c, ok := l.costs[v]; ok {
		return c
	}
	c := valueCost{size: 1, depth: 1}
	if depth > l.depthLimit {
		return valueCost{size: 1, depth: int64(depth)}
	}
	add := func(w *model.Value) {
		wc := l.cost(w, depth+1)
		c.size += wc.size
		c.depth = max(c.depth, wc.depth+1)
	}
	for _, it := range v.List {
		add(it)
	}
	for i := range v.Keys {
		add(v.FieldAt(i))
	}
	for _, a := range v.Alternatives {
		add(a)
	}
	return c
}

// charge spends the tree a reference brings into the value being built,
// and checks its depth; it memoizes the value's cost.
func (l *loader) charge(v *model.Value, at model.Range) *model.BudgetError {
	c := l.cost(v, 0)
	if len(l.costs) < 1<<20 {
		l.costs[v] = c
	}
	if c.depth > int64(l.depthLimit) {
		return l.budget.Exceed(model.BudgetDepth, "nesting of values (through references)", at)
	}
	return l.budget.SpendValues(c.size, "values built from references", at)
}

// fromCty converts a go-cty value, charging each value it makes: go-cty
// values share parts too, and the conversion makes a tree of them.
func (l *loader) fromCty(val cty.Value, rng model.Range) *model.Value {
	c := l.measure(val)
	switch {
	case c.depth > l.depthLimit:
		l.budget.Exceed(model.BudgetDepth, "nesting of an evaluated value", rng)
	case c.longest > l.budget.Limits().StringBytes:
		l.budget.Exceed(model.BudgetStringBytes, "an evaluated string", rng)
	default:
		l.budget.CheckCollection(c.nodes, "an evaluated value", rng)
	}
	if err := l.budget.Err(); err != nil {
		return model.NewUnknown("not evaluated: "+err.Message(), rng)
	}
	return fromCty(val, rng)
}
