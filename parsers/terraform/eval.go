package terraform

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/lambdavet/lambdavet/parsers/model"
)

// scope is where an expression is evaluated: its module, and the instance
// or iterator values in effect (count.index, each.*, dynamic iterators).
type scope struct {
	m          *module
	countIndex *model.Value
	eachKey    *model.Value
	eachValue  *model.Value
	iters      map[string]*model.Value
}

func (sc *scope) with(name string, v *model.Value) *scope {
	c := *sc
	c.iters = map[string]*model.Value{}
	for k, it := range sc.iters {
		c.iters[k] = it
	}
	c.iters[name] = v
	return &c
}

// value evaluates an expression into a model value. Literals, references to
// variables and locals, tuples, objects and conditionals are followed
// structurally so each part keeps the range that set it; anything else is
// evaluated with go-cty and placed at the expression.
//
// Each step is charged to the project's budget and nests no deeper than its
// depth; once the budget is exhausted every value is unknown, so the loops
// over resources and instances end quickly.
func (sc *scope) value(expr hcl.Expression) *model.Value {
	l := sc.m.l
	rng := l.rng(expr.Range())
	if err := l.budget.SpendValues(1, "evaluating expressions", rng); err != nil {
		return model.NewUnknown("not evaluated: budget exhausted", rng)
	}
	l.depth++
	defer func() { l.depth-- }()
	if l.depth > l.depthLimit {
		l.budget.CheckDepth(int64(l.depth), "nesting of expressions and references", rng)
		return model.NewUnknown("not evaluated: budget exhausted", rng)
	}
	switch e := expr.(type) {
	case *hclsyntax.TemplateWrapExpr:
		return sc.value(e.Wrapped)
	case *hclsyntax.ParenthesesExpr:
		return sc.value(e.Expression)
	case *hclsyntax.LiteralValueExpr:
		return fromCty(e.Val, rng)
	case *hclsyntax.ScopeTraversalExpr:
		v := sc.traversal(e.Traversal, rng)
		l.charge(v, rng)
		return v
	case *hclsyntax.RelativeTraversalExpr:
		v := applySteps(sc.value(e.Source), e.Traversal, rng)
		l.charge(v, rng)
		return v
	case *hclsyntax.TupleConsExpr:
		items := make([]*model.Value, 0, len(e.Exprs))
		for _, it := range e.Exprs {
			v := sc.value(it)
			if v.State == model.Absent {
				v = model.NewNull(sc.m.l.rng(it.Range()))
			}
			items = append(items, v)
		}
		return model.NewList(items, rng)
	case *hclsyntax.ObjectConsExpr:
		obj := model.NewMap(rng)
		for _, item := range e.Items {
			key := hcl.ExprAsKeyword(item.KeyExpr)
			if key == "" {
				k, ok := sc.value(item.KeyExpr).AsString()
				if !ok {
					return sc.generic(expr, rng)
				}
				key = k
			}
			v := sc.value(item.ValueExpr)
			if v.State == model.Absent {
				v = model.NewNull(sc.m.l.rng(item.ValueExpr.Range()))
			}
			obj.Set(key, v)
		}
		return obj
	case *hclsyntax.FunctionCallExpr:
		if v := sc.structuralCall(e, rng); v != nil {
			return v
		}
	case *hclsyntax.ConditionalExpr:
		cond := sc.value(e.Condition)
		if cond.IsKnown() && cond.Type == model.Bool {
			if cond.Bool {
				return sc.value(e.TrueResult)
			}
			return sc.value(e.FalseResult)
		}
		text := conditionText(strings.TrimSpace(l.text(e.Condition.Range())))
		var alts []*model.Value
		for i, branch := range []hcl.Expression{e.TrueResult, e.FalseResult} {
			when := model.Is("`"+text+"`", strconv.FormatBool(i == 0))
			leaves := sc.value(branch).Leaves()
			// Conditionals on undecided conditions multiply their
			// paths: bounded before they are copied.
			if err := l.budget.CheckPaths(int64(len(alts)+len(leaves)), "conditional values", rng); err != nil {
				return model.NewUnknown("not evaluated: budget exhausted", rng)
			}
			for _, c := range leaves {
				c2 := *c.Copy()
				c2.When = when.Then(c2.When)
				if err := l.budget.SpendString(int64(c2.When.TextLen()), "condition paths", rng); err != nil {
					return model.NewUnknown("not evaluated: budget exhausted", rng)
				}
				alts = append(alts, &c2)
			}
		}
		return &model.Value{State: model.Conditional, Alternatives: alts, Range: rng}
	}
	if _, native := expr.(hclsyntax.Expression); !native {
		if v := sc.jsonValue(expr, rng); v != nil {
			return v
		}
	}
	return sc.generic(expr, rng)
}

// maxConditionText bounds the text of a condition quoted in a path: the
// path names it, it need not carry a whole expression.
const maxConditionText = 200

// conditionText is the subject a path names a condition by: its text, in
// backquotes once written, so a backquote in it (a string "a`b") becomes
// a quote; otherwise the path's text would end the subject there, and a
// policy reading it (lambdavet.when_clauses) would not see the condition
// that the Go rules see.
func conditionText(s string) string {
	s = strings.ReplaceAll(s, "`", "'")
	if len(s) <= maxConditionText {
		return s
	}
	cut := maxConditionText
	for cut > 0 && s[cut]&0xC0 == 0x80 {
		cut-- // not inside a UTF-8 sequence
	}
	return s[:cut] + "…"
}

// generic evaluates with go-cty: functions, operators, templates, for
// expressions. The inputs are the model values converted to cty.
//
// A JSON-syntax expression is evaluated here only as a number, a bool, null
// or a string; a string is read as a template by guarded parsing (see
// jsonTemplate), never by hcl/json's own, unguarded evaluation.
func (sc *scope) generic(expr hcl.Expression, rng model.Range) *model.Value {
	l := sc.m.l
	if _, native := expr.(hclsyntax.Expression); !native {
		lit, diags := expr.Value(nil)
		switch {
		case diags.HasErrors():
			return model.NewUnknown("not evaluated: "+diags[0].Summary, rng)
		case lit.Type() == cty.String && lit.IsKnown() && !lit.IsNull():
			t := sc.jsonTemplate(expr, lit.AsString())
			if t == nil {
				return model.NewUnknown("not evaluated: template not read", rng)
			}
			expr = t
		case lit.Type().IsPrimitiveType() || lit.IsNull():
			return fromCty(lit, rng)
		default:
			return model.NewUnknown("not evaluated: JSON value not modeled", rng)
		}
	}
	l.at = rng
	ctx := sc.evalContext(expr)
	if l.budget.Exhausted() {
		return model.NewUnknown("not evaluated: budget exhausted", rng)
	}
	l.at = rng
	val, diags := expr.Value(ctx)
	if diags.HasErrors() {
		return model.NewUnknown("not evaluated: "+diags[0].Summary, rng, sc.refs(expr)...)
	}
	v := l.fromCty(val, rng)
	if v.State == model.Unknown {
		v.Refs = sc.refs(expr)
	}
	return v
}

// jsonTemplate parses a JSON-syntax string as the template Terraform reads
// it as, bounded and guarded like native syntax, once per string; nil when
// it does not parse.
func (sc *scope) jsonTemplate(expr hcl.Expression, s string) hclsyntax.Expression {
	l := sc.m.l
	r := expr.Range()
	key := jsonKey{file: r.Filename, offset: r.Start.Byte}
	if t, ok := l.templates[key]; ok {
		return t
	}
	// The content starts after the opening quote; escapes make later
	// columns approximate, as in hcl/json.
	start := hcl.Pos{Line: r.Start.Line, Column: r.Start.Column + 1, Byte: r.Start.Byte + 1}
	t, _, ok := l.parseExpression([]byte(s), r.Filename, start, true)
	if !ok {
		// The file's strings were checked when it was parsed; this is
		// only reached for strings made otherwise.
		l.budget.Exceed(model.BudgetDepth, "nesting of a template", l.rng(r))
		t = nil
	}
	l.templates[key] = t
	return t
}

// jsonKey names a JSON-syntax string by where it is.
type jsonKey struct {
	file   string
	offset int
}

// variables lists the references of an expression; those of a JSON-syntax
// string come from its guarded template.
func (sc *scope) variables(expr hcl.Expression) []hcl.Traversal {
	if _, native := expr.(hclsyntax.Expression); !native {
		if lit, diags := expr.Value(nil); !diags.HasErrors() && lit.Type() == cty.String && lit.IsKnown() && !lit.IsNull() {
			if t := sc.jsonTemplate(expr, lit.AsString()); t != nil {
				return t.Variables()
			}
			return nil
		}
	}
	return expr.Variables()
}

// refs lists the resources an expression refers to.
func (sc *scope) refs(expr hcl.Expression) []model.Ref {
	var out []model.Ref
	for _, tr := range sc.variables(expr) {
		root := tr.RootName()
		switch root {
		case "var", "local", "count", "each", "path", "terraform", "self", "module":
			continue
		case "data":
			if len(tr) >= 3 {
				out = append(out, model.Ref{Resource: sc.m.addr + "data." + attrName(tr, 1) + "." + attrName(tr, 2), Attribute: attrPath(tr[3:])})
			}
		default:
			if len(tr) >= 2 && sc.m.declared[root+"."+attrName(tr, 1)] {
				out = append(out, model.Ref{Resource: sc.m.addr + root + "." + attrName(tr, 1), Attribute: attrPath(tr[2:])})
			}
		}
	}
	return out
}

func attrName(tr hcl.Traversal, i int) string {
	if i >= len(tr) {
		return ""
	}
	switch s := tr[i].(type) {
	case hcl.TraverseAttr:
		return s.Name
	case hcl.TraverseRoot:
		return s.Name
	}
	return ""
}

// attrPath joins the attribute names of a traversal, skipping indexes:
// aws_subnet.a[0].id refers to attribute "id".
func attrPath(tr hcl.Traversal) string {
	var parts []string
	for _, s := range tr {
		if a, ok := s.(hcl.TraverseAttr); ok {
			parts = append(parts, a.Name)
		}
	}
	return strings.Join(parts, ".")
}

func (sc *scope) traversal(tr hcl.Traversal, rng model.Range) *model.Value {
	root := tr.RootName()
	m := sc.m
	switch root {
	case "var":
		name := attrName(tr, 1)
		v, ok := m.varValues[name]
		if !ok {
			return model.NewUnknown(fmt.Sprintf("variable %q is not declared", name), rng)
		}
		if v.State == model.Unknown {
			// A variable without a value has no line that sets it: the
			// place to point at is where it is used.
			c := *v.Copy()
			c.Range = rng
			v = &c
		}
		return applySteps(v, steps(tr, 2), rng)
	case "local":
		return applySteps(m.local(attrName(tr, 1)), steps(tr, 2), rng)
	case "count":
		if attrName(tr, 1) == "index" && sc.countIndex != nil {
			return sc.countIndex
		}
		return model.NewUnknown("count.index outside a counted resource", rng)
	case "each":
		switch attrName(tr, 1) {
		case "key":
			if sc.eachKey != nil {
				return applySteps(sc.eachKey, steps(tr, 2), rng)
			}
		case "value":
			if sc.eachValue != nil {
				return applySteps(sc.eachValue, steps(tr, 2), rng)
			}
		}
		return model.NewUnknown("each outside a for_each resource", rng)
	case "path":
		switch attrName(tr, 1) {
		case "module":
			return model.NewString(m.dir, rng)
		case "root", "cwd":
			return model.NewString(m.l.project.Root, rng)
		}
	case "terraform":
		if attrName(tr, 1) == "workspace" {
			return model.NewString("default", rng)
		}
	case "module":
		name, out := attrName(tr, 1), attrName(tr, 2)
		if child, ok := m.children[name]; ok && out != "" {
			return applySteps(child.output(out), steps(tr, 3), rng)
		}
		return model.NewUnknown(fmt.Sprintf("output of module %q is not known", name), rng,
			model.Ref{Resource: m.addr + "module." + name, Attribute: out})
	case "data":
		return model.NewUnknown("data sources are read at plan time", rng,
			model.Ref{Resource: m.addr + "data." + attrName(tr, 1) + "." + attrName(tr, 2), Attribute: attrPath(steps(tr, 3))})
	case "self":
		return model.NewUnknown("self is known only at apply time", rng)
	}
	if it, ok := sc.iters[root]; ok {
		return applySteps(it, tr[1:], rng)
	}
	if len(tr) >= 2 && m.declared[root+"."+attrName(tr, 1)] {
		return model.NewRef(model.Ref{Resource: m.addr + root + "." + attrName(tr, 1), Attribute: attrPath(tr[2:])}, rng)
	}
	return model.NewUnknown(fmt.Sprintf("%s is not known", root), rng)
}

// applySteps follows attribute and index steps into a value, keeping the
// range of what it reaches (the tfvars line, the default's element).
func applySteps(v *model.Value, steps hcl.Traversal, rng model.Range) *model.Value {
	for _, s := range steps {
		switch v.State {
		case model.Absent:
			return v
		case model.Unknown, model.Conditional:
			return model.NewUnknown("part of a value not known", rng, v.Refs...)
		}
		if v.Type == model.Reference {
			ref := *v.Ref
			if a, ok := s.(hcl.TraverseAttr); ok {
				if ref.Attribute != "" {
					ref.Attribute += "."
				}
				ref.Attribute += a.Name
			}
			v = model.NewRef(ref, rng)
			continue
		}
		var key cty.Value
		switch st := s.(type) {
		case hcl.TraverseAttr:
			key = cty.StringVal(st.Name)
		case hcl.TraverseIndex:
			key = st.Key
		default:
			return model.NewUnknown("unsupported traversal", rng)
		}
		switch {
		case v.Type == model.Map && key.Type() == cty.String:
			f := v.Field(key.AsString())
			if f == nil {
				return model.NewUnknown(fmt.Sprintf("no key %q", key.AsString()), rng)
			}
			if len(f.Origin) == 0 && len(v.Origin) > 0 && within(f.Range, v.Range) {
				f = f.WithOrigins(v.Origin) // an entry written inside var.cfg's value
			}
			v = f
		case v.Type == model.List && key.Type() == cty.Number:
			i, _ := key.AsBigFloat().Int64()
			if i < 0 || int(i) >= len(v.List) {
				return model.NewUnknown("index out of range", rng)
			}
			item := v.List[i]
			if len(item.Origin) == 0 && len(v.Origin) > 0 && within(item.Range, v.Range) {
				item = item.WithOrigins(v.Origin)
			}
			v = item
		default:
			return model.NewUnknown("cannot index this value", rng)
		}
	}
	return v
}

// evalContext builds the cty context for an expression from the model
// values of exactly the names it refers to.
func (sc *scope) evalContext(expr hcl.Expression) *hcl.EvalContext {
	m := sc.m
	vars := map[string]cty.Value{}
	groups := map[string]map[string]cty.Value{}
	add := func(group, name string, v cty.Value) {
		if groups[group] == nil {
			groups[group] = map[string]cty.Value{}
		}
		groups[group][name] = v
	}
	for _, tr := range sc.variables(expr) {
		root, name := tr.RootName(), attrName(tr, 1)
		switch root {
		case "var", "local", "module", "count", "each", "path", "terraform":
			if name == "" {
				continue
			}
			var v *model.Value
			switch root {
			case "var":
				v = sc.traversal(tr[:2], model.Range{})
			case "local":
				v = m.local(name)
			case "module":
				if child, ok := m.children[name]; ok && attrName(tr, 2) != "" {
					out := model.NewMap(model.Range{})
					out.Set(attrName(tr, 2), child.output(attrName(tr, 2)))
					v = out
				} else {
					add(root, name, cty.DynamicVal)
					continue
				}
			default:
				v = sc.traversal(tr[:2], model.Range{})
			}
			if root == "module" {
				if prev, ok := groups[root][name]; ok && prev.Type().IsObjectType() {
					merged := prev.AsValueMap()
					for k, val := range toCty(v).AsValueMap() {
						merged[k] = val
					}
					add(root, name, cty.ObjectVal(merged))
					continue
				}
			}
			// toCty makes a tree of what may be a shared graph.
			m.l.charge(v, m.l.at)
			add(root, name, toCty(v))
		default:
			if it, ok := sc.iters[root]; ok {
				m.l.charge(it, m.l.at)
				vars[root] = toCty(it)
			} else {
				vars[root] = cty.DynamicVal
			}
		}
	}
	for g, members := range groups {
		vars[g] = cty.ObjectVal(members)
	}
	return &hcl.EvalContext{Variables: vars, Functions: m.l.functions}
}

// toCty converts a model value for go-cty; references and anything not
// known become unknown.
func toCty(v *model.Value) cty.Value {
	if v == nil || v.State == model.Absent {
		return cty.NullVal(cty.DynamicPseudoType)
	}
	if v.State != model.Known {
		return cty.DynamicVal
	}
	switch v.Type {
	case model.String:
		return cty.StringVal(v.Str)
	case model.Number:
		return cty.NumberFloatVal(v.Num)
	case model.Bool:
		return cty.BoolVal(v.Bool)
	case model.Null:
		return cty.NullVal(cty.DynamicPseudoType)
	case model.List:
		if len(v.List) == 0 {
			return cty.EmptyTupleVal
		}
		items := make([]cty.Value, len(v.List))
		for i, it := range v.List {
			items[i] = toCty(it)
		}
		return cty.TupleVal(items)
	case model.Map:
		if len(v.Keys) == 0 {
			return cty.EmptyObjectVal
		}
		fields := make(map[string]cty.Value, len(v.Keys))
		for i, k := range v.Keys {
			fields[k] = toCty(v.FieldAt(i))
		}
		return cty.ObjectVal(fields)
	}
	return cty.DynamicVal
}

// fromCty converts a go-cty value; every part gets the range rng. A null is
// absent: in Terraform, null means "not set".
func fromCty(val cty.Value, rng model.Range) *model.Value {
	val, _ = val.Unmark()
	if !val.IsKnown() {
		return model.NewUnknown("known only after apply", rng)
	}
	if val.IsNull() {
		return model.NewAbsent(nil)
	}
	ty := val.Type()
	switch {
	case ty == cty.String:
		return model.NewString(val.AsString(), rng)
	case ty == cty.Number:
		f, _ := val.AsBigFloat().Float64()
		if val.AsBigFloat().IsInf() {
			f = 0
		}
		return model.NewNumber(f, rng)
	case ty == cty.Bool:
		return model.NewBool(val.True(), rng)
	case ty.IsListType() || ty.IsSetType() || ty.IsTupleType():
		var items []*model.Value
		for it := val.ElementIterator(); it.Next(); {
			_, e := it.Element()
			items = append(items, fromCty(e, rng))
		}
		return model.NewList(items, rng)
	case ty.IsMapType() || ty.IsObjectType():
		m := model.NewMap(rng)
		for it := val.ElementIterator(); it.Next(); {
			k, e := it.Element()
			m.Set(k.AsString(), fromCty(e, rng))
		}
		return m
	}
	return model.NewUnknown("value of type "+ty.FriendlyName()+" not modeled", rng)
}

// jsonValue follows the structure of a JSON-syntax expression (.tf.json),
// which has no tuple or object nodes of its own: objects and arrays are
// walked so each part keeps its references, and a string that is a single
// "${…}" interpolation of a reference becomes that reference. It returns nil
// for anything else.
func (sc *scope) jsonValue(expr hcl.Expression, rng model.Range) *model.Value {
	if pairs, diags := hcl.ExprMap(expr); !diags.HasErrors() {
		obj := model.NewMap(rng)
		for _, kv := range pairs {
			k, ok := sc.value(kv.Key).AsString()
			if !ok {
				return nil
			}
			obj.Set(k, sc.value(kv.Value))
		}
		return obj
	}
	if items, diags := hcl.ExprList(expr); !diags.HasErrors() {
		list := make([]*model.Value, 0, len(items))
		for _, it := range items {
			list = append(list, sc.value(it))
		}
		return model.NewList(list, rng)
	}
	// (With no context, JSON syntax reads a string literally, so whether it
	// interpolates is told by the references it holds.)
	vars := sc.variables(expr)
	if len(vars) != 1 {
		return nil
	}
	src := strings.TrimSpace(sc.m.l.text(expr.Range()))
	inner, ok := strings.CutPrefix(strings.Trim(src, `"`), "${")
	if !ok || !strings.HasSuffix(inner, "}") {
		return nil
	}
	tr, diags := hclsyntax.ParseTraversalAbs([]byte(strings.TrimSuffix(inner, "}")), rng.File, hcl.InitialPos)
	if diags.HasErrors() {
		return nil
	}
	return sc.traversal(tr, rng)
}

// structuralCall evaluates merge, concat and lookup on the model values of
// their arguments when those are known, so each element keeps the range
// that set it (a finding on merge(var.cfg, {…}).timeout points at the
// variable's line, not at the merge call). It returns nil otherwise, and the
// call is evaluated with go-cty.
func (sc *scope) structuralCall(e *hclsyntax.FunctionCallExpr, rng model.Range) *model.Value {
	if e.ExpandFinal || (e.Name != "merge" && e.Name != "concat" && e.Name != "lookup") {
		return nil
	}
	args := make([]*model.Value, len(e.Args))
	for i, a := range e.Args {
		args[i] = sc.value(a)
	}
	switch e.Name {
	case "merge":
		out := model.NewMap(rng)
		for _, a := range args {
			switch {
			case a.State == model.Absent || (a.IsKnown() && a.Type == model.Null):
				continue // merge skips nulls
			case !a.IsKnown() || a.Type != model.Map:
				return nil
			}
			for _, k := range a.Keys {
				f := a.Field(k)
				if len(f.Origin) == 0 && len(a.Origin) > 0 && within(f.Range, a.Range) {
					f = f.WithOrigins(a.Origin) // keep where the merged map was set
				}
				out.Set(k, f)
			}
		}
		return out
	case "concat":
		n := 0
		for _, a := range args {
			if !a.IsKnown() || a.Type != model.List {
				return nil
			}
			n += len(a.List)
		}
		// concat(l, l) through locals doubles: bounded before allocating.
		if err := sc.m.l.budget.CheckCollection(int64(n), "concat", rng); err != nil {
			return model.NewUnknown("not evaluated: budget exhausted", rng)
		}
		items := make([]*model.Value, 0, n)
		for _, a := range args {
			items = append(items, a.List...)
		}
		return model.NewList(items, rng)
	case "lookup":
		if len(args) < 2 || !args[0].IsKnown() || args[0].Type != model.Map {
			return nil
		}
		key, ok := args[1].AsString()
		if !ok {
			return nil
		}
		if v := args[0].Field(key); v != nil {
			return v
		}
		if len(args) == 3 {
			return args[2]
		}
	}
	return nil
}

// steps is the traversal after its first n steps (none when it is shorter:
// a bare `local` or `data.x` is a reference to nothing).
func steps(tr hcl.Traversal, n int) hcl.Traversal {
	return tr[min(n, len(tr)):]
}
