// Package driver runs lambdavet analyzers over projects. The stock
// go/analysis drivers load Go packages only, so this is a small driver in
// the manner of go/analysis/checker: a package is a project (a template or a
// Terraform root module), its configuration files are Pass.OtherFiles, added
// to the FileSet so every diagnostic has a real token.Pos.
package driver

import (
	"context"
	"errors"
	"fmt"
	"go/token"
	"go/types"
	"path/filepath"
	"reflect"
	"runtime"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/tools/go/analysis"

	"github.com/lambdavet/lambdavet/analyzers/load"
	"github.com/lambdavet/lambdavet/analyzers/policy/runlimit"
	"github.com/lambdavet/lambdavet/analyzers/rule"
	"github.com/lambdavet/lambdavet/parsers/cfn"
	"github.com/lambdavet/lambdavet/parsers/model"
)

// Package is one project to analyze.
type Package struct {
	// Root names the project: the template, or the module folder.
	Root string
	// Files are the configuration files, as paths to read.
	Files []string
	// Boundary is the absolute folder the project was found under; nothing
	// outside it is read.
	Boundary string
	// Inputs are the parameters and variables to evaluate the project
	// with, and its budget; nil evaluates it with none and the default
	// budget (internal/lint binds each project's).
	Inputs *load.Inputs
}

// Options configure a run.
type Options struct {
	// Analyzers are the rules to run; their requirements run too.
	Analyzers []*analysis.Analyzer
	// ReadFile reads a file; nil reads from disk with the package's
	// ReadFile. The language server passes one that serves unsaved editor
	// buffers.
	ReadFile func(name string) ([]byte, error)
	// Parallelism bounds how many projects are analyzed at once
	// (default GOMAXPROCS), but see SmallBytes.
	Parallelism int
	// SmallBytes lets more projects than Parallelism run at once while
	// they are small: past Parallelism, the next project starts when the
	// files of the projects running, its own included, hold at most
	// SmallBytes, up to smallFactor times Parallelism projects. Small
	// projects then queue for the processors rather than for a turn, and
	// the built-in policies judge the queued ones together, each
	// evaluation's fixed cost paid once (analyzers/policy, gather.go).
	// A project of at most SmallBytes/smallFactor in a run of more than
	// Parallelism then runs its analyzers in turn on its own goroutine.
	// Zero runs Parallelism projects at once.
	SmallBytes int64
	// Size returns a file's size in bytes, -1 when not known (a project
	// with such a file is not small); nil reads it from the file system.
	Size func(name string) int64
	// Slim keeps in Result.Projects only what is read after a run:
	// each project's root, files, errors and budget, and its resources'
	// names, types, ranges and Metadata (suppressions). Functions, the
	// network and evaluated properties are let go as soon as the
	// project's rules are done, so a run of many projects holds the full
	// model of the projects in flight only, not of every project. Leave
	// it off to read the models after the run (-dump-model, tests).
	Slim bool
	// KeepSource, with Slim, says which files' content a project keeps
	// after its run when nothing else needs it. Result.Sources and the
	// project's Files keep the content of a file with a diagnostic or an
	// error, of a file the project did not load, and of one KeepSource
	// reports true for (a file that may hold a suppression); the others
	// keep their path only, so a run of many projects holds the text of
	// the projects in flight, not of every project. The resources of a
	// project left with no such file and no Metadata directive are let go
	// too. Nil keeps every file's content.
	KeepSource func(src []byte) bool
}

// Diagnostic is a finding with its position resolved.
type Diagnostic struct {
	Rule      string
	Name      string
	Severity  rule.Severity
	File      string
	Line      int
	Column    int
	EndLine   int
	EndColumn int
	Resource  string
	Message   string
	URL       string
	// Related points at places that explain the finding (the resource).
	Related []Related
}

// Related is a secondary location of a diagnostic.
type Related struct {
	File         string
	Line, Column int
	Message      string
}

// Error is a file that could not be read or parsed, or a rule that failed.
type Error struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

// Result is everything a run found, sorted by file, line and column.
type Result struct {
	Diagnostics []Diagnostic
	Errors      []Error
	// Sources holds the content of every file analyzed, by path, for
	// reporters that show source lines.
	Sources map[string][]byte
	// Projects are the loaded models, in the order of the packages given.
	Projects []*model.Project
	// Suppressed are the findings a suppression in the source or the
	// baseline silenced, filled by the gate that applied them. They decide
	// no exit code; SARIF lists them with their suppression, as code
	// scanning expects, so a dismissal stays visible.
	Suppressed []Suppressed
}

// Suppressed is a finding that is not reported as one, and why.
type Suppressed struct {
	Diagnostic
	// External is true when the baseline silenced it (SARIF kind
	// "external"), false for a directive in the file (kind "inSource").
	External bool
	// Justification is the directive's reason, or the baseline's name.
	Justification string
}

// Run analyzes pkgs. It never stops at a bad file: read and parse errors
// become Errors and the other projects are still analyzed.
func Run(ctx context.Context, opts Options, pkgs []*Package) *Result {
	par := opts.Parallelism
	if par <= 0 {
		par = runtime.GOMAXPROCS(0)
	}
	readFile := opts.ReadFile
	if readFile == nil {
		readFile = ReadFile
	}
	// One allowance of policy time for the whole run (see runlimit): N
	// projects with a slow policy cost what two do, not N times the
	// per-project limit.
	var policyTime time.Duration
	for _, p := range pkgs {
		limits := model.DefaultLimits()
		if p.Inputs != nil {
			limits = p.Inputs.Limits.WithDefaults()
		}
		policyTime = max(policyTime, limits.PolicyTime)
	}
	meter := runlimit.NewMeter(runlimit.Factor * policyTime)
	results := make([]*pkgResult, len(pkgs))
	var wg sync.WaitGroup
	gate := newAdmission(par, opts.SmallBytes)
	size := opts.Size
	if size == nil {
		size = FileSize
	}
	for i, p := range pkgs {
		wg.Add(1)
		bytes := packageBytes(p, size, gate.budget)
		gate.enter(bytes)
		go func() {
			defer wg.Done()
			defer gate.leave(bytes)
			// A small project among many runs its analyzers one after
			// another on its own goroutine: the projects in flight keep the
			// processors busy, and each analyzer goroutine of its own grew a
			// stack from nothing for the Rego evaluation.
			workers := runtime.GOMAXPROCS(0)
			if opts.SmallBytes > 0 && len(pkgs) > par && bytes <= opts.SmallBytes/smallFactor {
				workers = 1
			}
			r := runPackage(ctx, opts.Analyzers, workers, readFile, meter, p)
			if opts.Slim {
				r.project = slim(r.project)
				if opts.KeepSource != nil {
					r.release(opts.KeepSource)
				}
			}
			results[i] = r
		}()
	}
	wg.Wait()

	res := &Result{Sources: map[string][]byte{}}
	for _, r := range results {
		res.Diagnostics = append(res.Diagnostics, r.diags...)
		res.Errors = append(res.Errors, r.errs...)
		res.Projects = append(res.Projects, r.project)
		for k, v := range r.sources {
			res.Sources[k] = v
		}
		for _, k := range r.linted {
			res.Sources[k] = nil
		}
	}
	SortDiagnostics(res.Diagnostics)
	sort.SliceStable(res.Errors, func(i, j int) bool {
		a, b := res.Errors[i], res.Errors[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
	return res
}

// slim returns the part of a project read after its run (see
// Options.Slim).
func slim(p *model.Project) *model.Project {
	if p == nil {
		return nil
	}
	// The budget is left behind: what it refused is in the project's
	// errors already, and a run of many projects kept one per project.
	out := &model.Project{Root: p.Root, Boundary: p.Boundary, Files: p.Files, Errors: p.Errors}
	out.Resources = make([]*model.Resource, len(p.Resources))
	for i, r := range p.Resources {
		out.Resources[i] = &model.Resource{Name: r.Name, Type: r.Type, Range: r.Range, Condition: r.Condition, DataSource: r.DataSource, Metadata: r.Metadata}
	}
	return out
}

// release lets go of the file contents and resources of a slim project
// that nothing reads after the run (see Options.KeepSource).
func (r *pkgResult) release(keep func([]byte) bool) {
	needed := map[string]bool{}
	for _, d := range r.diags {
		needed[d.File] = true
	}
	for _, e := range r.errs {
		needed[e.File] = true
	}
	loaded := map[string]bool{}
	if r.project != nil {
		for _, f := range r.project.Files {
			loaded[f.Path] = true
		}
	}
	kept := false
	for name, src := range r.sources {
		switch {
		case needed[name] || !loaded[name] || keep(src):
			kept = true
		default:
			r.linted = append(r.linted, name)
			delete(r.sources, name)
		}
	}
	if len(r.sources) == 0 {
		r.sources = nil
	}
	p := r.project
	if p == nil {
		return
	}
	files := make([]*model.File, len(p.Files))
	for i, f := range p.Files {
		files[i] = f
		if _, held := r.sources[f.Path]; !held && f.Content != nil {
			files[i] = &model.File{Path: f.Path, Format: f.Format}
		}
	}
	p.Files = files
	if !kept && !slices.ContainsFunc(p.Resources, func(res *model.Resource) bool { return res.Metadata != nil }) {
		p.Resources = nil
	}
}

// SortDiagnostics orders findings by file, line, column, rule and message,
// the order every report uses.
func SortDiagnostics(ds []Diagnostic) {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		switch {
		case a.File != b.File:
			return a.File < b.File
		case a.Line != b.Line:
			return a.Line < b.Line
		case a.Column != b.Column:
			return a.Column < b.Column
		case a.Rule != b.Rule:
			return a.Rule < b.Rule
		}
		return a.Message < b.Message
	})
}

type pkgResult struct {
	diags   []Diagnostic
	errs    []Error
	sources map[string][]byte
	// linted are the files release let go of: their paths say they were
	// linted (Result.Sources holds them with no text), without a map per
	// project for the rest of the run.
	linted  []string
	project *model.Project
}

func runPackage(ctx context.Context, analyzers []*analysis.Analyzer, workers int, readFile func(string) ([]byte, error), meter *runlimit.Meter, p *Package) *pkgResult {
	out := &pkgResult{sources: map[string][]byte{}}
	fset := token.NewFileSet()
	var files []string
	for _, name := range p.Files {
		src, err := readFile(name)
		if err != nil {
			out.errs = append(out.errs, Error{File: name, Message: fmt.Sprintf("cannot read: %v", err)})
			continue
		}
		if load.IsCandidate(name) {
			// Templates are read as the parser reads them (UTF-16 decoded,
			// a lone CR as a line break), so lines and columns agree with
			// the positions the loader gives.
			src, _ = cfn.DecodeText(src)
		}
		out.sources[name] = src
		f := fset.AddFile(name, -1, len(src))
		f.SetLinesForContent(src)
		files = append(files, name)
	}
	// Pass.ReadFile serves only the project's own files, read once: rules
	// never reach outside the project.
	passRead := func(name string) ([]byte, error) {
		if src, ok := out.sources[name]; ok {
			return src, nil
		}
		return nil, fmt.Errorf("%s is not a file of project %s", name, p.Root)
	}

	pkg := types.NewPackage(p.Root, "project")
	if p.Inputs != nil {
		defer load.Bind(pkg, *p.Inputs)()
	}
	defer runlimit.Bind(ctx, pkg, meter)()
	// Rules run on workers goroutines (in turn on this one when 1); each
	// analyzer runs once, the first caller running it and the others
	// waiting for its result.
	var mu sync.Mutex
	done := make(map[*analysis.Analyzer]*actionResult, len(analyzers)+1)
	// Most analyzers require one analyzer alone (the loader): those that
	// require the same one share one ResultOf map, which passes only
	// read, instead of a map each (2% of a corpus run's allocations).
	single := map[*analysis.Analyzer]map[*analysis.Analyzer]any{}
	resultOf := func(req *analysis.Analyzer, result any) map[*analysis.Analyzer]any {
		mu.Lock()
		defer mu.Unlock()
		m, ok := single[req]
		if !ok {
			m = map[*analysis.Analyzer]any{req: result}
			single[req] = m
		}
		return m
	}
	var exec func(a *analysis.Analyzer) *actionResult
	exec = func(a *analysis.Analyzer) *actionResult {
		mu.Lock()
		r, ok := done[a]
		if !ok {
			r = &actionResult{}
			done[a] = r
		}
		mu.Unlock()
		r.once.Do(func() { runAction(ctx, a, r, exec, resultOf, fset, files, pkg, passRead) })
		return r
	}

	if lr := exec(load.Analyzer); lr.err == nil {
		out.project, _ = lr.result.(*model.Project)
		if out.project != nil {
			out.project.Boundary = p.Boundary
		}
	}
	if out.project != nil {
		for _, e := range out.project.Errors {
			out.errs = append(out.errs, errorAt(e.Range, p.Root, e.Message))
		}
	}
	if out.project != nil && out.project.Budget.Exhausted() {
		// Loading ran out of budget: the load error says so, once, and a
		// model cut short is not linted.
		return out
	}
	results := make([]*actionResult, len(analyzers))
	if workers <= 1 {
		for i, a := range analyzers {
			results[i] = exec(a)
		}
	} else {
		work := make(chan int)
		var wg sync.WaitGroup
		for range min(workers, len(analyzers)) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range work {
					results[i] = exec(analyzers[i])
				}
			}()
		}
		for i := range analyzers {
			work <- i
		}
		close(work)
		wg.Wait()
	}
	if out.project != nil {
		if berr := out.project.Budget.Err(); berr != nil {
			// A rule ran out of the project's budget: the project gets that
			// one error, at the place it names, and no findings, since
			// which rules had finished depends on scheduling.
			out.errs = append(out.errs, errorAt(berr.Range, p.Root, berr.Message()))
			return out
		}
	}
	for i, a := range analyzers {
		if r := results[i]; r.err != nil && ctx.Err() == nil {
			out.errs = append(out.errs, ruleError(a, r.err, p.Root))
		}
	}
	// Diagnostics of every analyzer that ran, requirements included, in a
	// stable order.
	for _, a := range orderedAnalyzers(done) {
		for _, d := range done[a].diags {
			rd := resolve(fset, d, a)
			if inInstalledModule(rd.File) {
				// Code terraform init downloaded is not the user's to
				// edit: what it gets from the caller is reported at the
				// caller's argument, the rest is the module's business.
				continue
			}
			out.diags = append(out.diags, rd)
		}
	}
	return out
}

// errorAt makes an Error at r, in the project's root file when r names
// none. A range with no line (a file that could not be read) keeps line 0,
// which reporters print as the file alone: "file:1:1" would claim a place
// nobody found.
func errorAt(r model.Range, root, msg string) Error {
	e := Error{File: r.File, Line: int(r.Start.Line), Column: int(r.Start.Column), Message: msg}
	if e.File == "" {
		e.File = root
	}
	if e.Line > 0 && e.Column <= 0 {
		e.Column = 1
	}
	if e.Line <= 0 {
		e.Line, e.Column = 0, 0
	}
	return e
}

// ruleError turns a failed rule into an Error, at the place the error
// names when it names one (a budget error, a load error), else at the
// project.
func ruleError(a *analysis.Analyzer, err error, root string) Error {
	var berr *model.BudgetError
	if errors.As(err, &berr) {
		return errorAt(berr.Range, root, berr.Message())
	}
	msg := fmt.Sprintf("rule %s failed: %v", a.Name, err)
	var lerr *model.LoadError
	if errors.As(err, &lerr) {
		return errorAt(lerr.Range, root, msg)
	}
	return Error{File: root, Message: msg}
}

// noTypesInfo is every pass's TypesInfo: a project has no Go syntax, so
// it stays empty (its nil maps cannot be written), and one serves the
// thousands of passes a large run makes.
var noTypesInfo = &types.Info{}

// gcSizes is every pass's TypesSizes.
var gcSizes = types.SizesFor("gc", "amd64")

// runAction runs one analyzer on a project, after its requirements.
// shared gives the one ResultOf map of the analyzers that require req
// alone, whose result is result.
func runAction(ctx context.Context, a *analysis.Analyzer, r *actionResult, exec func(*analysis.Analyzer) *actionResult,
	shared func(req *analysis.Analyzer, result any) map[*analysis.Analyzer]any,
	fset *token.FileSet, files []string, pkg *types.Package, passRead func(string) ([]byte, error)) {
	var resultOf map[*analysis.Analyzer]any
	if len(a.Requires) != 1 {
		resultOf = make(map[*analysis.Analyzer]any, len(a.Requires))
	}
	for _, req := range a.Requires {
		rr := exec(req)
		if rr.err != nil {
			r.err = fmt.Errorf("requires %s, which failed: %w", req.Name, rr.err)
			return
		}
		if resultOf == nil {
			resultOf = shared(req, rr.result)
		} else {
			resultOf[req] = rr.result
		}
	}
	if ctx.Err() != nil {
		r.err = ctx.Err()
		return
	}
	pass := &analysis.Pass{
		Analyzer:          a,
		Fset:              fset,
		OtherFiles:        files,
		Pkg:               pkg,
		TypesInfo:         noTypesInfo,
		TypesSizes:        gcSizes,
		ResultOf:          resultOf,
		ReadFile:          passRead,
		Report:            func(d analysis.Diagnostic) { r.diags = append(r.diags, d) },
		ImportObjectFact:  func(types.Object, analysis.Fact) bool { return false },
		ExportObjectFact:  func(types.Object, analysis.Fact) {},
		ImportPackageFact: func(*types.Package, analysis.Fact) bool { return false },
		ExportPackageFact: func(analysis.Fact) {},
		AllObjectFacts:    func() []analysis.ObjectFact { return nil },
		AllPackageFacts:   func() []analysis.PackageFact { return nil },
	}
	r.result, r.err = safeRun(a, pass)
	if r.err == nil && a.ResultType != nil && r.result != nil && reflect.TypeOf(r.result) != a.ResultType {
		r.err = fmt.Errorf("analyzer %s returned %T, want %s", a.Name, r.result, a.ResultType)
	}
}

// inInstalledModule reports whether a file lies in a folder that terraform
// init fills with downloaded modules.
func inInstalledModule(file string) bool {
	return strings.Contains(filepath.ToSlash(file), "/.terraform/") || strings.HasPrefix(filepath.ToSlash(file), ".terraform/")
}

type actionResult struct {
	once   sync.Once
	result any
	err    error
	diags  []analysis.Diagnostic
}

// safeRun runs an analyzer and turns a panic into an error, so one broken
// rule (or one hostile file reaching a bug) never takes the run down.
func safeRun(a *analysis.Analyzer, pass *analysis.Pass) (res any, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v\n%s", p, debug.Stack())
		}
	}()
	return a.Run(pass)
}

func orderedAnalyzers(done map[*analysis.Analyzer]*actionResult) []*analysis.Analyzer {
	out := make([]*analysis.Analyzer, 0, len(done))
	for a := range done {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// resolve places a diagnostic of analyzer a; its title and default
// severity are those of a's rule (a user rule is defined per
// configuration), or the directory's for another id it reports under.
func resolve(fset *token.FileSet, d analysis.Diagnostic, a *analysis.Analyzer) Diagnostic {
	id, sev, resource := rule.Decode(d)
	meta, _ := rule.Lookup(id)
	if id == a.Name {
		meta, _ = rule.MetaOf(a)
	}
	if sev == 0 {
		sev = meta.Severity
	}
	if sev == 0 {
		sev = rule.Warning
	}
	start := fset.Position(d.Pos)
	end := start
	if d.End.IsValid() {
		end = fset.Position(d.End)
	}
	out := Diagnostic{
		Rule: id, Name: meta.Title, Severity: sev,
		File: start.Filename, Line: start.Line, Column: start.Column,
		EndLine: end.Line, EndColumn: end.Column,
		Resource: resource, Message: d.Message, URL: d.URL,
	}
	for _, rel := range d.Related {
		if !rel.Pos.IsValid() {
			continue
		}
		p := fset.Position(rel.Pos)
		out.Related = append(out.Related, Related{File: p.Filename, Line: p.Line, Column: p.Column, Message: rel.Message})
	}
	return out
}
