// Package load defines the building-block analyzer that parses a project's
// configuration files once and provides the model to every rule, as
// passes/inspect provides the syntax tree to Go analyzers.
package load

import (
	"flag"
	"fmt"
	"go/types"
	"path/filepath"
	"reflect"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/lambdavet/lambdavet/parsers/cfn"
	"github.com/lambdavet/lambdavet/parsers/model"
	"github.com/lambdavet/lambdavet/parsers/sam"
	"github.com/lambdavet/lambdavet/parsers/terraform"
)

// Analyzer parses the files of a project (Pass.OtherFiles, read through
// Pass.ReadFile so editor buffers are seen) into a *model.Project.
var Analyzer = &analysis.Analyzer{
	Name:             "load",
	Doc:              "load configuration files into the lambdavet model\n\nThe load analyzer parses SAM and CloudFormation templates once per project and provides the unified model (functions with effective settings, resources, load errors) to every rule.",
	Run:              run,
	RunDespiteErrors: true,
	ResultType:       reflect.TypeFor[*model.Project](),
	Flags:            flags(),
}

// params holds -param Name=Value overrides for template parameters.
var params = &paramFlag{values: map[string]string{}}

func flags() flag.FlagSet {
	var fs flag.FlagSet
	fs.Var(params, "param", "override a CloudFormation parameter or pseudo parameter: `Name=Value` (repeatable)")
	return fs
}

type paramFlag struct {
	mu     sync.RWMutex
	values map[string]string
}

func (p *paramFlag) String() string {
	if p == nil {
		return ""
	}
	p.mu.RLock()
	defer p.mu.RUnlock()
	parts := make([]string, 0, len(p.values))
	for k, v := range p.values {
		parts = append(parts, k+"="+v)
	}
	return strings.Join(parts, ",")
}

func (p *paramFlag) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok || k == "" {
		return fmt.Errorf("want Name=Value, got %q", s)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.values[k] = v
	return nil
}

// SetParameters replaces the parameter overrides, for drivers that read
// them from their own flags or configuration.
func SetParameters(values map[string]string) {
	params.mu.Lock()
	defer params.mu.Unlock()
	params.values = make(map[string]string, len(values))
	for k, v := range values {
		params.values[k] = v
	}
}

func (p *paramFlag) snapshot() map[string]string {
	p.mu.RLock()
	defer p.mu.RUnlock()
	out := make(map[string]string, len(p.values))
	for k, v := range p.values {
		out[k] = v
	}
	return out
}

// IsCandidate reports whether a file name may hold a template; the content
// decides whether it really is one.
func IsCandidate(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".yaml", ".yml", ".json", ".template":
		return true
	}
	return false
}

// terraformOptions holds -var and -var-file for Terraform projects.
var (
	tfMu   sync.RWMutex
	tfOpts terraform.Options
)

// SetTerraformOptions sets the variable values (-var, -var-file) used for
// every Terraform project.
func SetTerraformOptions(opts terraform.Options) {
	tfMu.Lock()
	defer tfMu.Unlock()
	tfOpts = opts
}

// IsTerraform reports whether a file is Terraform configuration; beside
// IsCandidate, it decides which loader reads a project.
func IsTerraform(name string) bool {
	return strings.HasSuffix(name, ".tf") || strings.HasSuffix(name, ".tf.json")
}

// Inputs are the values a project is evaluated with: template parameter
// overrides and Terraform variables. Each project may have its own (a
// configuration file sets them per path).
type Inputs struct {
	Parameters map[string]string
	Terraform  terraform.Options
	// Limits bound the project's cost (zero fields take the defaults).
	Limits model.Limits
}

// bound holds the inputs of the projects being analyzed, by the
// *types.Package the driver made for each: concurrent runs (the language
// server starts a new one while an old one winds down) never see each
// other's values.
var bound sync.Map

// Bind gives the project analyzed as pkg its inputs, until release is
// called. Projects without bound inputs use SetParameters and
// SetTerraformOptions.
func Bind(pkg *types.Package, in Inputs) (release func()) {
	bound.Store(pkg, in)
	return func() { bound.Delete(pkg) }
}

func inputsFor(pkg *types.Package) Inputs {
	if in, ok := bound.Load(pkg); ok {
		return in.(Inputs)
	}
	tfMu.RLock()
	defer tfMu.RUnlock()
	return Inputs{Parameters: params.snapshot(), Terraform: tfOpts}
}

func run(pass *analysis.Pass) (any, error) {
	in := inputsFor(pass.Pkg)
	budget := model.NewBudget(in.Limits)
	for _, name := range pass.OtherFiles {
		if IsTerraform(name) {
			// A Terraform project is one root module; its files (module
			// sources, tfvars) are all among OtherFiles.
			opts := in.Terraform
			opts.Budget = budget
			p := terraform.Load(pass.Pkg.Path(), pass.OtherFiles, pass.ReadFile, opts)
			p.Budget = budget
			return settle(p), nil
		}
	}
	p := &model.Project{Budget: budget}
	opts := sam.Options{Parameters: in.Parameters, Budget: budget}
	var templates []*model.Project
	for i, name := range pass.OtherFiles {
		if i == 0 {
			p.Root = name
		}
		src, err := pass.ReadFile(name)
		if err != nil {
			p.Errors = append(p.Errors, &model.LoadError{Range: model.Range{File: name}, Message: fmt.Sprintf("cannot read file: %v", err)})
			continue
		}
		fp, isTemplate := sam.Load(name, src, opts)
		if !isTemplate && !cfn.LooksLikeTemplate(src) {
			// Other YAML and JSON (CI workflows, package.json) is not ours
			// to judge, even when it does not parse.
			continue
		}
		p.Files = append(p.Files, fp.Files...)
		p.Functions = append(p.Functions, fp.Functions...)
		p.Resources = append(p.Resources, fp.Resources...)
		p.Errors = append(p.Errors, fp.Errors...)
		templates = append(templates, fp)
		if budget.Exhausted() {
			break
		}
	}
	p.DeferNetwork(func() {
		for _, fp := range templates {
			fp.DeriveNetwork()
			p.Network = p.Network.Merge(fp.Network)
		}
	})
	return settle(p), nil
}

// settle reports a project that ran out of budget with one error, where the
// budget ran out, and keeps none of what was loaded but its files: a model
// cut short would make rules judge half a template.
func settle(p *model.Project) *model.Project {
	berr := p.Budget.Err()
	if berr == nil {
		return p
	}
	errs := make([]*model.LoadError, 0, len(p.Errors)+1)
	for _, e := range p.Errors {
		// The loader may have recorded the crossing itself; it is said once.
		if e.Message != berr.Message() {
			errs = append(errs, e)
		}
	}
	p.Errors = append(errs, berr.LoadError())
	p.Functions, p.Resources, p.Network = nil, nil, nil
	p.DeferNetwork(nil)
	return p
}
