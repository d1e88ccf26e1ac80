// Package policy is the bridge between Rego policies and go/analysis: each
// policy module with METADATA (custom.id, custom.severity) becomes an
// *analysis.Analyzer whose Run evaluates a query prepared once per process
// against the project model.
package policy

import (
	"context"
	"errors"
	"fmt"
	"go/token"
	"io/fs"
	"iter"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/topdown"
	"golang.org/x/tools/go/analysis"

	"github.com/lambdavet/lambdavet/analyzers/load"
	"github.com/lambdavet/lambdavet/analyzers/policy/runlimit"
	"github.com/lambdavet/lambdavet/analyzers/rule"
	"github.com/lambdavet/lambdavet/internal/safefile"
	"github.com/lambdavet/lambdavet/parsers/model"
	"github.com/lambdavet/lambdavet/policies"
)

// Capabilities returns what policies may use: everything in this OPA
// version except builtins that reach the network or the host, and those
// whose cost cannot be bounded (see refused).
func Capabilities() *ast.Capabilities {
	caps := ast.CapabilitiesForThisVersion()
	kept := caps.Builtins[:0]
	for _, b := range caps.Builtins {
		if b.Name == "http.send" || strings.HasPrefix(b.Name, "net.") || b.Name == "opa.runtime" || refused[b.Name] {
			continue
		}
		kept = append(kept, b)
	}
	caps.Builtins = kept
	caps.AllowNet = []string{}
	return caps
}

// InputAnalyzer converts the model to a Rego value once per project, so
// every policy evaluates against the same prepared input.
var InputAnalyzer = &analysis.Analyzer{
	Name:       "regoinput",
	Doc:        "convert the lambdavet model to a Rego input value\n\nregoinput converts the project model to an OPA ast.Value once per project for every Rego rule.",
	Requires:   []*analysis.Analyzer{load.Analyzer},
	ResultType: reflect.TypeFor[*Input](),
	Run: func(pass *analysis.Pass) (any, error) {
		p := pass.ResultOf[load.Analyzer].(*model.Project)
		if len(p.Resources) == 0 {
			return &Input{}, nil // nothing for the policies to judge
		}
		v, err := toRegoInput(p.JSON())
		if err != nil {
			return nil, fmt.Errorf("converting the model for Rego: %w", err)
		}
		return newInput(v, p.Budget.Limits(), len(p.Functions)), nil
	},
}

// builtinChunk is how many functions the built-in policies judge in one
// evaluation. They are one-function rules, so judging a large template in
// slices gives the same findings while only the slices being judged (one
// per processor, see forEachChunk) have a Rego value: converting 20,000
// functions at once held 450 MB.
const builtinChunk = 256

// builtinResults is what the built-in policies found in one project, by
// rule id.
type builtinResults map[string][]any

// newBuiltinAnalyzer returns the building block that evaluates every
// built-in policy in one prepared query per slice of functions, given
// only what they read: the functions and their effective settings.
// Resources, networks, uses and events (most of a large template) are
// left out, and so are a function's raw properties unless it runs at the
// edge, where LV508 reads them. User policies may read anything and get
// InputAnalyzer's full model; with none loaded, that conversion never
// runs.
//
// With a cache (Options.CacheFunctions), the functions it holds are not
// evaluated again.
func newBuiltinAnalyzer(pq rego.PreparedEvalQuery, cache *functionCache) *analysis.Analyzer {
	alone := func(j *gatherJob) (builtinResults, error) { return judgeAlone(j.pass, j.p, j.shared, pq) }
	gather := newGatherer(pq, alone)
	return &analysis.Analyzer{
		Name:       "regobuiltin",
		Doc:        "evaluate the built-in Rego rules\n\nregobuiltin evaluates every built-in Rego rule together, over slices of the project's functions, and gives each rule its violations.",
		Requires:   []*analysis.Analyzer{load.Analyzer},
		ResultType: reflect.TypeFor[builtinResults](),
		Run: func(pass *analysis.Pass) (any, error) {
			p := pass.ResultOf[load.Analyzer].(*model.Project)
			if len(p.Resources) == 0 || len(p.Functions) == 0 {
				return builtinResults{}, nil
			}
			shared := newInput(nil, p.Budget.Limits(), len(p.Functions))
			switch {
			case cache != nil:
				return cache.run(pass, p, shared, pq)
			case len(p.Functions) <= gatherFunctions:
				return gather.judge(pass, p, shared)
			}
			return judgeAlone(pass, p, shared, pq)
		},
	}
}

// judgeAlone evaluates the built-in policies over p's functions, in slices
// of builtinChunk judged side by side.
func judgeAlone(pass *analysis.Pass, p *model.Project, shared *Input, pq rego.PreparedEvalQuery) (builtinResults, error) {
	chunks := make([]builtinResults, (len(p.Functions)+builtinChunk-1)/builtinChunk)
	err := forEachChunk(len(chunks), func(i int) error {
		fns := p.Functions[i*builtinChunk : min((i+1)*builtinChunk, len(p.Functions))]
		c := newSettingsConverter()
		vs, err := evaluate(pass, p, shared.with(c.functions(fns)), pq, "the built-in policies")
		if err != nil {
			return err
		}
		found := builtinResults{}
		for id, list := range byRule(vs) {
			if err := c.resolveRanges(list); err != nil {
				return fmt.Errorf("%s: %w", id, err)
			}
			found[id] = list
		}
		chunks[i] = found
		return nil
	})
	if err != nil {
		return nil, err
	}
	// In slice order, so findings come out as the functions are written
	// whichever slice finished first.
	out := builtinResults{}
	for _, found := range chunks {
		for id, list := range found {
			out[id] = append(out[id], list...)
		}
	}
	return out, nil
}

// forEachChunk runs job(0) … job(n-1) on as many goroutines as the process
// may run at once (the idle ones of evalWorkers first), and returns the
// first error; after one, the jobs not started are skipped. A large template is one project, which the driver
// lints on one goroutine: its slices of functions are independent, so
// judging them side by side is what lets one big template use the machine.
func forEachChunk(n int, job func(i int) error) error {
	workers := min(runtime.GOMAXPROCS(0), n)
	var (
		next   atomic.Int64
		failed atomic.Bool
		once   sync.Once
		first  error
		wg     sync.WaitGroup
	)
	pool := evalWorkers()
	for range workers {
		wg.Add(1)
		pool.run(func() {
			defer wg.Done()
			for !failed.Load() {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if err := job(i); err != nil {
					once.Do(func() { first = err })
					failed.Store(true)
				}
			}
		})
	}
	wg.Wait()
	return first
}

// parseModules parses the policies' sources, one per processor at a time:
// parsing is a fifth of start-up, which every run pays.
func parseModules(sources map[string]string) (map[string]*ast.Module, error) {
	names := make([]string, 0, len(sources))
	for name := range sources {
		names = append(names, name)
	}
	sort.Strings(names)
	parsed := make([]*ast.Module, len(names))
	errs := make([]error, len(names))
	_ = forEachChunk(len(names), func(i int) error {
		m, err := ast.ParseModuleWithOpts(names[i], sources[names[i]], ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
		if err != nil {
			errs[i] = fmt.Errorf("policy %s: %w", names[i], err)
			return nil // every module's error is reported, not the first
		}
		parsed[i] = m
		return nil
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	modules := make(map[string]*ast.Module, len(names))
	for i, name := range names {
		modules[name] = parsed[i]
	}
	return modules, nil
}

// Input is the model of one project as a Rego value, with what the
// project's policies share: one deadline and one allowance for what their
// builtins build.
type Input struct {
	Value ast.Value

	limits    model.Limits
	allowance *allowance
	clock     *projectClock
}

// projectClock holds the deadline every policy evaluation of a project
// shares, and the time its size earns (see perFunctionTime).
type projectClock struct {
	once     sync.Once
	granted  sync.Once
	deadline time.Time
	earned   time.Duration
}

// perFunctionTime is the policy time each function of a project adds to
// PolicyTime, for the project and for the run's allowance. The built-in
// policies take about 0.15 ms of processor time a function; a policy's
// time limit is there to stop loops, not to cut a large template short.
const perFunctionTime = time.Millisecond

func newInput(v ast.Value, limits model.Limits, functions int) *Input {
	return &Input{Value: v, limits: limits, allowance: newAllowance(limits),
		clock: &projectClock{earned: time.Duration(functions) * perFunctionTime}}
}

// with returns the input for another value of the same project: the same
// deadline and allowance.
func (in *Input) with(v ast.Value) *Input {
	c := *in
	c.Value = v
	return &c
}

// projectDeadline returns the time every policy of the project must end
// by: PolicyTime, and what its functions earn, after the first one starts,
// so the limit holds for all the project's policies together, not for
// each. The first call also grants the run's meter what the project's
// functions earn.
func (in *Input) projectDeadline(meter *runlimit.Meter) time.Time {
	if in.clock == nil {
		in.clock = &projectClock{}
	}
	in.clock.once.Do(func() {
		in.clock.deadline = time.Now().Add(in.limits.PolicyTime + in.clock.earned)
		in.grant(meter)
	})
	return in.clock.deadline
}

// grant grants the run's meter what the project's functions earn, once:
// when its first policy starts (projectDeadline), or when it is judged
// with others (gather.go), which does not start its own clock.
func (in *Input) grant(meter *runlimit.Meter) {
	if in.clock == nil {
		in.clock = &projectClock{}
	}
	in.clock.granted.Do(func() { meter.Grant(in.clock.earned) })
}

// ownTime is the policy time the project has when judged alone.
func (in *Input) ownTime() time.Duration { return in.limits.PolicyTime + in.clock.earned }

// Options configure which policies are loaded.
type Options struct {
	// Dirs are extra folders of user policies (-policy DIR).
	Dirs []string
	// Data is extra Rego data under data.lambdavet.config (e.g. the clock).
	Data map[string]any
	// Now is the date date-driven rules (runtime deprecation) judge by,
	// given to policies as data.lambdavet.config.now ("YYYY-MM-DD"). Zero
	// means today, unless Data already sets "now".
	Now time.Time
	// CacheFunctions keeps each function's built-in violations between
	// runs, by its settings, so a run evaluates only the functions that
	// changed (fncache.go): for the editor, which lints a template again
	// on every change. A run of the command line judges each function
	// once and has nothing to gain.
	CacheFunctions bool
}

// storeData returns the data policies read: the embedded data files
// (data.lambdavet.runtimes) and data.lambdavet.config, which is opts.Data
// with "now" added.
func storeData(opts Options) (map[string]any, error) {
	data, err := policies.Data()
	if err != nil {
		return nil, err
	}
	config := make(map[string]any, len(opts.Data)+1)
	for k, v := range opts.Data {
		config[k] = v
	}
	if _, set := config["now"]; !set || !opts.Now.IsZero() {
		now := opts.Now
		if now.IsZero() {
			now = time.Now()
		}
		config["now"] = now.Format(time.DateOnly)
	}
	data["lambdavet"].(map[string]any)["config"] = config
	return data, nil
}

// checkOnlyStages are the compiler stages that only report errors in
// policies, without changing what is evaluated; and two more that change
// nothing in the built-in policies: the dependency graph, which only the
// recursion and type checks read, and the removal of print calls, of
// which the built-in policies have none (TestBuiltinPoliciesPrintNothing).
var checkOnlyStages = []ast.StageID{
	ast.StageCheckUnusedImports, ast.StageCheckKeywordOverrides, ast.StageCheckDuplicateImports,
	ast.StageCheckVoidCalls, ast.StageCheckRuleConflicts, ast.StageCheckUndefinedFuncs,
	ast.StageCheckRecursion, ast.StageCheckTypes, ast.StageCheckUnsafeBuiltins,
	ast.StageCheckDeprecatedBuiltins, ast.StageBuildRequiredCapabilities,
	ast.StageSetGraph, ast.StageRewritePrintCalls,
}

var idPattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)

// Load compiles the embedded policies plus those in opts.Dirs and returns
// one analyzer per rule, sorted by id. Queries are prepared here, once.
func Load(ctx context.Context, opts Options) ([]*analysis.Analyzer, error) {
	sources, err := policies.Modules()
	if err != nil {
		return nil, fmt.Errorf("reading embedded policies: %w", err)
	}
	for name, src := range sources {
		sources[name] = withoutComments(src)
	}
	userFiles := map[string]bool{}
	for _, dir := range opts.Dirs {
		files, err := readDir(dir)
		if err != nil {
			return nil, err
		}
		for name, src := range files {
			// User modules are named by absolute path, so none can take
			// the place of a built-in module (lib/lib.rego, say) by name.
			if _, clash := sources[name]; clash {
				return nil, fmt.Errorf("policy %s is loaded twice (is %s given twice?)", name, dir)
			}
			sources[name] = src
			userFiles[name] = true
		}
	}
	modules, err := parseModules(sources)
	if err != nil {
		return nil, err
	}
	registerBoundedBuiltins()
	compiler := ast.NewCompiler().WithCapabilities(Capabilities())
	if len(userFiles) == 0 {
		// The embedded policies pass every check (policies_test compiles
		// them strict, with the same capabilities): a run without user
		// policies skips the stages that only check, a third of start-up.
		compiler = compiler.WithSkipStages(checkOnlyStages...)
	}
	compiler.Compile(modules)
	if compiler.Failed() {
		return nil, fmt.Errorf("compiling policies: %w", compiler.Errors)
	}
	data, err := storeData(opts)
	if err != nil {
		return nil, err
	}
	store := inmem.NewFromObject(data)

	names := make([]string, 0, len(modules))
	for name := range modules {
		names = append(names, name)
	}
	sort.Strings(names)
	type ruleModule struct {
		meta policyMeta
		m    *ast.Module
	}
	var builtins, users []ruleModule
	definedIn := map[string]string{} // rule id → the file that defines it
	for _, name := range names {
		m := modules[name]
		meta, ok, err := ruleMeta(m)
		if err != nil {
			return nil, fmt.Errorf("policy %s: %w", name, err)
		}
		if !ok {
			continue // a library module
		}
		meta.Source = "rego"
		if userFiles[name] {
			meta.Source = name
			users = append(users, ruleModule{meta, m})
		} else {
			builtins = append(builtins, ruleModule{meta, m})
		}
		if first, ok := definedIn[meta.ID]; ok {
			return nil, fmt.Errorf("rule %s is defined twice (%s and %s)", meta.ID, first, name)
		}
		definedIn[meta.ID] = name
		if !userFiles[name] {
			// The directory holds the built-in rules; a user rule is
			// known through its analyzer (rule.Attach), under the
			// configuration that loaded it only.
			if err := rule.Register(meta.Meta); err != nil {
				return nil, err
			}
		} else if builtin, ok := rule.Lookup(meta.ID); ok {
			// A built-in rule of Go (LV303) or of the suppressions (LV002),
			// which no module here defines.
			return nil, fmt.Errorf("rule %s is defined twice (%s and %s)", meta.ID, builtin.Source, name)
		}
	}
	prepare := func(query string) (rego.PreparedEvalQuery, error) {
		pq, err := rego.New(
			rego.Compiler(compiler),
			rego.Store(store),
			rego.Query(query),
			rego.Capabilities(Capabilities()),
			rego.StrictBuiltinErrors(true),
		).PrepareForEval(ctx)
		if err != nil {
			return pq, fmt.Errorf("preparing %s: %w", query, err)
		}
		return pq, nil
	}
	// The built-in rules are evaluated together, one query giving each
	// rule's violations by id: one evaluation per slice of functions
	// instead of one per rule.
	var fields []string
	for _, r := range builtins {
		fields = append(fields, fmt.Sprintf("%q: %s.violations", r.meta.ID, r.m.Package.Path))
	}
	var out []*analysis.Analyzer
	if len(builtins) > 0 {
		pq, err := prepare("{" + strings.Join(fields, ", ") + "}")
		if err != nil {
			return nil, err
		}
		var cache *functionCache
		if opts.CacheFunctions {
			cache = newFunctionCache()
			if testHookCache != nil {
				testHookCache(cache)
			}
		}
		builtin := newBuiltinAnalyzer(pq, cache)
		for _, r := range builtins {
			out = append(out, newAnalyzer(r.meta, rego.PreparedEvalQuery{}, r.m, builtin))
		}
	}
	for _, r := range users {
		pq, err := prepare(r.m.Package.Path.String() + ".violations")
		if err != nil {
			return nil, err
		}
		out = append(out, newAnalyzer(r.meta, pq, r.m, nil))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// maxPolicySize bounds one policy file: Rego modules are small, and a
// policy folder is the user's choice but may hold anything.
const maxPolicySize = 4 << 20

func readDir(dir string) (map[string]string, error) {
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(path, ".rego") || strings.HasSuffix(path, "_test.rego") {
			return nil
		}
		if !d.Type().IsRegular() {
			return nil // no links, pipes or devices
		}
		b, err := safefile.Read(path, maxPolicySize)
		if err != nil {
			return err
		}
		abs, err := filepath.Abs(path)
		if err != nil {
			return err
		}
		out[abs] = string(b)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading policies from %s: %w", dir, err)
	}
	return out, nil
}

type policyMeta struct {
	rule.Meta
	Description string
}

// ruleMeta reads the package METADATA of a rule module.
func ruleMeta(m *ast.Module) (policyMeta, bool, error) {
	for _, a := range m.Annotations {
		if a.Scope != "package" || a.Custom == nil {
			continue
		}
		id, _ := a.Custom["id"].(string)
		if id == "" {
			continue
		}
		if !idPattern.MatchString(id) {
			return policyMeta{}, false, fmt.Errorf("custom.id %q is not an identifier", id)
		}
		sevText, _ := a.Custom["severity"].(string)
		sev, err := rule.ParseSeverity(sevText)
		if err != nil {
			return policyMeta{}, false, fmt.Errorf("rule %s: %w", id, err)
		}
		if a.Title == "" {
			return policyMeta{}, false, fmt.Errorf("rule %s has no METADATA title", id)
		}
		return policyMeta{Meta: rule.Meta{ID: id, Title: a.Title, Severity: sev}, Description: a.Description}, true, nil
	}
	return policyMeta{}, false, nil
}

func newAnalyzer(meta policyMeta, pq rego.PreparedEvalQuery, m *ast.Module, builtin *analysis.Analyzer) *analysis.Analyzer {
	doc := meta.Title
	if meta.Description != "" {
		doc += "\n\n" + meta.Description
	}
	where := meta.ID
	if loc := m.Package.Location; loc != nil {
		where = fmt.Sprintf("%s (%s:%d)", meta.ID, loc.File, loc.Row)
	}
	requires := []*analysis.Analyzer{load.Analyzer, InputAnalyzer}
	if builtin != nil {
		requires = []*analysis.Analyzer{load.Analyzer, builtin}
	}
	return rule.Attach(&analysis.Analyzer{
		Name:     meta.ID,
		Doc:      doc,
		URL:      meta.URL(),
		Requires: requires,
		Run: func(pass *analysis.Pass) (any, error) {
			p := pass.ResultOf[load.Analyzer].(*model.Project)
			if len(p.Resources) == 0 {
				return nil, nil
			}
			var vs []any
			if builtin != nil {
				vs = pass.ResultOf[builtin].(builtinResults)[meta.ID]
			} else {
				var err error
				if vs, err = evaluate(pass, p, pass.ResultOf[InputAnalyzer].(*Input), pq, where); err != nil {
					return nil, err
				}
			}
			var byName map[string]*model.Resource
			for _, it := range vs {
				f, err := decodeViolation(meta.ID, it)
				if err != nil {
					return nil, fmt.Errorf("%s: %w", meta.ID, err)
				}
				f.Range = placeRange(pass.Fset, p, f)
				if f.ResourceName != "" {
					// The resource's definition becomes the related
					// location, as Go rules give it: a finding at a
					// parameter default or a Globals line then links to
					// the function it reaches.
					if byName == nil {
						byName = make(map[string]*model.Resource, len(p.Resources))
						for _, r := range p.Resources {
							byName[r.Name] = r
						}
					}
					f.Resource = byName[f.ResourceName]
				}
				rule.Report(pass, f)
			}
			return nil, nil
		},
	}, meta.Meta)
}

// evaluate runs one policy over one project within the project's budget:
// the project's policy deadline (shared by all its policies) and the run's
// (shared by all projects, see runlimit), the allowance of its builtins,
// the memory it may take (watchHeap), and the results the project may
// still return. Past any of them the evaluation stops and the project's
// budget error is returned.
func evaluate(pass *analysis.Pass, p *model.Project, input *Input, pq rego.PreparedEvalQuery, where string) ([]any, error) {
	if err := p.Budget.Err(); err != nil {
		// Another policy spent the budget: the project has its one error.
		return nil, err
	}
	at := projectRange(p)
	runCtx, meter := runlimit.For(pass.Pkg)
	deadline := input.projectDeadline(meter)
	runDeadline, stop := meter.Start()
	defer stop()
	runWide := !runDeadline.IsZero() && runDeadline.Before(deadline)
	if runWide {
		deadline = runDeadline
	}
	timeUp := func() error {
		what := "evaluating the Rego policies of the project (stopped in " + where + ")"
		if runWide {
			what = fmt.Sprintf("evaluating the Rego policies of the run, which may take %d times the per-project budget, (stopped in %s)", runlimit.Factor, where)
		}
		return p.Budget.Exceed(model.BudgetPolicyTime, what, at)
	}
	if !time.Now().Before(deadline) {
		return nil, timeUp()
	}
	ctx, cancelDeadline := context.WithDeadline(runCtx, deadline)
	defer cancelDeadline()
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	ctx = withAllowance(ctx, input.allowance)
	defer watchHeap(input.limits.TotalBytes, func(grown int64) {
		cancel(p.Budget.Exceed(model.BudgetTotalBytes, fmt.Sprintf("the memory evaluating the Rego policies of the project took (%d MB, in %s)", grown>>20, where), at))
	}, func() bool {
		if err := p.Budget.Err(); err != nil {
			cancel(err) // another rule spent the budget: stop here too
			return true
		}
		return false
	})()
	rs, err := pq.Eval(ctx, rego.EvalParsedInput(input.Value))
	if err != nil {
		var lerr *limitError
		switch {
		case errors.As(context.Cause(ctx), new(*model.BudgetError)):
			return nil, p.Budget.Err()
		case errors.As(err, &lerr):
			return nil, p.Budget.Exceed(lerr.kind, lerr.what+" in "+where+locationOf(err), at)
		case runCtx.Err() != nil:
			return nil, fmt.Errorf("evaluating %s: %w", where, runCtx.Err())
		case ctx.Err() != nil:
			return nil, timeUp()
		}
		return nil, fmt.Errorf("evaluating %s: %w", where, err)
	}
	var out []any
	count := 0
	for _, r := range rs {
		for _, expr := range r.Expressions {
			switch v := expr.Value.(type) {
			case []any: // one rule's violations
				out = append(out, v...)
				count += len(v)
			case map[string]any: // the built-in rules' violations by id
				out = append(out, v)
				for _, items := range v {
					list, _ := items.([]any)
					count += len(list)
				}
			}
		}
	}
	// OPA builds a rule's whole set before it returns, so results are
	// counted here; the set itself was bounded by the heap watch.
	if err := p.Budget.SpendPolicyResults(int64(count), "the results of the Rego policies (the last from "+where+")", at); err != nil {
		return nil, err
	}
	return out, nil
}

// byRule yields each rule's violations from the results of the built-in
// policies' query (evaluate), which gives them by rule id.
func byRule(vs []any) iter.Seq2[string, []any] {
	return func(yield func(string, []any) bool) {
		for _, r := range vs {
			rules, _ := r.(map[string]any)
			for id, items := range rules {
				list, _ := items.([]any)
				if !yield(id, list) {
					return
				}
			}
		}
	}
}

// projectRange is where a project's policy budget error is reported: its
// first function (what the policies judge), else its first resource, else
// its first file.
func projectRange(p *model.Project) model.Range {
	for _, fn := range p.Functions {
		if fn.Resource != nil && fn.Resource.Range.File != "" {
			return fn.Resource.Range
		}
	}
	for _, r := range p.Resources {
		if r.Range.File != "" {
			return r.Range
		}
	}
	r := model.Range{File: p.Root, Start: model.Point{Line: 1, Column: 1}}
	if len(p.Files) > 0 {
		r.File = p.Files[0].Path
	}
	return r
}

// locationOf returns " at FILE:ROW" for an OPA error that has a location:
// where in the policy the builtin was called.
func locationOf(err error) string {
	var terr *topdown.Error
	if errors.As(err, &terr) && terr.Location != nil {
		return fmt.Sprintf(" at %s:%d", terr.Location.File, terr.Location.Row)
	}
	return ""
}

// placeRange completes a violation's range so the finding lands where the
// policy meant: a range without a file falls back to the named resource's
// (a user policy may give only the resource), and a range given by line
// and column without offsets (which the driver converts to positions) gets
// its offsets from the file's lines, instead of landing at 1:1.
func placeRange(fset *token.FileSet, p *model.Project, f rule.Finding) model.Range {
	r := f.Range
	if r.File == "" && f.ResourceName != "" {
		for _, res := range p.Resources {
			if res.Name == f.ResourceName {
				return res.Range
			}
		}
	}
	var tf *token.File
	fset.Iterate(func(x *token.File) bool {
		if x.Name() == r.File {
			tf = x
			return false
		}
		return true
	})
	if tf == nil {
		return r
	}
	fix := func(pt model.Point) model.Point {
		line := int(pt.Line)
		if pt.Offset != 0 || line < 1 || (line == 1 && pt.Column <= 1) || line > tf.LineCount() {
			return pt
		}
		start := tf.Offset(tf.LineStart(line))
		lineEnd := tf.Size()
		if line < tf.LineCount() {
			lineEnd = tf.Offset(tf.LineStart(line+1)) - 1
		}
		pt.Offset = int32(min(start+max(int(pt.Column)-1, 0), lineEnd))
		return pt
	}
	r.Start = fix(r.Start)
	r.End = fix(r.End)
	if r.End.Offset < r.Start.Offset {
		r.End = r.Start
	}
	return r
}

// decodeViolation reads one element of a policy's violations set:
// {"message", "range", "resource", "severity"?}.
func decodeViolation(id string, v any) (rule.Finding, error) {
	obj, ok := v.(map[string]any)
	if !ok {
		return rule.Finding{}, fmt.Errorf("violation is %T, want an object", v)
	}
	f := rule.Finding{Rule: id}
	f.Message, _ = obj["message"].(string)
	if f.Message == "" {
		return f, fmt.Errorf("violation without message")
	}
	f.ResourceName, _ = obj["resource"].(string)
	if s, ok := obj["severity"].(string); ok {
		sev, err := rule.ParseSeverity(s)
		if err != nil {
			return f, err
		}
		f.Severity = sev
	}
	r, ok := obj["range"].(map[string]any)
	if !ok {
		return f, fmt.Errorf("violation %q has no range", f.Message)
	}
	f.Range = model.Range{File: str(r["file"]),
		Start: model.Point{Line: int32(num(r["line"])), Column: int32(num(r["column"])), Offset: int32(num(r["offset"]))},
		End:   model.Point{Line: int32(num(r["endLine"])), Column: int32(num(r["endColumn"])), Offset: int32(num(r["endOffset"]))}}
	return f, nil
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func num(v any) int {
	switch n := v.(type) {
	case float64:
		return int(n)
	case int:
		return n
	case interface{ Int64() (int64, error) }:
		i, _ := n.Int64()
		return int(i)
	}
	return 0
}
