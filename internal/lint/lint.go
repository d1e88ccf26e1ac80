// Package lint is one lint session, the same for the command line and the
// editor server: the rules a configuration runs, the inputs each project
// is evaluated with, the driver run, and the filtering of its findings by
// the configuration, the suppression comments and the baseline. Both
// cmd/lambdavet and internal/lsp call Run, so the editor shows what CI
// reports; what differs between them (flags against settings, files
// against buffers) is in the Request.
package lint

import (
	"context"
	"fmt"
	"slices"
	"time"

	"golang.org/x/tools/go/analysis"

	"github.com/lambdavet/lambdavet/analyzers/all"
	"github.com/lambdavet/lambdavet/analyzers/load"
	"github.com/lambdavet/lambdavet/analyzers/policy"
	"github.com/lambdavet/lambdavet/analyzers/rule"
	"github.com/lambdavet/lambdavet/internal/config"
	"github.com/lambdavet/lambdavet/internal/discover"
	"github.com/lambdavet/lambdavet/internal/driver"
	"github.com/lambdavet/lambdavet/internal/suppress"
	"github.com/lambdavet/lambdavet/parsers/terraform"
)

// MetaRules are the rules about suppressions, which are not analyzers but
// are turned on and off like them.
var MetaRules = []string{suppress.MalformedRule, suppress.UnusedRule}

// RuleOptions say where the rules of a configuration come from besides
// the configuration itself.
type RuleOptions struct {
	// Dirs are policy folders given outside the configuration (-policy,
	// the editor's "policies" setting), after the configuration's own.
	Dirs []string
	// Now is the date rules compare deprecation dates with (zero: today).
	Now time.Time
	// CacheFunctions keeps the built-in policies' findings per function
	// between runs, for a process that lints the same files again and
	// again (the editor).
	CacheFunctions bool
}

// LoadRules returns the rules to run under cfg (nil: no configuration):
// the embedded policies, the configuration's and opts' policy folders with
// the configuration's organization limits as data, and the Go rules. Each
// analyzer carries its rule's metadata (rule.MetaOf).
func LoadRules(ctx context.Context, cfg *config.Config, opts RuleOptions) ([]*analysis.Analyzer, error) {
	as, err := policy.Load(ctx, policy.Options{
		Dirs:           append(ConfigPolicies(cfg), opts.Dirs...),
		Data:           ConfigData(cfg),
		Now:            opts.Now,
		CacheFunctions: opts.CacheFunctions,
	})
	if err != nil {
		return nil, err
	}
	return append(as, all.Go()...), nil
}

// CheckRules reports a rule the configuration names that none of the
// analyzers (or the suppression rules) defines.
func CheckRules(cfg *config.Config, as []*analysis.Analyzer) error {
	known := slices.Clone(MetaRules)
	for _, a := range as {
		known = append(known, a.Name)
	}
	return cfg.CheckRules(known)
}

// ConfigPolicies returns the policy folders the configuration adds, as
// messages show paths.
func ConfigPolicies(cfg *config.Config) []string {
	if cfg == nil {
		return nil
	}
	out := make([]string, len(cfg.Policies))
	for i, p := range cfg.Policies {
		out[i] = discover.DisplayPath(p)
	}
	return out
}

// ConfigData is what policies see as data.lambdavet.config.
func ConfigData(cfg *config.Config) map[string]any {
	if cfg == nil {
		return nil
	}
	return cfg.PolicyData(cfg.Path)
}

// Request is one run over projects that share a configuration.
type Request struct {
	// Config is the configuration that applies; nil when there is none.
	Config *config.Config
	// Analyzers are the rules that may run (LoadRules); the configuration
	// and Rules decide which do.
	Analyzers []*analysis.Analyzer
	// Rules turn rules on or off over the configuration (-LV202=false,
	// the editor's "rules" setting).
	Rules map[string]bool
	// OnlyRules runs the rules Rules turns on and no other (go vet's
	// -LV101, which selects the rules named).
	OnlyRules bool
	// Packages are the projects to analyze.
	Packages []*driver.Package
	// ReadFile reads a file (nil: from disk); the editor's serves its
	// buffers.
	ReadFile func(name string) ([]byte, error)
	// Parameters and Terraform are the inputs given outside the
	// configuration (-param, -var, -var-file, the editor's settings),
	// applied over the configuration's for each project's path.
	Parameters map[string]string
	Terraform  terraform.Options
	// Slim, KeepSource, SmallBytes and Size are the driver's
	// (driver.Options).
	Slim       bool
	KeepSource func(src []byte) bool
	SmallBytes int64
	Size       func(name string) int64
	// Unfiltered returns the driver's result as it is, its findings not
	// filtered by path, suppressions or the baseline (-dump-model reads
	// the models); the rules that run are still those the configuration
	// and Rules leave on somewhere.
	Unfiltered bool
	// Baseline is a baseline file named outside the configuration
	// (-baseline); empty uses the configuration's.
	Baseline string
	// NoBaseline leaves the baseline out (-baseline-write records the
	// findings instead).
	NoBaseline bool
}

// Result is what a Request produced.
type Result struct {
	*driver.Result
	// Ran are the rules that ran, with the severity the configuration
	// gives them, for the reports that list them.
	Ran []rule.Meta
	// Stale counts the baseline's findings that are gone: only those the
	// run looked for, and not those a suppression silenced.
	Stale int
	// BaselineErr is why the baseline could not be read; the findings
	// are then reported unfiltered by it.
	BaselineErr error
}

// Run lints the projects of req: the rules that run under its
// configuration and Rules, each project evaluated with its inputs, then
// the findings filtered by the configuration, the suppressions and the
// baseline. Findings shared by several functions are not merged
// (merge.Shared): a baseline records them one by one.
func Run(ctx context.Context, req *Request) *Result {
	g := newGate(req.Config, req.Rules, req.OnlyRules)
	g.known = slices.Clone(MetaRules)
	var selected []*analysis.Analyzer
	for _, a := range req.Analyzers {
		g.known = append(g.known, a.Name)
		if g.runs(a.Name) {
			selected = append(selected, a)
			g.running(a)
		}
	}
	opts := driver.Options{Analyzers: selected, ReadFile: req.ReadFile, Slim: req.Slim, KeepSource: req.KeepSource, SmallBytes: req.SmallBytes, Size: req.Size}
	res := &Result{Result: driver.Run(ctx, opts, bindInputs(req))}
	if req.Unfiltered {
		return res
	}
	for _, id := range MetaRules {
		if g.runs(id) {
			g.ran[id] = true
		}
	}
	g.apply(res.Result)
	if !req.NoBaseline {
		res.Stale, res.BaselineErr = applyBaseline(req.Config, g, req.Baseline, res.Result)
	}
	res.Ran = g.rulesRun()
	return res
}

// bindInputs returns the projects of req the configuration does not
// exclude, each carrying its inputs: the configuration's for its path,
// then the request's on top, and the configuration's budget.
func bindInputs(req *Request) []*driver.Package {
	cfg := req.Config
	pkgs := Exclude(cfg, req.Packages)
	bound := make([]*driver.Package, 0, len(pkgs))
	// Projects with the same inputs share one copy: a run of thousands of
	// templates under one configuration held a copy each, with two maps,
	// until the run ended. Nothing writes to bound inputs.
	shared := map[string]*load.Inputs{}
	for _, p := range pkgs {
		in := cfg.InputsFor(p.Root)
		inputs := load.Inputs{Parameters: in.Parameters, Terraform: terraform.Options{Vars: in.Vars}, Limits: cfg.BudgetFor(p.Root)}
		for k, v := range req.Parameters {
			inputs.Parameters[k] = v
		}
		for k, v := range req.Terraform.Vars {
			inputs.Terraform.Vars[k] = v
		}
		q := *p
		if slices.ContainsFunc(p.Files, discover.IsTerraform) {
			for _, vf := range in.VarFiles {
				vf = discover.DisplayPath(vf)
				inputs.Terraform.VarFiles = append(inputs.Terraform.VarFiles, vf)
				if !slices.Contains(q.Files, vf) {
					q.Files = append(slices.Clone(q.Files), vf)
				}
			}
		}
		inputs.Terraform.VarFiles = append(inputs.Terraform.VarFiles, req.Terraform.VarFiles...)
		// fmt prints maps sorted by key: equal inputs print alike.
		key := fmt.Sprintf("%q %q %q %+v", inputs.Parameters, inputs.Terraform.Vars, inputs.Terraform.VarFiles, inputs.Limits)
		if _, ok := shared[key]; !ok {
			shared[key] = &inputs
		}
		q.Inputs = shared[key]
		bound = append(bound, &q)
	}
	return bound
}

// Exclude returns pkgs without the projects, and the files of projects,
// that the configuration excludes: what Run lints of them.
func Exclude(cfg *config.Config, pkgs []*driver.Package) []*driver.Package {
	if cfg == nil || len(cfg.Exclude) == 0 {
		return pkgs
	}
	var out []*driver.Package
	for _, p := range pkgs {
		if cfg.Excluded(p.Root) {
			continue
		}
		files := slices.DeleteFunc(slices.Clone(p.Files), cfg.Excluded)
		if len(files) == 0 {
			continue
		}
		out = append(out, &driver.Package{Root: p.Root, Files: files, Boundary: p.Boundary})
	}
	return out
}
