package cfn

import (
	"encoding/json"
	"sort"
	"strconv"

	"github.com/lambdavet/lambdavet/parsers/model"
)

// This file holds what keeps evaluation within the project's budget: sizes
// computed before strings and lists are built, shared values counted each
// time they are handed out, memoised mapping entries, and the count of
// condition paths explored.

// budgetUnknown is the value evaluation yields once the budget is
// exhausted: unknown, so no rule judges it; the budget keeps the error.
func budgetUnknown(err *model.BudgetError, r model.Range) *model.Value {
	return model.NewUnknown("not evaluated: "+err.Message(), r)
}

// joinedLen is the length of parts joined with a separator of sep bytes,
// saturated so no sum overflows.
func joinedLen(parts []string, sep int) int64 {
	var n int64
	for i, p := range parts {
		n += int64(len(p))
		if i > 0 {
			n += int64(sep)
		}
		if n > 1<<62 {
			return 1 << 62
		}
	}
	return n
}

// explore counts one more condition path followed by the current top-level
// evaluation. Nested Fn::If and FindInMap over keys not known multiply
// paths; past the budget's Paths the project is not evaluated further.
func (e *Evaluator) explore(r model.Range) *model.BudgetError {
	e.explored++
	return e.budget.CheckPaths(e.explored, "the condition paths followed in one evaluation", r)
}

// valueCost is the size of a value counted as a tree (what a rule walking
// it visits) and its depth, each saturated at a limit.
type valueCost struct {
	size, depth int64
}

// costOf measures a value, memoised per value so a DAG of shared values
// (a parameter whose default names another twice) is measured in time
// linear in its distinct values though its tree size is exponential.
func (e *Evaluator) costOf(v *model.Value, depth int64) valueCost {
	if v == nil {
		return valueCost{}
	}
	if len(v.List) == 0 && len(v.Alternatives) == 0 && len(v.Keys) == 0 {
		return valueCost{size: 1, depth: 1} // scalars are not worth a memo entry
	}
	if c, ok := e.costs[v]; ok {
		return c
	}
	lim := e.budget.Limits()
	c := valueCost{size: 1, depth: 1}
	if depth > lim.Depth {
		return valueCost{size: lim.Values + 1, depth: lim.Depth + 1}
	}
	add := func(kids []*model.Value) {
		for _, k := range kids {
			kc := e.costOf(k, depth+1)
			c.size = min(c.size+kc.size, lim.Values+1)
			c.depth = max(c.depth, kc.depth+1)
		}
	}
	add(v.List)
	add(v.Alternatives)
	for _, k := range v.Keys {
		add([]*model.Value{v.Field(k)})
	}
	e.costs[v] = c
	return c
}

// spendShared counts a shared value handed out once more: as many values as
// its tree holds, and its depth below the place it is used.
func (e *Evaluator) spendShared(v *model.Value, what string, r model.Range) *model.BudgetError {
	c := e.costOf(v, 0)
	if err := e.budget.CheckDepth(e.depth+c.depth, "nesting of "+what, r); err != nil {
		return err
	}
	return e.budget.SpendValues(c.size, what, r)
}

// memoKey names one evaluation of a node under a condition path.
type memoKey struct {
	n *Node
	a string
}

// mappingEntry evaluates the mapping entry m reached by Fn::FindInMap. The
// entry is evaluated once per condition path and shared after, counted each
// time; an entry whose evaluation looks itself up is circular, which
// CloudFormation refuses, and is unknown here.
func (e *Evaluator) mappingEntry(m *Node, origin string, a assumptions) *model.Value {
	key := memoKey{m, a.key()}
	v, ok := e.mapMemo[key]
	switch {
	case ok:
		if err := e.spendShared(v, origin, m.Range); err != nil {
			return budgetUnknown(err, m.Range)
		}
	case e.mapBusy[m]:
		return model.NewUnknown(origin+" looks itself up (Fn::FindInMap is circular)", m.Range)
	default:
		e.mapBusy[m] = true
		v = e.eval(m, a)
		delete(e.mapBusy, m)
		if !e.budget.Exhausted() {
			e.mapMemo[key] = v
		}
	}
	if len(v.Origin) == 0 {
		v = v.WithOrigin(origin)
	}
	return v
}

// toJSON renders a fully known value as Fn::ToJsonString does, checking the
// length against the budget as it grows; nil when a part is not known.
func (e *Evaluator) toJSON(v *model.Value, r model.Range) (*string, *model.BudgetError) {
	limit := e.budget.Limits().StringBytes
	var buf []byte
	var write func(v *model.Value, depth int64) bool
	write = func(v *model.Value, depth int64) bool {
		if int64(len(buf)) > limit || depth > e.budget.Limits().Depth || !v.IsKnown() {
			return false
		}
		switch v.Type {
		case model.String:
			b, _ := json.Marshal(v.Str)
			buf = append(buf, b...)
		case model.Number:
			b, err := json.Marshal(v.Num)
			if err != nil {
				return false
			}
			buf = append(buf, b...)
		case model.Bool:
			buf = strconv.AppendBool(buf, v.Bool)
		case model.Null:
			buf = append(buf, "null"...)
		case model.List:
			buf = append(buf, '[')
			for i, it := range v.List {
				if i > 0 {
					buf = append(buf, ',')
				}
				if !write(it, depth+1) {
					return false
				}
			}
			buf = append(buf, ']')
		case model.Map:
			// encoding/json sorts map keys; so does CloudFormation's output
			// as lambdavet rendered it before.
			keys := append([]string(nil), v.Keys...)
			sort.Strings(keys)
			buf = append(buf, '{')
			for i, k := range keys {
				if i > 0 {
					buf = append(buf, ',')
				}
				b, _ := json.Marshal(k)
				buf = append(buf, b...)
				buf = append(buf, ':')
				if !write(v.Field(k), depth+1) {
					return false
				}
			}
			buf = append(buf, '}')
		default:
			return false
		}
		return true
	}
	ok := write(v, 0)
	if int64(len(buf)) > limit {
		return nil, e.budget.Exceed(model.BudgetStringBytes, "the string Fn::ToJsonString makes", r)
	}
	if !ok {
		return nil, nil
	}
	if err := e.budget.SpendString(int64(len(buf)), "the string Fn::ToJsonString makes", r); err != nil {
		return nil, err
	}
	s := string(buf)
	return &s, nil
}
