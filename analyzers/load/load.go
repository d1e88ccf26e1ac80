// Package load defines the building-block analyzer that parses a project's
// configuration files once and provides the model to every rule, as
// passes/inspect provides the syntax tree to Go analyzers.
package load

import (
	"go/types"
	"reflect"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/lambdavet/lambdavet/internal/format"
	"github.com/lambdavet/lambdavet/parsers/model"
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
}

// IsCandidate reports whether a file name may hold a template; the content
// decides whether it really is one (format.Template).
func IsCandidate(name string) bool { return format.Template.Claims(name) }

// IsTerraform reports whether a file is Terraform configuration
// (format.Terraform).
func IsTerraform(name string) bool { return format.Terraform.Claims(name) }

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
// called. A project without bound inputs is evaluated with none: the
// parameters' defaults and the variables' declared defaults.
func Bind(pkg *types.Package, in Inputs) (release func()) {
	bound.Store(pkg, in)
	return func() { bound.Delete(pkg) }
}

func inputsFor(pkg *types.Package) Inputs {
	if in, ok := bound.Load(pkg); ok {
		return in.(Inputs)
	}
	return Inputs{}
}

func run(pass *analysis.Pass) (any, error) {
	in := inputsFor(pass.Pkg)
	// A project's format is that of its files (a Terraform project is one
	// root module: its module sources and tfvars are all among
	// OtherFiles); a file no format claims (standard input under any
	// name) is read as a template, which says whether it is one.
	f := format.ForFiles(pass.OtherFiles)
	if f == nil {
		f = format.Template
	}
	p := f.Load(format.Request{
		Root: pass.Pkg.Path(), Files: pass.OtherFiles, Read: pass.ReadFile,
		Parameters: in.Parameters, Terraform: in.Terraform, Budget: model.NewBudget(in.Limits),
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
