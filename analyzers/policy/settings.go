package policy

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/lambdavet/lambdavet/parsers/model"
)

// settingsConverter builds the Rego value the built-in policies read
// straight from the model, without the model's JSON form in between: on a
// template of 20,000 functions, building that form and converting it took
// a quarter of the run and most of its memory (every value kept its form).
// The shape is the JSON form's (Function.SettingsJSON, Value.JSON), which
// TestSettingsMatchJSONForm holds it to, with one difference: a range is a
// number, the index of the real range in ranges. The built-in policies
// never read into a range, they only pass it to their violations, so a
// seven-field object per value was converted, held and never looked at;
// the violations' ranges are put back by resolveRanges.
type settingsConverter struct {
	// seen shares the Rego form of a value that the model shares (a
	// Globals setting, a parameter default), as the JSON form does.
	seen map[*model.Value]ast.Value
	// keysSeen does the same for the variable names of a shared map, by
	// the first of them.
	keysSeen map[*model.EnvironmentKey]sharedKeys
	// ranges is the table range numbers index, and byKey the number of
	// each range in it, so equal ranges (a shared default, a Globals
	// line) share one.
	ranges []model.Range
	byKey  map[model.Range]int
	// base is the number of the table's first range: functions of several
	// projects judged in one evaluation (gather.go) number their ranges
	// apart, so a violation's range says whose it is.
	base int
	// inline converts ranges as objects, in the JSON form's own shape,
	// rather than numbers: for the test that compares the two forms.
	inline bool
	// names holds the property_names object of each names map: every
	// function of a format shares one map (model.CloudFormationNames, …),
	// so its twenty-odd pairs are built once, not once per function.
	names map[uintptr]*ast.Term
}

func newSettingsConverter() *settingsConverter {
	return &settingsConverter{seen: map[*model.Value]ast.Value{}, keysSeen: map[*model.EnvironmentKey]sharedKeys{}, byKey: map[model.Range]int{}, names: map[uintptr]*ast.Term{}}
}

// sharedNames holds the property_names object of the names maps every
// function of a format shares (model.CloudFormationNames, SAMNames,
// TerraformNames): the function cache converts each function on its own,
// and would otherwise build these twenty-odd pairs for every function of
// every run. Terms are never changed once built, so converters share them.
var sharedNames sync.Map // uintptr → *ast.Term

// maxSharedNames bounds sharedNames: a loader that made a names map per
// function would otherwise grow it with every run.
const maxSharedNames = 32

var sharedNamesCount atomic.Int32

// propertyNames returns the property_names object of a names map, built
// once per converter, and once per process for the maps formats share.
func (c *settingsConverter) propertyNames(names map[string]string) *ast.Term {
	key := uintptr(reflect.ValueOf(names).UnsafePointer())
	if t, ok := c.names[key]; ok {
		return t
	}
	if t, ok := sharedNames.Load(key); ok {
		c.names[key] = t.(*ast.Term)
		return t.(*ast.Term)
	}
	pairs := make([][2]*ast.Term, 0, len(names))
	for k, v := range names {
		pairs = append(pairs, [2]*ast.Term{ast.StringTerm(k), ast.StringTerm(v)})
	}
	t := ast.ObjectTerm(pairs...)
	c.names[key] = t
	if shared(names) && sharedNamesCount.Add(1) <= maxSharedNames {
		sharedNames.Store(key, t)
	}
	return t
}

// shared reports whether a names map is one of the model's, which live as
// long as the process.
func shared(names map[string]string) bool {
	for _, m := range []map[string]string{model.CloudFormationNames, model.SAMNames, model.TerraformNames} {
		if reflect.ValueOf(m).UnsafePointer() == reflect.ValueOf(names).UnsafePointer() {
			return true
		}
	}
	return false
}

// Keys of the JSON form, made once: every function and value has them.
var (
	keyState, keyRange, keyOrigin   = ast.StringTerm("state"), ast.StringTerm("range"), ast.StringTerm("origin")
	keyWhen, keyDefault, keyReason  = ast.StringTerm("when"), ast.StringTerm("default"), ast.StringTerm("reason")
	keyRefs, keyAlternatives        = ast.StringTerm("refs"), ast.StringTerm("alternatives")
	keyType, keyValue               = ast.StringTerm("type"), ast.StringTerm("value")
	keyResource, keyAttribute       = ast.StringTerm("resource"), ast.StringTerm("attribute")
	keyName, keySubject, keyEdge    = ast.StringTerm("name"), ast.StringTerm("subject"), ast.StringTerm("edge")
	keyPropertyNames, keyProperties = ast.StringTerm("property_names"), ast.StringTerm("properties")
	keyEnvironmentSizes             = ast.StringTerm("environment_sizes")
	keyEnvironmentKeys              = ast.StringTerm("environment_keys")
	keyFunctions                    = ast.StringTerm("functions")
	stateTerms                      = map[model.State]*ast.Term{}
	typeTerms                       = map[model.Type]*ast.Term{}
)

// settingKeys are the effective settings of a function in its Rego
// form, each under its key.
var settingKeys = []struct {
	key *ast.Term
	of  func(*model.Function) *model.Value
}{
	{ast.StringTerm("memory_size"), func(f *model.Function) *model.Value { return f.MemorySize }},
	{ast.StringTerm("timeout"), func(f *model.Function) *model.Value { return f.Timeout }},
	{ast.StringTerm("ephemeral_storage"), func(f *model.Function) *model.Value { return f.EphemeralStorage }},
	{ast.StringTerm("environment"), func(f *model.Function) *model.Value { return f.Environment }},
	{ast.StringTerm("layers"), func(f *model.Function) *model.Value { return f.Layers }},
	{ast.StringTerm("vpc_config"), func(f *model.Function) *model.Value { return f.VpcConfig }},
	{ast.StringTerm("runtime"), func(f *model.Function) *model.Value { return f.Runtime }},
	{ast.StringTerm("architectures"), func(f *model.Function) *model.Value { return f.Architectures }},
	{ast.StringTerm("package_type"), func(f *model.Function) *model.Value { return f.PackageType }},
	{ast.StringTerm("handler"), func(f *model.Function) *model.Value { return f.Handler }},
	{ast.StringTerm("code"), func(f *model.Function) *model.Value { return f.Code }},
	{ast.StringTerm("file_system_configs"), func(f *model.Function) *model.Value { return f.FileSystemConfigs }},
	{ast.StringTerm("auto_publish_alias"), func(f *model.Function) *model.Value { return f.AutoPublishAlias }},
	{ast.StringTerm("capacity_provider"), func(f *model.Function) *model.Value { return f.CapacityProvider }},
	{ast.StringTerm("logging_config"), func(f *model.Function) *model.Value { return f.LoggingConfig }},
	{ast.StringTerm("runtime_management_config"), func(f *model.Function) *model.Value { return f.RuntimeManagementConfig }},
	{ast.StringTerm("snap_start"), func(f *model.Function) *model.Value { return f.SnapStart }},
	{ast.StringTerm("provisioned_concurrency"), func(f *model.Function) *model.Value { return f.ProvisionedConcurrency }},
	{ast.StringTerm("publish"), func(f *model.Function) *model.Value { return f.Publish }},
	{ast.StringTerm("inline_code"), func(f *model.Function) *model.Value { return f.InlineCode }},
}

func init() {
	for _, s := range []model.State{model.Absent, model.Known, model.Unknown, model.Conditional} {
		stateTerms[s] = ast.StringTerm(s.String())
	}
	for t := model.Null; t <= model.Reference; t++ {
		typeTerms[t] = ast.StringTerm(t.String())
	}
}

// functions returns {"functions": [...]} for fns: each function's
// identity and effective settings, and the raw properties of the
// functions that run at the edge (LV508 reads those).
func (c *settingsConverter) functions(fns []*model.Function) ast.Value {
	terms := make([]*ast.Term, 0, len(fns))
	for _, f := range fns {
		terms = append(terms, ast.NewTerm(c.function(f)))
	}
	return functionsInput(terms)
}

// functionsInput is the built-in policies' input: {"functions": [...]},
// the functions' Rego forms (function) as given.
func functionsInput(fns []*ast.Term) ast.Value {
	return ast.NewObject([2]*ast.Term{keyFunctions, ast.ArrayTerm(fns...)})
}

func (c *settingsConverter) function(f *model.Function) ast.Value {
	sizes := make([]*ast.Term, 0, len(f.EnvironmentSizes))
	for _, s := range f.EnvironmentSizes {
		sizes = append(sizes, ast.ObjectTerm(
			[2]*ast.Term{ast.StringTerm("when"), ast.StringTerm(s.When.String())},
			[2]*ast.Term{ast.StringTerm("bytes"), ast.IntNumberTerm(s.Bytes)},
			[2]*ast.Term{ast.StringTerm("exact"), ast.BooleanTerm(s.Exact)},
			[2]*ast.Term{ast.StringTerm("largest"), ast.StringTerm(s.Largest)},
			[2]*ast.Term{ast.StringTerm("at"), ast.NewTerm(c.value(s.At, 0))},
		))
	}
	namesTerm := c.propertyNames(f.PropertyNames)
	edge := make([]*ast.Term, 0, len(f.Edge))
	for _, a := range f.Edge {
		pairs := [][2]*ast.Term{
			{ast.StringTerm("distribution"), ast.StringTerm(a.Distribution)},
			{ast.StringTerm("subject"), ast.StringTerm(a.Subject)},
			{ast.StringTerm("cache_behavior"), ast.StringTerm(a.CacheBehavior)},
			{ast.StringTerm("event_type"), ast.StringTerm(a.EventType)},
			{ast.StringTerm("target"), ast.StringTerm(string(a.Target))},
			{ast.StringTerm("detail"), ast.StringTerm(a.Detail)},
			{keyRange, c.rangeTerm(a.Range)},
		}
		if len(a.When) > 0 {
			pairs = append(pairs, [2]*ast.Term{keyWhen, ast.StringTerm(a.When.String())})
		}
		edge = append(edge, ast.ObjectTerm(pairs...))
	}
	pairs := make([][2]*ast.Term, 0, 9+len(settingKeys))
	pairs = append(pairs,
		[2]*ast.Term{keyName, ast.StringTerm(f.Resource.Name)},
		[2]*ast.Term{keySubject, ast.StringTerm(f.Subject)},
		[2]*ast.Term{keyPropertyNames, namesTerm},
		[2]*ast.Term{keyType, ast.StringTerm(f.Resource.Type)},
		[2]*ast.Term{keyRange, c.rangeTerm(f.Resource.Range)},
		[2]*ast.Term{keyEnvironmentSizes, ast.ArrayTerm(sizes...)},
		[2]*ast.Term{keyEnvironmentKeys, c.environmentKeys(f.EnvironmentKeys)},
		[2]*ast.Term{keyEdge, ast.ArrayTerm(edge...)},
	)
	for _, s := range settingKeys {
		pairs = append(pairs, [2]*ast.Term{s.key, ast.NewTerm(c.value(s.of(f), 0))})
	}
	if len(f.Edge) > 0 {
		pairs = append(pairs, [2]*ast.Term{keyProperties, ast.NewTerm(c.value(f.Resource.Properties, 0))})
	}
	return ast.NewObject(pairs...)
}

// environmentKeys converts a function's variable names; functions that
// inherit one map (SAM Globals) share its names, and their Rego form.
func (c *settingsConverter) environmentKeys(keys []model.EnvironmentKey) *ast.Term {
	if len(keys) == 0 {
		return ast.ArrayTerm()
	}
	if t, ok := c.keysSeen[&keys[0]]; ok && t.n == len(keys) {
		return t.term
	}
	terms := make([]*ast.Term, 0, len(keys))
	for _, k := range keys {
		terms = append(terms, ast.ObjectTerm(
			[2]*ast.Term{ast.StringTerm("name"), ast.StringTerm(k.Name)},
			[2]*ast.Term{keyWhen, ast.StringTerm(k.When.String())},
			[2]*ast.Term{keyOrigin, ast.StringTerm(k.Origin.String())},
			[2]*ast.Term{keyRange, c.rangeTerm(k.Range)},
		))
	}
	t := ast.ArrayTerm(terms...)
	c.keysSeen[&keys[0]] = sharedKeys{t, len(keys)}
	return t
}

type sharedKeys struct {
	term *ast.Term
	n    int
}

var absentValue = ast.NewObject([2]*ast.Term{keyState, ast.StringTerm(model.Absent.String())})

// value converts v as Value.JSON does, depth levels below a setting.
func (c *settingsConverter) value(v *model.Value, depth int) ast.Value {
	if v == nil {
		return absentValue
	}
	if x, ok := c.seen[v]; ok {
		return x
	}
	if depth > model.MaxWalkDepth {
		// As in the JSON form: not kept, the same value nearer the top
		// gets its form.
		return ast.NewObject([2]*ast.Term{keyState, stateTerms[model.Unknown]},
			[2]*ast.Term{keyReason, ast.StringTerm("nested too deeply to describe")})
	}
	pairs := make([][2]*ast.Term, 1, 5)
	pairs[0] = [2]*ast.Term{keyState, stateTerms[v.State]}
	if !v.Range.IsZero() {
		pairs = append(pairs, [2]*ast.Term{keyRange, c.rangeTerm(v.Range)})
	}
	if len(v.Origin) > 0 {
		pairs = append(pairs, [2]*ast.Term{keyOrigin, ast.StringTerm(v.Origin.String())})
	}
	if len(v.When) > 0 {
		pairs = append(pairs, [2]*ast.Term{keyWhen, ast.StringTerm(v.When.String())})
	}
	switch v.State {
	case model.Absent:
		if v.Default != nil {
			pairs = append(pairs, [2]*ast.Term{keyDefault, ast.NewTerm(c.value(v.Default, depth+1))})
		}
	case model.Unknown:
		pairs = append(pairs, [2]*ast.Term{keyReason, ast.StringTerm(v.Reason)})
		if len(v.Refs) > 0 {
			refs := make([]*ast.Term, len(v.Refs))
			for i, r := range v.Refs {
				refs[i] = refTerm(r)
			}
			pairs = append(pairs, [2]*ast.Term{keyRefs, ast.ArrayTerm(refs...)})
		}
	case model.Conditional:
		alts := make([]*ast.Term, len(v.Alternatives))
		for i, a := range v.Alternatives {
			alts[i] = ast.NewTerm(c.value(a, depth+1))
		}
		pairs = append(pairs, [2]*ast.Term{keyAlternatives, ast.ArrayTerm(alts...)})
	case model.Known:
		pairs = append(pairs, [2]*ast.Term{keyType, typeTerms[v.Type]}, [2]*ast.Term{keyValue, c.known(v, depth)})
	}
	x := ast.NewObject(pairs...)
	c.seen[v] = x
	return x
}

func (c *settingsConverter) known(v *model.Value, depth int) *ast.Term {
	switch v.Type {
	case model.String:
		return ast.StringTerm(v.Str)
	case model.Number:
		return ast.NumberTerm(json.Number(strconv.FormatFloat(v.Num, 'g', -1, 64)))
	case model.Bool:
		return ast.BooleanTerm(v.Bool)
	case model.List:
		items := make([]*ast.Term, len(v.List))
		for i, it := range v.List {
			items[i] = ast.NewTerm(c.value(it, depth+1))
		}
		return ast.ArrayTerm(items...)
	case model.Map:
		fields := make([][2]*ast.Term, 0, len(v.Keys))
		for i, k := range v.Keys {
			fields = append(fields, [2]*ast.Term{ast.StringTerm(k), ast.NewTerm(c.value(v.FieldAt(i), depth+1))})
		}
		return ast.ObjectTerm(fields...)
	case model.Reference:
		return refTerm(*v.Ref)
	}
	return ast.NullTerm()
}

func refTerm(r model.Ref) *ast.Term {
	pairs := [][2]*ast.Term{{keyResource, ast.StringTerm(r.Resource)}}
	if r.Attribute != "" {
		pairs = append(pairs, [2]*ast.Term{keyAttribute, ast.StringTerm(r.Attribute)})
	}
	return ast.ObjectTerm(pairs...)
}

// rangeTerm is r's number in the table, or r itself when ranges are
// converted in full. Equal ranges share a number.
func (c *settingsConverter) rangeTerm(r model.Range) *ast.Term {
	if c.inline {
		return ast.ObjectTerm(
			[2]*ast.Term{ast.StringTerm("file"), ast.StringTerm(r.File)},
			[2]*ast.Term{ast.StringTerm("line"), ast.IntNumberTerm(int(r.Start.Line))},
			[2]*ast.Term{ast.StringTerm("column"), ast.IntNumberTerm(int(r.Start.Column))},
			[2]*ast.Term{ast.StringTerm("offset"), ast.IntNumberTerm(int(r.Start.Offset))},
			[2]*ast.Term{ast.StringTerm("endLine"), ast.IntNumberTerm(int(r.End.Line))},
			[2]*ast.Term{ast.StringTerm("endColumn"), ast.IntNumberTerm(int(r.End.Column))},
			[2]*ast.Term{ast.StringTerm("endOffset"), ast.IntNumberTerm(int(r.End.Offset))},
		)
	}
	i, ok := c.byKey[r]
	if !ok {
		i = len(c.ranges)
		c.ranges = append(c.ranges, r)
		c.byKey[r] = i
	}
	return ast.IntNumberTerm(c.base + i)
}

// resolveRanges puts the real range back into each violation whose range
// is a number from c's table. A violation's range that is not a number
// (a policy built one) is left as it is.
func (c *settingsConverter) resolveRanges(violations []any) error {
	for _, v := range violations {
		obj, ok := v.(map[string]any)
		if !ok {
			continue
		}
		n, ok := obj["range"].(json.Number)
		if !ok {
			continue
		}
		i, err := n.Int64()
		i -= int64(c.base)
		if err != nil || i < 0 || i >= int64(len(c.ranges)) {
			return fmt.Errorf("violation %v has range %s, which is not a range of the input", obj["message"], n)
		}
		obj["range"] = c.ranges[i].JSON()
	}
	return nil
}
