package sam

import (
	"github.com/lambdavet/lambdavet/parsers/cfn"
	"github.com/lambdavet/lambdavet/parsers/model"
)

// mergeGlobals merges Globals.Function into a function's properties the way
// the SAM translator does: the function's scalars win, maps merge key by key
// (recursively), and lists concatenate with the Globals entries first. SAM
// merges the template as written, before intrinsics are resolved, so an
// intrinsic on either side (a !Ref to a list parameter, an !If) is one
// opaque value that the function's side replaces: gNode and lNode are the
// written nodes beside the evaluated values. Every value that comes from
// Globals is marked so diagnostics point there and say so.
func mergeGlobals(global, local *model.Value, gNode, lNode *cfn.Node) *model.Value {
	switch {
	case global == nil || global.State == model.Absent:
		return local
	case lNode.IsIntrinsic():
		// An intrinsic replaces the Globals value whole, even one that
		// resolves to AWS::NoValue: the AWS default then applies.
		return local
	case local == nil || local.State == model.Absent:
		return global // marked already, and shared
	}
	if global.State != model.Known || local.State != model.Known || gNode.IsIntrinsic() || lNode.IsIntrinsic() {
		return local
	}
	switch {
	case global.Type == model.Map && local.Type == model.Map:
		m := model.NewMap(local.Range)
		m.Origin = local.Origin
		for _, k := range global.Keys {
			m.Set(k, mergeGlobals(global.Field(k), local.Field(k), gNode.Get(k), lNode.Get(k)))
		}
		for _, k := range local.Keys {
			if m.Field(k) == nil {
				m.Set(k, local.Field(k))
			}
		}
		return m
	case global.Type == model.List && local.Type == model.List:
		items := make([]*model.Value, 0, len(global.List)+len(local.List))
		items = append(items, global.List...)
		items = append(items, local.List...)
		l := model.NewList(items, local.Range)
		l.Origin = local.Origin
		return l
	}
	return local
}

// markGlobals labels a value, and everything inside it, as set in Globals.
// It is called once per Globals section (the result is shared by every
// resource inheriting it); memo keeps a value shared inside the section
// (a parameter named twice) one marked value, so a DAG is not copied as a
// tree.
func markGlobals(v *model.Value) *model.Value {
	return markShared(v, map[*model.Value]*model.Value{}, 0)
}

func markShared(v *model.Value, memo map[*model.Value]*model.Value, depth int) *model.Value {
	if c, ok := memo[v]; ok {
		return c
	}
	c := v.WithOrigin(model.OriginGlobals)
	memo[v] = c
	if depth > maxValueDepth {
		return c // evaluation bounds depth; this is only a backstop
	}
	mark := func(vs []*model.Value) []*model.Value {
		out := make([]*model.Value, len(vs))
		for i, v := range vs {
			out[i] = markShared(v, memo, depth+1)
		}
		return out
	}
	switch {
	case c.State == model.Conditional:
		c.Alternatives = mark(c.Alternatives)
	case c.State == model.Known && c.Type == model.List:
		c.List = mark(c.List)
	case c.State == model.Known && c.Type == model.Map:
		return c.MapValues(func(f *model.Value) *model.Value { return markShared(f, memo, depth+1) })
	}
	return c
}

// maxValueDepth bounds the recursions of this package over values. The
// evaluator refuses values deeper than the budget's Depth (1000 by
// default); walks stop at this backstop rather than trust it blindly.
const maxValueDepth = 10_000

// valueCount is how many values v holds counted as a tree, saturated: what
// one more copy of it costs the rules that walk it.
func valueCount(v *model.Value) int64 {
	const most = 1 << 40
	memo := map[*model.Value]int64{}
	var count func(v *model.Value, depth int) int64
	count = func(v *model.Value, depth int) int64 {
		if v == nil {
			return 0
		}
		if n, ok := memo[v]; ok {
			return n
		}
		n := int64(1)
		if depth > maxValueDepth {
			return most
		}
		for _, it := range v.List {
			n = min(n+count(it, depth+1), most)
		}
		for _, it := range v.Alternatives {
			n = min(n+count(it, depth+1), most)
		}
		for _, k := range v.Keys {
			n = min(n+count(v.Field(k), depth+1), most)
		}
		memo[v] = n
		return n
	}
	return count(v, 0)
}

// ignoreGlobals drops what a function's IgnoreGlobals names ("*" for all, or
// a list of property names) from the Globals it would inherit.
func ignoreGlobals(global, ignore *model.Value) *model.Value {
	if !ignore.IsKnown() || !global.IsKnown() || global.Type != model.Map {
		return global
	}
	if s, ok := ignore.AsString(); ok && s == "*" {
		return model.NewAbsent(nil)
	}
	if ignore.Type != model.List {
		return global
	}
	drop := map[string]bool{}
	for _, it := range ignore.List {
		if s, ok := it.AsString(); ok {
			drop[s] = true
		}
	}
	kept := model.NewMap(global.Range)
	kept.Origin = global.Origin
	for _, k := range global.Keys {
		if !drop[k] {
			kept.Set(k, global.Field(k))
		}
	}
	return kept
}
