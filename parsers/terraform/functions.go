package terraform

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2/ext/tryfunc"
	"github.com/zclconf/go-cty/cty"
	ctyconvert "github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"

	"github.com/lambdavet/lambdavet/parsers/model"
)

// stdFunctions are the Terraform functions lambdavet evaluates: those of
// go-cty's stdlib under their Terraform names, plus try and can. Functions
// that read files, the clock or the network are defined to return unknown,
// so configurations that use them still load and nothing is guessed.
var stdFunctions = buildFunctions()

func buildFunctions() map[string]function.Function {
	fns := map[string]function.Function{
		"abs":             stdlib.AbsoluteFunc,
		"ceil":            stdlib.CeilFunc,
		"chomp":           stdlib.ChompFunc,
		"chunklist":       stdlib.ChunklistFunc,
		"coalesce":        stdlib.CoalesceFunc,
		"coalescelist":    stdlib.CoalesceListFunc,
		"compact":         stdlib.CompactFunc,
		"concat":          stdlib.ConcatFunc,
		"contains":        stdlib.ContainsFunc,
		"csvdecode":       stdlib.CSVDecodeFunc,
		"distinct":        stdlib.DistinctFunc,
		"element":         stdlib.ElementFunc,
		"flatten":         stdlib.FlattenFunc,
		"floor":           stdlib.FloorFunc,
		"format":          stdlib.FormatFunc,
		"formatdate":      stdlib.FormatDateFunc,
		"formatlist":      stdlib.FormatListFunc,
		"indent":          stdlib.IndentFunc,
		"join":            stdlib.JoinFunc,
		"jsondecode":      stdlib.JSONDecodeFunc,
		"jsonencode":      stdlib.JSONEncodeFunc,
		"keys":            stdlib.KeysFunc,
		"length":          lengthFunc,
		"log":             stdlib.LogFunc,
		"lookup":          stdlib.LookupFunc,
		"lower":           stdlib.LowerFunc,
		"max":             stdlib.MaxFunc,
		"merge":           stdlib.MergeFunc,
		"min":             stdlib.MinFunc,
		"parseint":        stdlib.ParseIntFunc,
		"pow":             stdlib.PowFunc,
		"range":           stdlib.RangeFunc,
		"regex":           stdlib.RegexFunc,
		"regexall":        stdlib.RegexAllFunc,
		"replace":         stdlib.ReplaceFunc,
		"reverse":         stdlib.ReverseListFunc,
		"setintersection": stdlib.SetIntersectionFunc,
		"setproduct":      stdlib.SetProductFunc,
		"setsubtract":     stdlib.SetSubtractFunc,
		"setunion":        stdlib.SetUnionFunc,
		"signum":          stdlib.SignumFunc,
		"slice":           stdlib.SliceFunc,
		"sort":            stdlib.SortFunc,
		"split":           stdlib.SplitFunc,
		"strrev":          stdlib.ReverseFunc,
		"substr":          stdlib.SubstrFunc,
		"timeadd":         stdlib.TimeAddFunc,
		"title":           stdlib.TitleFunc,
		"tobool":          stdlib.MakeToFunc(cty.Bool),
		"tolist":          stdlib.MakeToFunc(cty.List(cty.DynamicPseudoType)),
		"tomap":           stdlib.MakeToFunc(cty.Map(cty.DynamicPseudoType)),
		"tonumber":        stdlib.MakeToFunc(cty.Number),
		"toset":           stdlib.MakeToFunc(cty.Set(cty.DynamicPseudoType)),
		"tostring":        stdlib.MakeToFunc(cty.String),
		"trim":            stdlib.TrimFunc,
		"trimprefix":      stdlib.TrimPrefixFunc,
		"trimspace":       stdlib.TrimSpaceFunc,
		"trimsuffix":      stdlib.TrimSuffixFunc,
		"upper":           stdlib.UpperFunc,
		"values":          stdlib.ValuesFunc,
		"zipmap":          stdlib.ZipmapFunc,
		"try":             tryfunc.TryFunc,
		"can":             tryfunc.CanFunc,
	}
	// Not evaluated: they read files, the clock, randomness or state.
	for _, name := range []string{
		"file", "fileexists", "fileset", "filebase64", "filebase64sha256", "filebase64sha512",
		"filemd5", "filesha1", "filesha256", "filesha512", "templatefile", "timestamp", "plantimestamp",
		"uuid", "uuidv5", "bcrypt", "base64sha256", "base64sha512", "md5", "sha1", "sha256", "sha512",
		"base64encode", "base64decode", "base64gzip", "textencodebase64", "textdecodebase64",
		"urlencode", "yamlencode", "yamldecode", "cidrhost", "cidrnetmask", "cidrsubnet", "cidrsubnets",
		"abspath", "dirname", "basename", "pathexpand", "one", "sum", "alltrue", "anytrue",
		"startswith", "endswith", "strcontains", "issensitive", "sensitive", "nonsensitive",
		"ephemeralasnull", "transpose", "matchkeys", "index", "tolist_", "type", "templatestring",
	} {
		if _, ok := fns[name]; !ok {
			fns[name] = unknownFunc
		}
	}
	return fns
}

// unknownFunc accepts any arguments and returns an unknown value.
var unknownFunc = function.New(&function.Spec{
	VarParam: &function.Parameter{Name: "args", Type: cty.DynamicPseudoType, AllowNull: true, AllowUnknown: true, AllowDynamicType: true},
	Type:     function.StaticReturnType(cty.DynamicPseudoType),
	Impl: func([]cty.Value, cty.Type) (cty.Value, error) {
		return cty.DynamicVal, nil
	},
})

// lengthFunc is Terraform's length: of a collection, or of a string in
// characters.
var lengthFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "value", Type: cty.DynamicPseudoType, AllowDynamicType: true, AllowUnknown: true}},
	Type:   function.StaticReturnType(cty.Number),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		v := args[0]
		if v.Type() == cty.String {
			return stdlib.Strlen(v)
		}
		return stdlib.Length(v)
	},
})

// buildFunctions returns the functions charging the loader's budget. Many
// produce far more than they are given (format("%-500000000s", …),
// indent(1e9, …), setproduct, replace with an empty search, concat of a
// list with itself through locals): each call's result is bounded from its
// arguments before the function runs, where such a bound exists, and
// charged after it returns, as a tree (values, string bytes, depth), so
// what one call makes stays within the budget and repeated calls exhaust
// it.
func (l *loader) budgetFunctions() map[string]function.Function {
	out := make(map[string]function.Function, len(stdFunctions))
	for name, f := range stdFunctions {
		out[name] = l.bounded(name, f)
	}
	return out
}

func (l *loader) bounded(name string, f function.Function) function.Function {
	what := name + "()"
	params, varParam := f.Params(), f.VarParam()
	// HCL converts arguments to the parameters' types before a call, and
	// go-cty unifies the element types of a tuple made a list pairwise: a
	// list of 100,000 strings given to join takes minutes. The wrapper
	// takes any type and converts itself, in linear time when the
	// elements share a type (see convertArg).
	convert := !customParams(params, varParam)
	spec := &function.Spec{Params: params, VarParam: varParam}
	if convert {
		spec.Params = make([]function.Parameter, len(params))
		for i, p := range params {
			spec.Params[i] = anyParam(p)
		}
		if varParam != nil {
			vp := anyParam(*varParam)
			spec.VarParam = &vp
		}
	}
	conv := func(args []cty.Value) ([]cty.Value, error) {
		if !convert {
			return args, nil
		}
		out := make([]cty.Value, len(args))
		for i, a := range args {
			p := varParam
			if i < len(params) {
				p = &params[i]
			}
			v, err := l.convertArg(a, p.Type, what)
			if err != nil {
				return nil, function.NewArgError(i, err)
			}
			out[i] = v
		}
		return out, nil
	}
	spec.Type = func(args []cty.Value) (cty.Type, error) {
		args, err := conv(args)
		if err != nil {
			return cty.NilType, err
		}
		return f.ReturnTypeForValues(args)
	}
	spec.Impl = func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		b := l.budget
		if err := b.Err(); err != nil {
			return cty.DynamicVal, fmt.Errorf("%s", err.Message())
		}
		args, err := conv(args)
		if err != nil {
			return cty.DynamicVal, err
		}
		if err := l.precheck(name, args); err != nil {
			return cty.DynamicVal, fmt.Errorf("%s", err.Message())
		}
		v, err := f.Call(args)
		if err != nil {
			return v, err
		}
		if u, _ := v.Unmark(); u.Type() == cty.Number && u.IsKnown() && !u.IsNull() && hugeNumber(u) {
			err := b.Exceed(model.BudgetStringBytes, fmt.Sprintf("a number beyond 2^±%d (its decimal text)", maxNumberExp), l.at)
			return cty.DynamicVal, fmt.Errorf("%s", err.Message())
		}
		if err := l.chargeCty(v, "the result of "+what, l.at); err != nil {
			return cty.DynamicVal, fmt.Errorf("%s", err.Message())
		}
		return v, nil
	}
	return function.New(spec)
}

// anyParam is p accepting any value: the wrapper converts and checks, and
// the wrapped function applies p's rules.
func anyParam(p function.Parameter) function.Parameter {
	p.Type = cty.DynamicPseudoType
	p.AllowNull, p.AllowUnknown, p.AllowDynamicType, p.AllowMarked = true, true, true, true
	return p
}

// customParams reports whether a function decodes its arguments itself
// (try and can take expressions): HCL recognizes those by the parameter
// type, which must stay.
func customParams(params []function.Parameter, varParam *function.Parameter) bool {
	for _, p := range params {
		if p.Type.IsCapsuleType() {
			return true
		}
	}
	return varParam != nil && varParam.Type.IsCapsuleType()
}

// maxMixedElements bounds the elements of mixed types go-cty may unify into
// one list, map or set: it compares every pair of their types.
const maxMixedElements = 2048

// convertArg converts an argument to a parameter's type as HCL would. A
// tuple made a list or set, or an object made a map, whose elements share
// one type is converted element by element; one of mixed types is left to
// go-cty's unification, up to maxMixedElements elements.
func (l *loader) convertArg(v cty.Value, ty cty.Type, what string) (cty.Value, error) {
	if ty == cty.DynamicPseudoType || v.Type().Equals(ty) {
		return v, nil
	}
	u, marks := v.Unmark()
	vt := u.Type()
	toColl := (ty.IsListType() || ty.IsSetType()) && vt.IsTupleType() || ty.IsMapType() && vt.IsObjectType()
	if !toColl || !u.IsKnown() || u.IsNull() {
		return ctyconvert.Convert(v, ty)
	}
	n := u.LengthInt()
	if n == 0 {
		return ctyconvert.Convert(v, ty)
	}
	var first cty.Type
	uniform := true
	i := 0
	for it := u.ElementIterator(); it.Next(); i++ {
		_, e := it.Element()
		if i == 0 {
			first = e.Type()
		} else if !e.Type().Equals(first) {
			uniform = false
			break
		}
	}
	if !uniform {
		if n > maxMixedElements {
			err := l.budget.Exceed(model.BudgetCollection, fmt.Sprintf("a list of %d values of mixed types given to %s", n, what), l.at)
			return cty.DynamicVal, fmt.Errorf("%s", err.Message())
		}
		return ctyconvert.Convert(v, ty)
	}
	elem := ty.ElementType()
	if elem == cty.DynamicPseudoType {
		elem = first
	}
	var items []cty.Value
	fields := map[string]cty.Value{}
	for it := u.ElementIterator(); it.Next(); {
		k, e := it.Element()
		c, err := l.convertArg(e, elem, what)
		if err != nil {
			return cty.DynamicVal, err
		}
		if ty.IsMapType() {
			fields[k.AsString()] = c
		} else {
			items = append(items, c)
		}
	}
	var out cty.Value
	switch {
	case ty.IsListType():
		out = cty.ListVal(items)
	case ty.IsSetType():
		out = cty.SetVal(items)
	default:
		out = cty.MapVal(fields)
	}
	return out.WithMarks(marks), nil
}

// precheck bounds what a function will produce from its arguments, for the
// functions whose output can be far larger than their input.
func (l *loader) precheck(name string, args []cty.Value) *model.BudgetError {
	b := l.budget
	lim := b.Limits()
	at := l.at
	what := name + "()"
	str := func(i int) (string, bool) {
		if i >= len(args) {
			return "", false
		}
		v, _ := args[i].Unmark()
		if v.Type() != cty.String || !v.IsKnown() || v.IsNull() {
			return "", false
		}
		return v.AsString(), true
	}
	length := func(v cty.Value) int64 {
		v, _ = v.Unmark()
		if !v.IsKnown() || v.IsNull() || !v.CanIterateElements() {
			return 0
		}
		return int64(v.LengthInt())
	}
	text := func(v cty.Value) int64 {
		c := l.measure(v)
		return c.bytes*2 + c.nodes*8
	}
	bytes := func(n float64) *model.BudgetError {
		if n > float64(lim.StringBytes) {
			return b.Exceed(model.BudgetStringBytes, "the result of "+what, at)
		}
		return nil
	}
	switch name {
	case "format", "formatlist":
		f, ok := str(0)
		if !ok {
			return nil
		}
		n := float64(len(f)) + formatWidths(f)
		rows := int64(1)
		for _, a := range args[1:] {
			n += float64(text(a))
			if name == "formatlist" {
				if u, _ := a.Unmark(); u.IsKnown() && !u.IsNull() && (u.Type().IsListType() || u.Type().IsTupleType() || u.Type().IsSetType()) {
					rows = max(rows, length(u))
				}
			}
		}
		return bytes(n * float64(rows))
	case "indent":
		s, ok := str(1)
		if !ok || len(args) < 1 {
			return nil
		}
		v, _ := args[0].Unmark()
		if v.Type() != cty.Number || !v.IsKnown() || v.IsNull() {
			return nil
		}
		spaces, _ := v.AsBigFloat().Float64()
		return bytes(float64(len(s)) + math.Abs(spaces)*float64(strings.Count(s, "\n")))
	case "join":
		sep, ok := str(0)
		if !ok {
			return nil
		}
		var n, items float64
		for _, a := range args[1:] {
			n += float64(text(a))
			items += float64(length(a))
		}
		return bytes(n + float64(len(sep))*items)
	case "replace":
		s, ok1 := str(0)
		sub, ok2 := str(1)
		rep, ok3 := str(2)
		if !ok1 || !ok2 || !ok3 {
			return nil
		}
		var count int
		if sub == "" {
			count = utf8.RuneCountInString(s) + 1
		} else {
			count = strings.Count(s, sub)
		}
		return bytes(float64(len(s)) + float64(count)*float64(len(rep)))
	case "split":
		sep, ok1 := str(0)
		s, ok2 := str(1)
		if !ok1 || !ok2 {
			return nil
		}
		n := strings.Count(s, sep) + 1
		if sep == "" {
			n = utf8.RuneCountInString(s)
		}
		return b.CheckCollection(int64(n), "the result of "+what, at)
	case "concat", "setunion", "merge", "flatten":
		var n int64
		for _, a := range args {
			n += length(a)
		}
		return b.CheckCollection(n, "the result of "+what, at)
	case "setproduct":
		n := 1.0
		for _, a := range args {
			n *= float64(length(a))
		}
		if n > float64(lim.Collection) {
			return b.Exceed(model.BudgetCollection, "the result of "+what, at)
		}
	case "jsondecode":
		s, ok := str(0)
		if !ok {
			return nil
		}
		// go-cty's decoder recurses per level.
		if _, ok := checkJSONNesting([]byte(s), l.depthLimit); !ok {
			return b.Exceed(model.BudgetDepth, "nesting of the argument of "+what, at)
		}
	case "jsonencode":
		if len(args) == 1 {
			c := l.measure(args[0])
			if c.depth > l.depthLimit {
				return b.Exceed(model.BudgetDepth, "nesting of the argument of "+what, at)
			}
			return bytes(float64(c.bytes)*6 + float64(c.nodes)*32)
		}
	case "upper", "lower", "title", "strrev", "trimspace", "chomp":
		// Case mapping may lengthen UTF-8 text by half.
		if s, ok := str(0); ok {
			return bytes(float64(len(s)) * 1.5)
		}
	}
	return nil
}

// formatWidths is the padding and precision a format string asks for, at
// most: each verb's width and precision, plus room for its own text.
func formatWidths(f string) float64 {
	var n float64
	for i := 0; i < len(f); i++ {
		if f[i] != '%' {
			continue
		}
		i++
		num := func() float64 {
			v := 0.0
			for i < len(f) && f[i] >= '0' && f[i] <= '9' {
				v = v*10 + float64(f[i]-'0')
				i++
			}
			return v
		}
		for i < len(f) && strings.IndexByte("-+# 0", f[i]) >= 0 {
			i++
		}
		n += num() + 32
		if i < len(f) && f[i] == '.' {
			i++
			n += num()
		}
	}
	return n
}
