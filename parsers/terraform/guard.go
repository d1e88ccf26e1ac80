package terraform

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/lambdavet/lambdavet/parsers/model"
)

// Guarded syntax. go-cty evaluates what lambdavet cannot intercept through
// its functions: templates join their parts, arithmetic grows numbers (whose
// decimal text a template then writes out: "${1e999999}" takes minutes),
// and for expressions iterate. After parsing, guard replaces those nodes
// with wrappers that charge the project's budget before the work is done,
// so a few lines cannot describe gigabytes. The wrappers embed the node
// they guard, so hclsyntax's walks (Variables) still see its children.

// maxNumberExp bounds the binary exponent of a number: 2^8192 is about
// 10^2466, far past any real setting, and its decimal text stays small.
const maxNumberExp = 8192

// guard rewrites the expressions of a parsed body in place.
func (l *loader) guardBody(b *hclsyntax.Body) {
	for _, a := range b.Attributes {
		a.Expr = l.guard(a.Expr, 0)
	}
	for _, blk := range b.Blocks {
		l.guardBody(blk.Body)
	}
}

// guard returns e with its templates, arithmetic, number literals and for
// expressions guarded. The depth of e was bounded on its tokens before it
// was parsed; depth stops the walk in any case.
func (l *loader) guard(e hclsyntax.Expression, depth int) hclsyntax.Expression {
	if e == nil || depth > maxParseDepth+16 {
		return e
	}
	g := func(e hclsyntax.Expression) hclsyntax.Expression { return l.guard(e, depth+1) }
	switch n := e.(type) {
	case *hclsyntax.LiteralValueExpr:
		if n.Val.Type() == cty.Number && n.Val.IsKnown() && !n.Val.IsNull() && hugeNumber(n.Val) {
			return &guardNumber{Expression: n, l: l}
		}
	case *hclsyntax.BinaryOpExpr:
		n.LHS, n.RHS = g(n.LHS), g(n.RHS)
		return &guardNumber{Expression: n, l: l}
	case *hclsyntax.UnaryOpExpr:
		n.Val = g(n.Val)
	case *hclsyntax.ParenthesesExpr:
		n.Expression = g(n.Expression)
	case *hclsyntax.ConditionalExpr:
		n.Condition, n.TrueResult, n.FalseResult = g(n.Condition), g(n.TrueResult), g(n.FalseResult)
	case *hclsyntax.FunctionCallExpr:
		for i := range n.Args {
			n.Args[i] = g(n.Args[i])
		}
	case *hclsyntax.TupleConsExpr:
		for i := range n.Exprs {
			n.Exprs[i] = g(n.Exprs[i])
		}
	case *hclsyntax.ObjectConsExpr:
		for i := range n.Items {
			n.Items[i].KeyExpr, n.Items[i].ValueExpr = g(n.Items[i].KeyExpr), g(n.Items[i].ValueExpr)
		}
	case *hclsyntax.ObjectConsKeyExpr:
		n.Wrapped = g(n.Wrapped)
	case *hclsyntax.IndexExpr:
		n.Collection, n.Key = g(n.Collection), g(n.Key)
	case *hclsyntax.RelativeTraversalExpr:
		n.Source = g(n.Source)
	case *hclsyntax.SplatExpr:
		n.Source, n.Each = g(n.Source), g(n.Each)
	case *hclsyntax.TemplateWrapExpr:
		n.Wrapped = g(n.Wrapped)
	case *hclsyntax.TemplateJoinExpr:
		n.Tuple = g(n.Tuple)
	case *hclsyntax.TemplateExpr:
		for i := range n.Parts {
			n.Parts[i] = g(n.Parts[i])
		}
		return &guardTemplate{TemplateExpr: n, l: l}
	case *hclsyntax.ForExpr:
		n.CollExpr, n.KeyExpr, n.ValExpr, n.CondExpr = g(n.CollExpr), g(n.KeyExpr), g(n.ValExpr), g(n.CondExpr)
		return &guardFor{ForExpr: n, l: l}
	}
	return e
}

// hugeNumber reports whether a number is past maxNumberExp either way
// (1e-999999 writes out as many digits as 1e999999).
func hugeNumber(v cty.Value) bool {
	f := v.AsBigFloat()
	if f.IsInf() || f.Sign() == 0 {
		return false
	}
	exp := f.MantExp(nil)
	return exp > maxNumberExp || exp < -maxNumberExp || f.Prec() > 4*maxNumberExp
}

// budgetDiag is the diagnostic of a guard that stopped because the budget
// ran out; the evaluation it interrupts gives an unknown value.
func budgetDiag(err *model.BudgetError, rng hcl.Range) hcl.Diagnostics {
	return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Budget exhausted", Detail: err.Message(), Subject: rng.Ptr()}}
}

// guardNumber evaluates arithmetic or a number literal and refuses a
// number too large to write out.
type guardNumber struct {
	hclsyntax.Expression
	l *loader
}

// Value evaluates the guarded expression.
func (g *guardNumber) Value(ctx *hcl.EvalContext) (cty.Value, hcl.Diagnostics) {
	if err := g.l.budget.Err(); err != nil {
		return cty.DynamicVal, budgetDiag(err, g.Range())
	}
	v, diags := g.Expression.Value(ctx)
	if diags.HasErrors() {
		return v, diags
	}
	u, _ := v.Unmark()
	if u.Type() == cty.Number && u.IsKnown() && !u.IsNull() && hugeNumber(u) {
		// Its decimal text (in a template, a key, a conversion) would
		// take minutes to write.
		err := g.l.budget.Exceed(model.BudgetStringBytes, fmt.Sprintf("a number beyond 2^±%d (its decimal text)", maxNumberExp), g.l.rng(g.Range()))
		return cty.UnknownVal(cty.Number), budgetDiag(err, g.Range())
	}
	return v, diags
}

// guardTemplate joins a template's parts, charging each part's length to
// the budget before it is written, so a template of many large parts
// fails at the limit instead of allocating the whole result.
type guardTemplate struct {
	*hclsyntax.TemplateExpr
	l *loader
}

// Value evaluates the template: like hclsyntax's, the result is unknown
// when a part is, and an error when a part is null or not a string.
func (g *guardTemplate) Value(ctx *hcl.EvalContext) (cty.Value, hcl.Diagnostics) {
	b := g.l.budget
	if err := b.Err(); err != nil {
		return cty.DynamicVal, budgetDiag(err, g.SrcRange)
	}
	var buf strings.Builder
	var diags hcl.Diagnostics
	var marks []cty.ValueMarks
	known := true
	limit := b.Limits().StringBytes
	for _, part := range g.Parts {
		v, d := part.Value(ctx)
		diags = append(diags, d...)
		if d.HasErrors() {
			continue
		}
		v, pm := v.Unmark()
		if len(pm) > 0 {
			marks = append(marks, pm)
		}
		switch {
		case v.IsNull():
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid template interpolation value",
				Detail: "The expression result is null.", Subject: part.Range().Ptr()})
			continue
		case !v.IsKnown():
			known = false
			continue
		}
		s, err := convert.Convert(v, cty.String)
		if err != nil {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid template interpolation value",
				Detail: fmt.Sprintf("Cannot include the given value in a string template: %s.", err), Subject: part.Range().Ptr()})
			continue
		}
		if !known || diags.HasErrors() {
			continue
		}
		str := s.AsString()
		if int64(buf.Len()+len(str)) > limit {
			err := b.Exceed(model.BudgetStringBytes, "a string template", g.l.rng(g.SrcRange))
			return cty.UnknownVal(cty.String), append(diags, budgetDiag(err, g.SrcRange)...)
		}
		if err := b.SpendString(int64(len(str)), "a string template", g.l.rng(g.SrcRange)); err != nil {
			return cty.UnknownVal(cty.String), append(diags, budgetDiag(err, g.SrcRange)...)
		}
		buf.WriteString(str)
	}
	if diags.HasErrors() {
		return cty.UnknownVal(cty.String), diags
	}
	if !known {
		return cty.UnknownVal(cty.String).WithMarks(marks...), diags
	}
	return cty.StringVal(buf.String()).WithMarks(marks...), diags
}

// iterationCost is what one iteration of a for expression is charged, in
// values: go-cty allocates about a kilobyte for its scope.
const iterationCost = 4

// guardFor charges a for expression's iterations before it runs them, and
// its result (whose elements may share values) after: nested for
// expressions multiply, with or without a result to show for it.
type guardFor struct {
	*hclsyntax.ForExpr
	l *loader
}

// Value evaluates the for expression.
func (g *guardFor) Value(ctx *hcl.EvalContext) (cty.Value, hcl.Diagnostics) {
	b := g.l.budget
	at := g.l.rng(g.SrcRange)
	if err := b.Err(); err != nil {
		return cty.DynamicVal, budgetDiag(err, g.SrcRange)
	}
	coll, diags := g.CollExpr.Value(ctx)
	if diags.HasErrors() {
		return cty.DynamicVal, diags
	}
	if u, _ := coll.Unmark(); u.IsKnown() && !u.IsNull() && u.CanIterateElements() {
		n := int64(u.LengthInt())
		if err := b.CheckCollection(n, "a for expression", at); err != nil {
			return cty.DynamicVal, budgetDiag(err, g.SrcRange)
		}
		// Each iteration makes a scope (a context, its variables), a
		// few values' worth, whether or not it yields an element.
		if err := b.SpendValues(iterationCost*n, "iterations of for expressions", at); err != nil {
			return cty.DynamicVal, budgetDiag(err, g.SrcRange)
		}
	}
	// The collection is evaluated once: the copy iterates its value.
	inner := *g.ForExpr
	inner.CollExpr = &hclsyntax.LiteralValueExpr{Val: coll, SrcRange: g.CollExpr.Range()}
	v, d := inner.Value(ctx)
	diags = append(diags, d...)
	if err := g.l.chargeCty(v, "a for expression", at); err != nil {
		return cty.DynamicVal, append(diags, budgetDiag(err, g.SrcRange)...)
	}
	return v, diags
}

// ctyCost measures a go-cty value as a tree: its nodes, the bytes of its
// strings, the longest string and its depth. Values share parts, so the
// tree can be far larger than the memory; the walk stops once nodes or
// bytes pass their caps, so its cost is bounded by them.
type ctyCost struct {
	nodes, bytes, longest int64
	depth                 int
	maxNodes, maxBytes    int64
	maxDepth              int
}

func (c *ctyCost) over() bool {
	return c.nodes > c.maxNodes || c.bytes > c.maxBytes || c.depth > c.maxDepth
}

func (c *ctyCost) walk(v cty.Value, depth int) {
	if c.over() {
		return
	}
	v, _ = v.Unmark()
	c.nodes++
	c.depth = max(c.depth, depth)
	if !v.IsKnown() || v.IsNull() {
		return
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		n := int64(len(v.AsString()))
		c.bytes += n
		c.longest = max(c.longest, n)
	case ty == cty.Number:
		c.bytes += 24
	case ty.IsListType() || ty.IsSetType() || ty.IsTupleType() || ty.IsMapType() || ty.IsObjectType():
		for it := v.ElementIterator(); it.Next() && !c.over(); {
			k, e := it.Element()
			if ty.IsMapType() || ty.IsObjectType() {
				c.bytes += int64(len(k.AsString()))
			}
			c.walk(e, depth+1)
		}
	}
}

// measure returns the cost of v under the budget's caps.
func (l *loader) measure(v cty.Value) *ctyCost {
	lim := l.budget.Limits()
	c := &ctyCost{maxNodes: lim.Collection, maxBytes: lim.TotalBytes, maxDepth: l.depthLimit}
	c.walk(v, 1)
	return c
}

// chargeCty charges a value go-cty produced: its nodes as values, its
// strings' bytes, its depth.
func (l *loader) chargeCty(v cty.Value, what string, at model.Range) *model.BudgetError {
	b := l.budget
	c := l.measure(v)
	if c.depth > l.depthLimit {
		return b.Exceed(model.BudgetDepth, "nesting of "+what, at)
	}
	if c.longest > b.Limits().StringBytes {
		return b.Exceed(model.BudgetStringBytes, what, at)
	}
	if err := b.CheckCollection(c.nodes, what, at); err != nil {
		return err
	}
	return l.spendBytes(c.bytes, what, at)
}

// spendBytes charges n bytes of strings against the total, in pieces no
// longer than one string may be.
func (l *loader) spendBytes(n int64, what string, at model.Range) *model.BudgetError {
	b := l.budget
	step := b.Limits().StringBytes
	for n > 0 {
		k := min(n, step)
		if err := b.SpendString(k, what, at); err != nil {
			return err
		}
		n -= k
	}
	return b.Err()
}
