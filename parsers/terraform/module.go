package terraform

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/lambdavet/lambdavet/parsers/model"
)

// Options are the variable values given on the command line.
type Options struct {
	// Vars are -var name=value assignments.
	Vars map[string]string
	// VarFiles are -var-file paths, applied in order after the tfvars files
	// Terraform loads by itself.
	VarFiles []string
	// Budget bounds the work of loading the root module and its modules;
	// nil uses the default limits.
	Budget *model.Budget
}

// maxModuleDepth bounds module nesting (and breaks cycles of local modules).
const maxModuleDepth = 8

// maxInstances bounds how many count/for_each instances are evaluated one
// by one; past it a resource is evaluated once with an unknown index.
const maxInstances = 64

type loader struct {
	read  func(string) ([]byte, error)
	files []string
	srcs  map[string][]byte
	// parsed caches each file's syntax: a module called N times is parsed
	// once and evaluated N times.
	parsed map[string]*body
	// loaded counts module instances against the budget's
	// ModuleInstances.
	loaded int
	// cycles are the folders reported as calling themselves.
	cycles map[string]bool
	// manifest is .terraform/modules/modules.json, read once.
	manifest     *modulesManifest
	manifestRead bool
	opts         Options
	project      *model.Project

	// budget is the project's; depthLimit is its depth, clamped to what
	// the HCL parser survives.
	budget     *model.Budget
	depthLimit int
	// functions are the Terraform functions, charging this budget.
	functions map[string]function.Function
	// index holds each file's line starts, for positions.
	index map[string]*lineIndex
	// costs memoizes the tree size and depth of values reached through a
	// reference (see charge).
	costs map[*model.Value]valueCost
	// depth is the nesting of the evaluation in progress.
	depth int
	// templates caches the guarded templates of JSON-syntax strings.
	templates map[jsonKey]hclsyntax.Expression
	// at is the expression being evaluated with go-cty, where a function
	// that runs out of budget is reported.
	at model.Range
	// envKeys memoizes where the names of the object written at a range
	// are (objectKeys).
	envKeys map[model.Range]map[string]model.Range
	// plans are the saved plans (terraform show -json) among the files,
	// whose values fill what evaluation leaves unknown; planFiles are
	// their files, listed after the configuration's.
	plans     []*plan
	planFiles []*model.File
}

type module struct {
	l      *loader
	parent *module // the caller, nil for the root
	dir    string
	addr   string // "" for the root, "module.a.module.b." prefix otherwise

	vars        map[string]*block
	varValues   map[string]*model.Value
	locals      map[string]*hcl.Attribute
	localVals   map[string]*model.Value
	outputs     map[string]*hcl.Attribute
	outVals     map[string]*model.Value
	busy        map[string]bool
	resources   []*block
	dataSources []*block
	declared    map[string]bool // "type.name" of managed resources
	calls       map[string]*block
	children    map[string]*module
}

// Load evaluates the Terraform root module in dir. files are the project's
// files (the module's, its local modules', tfvars and -var-file files); read
// returns their content (the driver serves editor buffers through it).
func Load(dir string, files []string, read func(string) ([]byte, error), opts Options) *model.Project {
	if opts.Budget == nil {
		opts.Budget = model.NewBudget(model.Limits{})
	}
	l := &loader{read: read, files: files, srcs: map[string][]byte{}, parsed: map[string]*body{}, cycles: map[string]bool{}, opts: opts,
		project: &model.Project{Root: dir}, budget: opts.Budget, depthLimit: depthLimit(opts.Budget),
		index: map[string]*lineIndex{}, costs: map[*model.Value]valueCost{}, templates: map[jsonKey]hclsyntax.Expression{},
		envKeys: map[model.Range]map[string]model.Range{}}
	l.functions = l.budgetFunctions()
	l.readPlans()
	root := l.loadModule(dir, "", nil, 0, nil, model.Range{})
	if root != nil && !l.budget.Exhausted() {
		root.collect()
	}
	l.project.Files = append(l.project.Files, l.planFiles...)
	if l.exhausted() {
		return l.project
	}
	linkRuntimeManagement(l.project)
	linkProvisionedConcurrency(l.project)
	linkTriggers(l.project)
	l.project.DeferNetwork(func() { linkNetwork(l, root) })
	addEdge(l.project)
	l.exhausted()
	return l.project
}

// exhausted reports whether the project ran out of budget. If so, the
// project keeps its files and errors with the budget's error added once,
// and none of its model: a model cut short would make rules judge half a
// configuration (analyzers/load settles the same way).
func (l *loader) exhausted() bool {
	berr := l.budget.Err()
	if berr == nil {
		return false
	}
	for _, e := range l.project.Errors {
		if e.Message == berr.Message() {
			return true
		}
	}
	l.project.Errors = append(l.project.Errors, berr.LoadError())
	l.project.Functions, l.project.Resources, l.project.Network = nil, nil, nil
	return true
}

// lines returns the line index of a file.
func (l *loader) lines(name string, src []byte) *lineIndex {
	x, ok := l.index[name]
	if !ok {
		x = newLineIndex(src)
		l.index[name] = x
	}
	return x
}

func (l *loader) source(name string) ([]byte, bool) {
	if src, ok := l.srcs[name]; ok {
		return src, true
	}
	src, err := l.read(name)
	if err != nil {
		l.project.Errors = append(l.project.Errors, &model.LoadError{Range: model.Range{File: name}, Message: fmt.Sprintf("cannot read: %v", err)})
		return nil, false
	}
	l.srcs[name] = src
	l.project.Files = append(l.project.Files, &model.File{Path: name, Format: model.FormatTerraform, Content: src})
	return src, true
}

// parse returns the syntax of a file, parsing it on first use only.
func (l *loader) parse(name string) *body {
	if b, ok := l.parsed[name]; ok {
		return b
	}
	l.parsed[name] = nil
	src, ok := l.source(name)
	if !ok {
		return nil
	}
	b, errs := l.parseFile(name, src)
	l.project.Errors = append(l.project.Errors, errs...)
	l.parsed[name] = b
	return b
}

// rng converts an HCL range to a model range with byte columns.
func (l *loader) rng(r hcl.Range) model.Range {
	src, ok := l.srcs[r.Filename]
	if !ok {
		return (*lineIndex)(nil).toRange(r)
	}
	return l.lines(r.Filename, src).toRange(r)
}

func (l *loader) text(r hcl.Range) string {
	src := l.srcs[r.Filename]
	if r.Start.Byte < 0 || r.End.Byte > len(src) || r.Start.Byte > r.End.Byte {
		return ""
	}
	return string(src[r.Start.Byte:r.End.Byte])
}

// moduleFiles lists the configuration files of the module in dir.
func (l *loader) moduleFiles(dir string) []string {
	var out []string
	for _, f := range l.files {
		if filepath.Dir(f) == filepath.Clean(dir) && (strings.HasSuffix(f, ".tf") || strings.HasSuffix(f, ".tf.json")) {
			out = append(out, f)
		}
	}
	sort.Strings(out)
	return out
}

// loadModule parses a module and binds its variables: from the caller's
// arguments for a child module, from defaults, tfvars and flags for the root.
// at is the call's source attribute, where a cycle or the instance budget
// is reported.
func (l *loader) loadModule(dir, addr string, args map[string]*model.Value, depth int, caller *module, at model.Range) *module {
	files := l.moduleFiles(dir)
	if len(files) == 0 || depth > maxModuleDepth || l.budget.Exhausted() {
		return nil
	}
	for c := caller; c != nil; c = c.parent {
		if filepath.Clean(c.dir) == filepath.Clean(dir) {
			// Reported once per folder, at the call that closes the
			// cycle (a root calling "./" included); the callers load.
			if !l.cycles[filepath.Clean(dir)] {
				l.cycles[filepath.Clean(dir)] = true
				l.project.Errors = append(l.project.Errors, &model.LoadError{Range: at, Message: fmt.Sprintf(
					"module %s calls folder %s, which is already among its callers (a module cycle); Terraform rejects module cycles", strings.TrimSuffix(addr, "."), dir)})
			}
			return nil
		}
	}
	// Each call evaluates the module again: calls that fan out at every
	// level multiply, so the number of instances is bounded.
	l.loaded++
	if limit := l.budget.Limits().ModuleInstances; int64(l.loaded) > limit {
		l.budget.Exceed(model.BudgetModuleInstances, "module instances", at)
		return nil
	}
	m := &module{l: l, dir: dir, addr: addr, parent: caller,
		vars: map[string]*block{}, varValues: map[string]*model.Value{},
		locals: map[string]*hcl.Attribute{}, localVals: map[string]*model.Value{},
		outputs: map[string]*hcl.Attribute{}, outVals: map[string]*model.Value{},
		busy: map[string]bool{}, declared: map[string]bool{},
		calls: map[string]*block{}, children: map[string]*module{}}
	for _, f := range files {
		b := l.parse(f)
		if b == nil {
			continue
		}
		for _, blk := range b.blocks {
			switch {
			case blk.typ == "variable" && len(blk.labels) == 1:
				m.vars[blk.labels[0]] = blk
			case blk.typ == "locals":
				for _, a := range blk.body.attrs {
					m.locals[a.Name] = a
				}
			case blk.typ == "output" && len(blk.labels) == 1:
				m.outputs[blk.labels[0]] = blk.body.attr("value")
			case blk.typ == "resource" && len(blk.labels) == 2:
				m.resources = append(m.resources, blk)
				m.declared[blk.labels[0]+"."+blk.labels[1]] = true
			case blk.typ == "data" && len(blk.labels) == 2:
				m.dataSources = append(m.dataSources, blk)
			case blk.typ == "module" && len(blk.labels) == 1:
				m.calls[blk.labels[0]] = blk
			}
		}
	}
	if depth == 0 {
		m.bindRootVariables()
	} else {
		m.bindArguments(args)
	}
	names := make([]string, 0, len(m.calls))
	for name := range m.calls {
		names = append(names, name)
	}
	sort.Strings(names) // a stable order: files, errors and output stay the same run to run
	for _, name := range names {
		m.loadChild(name, m.calls[name], depth)
	}
	return m
}

// bindRootVariables applies Terraform's precedence: defaults, then
// terraform.tfvars(.json), then *.auto.tfvars(.json) in lexical order, then
// -var-file files, then -var flags.
func (m *module) bindRootVariables() {
	for name, decl := range m.vars {
		m.varValues[name] = m.variableDefault(name, decl)
	}
	var tfvars, auto []string
	for _, f := range m.l.files {
		if filepath.Dir(f) != filepath.Clean(m.dir) {
			continue
		}
		base := filepath.Base(f)
		switch {
		case base == "terraform.tfvars" || base == "terraform.tfvars.json":
			tfvars = append(tfvars, f)
		case strings.HasSuffix(base, ".auto.tfvars") || strings.HasSuffix(base, ".auto.tfvars.json"):
			auto = append(auto, f)
		}
	}
	sort.Strings(tfvars) // terraform.tfvars before terraform.tfvars.json
	sort.Strings(auto)
	for _, f := range append(append(tfvars, auto...), m.l.opts.VarFiles...) {
		m.applyVarFile(f)
	}
	names := make([]string, 0, len(m.l.opts.Vars))
	for k := range m.l.opts.Vars {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, name := range names {
		decl, ok := m.vars[name]
		if !ok {
			continue
		}
		v := m.l.cliVarValue(name, m.l.opts.Vars[name], m.l.rng(decl.defRange))
		v.Range = m.l.rng(decl.defRange)
		v.Origin = model.OriginOf("-var " + name)
		m.varValues[name] = v
	}
}

// cliVarValue reads a -var value: HCL for lists, maps and numbers, a plain
// string otherwise, as Terraform does for variables of those types.
// Its nesting is bounded like a file's; a value past it is reported at the
// variable's declaration (decl) and is unknown.
func (l *loader) cliVarValue(name, raw string, decl model.Range) *model.Value {
	expr, _, ok := l.parseExpression([]byte(raw), "-var", hcl.InitialPos, false)
	if !ok {
		l.project.Errors = append(l.project.Errors, &model.LoadError{Range: decl, Message: fmt.Sprintf(
			"-var %s: nesting deeper than %d levels; value not read (if the input is legitimate, raise budget.%s in .lambdavet.yaml)", name, l.depthLimit, model.BudgetDepth)})
		return model.NewUnknown("-var "+name+" nested too deep", decl)
	}
	if expr != nil {
		l.at = decl
		if v, diags := expr.Value(&hcl.EvalContext{Functions: l.functions}); !diags.HasErrors() && v.IsWhollyKnown() && !v.IsNull() {
			return l.fromCty(v, model.Range{})
		}
	}
	return model.NewString(raw, model.Range{})
}

func (m *module) applyVarFile(f string) {
	src, ok := m.l.source(f)
	if !ok {
		return
	}
	var attrs hcl.Attributes
	var diags hcl.Diagnostics
	if strings.HasSuffix(f, ".json") {
		if errs := m.l.checkJSON(f, src); errs != nil {
			m.l.project.Errors = append(m.l.project.Errors, errs...)
			return
		}
		file, d := hcljson.Parse(src, f)
		diags = d
		if !d.HasErrors() {
			attrs, d = file.Body.JustAttributes()
			diags = append(diags, d...)
		}
	} else {
		file, errs := m.l.parseConfig(f, src)
		if file == nil {
			m.l.project.Errors = append(m.l.project.Errors, errs...)
			return
		}
		attrs, diags = file.Body.JustAttributes()
	}
	m.l.project.Errors = append(m.l.project.Errors, loadErrors(diags, m.l.lines(f, src))...)
	empty := &scope{m: &module{l: m.l, dir: m.dir, busy: map[string]bool{}}}
	for name, a := range attrs {
		if _, declared := m.vars[name]; !declared {
			continue // Terraform warns; nothing to evaluate
		}
		v := empty.value(a.Expr)
		v.Origin = model.OriginOf(filepath.Base(f))
		m.varValues[name] = v
	}
}

func (m *module) variableDefault(name string, decl *block) *model.Value {
	def := decl.body.attr("default")
	if def == nil {
		return model.NewUnknown(fmt.Sprintf("variable %q has no value (no default, tfvars or -var)", name), m.l.rng(decl.defRange))
	}
	v := (&scope{m: m}).value(def.Expr)
	if len(v.Origin) == 0 {
		v.Origin = model.OriginOf(fmt.Sprintf("variable %q default", name))
	}
	return v
}

// bindArguments binds a child module's variables to the caller's arguments,
// whose ranges are in the caller: a finding points at the argument to edit.
func (m *module) bindArguments(args map[string]*model.Value) {
	for name, decl := range m.vars {
		if v, ok := args[name]; ok && v.State != model.Absent {
			m.varValues[name] = v
			continue
		}
		m.varValues[name] = m.variableDefault(name, decl)
	}
}

// moduleArgs are the meta-arguments of a module block, not variables.
var moduleMeta = map[string]bool{"source": true, "version": true, "count": true, "for_each": true, "providers": true, "depends_on": true}

func (m *module) loadChild(name string, call *block, depth int) {
	src := call.body.attr("source")
	if src == nil {
		return
	}
	sv := (&scope{m: m}).value(src.Expr)
	source, ok := sv.AsString()
	if !ok {
		return
	}
	// The module is modeled once; an argument that differs between its
	// count/for_each instances gets one path per instance.
	scopes, whens := m.instanceScopes(call)
	if len(scopes) == 0 {
		return // count = 0 or an empty for_each: not created
	}
	args := map[string]*model.Value{}
	for _, a := range call.body.attrs {
		if moduleMeta[a.Name] {
			continue
		}
		vals := make([]*model.Value, len(scopes))
		for i, sc := range scopes {
			vals[i] = sc.value(a.Expr)
		}
		// A value set elsewhere (a variable's default, a local) names the
		// argument as its next hop.
		args[a.Name] = combine(vals, whens).WithOrigin(fmt.Sprintf("module %q argument %s", name, a.Name))
	}
	addr := m.addr + "module." + name + "."
	at := m.l.rng(src.Expr.Range())
	switch {
	case strings.HasPrefix(source, "./") || strings.HasPrefix(source, "../"):
		if child := m.l.loadModule(filepath.Join(m.dir, source), addr, args, depth+1, m, at); child != nil {
			m.children[name] = child
		}
	case isLambdaRegistryModule(source):
		if dir, ok := m.installedModule(name); ok {
			if child := m.l.loadModule(dir, addr, args, depth+1, m, at); child != nil {
				m.children[name] = child
				return
			}
		}
		m.l.lambdaModule(addr, call, args, m.l.rng(call.defRange))
	case isVPCRegistryModule(source):
		m.l.vpcModule(source, addr, args, m.l.rng(call.defRange))
	default:
		if dir, ok := m.installedModule(name); ok {
			if child := m.l.loadModule(dir, addr, args, depth+1, m, at); child != nil {
				m.children[name] = child
			}
		}
	}
}

// instanceCount returns how many instances count or for_each create, when known.
func (m *module) instanceCount(b *block, sc *scope) (int, bool) {
	if a := b.body.attr("count"); a != nil {
		n, ok := sc.value(a.Expr).AsNumber()
		return int(n), ok
	}
	if a := b.body.attr("for_each"); a != nil {
		v := sc.value(a.Expr)
		if v.IsKnown() && (v.Type == model.Map || v.Type == model.List) {
			return max(len(v.List), len(v.Keys)), true
		}
		return 0, false
	}
	return 1, true
}

func (m *module) local(name string) *model.Value {
	if v, ok := m.localVals[name]; ok {
		return v
	}
	a, ok := m.locals[name]
	if !ok {
		return model.NewUnknown(fmt.Sprintf("local %q is not declared", name), model.Range{})
	}
	key := "local." + name
	if m.busy[key] {
		return model.NewUnknown(fmt.Sprintf("local %q refers to itself", name), m.l.rng(a.Range))
	}
	m.busy[key] = true
	v := (&scope{m: m}).value(a.Expr)
	delete(m.busy, key)
	// The local is the origin of a value written in it, and the next hop
	// of one set elsewhere (a variable's default); a value it only reads
	// from a resource has no origin to carry.
	if len(v.Origin) > 0 || within(v.Range, m.l.rng(a.Expr.Range())) {
		v = v.WithOrigin(fmt.Sprintf("local %q", name))
	}
	m.localVals[name] = v
	return v
}

func (m *module) output(name string) *model.Value {
	if v, ok := m.outVals[name]; ok {
		return v
	}
	a, ok := m.outputs[name]
	if !ok || a == nil {
		return model.NewUnknown(fmt.Sprintf("output %q is not declared", name), model.Range{})
	}
	key := "output." + name
	if m.busy[key] {
		return model.NewUnknown(fmt.Sprintf("output %q refers to itself", name), m.l.rng(a.Range))
	}
	m.busy[key] = true
	v := (&scope{m: m}).value(a.Expr)
	delete(m.busy, key)
	m.outVals[name] = v
	return v
}

// within reports whether range r lies inside outer.
func within(r, outer model.Range) bool {
	return r.File == outer.File && r.Start.Offset >= outer.Start.Offset && r.End.Offset <= outer.End.Offset
}
