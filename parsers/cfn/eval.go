package cfn

import (
	"encoding/base64"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/lambdavet/lambdavet/parsers/model"
)

// maxAlternatives bounds how many condition paths one value may carry; past
// it the value is unknown rather than a combinatorial explosion.
const maxAlternatives = 64

// maxAllowedValueAlternatives bounds how many AllowedValues of a parameter
// without default are tried as separate paths.
const maxAllowedValueAlternatives = 32

// Evaluator turns template nodes into model values: parameters defaulted or
// overridden, mappings looked up, conditions decided where they can be, and
// references to resources kept as references.
type Evaluator struct {
	t          *Template
	params     map[string]*model.Value
	overrides  map[string]string
	conditions map[string]*Node
	mappings   *Node
	resources  map[string]string // logical id → type
	condMemo   map[string]tri
	condBusy   map[string]bool
	// allowed holds the AllowedValues of parameters that have no value of
	// their own (no default, no override): they constrain condition paths.
	allowed map[string][]string

	// budget bounds the work of evaluation (see budget.go); never nil.
	budget *model.Budget
	// depth is the current depth of the evaluation's recursion: nodes,
	// mapping lookups and conditions, so no input can overflow the stack.
	depth int64
	// explored counts the condition paths one top-level evaluation has
	// followed (undecided Fn::If branches, FindInMap keys not known).
	explored int64
	// costs caches the tree size and depth of values handed out more than
	// once (parameter values, mapping entries).
	costs map[*model.Value]valueCost
	// mapMemo caches evaluated mapping entries, by node and the condition
	// path assumed, and mapBusy marks those being evaluated, so a lookup
	// that reaches itself is found and a mapping entry looked up from many
	// places is evaluated once.
	mapMemo map[memoKey]*model.Value
	mapBusy map[*Node]bool
	// condDeps caches, per condition, the conditions its value depends on.
	condDeps map[string]map[string]bool
}

// EvalOptions tune an evaluator.
type EvalOptions struct {
	// Parameters override parameter defaults (-param Name=Value); pseudo
	// parameters such as AWS::Region may be given too.
	Parameters map[string]string
	// Budget bounds the work of evaluation; nil uses the default limits.
	Budget *model.Budget
}

// tri is a three-valued truth: conditions whose parameters are unknown are
// neither true nor false.
type tri uint8

const (
	triUnknown tri = iota
	triTrue
	triFalse
)

func triOf(b bool) tri {
	if b {
		return triTrue
	}
	return triFalse
}

// assumptions are the condition outcomes taken on the current Fn::If path,
// so a nested Fn::If on the same condition follows the same branch.
type assumptions []assumption

type assumption struct {
	name  string
	value bool
}

func (a assumptions) lookup(name string) (bool, bool) {
	for _, x := range a {
		if x.name == name {
			return x.value, true
		}
	}
	return false, false
}

func (a assumptions) with(name string, v bool) assumptions {
	out := make(assumptions, len(a), len(a)+1)
	copy(out, a)
	return append(out, assumption{name, v})
}

func (a assumptions) key() string {
	if len(a) == 0 {
		return ""
	}
	parts := make([]string, len(a))
	for i, x := range a {
		parts[i] = x.name + "=" + strconv.FormatBool(x.value)
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}

// NewEvaluator prepares evaluation of t with parameter overrides (-param
// Name=Value; pseudo parameters such as AWS::Region may be given too) and
// the default budget.
func NewEvaluator(t *Template, overrides map[string]string) *Evaluator {
	return NewEvaluatorWith(t, EvalOptions{Parameters: overrides})
}

// NewEvaluatorWith prepares evaluation of t with the given options. Once
// the budget is exhausted, evaluation yields unknown values and the
// budget's error tells where it ran out.
func NewEvaluatorWith(t *Template, opts EvalOptions) *Evaluator {
	b := opts.Budget
	if b == nil {
		b = model.NewBudget(model.Limits{})
	}
	e := &Evaluator{
		t:          t,
		params:     map[string]*model.Value{},
		overrides:  opts.Parameters,
		conditions: map[string]*Node{},
		resources:  map[string]string{},
		condMemo:   map[string]tri{},
		condBusy:   map[string]bool{},
		allowed:    map[string][]string{},
		budget:     b,
		costs:      map[*model.Value]valueCost{},
		mapMemo:    map[memoKey]*model.Value{},
		mapBusy:    map[*Node]bool{},
		condDeps:   map[string]map[string]bool{},
	}
	root := t.Root
	if c := root.Get("Conditions"); c != nil && c.Kind == MappingNode {
		for i, k := range c.Keys {
			e.conditions[k.Value] = c.Values[i]
		}
	}
	e.mappings = root.Get("Mappings")
	if r := root.Get("Resources"); r != nil && r.Kind == MappingNode {
		for i, k := range r.Keys {
			typ := ""
			if tn := r.Values[i].Get("Type"); tn != nil && tn.Kind == ScalarNode {
				typ = tn.Value
			}
			e.resources[k.Value] = typ
		}
	}
	if p := root.Get("Parameters"); p != nil && p.Kind == MappingNode {
		for i, k := range p.Keys {
			e.explored = 0
			e.params[k.Value] = e.parameterValue(k.Value, p.Values[i])
		}
	}
	return e
}

// Budget returns the budget the evaluator spends from.
func (e *Evaluator) Budget() *model.Budget { return e.budget }

func (e *Evaluator) parameterValue(name string, decl *Node) *model.Value {
	typ := ""
	if tn := decl.Get("Type"); tn != nil && tn.Kind == ScalarNode {
		typ = tn.Value
	}
	isList := strings.HasPrefix(typ, "List<") || typ == "CommaDelimitedList"
	if v, ok := e.overrides[name]; ok {
		val := model.NewString(v, model.Range{})
		val.Origin = model.OriginOf(fmt.Sprintf("-param %s", name))
		return e.splitListParam(val, isList, decl.Range)
	}
	if strings.HasPrefix(typ, "AWS::SSM::Parameter::Value") {
		// The default is the name of an SSM parameter, not its value.
		return model.NewUnknown(fmt.Sprintf("parameter %q is read from SSM at deploy time", name), decl.Range)
	}
	if def := decl.Get("Default"); def != nil {
		v := e.Eval(def).Copy()
		v.Origin = model.OriginOf(fmt.Sprintf("parameter %q default", name))
		return e.splitListParam(v, isList, def.Range)
	}
	if av := decl.Get("AllowedValues"); av != nil && av.Kind == SequenceNode &&
		len(av.Items) > 0 && len(av.Items) <= maxAllowedValueAlternatives {
		for _, it := range av.Items {
			if it.Kind == ScalarNode {
				e.allowed[name] = append(e.allowed[name], it.Value)
			}
		}
		alts := make([]*model.Value, 0, len(av.Items))
		for _, it := range av.Items {
			v := e.Eval(it)
			s, _ := v.AsString()
			v.Origin = model.OriginOf(fmt.Sprintf("parameter %q AllowedValues", name))
			v.When = model.Is(fmt.Sprintf("parameter %q", name), strconv.Quote(s))
			alts = append(alts, e.splitListParam(v, isList, it.Range))
		}
		return &model.Value{State: model.Conditional, Alternatives: alts}
	}
	return model.NewUnknown(fmt.Sprintf("parameter %q has no default", name), decl.Range)
}

func (e *Evaluator) splitListParam(v *model.Value, isList bool, at model.Range) *model.Value {
	if !isList || !v.IsKnown() || v.Type != model.String {
		return v
	}
	if err := e.budget.CheckCollection(int64(strings.Count(v.Str, ","))+1, "splitting a list parameter", at); err != nil {
		return budgetUnknown(err, at)
	}
	var items []*model.Value
	for _, s := range strings.Split(v.Str, ",") {
		items = append(items, model.NewString(strings.TrimSpace(s), v.Range))
	}
	l := model.NewList(items, v.Range)
	l.Origin = v.Origin
	return l
}

// Eval evaluates a node with no condition assumed.
func (e *Evaluator) Eval(n *Node) *model.Value { return e.EvalUnder(n, "") }

// EvalUnder evaluates a node assuming the named condition holds (the
// resource's own Condition), so Fn::If on it picks the true branch. Each
// call may explore up to the budget's Paths condition paths.
func (e *Evaluator) EvalUnder(n *Node, condition string) *model.Value {
	var a assumptions
	if condition != "" {
		a = a.with(condition, true)
	}
	if e.depth == 0 {
		e.explored = 0
	}
	return e.eval(n, a)
}

// Condition decides a named condition: true, false, or unknown (ok=false).
func (e *Evaluator) Condition(name string) (value, ok bool) {
	switch e.condition(name, nil) {
	case triTrue:
		return true, true
	case triFalse:
		return false, true
	}
	return false, false
}

func (e *Evaluator) eval(n *Node, a assumptions) *model.Value {
	if n == nil {
		return model.NewAbsent(nil)
	}
	e.depth++
	defer func() { e.depth-- }()
	if err := e.budget.CheckDepth(e.depth, "nesting of values and intrinsic functions", n.Range); err != nil {
		return budgetUnknown(err, n.Range)
	}
	if err := e.budget.SpendValues(1, "evaluating the template", n.Range); err != nil {
		return budgetUnknown(err, n.Range)
	}
	switch n.Kind {
	case ScalarNode:
		return scalarValue(n)
	case SequenceNode:
		items := make([]*model.Value, 0, len(n.Items))
		for _, it := range n.Items {
			v := e.eval(it, a)
			if v.State == model.Absent {
				continue // AWS::NoValue removes the item
			}
			items = append(items, v)
		}
		return model.NewList(items, n.Range)
	case MappingNode:
		if len(n.Keys) == 1 {
			k := n.Keys[0].Value
			if k == "Ref" || strings.HasPrefix(k, "Fn::") {
				return e.intrinsic(k, n.Values[0], n, a)
			}
		}
		m := model.NewMap(n.Range)
		for i, k := range n.Keys {
			v := e.eval(n.Values[i], a)
			if v.State == model.Absent {
				continue
			}
			m.Set(k.Value, v)
		}
		return m
	}
	return model.NewAbsent(nil)
}

func scalarValue(n *Node) *model.Value {
	switch n.Scalar {
	case IntScalar, FloatScalar:
		if f, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64); err == nil {
			return model.NewNumber(f, n.Range)
		}
		if i, err := strconv.ParseInt(n.Value, 0, 64); err == nil {
			return model.NewNumber(float64(i), n.Range)
		}
		return model.NewString(n.Value, n.Range)
	case BoolScalar:
		b, err := strconv.ParseBool(strings.ToLower(n.Value))
		if err != nil {
			// YAML 1.1 yes/no/on/off: CloudFormation reads them as strings.
			return model.NewString(n.Value, n.Range)
		}
		return model.NewBool(b, n.Range)
	case NullScalar:
		return model.NewNull(n.Range)
	}
	return model.NewString(n.Value, n.Range)
}

func (e *Evaluator) intrinsic(fn string, arg, whole *Node, a assumptions) *model.Value {
	r := whole.Range
	switch fn {
	case "Ref":
		if arg.Kind != ScalarNode {
			return model.NewUnknown("Ref to a computed name", r)
		}
		return e.ref(arg.Value, r)
	case "Fn::GetAtt":
		var res, attr string
		switch {
		case arg.Kind == ScalarNode:
			res, attr, _ = strings.Cut(arg.Value, ".")
		case arg.Kind == SequenceNode && len(arg.Items) == 2 && arg.Items[0].Kind == ScalarNode:
			res = arg.Items[0].Value
			if s, ok := e.eval(arg.Items[1], a).AsString(); ok {
				attr = s
			}
		default:
			return model.NewUnknown("malformed Fn::GetAtt", r)
		}
		return model.NewRef(model.Ref{Resource: res, Attribute: attr}, r)
	case "Fn::If":
		return e.evalIf(arg, r, a)
	case "Fn::FindInMap":
		return e.findInMap(arg, r, a)
	case "Fn::Sub":
		return e.sub(arg, r, a)
	case "Fn::Join":
		return e.join(arg, r, a)
	case "Fn::Select":
		return e.selectFn(arg, r, a)
	case "Fn::Split":
		if arg.Kind == SequenceNode && len(arg.Items) == 2 {
			d, ok1 := e.eval(arg.Items[0], a).AsString()
			s := e.eval(arg.Items[1], a)
			if str, ok2 := s.AsString(); ok1 && ok2 {
				// Count the pieces before making them: one character of
				// input may become one value.
				n := int64(strings.Count(str, d)) + 1
				if d == "" {
					n = int64(utf8.RuneCountInString(str))
				}
				if err := e.budget.CheckCollection(n, "the list Fn::Split makes", r); err != nil {
					return budgetUnknown(err, r)
				}
				items := make([]*model.Value, 0, n)
				for _, p := range strings.Split(str, d) {
					items = append(items, model.NewString(p, r))
				}
				return model.NewList(items, r)
			}
			return model.NewUnknown("Fn::Split of a value not known", r, refsOf(s)...)
		}
		return model.NewUnknown("malformed Fn::Split", r)
	case "Fn::Base64":
		v := e.eval(arg, a)
		if s, ok := v.AsString(); ok {
			if err := e.budget.SpendString(int64(base64.StdEncoding.EncodedLen(len(s))), "the string Fn::Base64 makes", r); err != nil {
				return budgetUnknown(err, r)
			}
			return model.NewString(base64.StdEncoding.EncodeToString([]byte(s)), r)
		}
		return model.NewUnknown("Fn::Base64 of a value not known", r, refsOf(v)...)
	case "Fn::ToJsonString":
		v := e.eval(arg, a)
		if s, err := e.toJSON(v, r); err != nil {
			return budgetUnknown(err, r)
		} else if s != nil {
			return model.NewString(*s, r)
		}
		return model.NewUnknown("Fn::ToJsonString of a value not known", r, refsOf(v)...)
	case "Fn::Length":
		v := e.eval(arg, a)
		if v.IsKnown() && v.Type == model.List {
			return model.NewNumber(float64(len(v.List)), r)
		}
		return model.NewUnknown("Fn::Length of a list not known", r)
	case "Fn::ImportValue":
		return model.NewUnknown("Fn::ImportValue is resolved at deploy time", r)
	case "Fn::GetAZs":
		return model.NewUnknown("Fn::GetAZs is resolved at deploy time", r)
	case "Fn::Cidr":
		return model.NewUnknown("Fn::Cidr is not evaluated", r)
	case "Fn::Transform":
		return model.NewUnknown("Fn::Transform output is not known before deployment", r)
	}
	return model.NewUnknown(fmt.Sprintf("%s is not evaluated", fn), r)
}

func (e *Evaluator) ref(name string, r model.Range) *model.Value {
	if v, ok := e.params[name]; ok {
		// The parameter's value is shared, not copied, but every place
		// that uses it is walked as a tree by the rules: it counts as
		// many values as it holds, each time.
		if err := e.spendShared(v, "the value of parameter "+strconv.Quote(name), r); err != nil {
			return budgetUnknown(err, r)
		}
		return placeAt(v, r)
	}
	if strings.HasPrefix(name, "AWS::") {
		if name == "AWS::NoValue" {
			return model.NewAbsent(nil)
		}
		if v, ok := e.overrides[name]; ok {
			val := model.NewString(v, r)
			val.Origin = model.OriginOf("-param " + name)
			return val
		}
		return model.NewUnknown(fmt.Sprintf("pseudo parameter %s is known only at deploy time", name), r)
	}
	if _, ok := e.resources[name]; ok {
		return model.NewRef(model.Ref{Resource: name}, r)
	}
	// SAM: Fn.Version and Fn.Alias name what AutoPublishAlias generates.
	if res, attr, ok := strings.Cut(name, "."); ok {
		if _, ok := e.resources[res]; ok {
			return model.NewRef(model.Ref{Resource: res, Attribute: attr}, r)
		}
	}
	return model.NewUnknown(fmt.Sprintf("Ref to %q, which the template does not define", name), r)
}

func (e *Evaluator) evalIf(arg *Node, r model.Range, a assumptions) *model.Value {
	if arg.Kind != SequenceNode || len(arg.Items) != 3 || arg.Items[0].Kind != ScalarNode {
		return model.NewUnknown("malformed Fn::If", r)
	}
	name := arg.Items[0].Value
	switch e.condition(name, a) {
	case triTrue:
		return e.eval(arg.Items[1], a)
	case triFalse:
		return e.eval(arg.Items[2], a)
	}
	var alts []*model.Value
	for i, branch := range []bool{true, false} {
		path := a.with(name, branch)
		if !e.feasible(path) {
			continue // no value of the parameters makes this path
		}
		if err := e.explore(r); err != nil {
			return budgetUnknown(err, r)
		}
		v := e.eval(arg.Items[1+i], path)
		when := model.Is(fmt.Sprintf("condition %q", name), strconv.FormatBool(branch))
		for _, c := range v.Leaves() {
			c2 := *c.Copy()
			c2.When = when.Then(c2.When)
			alts = append(alts, &c2)
		}
		if len(alts) > maxAlternatives {
			break // no need to build what is dropped below
		}
	}
	if len(alts) > maxAlternatives {
		return model.NewUnknown("too many condition paths to follow", r)
	}
	if err := e.budget.SpendValues(int64(len(alts)), "the condition paths of Fn::If", r); err != nil {
		return budgetUnknown(err, r)
	}
	if len(alts) == 0 {
		return model.NewUnknown("no condition path is possible", r)
	}
	return &model.Value{State: model.Conditional, Alternatives: alts, Range: r}
}

// feasible reports whether some value of the parameters satisfies the
// assumed conditions. Conditions of the form Equals(Ref P, "v") on a
// parameter whose value is one of its AllowedValues constrain P; the path
// "IsProd is false and IsDev is false" is impossible when P allows only
// prod and dev.
func (e *Evaluator) feasible(a assumptions) bool {
	eq := map[string]map[string]bool{}
	neq := map[string]map[string]bool{}
	for _, x := range a {
		p, lit, ok := e.paramEquality(x.name)
		if !ok {
			continue
		}
		set := neq
		if x.value {
			set = eq
		}
		if set[p] == nil {
			set[p] = map[string]bool{}
		}
		set[p][lit] = true
	}
	for p, allowed := range e.allowed {
		if len(eq[p]) > 1 {
			return false
		}
		possible := 0
		for _, v := range allowed {
			if neq[p][v] || (len(eq[p]) == 1 && !eq[p][v]) {
				continue
			}
			possible++
		}
		if (len(eq[p]) > 0 || len(neq[p]) > 0) && possible == 0 {
			return false
		}
	}
	return true
}

// allows reports whether parameter p may have value v on the path a.
func (e *Evaluator) allows(a assumptions, p, v string) bool {
	if _, ok := e.allowed[p]; !ok {
		return true
	}
	for _, x := range a {
		q, lit, ok := e.paramEquality(x.name)
		if !ok || q != p {
			continue
		}
		if x.value != (lit == v) {
			return false
		}
	}
	return true
}

// paramEquality reads a condition written as Fn::Equals of a Ref to a
// parameter with AllowedValues and a literal, in either order.
func (e *Evaluator) paramEquality(condition string) (param, literal string, ok bool) {
	n := e.conditions[condition]
	if n == nil || n.Kind != MappingNode || len(n.Keys) != 1 || n.Keys[0].Value != "Fn::Equals" {
		return "", "", false
	}
	items := n.Values[0].Items
	if len(items) != 2 {
		return "", "", false
	}
	for i := range 2 {
		ref, lit := items[i], items[1-i]
		r := ref.Get("Ref")
		if r == nil || r.Kind != ScalarNode || lit.Kind != ScalarNode {
			continue
		}
		if _, ok := e.allowed[r.Value]; ok {
			return r.Value, lit.Value, true
		}
	}
	return "", "", false
}

// condition decides a named condition under the path's assumptions.
func (e *Evaluator) condition(name string, a assumptions) tri {
	if v, ok := a.lookup(name); ok {
		return triOf(v)
	}
	expr, ok := e.conditions[name]
	if !ok || e.condBusy[name] {
		return triUnknown // undefined or circular: never guess
	}
	// Only the assumed conditions this one depends on can change its
	// value: keying the memo on those alone decides each condition once
	// per relevant path, not once per path of every Fn::If above it.
	key := name + "|" + a.restrict(e.dependencies(name)).key()
	if v, ok := e.condMemo[key]; ok {
		return v
	}
	e.depth++
	defer func() { e.depth-- }()
	if err := e.budget.CheckDepth(e.depth, "nesting of conditions", expr.Range); err != nil {
		return triUnknown
	}
	e.condBusy[name] = true
	v := e.condExpr(expr, a, 0)
	delete(e.condBusy, name)
	e.condMemo[key] = v
	return v
}

// dependencies returns the conditions a condition's value may depend on:
// those it names (Condition, Fn::If inside Fn::Equals), transitively.
func (e *Evaluator) dependencies(name string) map[string]bool {
	if d, ok := e.condDeps[name]; ok {
		return d
	}
	deps := map[string]bool{}
	e.condDeps[name] = deps // a cycle sees the set as it is being built
	var walk func(n *Node, depth int)
	walk = func(n *Node, depth int) {
		if n == nil || depth > int(e.budget.Limits().Depth) {
			return
		}
		if n.Kind == MappingNode && len(n.Keys) == 1 {
			var ref string
			switch k := n.Keys[0].Value; {
			case k == "Condition" && n.Values[0].Kind == ScalarNode:
				ref = n.Values[0].Value
			case k == "Fn::If" && n.Values[0].Kind == SequenceNode && len(n.Values[0].Items) > 0 && n.Values[0].Items[0].Kind == ScalarNode:
				ref = n.Values[0].Items[0].Value
			}
			if ref != "" && !deps[ref] {
				deps[ref] = true
				for d := range e.dependencies(ref) {
					deps[d] = true
				}
			}
		}
		for _, v := range n.Values {
			walk(v, depth+1)
		}
		for _, it := range n.Items {
			walk(it, depth+1)
		}
	}
	walk(e.conditions[name], 0)
	return deps
}

// restrict keeps the assumptions on the named conditions.
func (a assumptions) restrict(names map[string]bool) assumptions {
	var out assumptions
	for _, x := range a {
		if names[x.name] {
			out = append(out, x)
		}
	}
	return out
}

func (e *Evaluator) condExpr(n *Node, a assumptions, depth int) tri {
	if n == nil || depth > 100 || n.Kind != MappingNode || len(n.Keys) != 1 {
		if n != nil && n.Kind == ScalarNode && n.Scalar == BoolScalar {
			b, err := strconv.ParseBool(strings.ToLower(n.Value))
			if err == nil {
				return triOf(b)
			}
		}
		return triUnknown
	}
	arg := n.Values[0]
	switch n.Keys[0].Value {
	case "Condition":
		if arg.Kind == ScalarNode {
			return e.condition(arg.Value, a)
		}
	case "Fn::Equals":
		if arg.Kind != SequenceNode || len(arg.Items) != 2 {
			return triUnknown
		}
		x, ok1 := e.comparable(e.eval(arg.Items[0], a), arg.Range)
		y, ok2 := e.comparable(e.eval(arg.Items[1], a), arg.Range)
		if ok1 && ok2 {
			return triOf(x == y)
		}
	case "Fn::Not":
		if arg.Kind == SequenceNode && len(arg.Items) == 1 {
			switch e.condExpr(arg.Items[0], a, depth+1) {
			case triTrue:
				return triFalse
			case triFalse:
				return triTrue
			}
		}
	case "Fn::And", "Fn::Or":
		if arg.Kind != SequenceNode {
			return triUnknown
		}
		isAnd := n.Keys[0].Value == "Fn::And"
		result := triOf(isAnd)
		for _, it := range arg.Items {
			switch e.condExpr(it, a, depth+1) {
			case triUnknown:
				result = triUnknown
			case triFalse:
				if isAnd {
					return triFalse
				}
			case triTrue:
				if !isAnd {
					return triTrue
				}
			}
		}
		return result
	}
	return triUnknown
}

// comparable returns the string CloudFormation compares in Fn::Equals.
func (e *Evaluator) comparable(v *model.Value, at model.Range) (string, bool) {
	if s, ok := v.AsString(); ok {
		return s, true
	}
	if v.IsKnown() && v.Type == model.List {
		parts := make([]string, 0, len(v.List))
		for _, it := range v.List {
			s, ok := it.AsString()
			if !ok {
				return "", false
			}
			parts = append(parts, s)
		}
		if e.budget.SpendString(joinedLen(parts, 1), "the list Fn::Equals compares", at) != nil {
			return "", false
		}
		return strings.Join(parts, ","), true
	}
	return "", false
}

func (e *Evaluator) findInMap(arg *Node, r model.Range, a assumptions) *model.Value {
	if arg.Kind != SequenceNode || len(arg.Items) < 3 {
		return model.NewUnknown("malformed Fn::FindInMap", r)
	}
	var def *Node
	if len(arg.Items) >= 4 {
		def = arg.Items[3].Get("DefaultValue")
	}
	mapName, ok := e.eval(arg.Items[0], a).AsString()
	m := e.mappings.Get(mapName)
	if !ok || m == nil {
		return model.NewUnknown("Fn::FindInMap on a mapping the template does not define", r)
	}
	origin := fmt.Sprintf("mapping %q", mapName)
	return e.lookupLevels(m, arg.Items[1:3], def, origin, r, a)
}

// lookupLevels walks the two key levels of a mapping. A key that is not known
// (AWS::Region, a parameter without default) makes every entry a possible
// path, each reported with the key that selects it.
func (e *Evaluator) lookupLevels(m *Node, keys []*Node, def *Node, origin string, r model.Range, a assumptions) *model.Value {
	if len(keys) == 0 {
		return e.mappingEntry(m, origin, a)
	}
	if m.Kind != MappingNode {
		return model.NewUnknown("Fn::FindInMap into a value that is not a mapping", r)
	}
	kv := e.eval(keys[0], a)
	if k, ok := kv.AsString(); ok {
		sub := m.Get(k)
		if sub == nil {
			if def != nil {
				v := e.eval(def, a)
				return v
			}
			return model.NewUnknown(fmt.Sprintf("%s has no key %q", origin, k), r)
		}
		return e.lookupLevels(sub, keys[1:], def, fmt.Sprintf("%s key %q", origin, k), r, a)
	}
	if kv.State == model.Absent || len(m.Keys) > maxAlternatives {
		return model.NewUnknown("Fn::FindInMap with a key not known", r)
	}
	// The keys the lookup can take: the alternatives of a key known only
	// along some paths (a parameter's AllowedValues, an Fn::If), else every
	// key of the mapping, since any may be selected at deploy time.
	type choice struct {
		key  string
		when model.When
	}
	var choices []choice
	if kv.State == model.Conditional {
		for _, alt := range kv.Candidates() {
			k, ok := alt.AsString()
			if !ok {
				choices = nil
				break
			}
			choices = append(choices, choice{k, alt.When})
		}
	}
	if choices == nil {
		for _, k := range m.Keys {
			choices = append(choices, choice{k.Value, model.Is(origin+" key", strconv.Quote(k.Value))})
		}
	}
	// A key that is a parameter constrained on this path (an Fn::If on
	// IsProd above) takes only the values the path allows.
	param := ""
	if r := keys[0].Get("Ref"); r != nil && r.Kind == ScalarNode {
		param = r.Value
	}
	var alts []*model.Value
	for _, ch := range choices {
		if param != "" && !e.allows(a, param, ch.key) {
			continue
		}
		if err := e.explore(r); err != nil {
			return budgetUnknown(err, r)
		}
		sub := m.Get(ch.key)
		var v *model.Value
		switch {
		case sub != nil:
			v = e.lookupLevels(sub, keys[1:], def, fmt.Sprintf("%s key %q", origin, ch.key), r, a)
		case def != nil:
			v = e.eval(def, a)
		default:
			continue // a key the mapping lacks fails the deployment; not this rule's business
		}
		for _, c := range v.Leaves() {
			c2 := *c.Copy()
			c2.When = ch.when.Then(c2.When)
			alts = append(alts, &c2)
		}
		if len(alts) > maxAlternatives {
			break // no need to build what is dropped below
		}
	}
	if len(alts) == 0 || len(alts) > maxAlternatives {
		return model.NewUnknown("Fn::FindInMap with a key not known", r)
	}
	if err := e.budget.SpendValues(int64(len(alts)), "the condition paths of Fn::FindInMap", r); err != nil {
		return budgetUnknown(err, r)
	}
	return &model.Value{State: model.Conditional, Alternatives: alts, Range: r}
}

func (e *Evaluator) sub(arg *Node, r model.Range, a assumptions) *model.Value {
	var tmpl string
	vars := map[string]*model.Value{}
	switch {
	case arg.Kind == ScalarNode:
		tmpl = arg.Value
	case arg.Kind == SequenceNode && len(arg.Items) >= 1 && arg.Items[0].Kind == ScalarNode:
		tmpl = arg.Items[0].Value
		if len(arg.Items) == 2 && arg.Items[1].Kind == MappingNode {
			for i, k := range arg.Items[1].Keys {
				vars[k.Value] = e.eval(arg.Items[1].Values[i], a)
			}
		}
	default:
		return model.NewUnknown("malformed Fn::Sub", r)
	}
	// "${Name}" alone is the value of Name, with its origin and range.
	if inner, ok := strings.CutPrefix(tmpl, "${"); ok && strings.HasSuffix(inner, "}") &&
		!strings.ContainsAny(inner[:len(inner)-1], "${}!") && !strings.Contains(inner, ".") {
		name := strings.TrimSpace(strings.TrimSuffix(inner, "}"))
		v, ok := vars[name]
		if !ok {
			v = e.ref(name, r)
		}
		if s, ok := v.AsString(); ok {
			out := model.NewString(s, v.Range)
			out.Origin, out.When = v.Origin, v.When
			return out
		}
	}
	// The pieces are gathered first (slices of the template and of the
	// variables' strings, nothing copied) so the length of the result is
	// checked against the budget before it is built: "${a}${a}" nested
	// forty times would be a terabyte.
	var parts []string
	var refs []model.Ref
	known := true
	for {
		i := strings.Index(tmpl, "${")
		if i < 0 {
			parts = append(parts, tmpl)
			break
		}
		parts = append(parts, tmpl[:i])
		rest := tmpl[i+2:]
		j := strings.IndexByte(rest, '}')
		if j < 0 {
			parts = append(parts, tmpl[i:])
			break
		}
		name := rest[:j]
		tmpl = rest[j+1:]
		if strings.HasPrefix(name, "!") { // ${!Literal} is written as ${Literal}
			parts = append(parts, "${", name[1:], "}")
			continue
		}
		// An unknown part stays in the parts as written, so the template
		// the value keeps (model.NewTemplate) names it.
		placeholder := rest[:j]
		name = strings.TrimSpace(name)
		var v *model.Value
		if vv, ok := vars[name]; ok {
			v = vv
		} else if res, attr, dotted := strings.Cut(name, "."); dotted && e.resources[res] != "" && attr != "Version" && attr != "Alias" {
			v = model.NewRef(model.Ref{Resource: res, Attribute: attr}, r)
		} else {
			v = e.ref(name, r)
		}
		if s, ok := v.AsString(); ok {
			parts = append(parts, s)
			continue
		}
		known = false
		refs = append(refs, refsOf(v)...)
		parts = append(parts, "${", placeholder, "}")
	}
	if err := e.budget.SpendString(joinedLen(parts, 0), "the string Fn::Sub makes", r); err != nil {
		return budgetUnknown(err, r)
	}
	if known {
		return model.NewString(strings.Join(parts, ""), r)
	}
	return model.NewTemplate(strings.Join(parts, ""), "Fn::Sub of values known only at deploy time", r, refs...)
}

func (e *Evaluator) join(arg *Node, r model.Range, a assumptions) *model.Value {
	if arg.Kind != SequenceNode || len(arg.Items) != 2 {
		return model.NewUnknown("malformed Fn::Join", r)
	}
	delim, ok := e.eval(arg.Items[0], a).AsString()
	list := e.eval(arg.Items[1], a)
	if !ok || !list.IsKnown() || list.Type != model.List {
		return model.NewUnknown("Fn::Join of values known only at deploy time", r, refsOf(list)...)
	}
	parts := make([]string, 0, len(list.List))
	var refs []model.Ref
	known := true
	for _, it := range list.List {
		s, ok := it.AsString()
		if !ok {
			known = false
			refs = append(refs, refsOf(it)...)
		}
		parts = append(parts, s)
	}
	if !known {
		return model.NewUnknown("Fn::Join of values known only at deploy time", r, refs...)
	}
	if err := e.budget.SpendString(joinedLen(parts, len(delim)), "the string Fn::Join makes", r); err != nil {
		return budgetUnknown(err, r)
	}
	return model.NewString(strings.Join(parts, delim), r)
}

func (e *Evaluator) selectFn(arg *Node, r model.Range, a assumptions) *model.Value {
	if arg.Kind != SequenceNode || len(arg.Items) != 2 {
		return model.NewUnknown("malformed Fn::Select", r)
	}
	idx, ok := e.eval(arg.Items[0], a).AsNumber()
	list := e.eval(arg.Items[1], a)
	if !ok || !list.IsKnown() || list.Type != model.List {
		return model.NewUnknown("Fn::Select from a list known only at deploy time", r, refsOf(list)...)
	}
	i := int(idx)
	if i < 0 || i >= len(list.List) {
		return model.NewUnknown(fmt.Sprintf("Fn::Select index %d is out of range", i), r)
	}
	return list.List[i]
}

// refsOf collects the resources a value refers to, for values that are not
// known but still tell which resource they point at.
func refsOf(v *model.Value) []model.Ref {
	if v == nil {
		return nil
	}
	switch v.State {
	case model.Known:
		switch v.Type {
		case model.Reference:
			return []model.Ref{*v.Ref}
		case model.List:
			var out []model.Ref
			for _, it := range v.List {
				out = append(out, refsOf(it)...)
			}
			return out
		}
	case model.Unknown:
		return v.Refs
	case model.Conditional:
		var out []model.Ref
		for _, alt := range v.Alternatives {
			out = append(out, refsOf(alt)...)
		}
		return out
	}
	return nil
}

// Plain converts a fully known value to plain Go data (string, float64,
// bool, nil, []any, map[string]any); ok is false when any part is not known.
func Plain(v *model.Value) (any, bool) {
	if !v.IsKnown() {
		return nil, false
	}
	switch v.Type {
	case model.String:
		return v.Str, true
	case model.Number:
		return v.Num, true
	case model.Bool:
		return v.Bool, true
	case model.Null:
		return nil, true
	case model.List:
		out := make([]any, 0, len(v.List))
		for _, it := range v.List {
			p, ok := Plain(it)
			if !ok {
				return nil, false
			}
			out = append(out, p)
		}
		return out, true
	case model.Map:
		out := make(map[string]any, len(v.Keys))
		for i, k := range v.Keys {
			p, ok := Plain(v.FieldAt(i))
			if !ok {
				return nil, false
			}
			out[k] = p
		}
		return out, true
	}
	return nil, false
}

// placeAt gives a value set on the command line (no range of its own) the
// range of the reference that uses it, so its diagnostics have a place.
func placeAt(v *model.Value, r model.Range) *model.Value {
	if !v.Range.IsZero() || v.State == model.Conditional {
		return v
	}
	c := *v.Copy()
	c.Range = r
	if c.State == model.Known && c.Type == model.List {
		c.List = make([]*model.Value, len(v.List))
		for i, it := range v.List {
			c.List[i] = placeAt(it, r)
		}
	}
	return &c
}
