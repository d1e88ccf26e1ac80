// Package format is the seam between lambdavet and the configuration
// languages it reads. Each Format says which files are its own, how they
// make projects, and how a project loads into the model; discovery
// (internal/discover), the load analyzer (analyzers/load) and the editor
// server (internal/lsp) ask this package, so a format (the Serverless
// Framework, CDK output, Terraform plans) is added here, in one place.
package format

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/lambdavet/lambdavet/parsers/cdk"
	"github.com/lambdavet/lambdavet/parsers/cfn"
	"github.com/lambdavet/lambdavet/parsers/model"
	"github.com/lambdavet/lambdavet/parsers/sam"
	"github.com/lambdavet/lambdavet/parsers/serverless"
	"github.com/lambdavet/lambdavet/parsers/terraform"
)

// Format is one configuration language lambdavet reads.
type Format struct {
	// Name names the format in messages and tests.
	Name string
	// Claims reports whether a file, by its name, is this format's to
	// read. A claimed file may still turn out not to be one of its
	// projects when loaded (a YAML file that is no template is skipped).
	Claims func(name string) bool
	// Companion reports whether a file is read with this format's projects
	// without being one (Terraform's variable files); nil for none.
	Companion func(name string) bool
	// Related returns the files a project of this format made from the
	// file at path reads beside it (a service's ${file(...)}), only those
	// inside boundary (the folder walked), which it must not look outside
	// of; discovery adds them to the project. Nil: none.
	Related func(path, boundary string) []string
	// Projects groups the folders holding the format's files into
	// projects, for a format whose project is a folder (Terraform's root
	// modules, with the local modules they call and their variable files);
	// nil for a format whose every file is a project.
	Projects func(dirs []string, absRoot string) []Project
	// Load reads a project's files into the model.
	Load func(req Request) *model.Project
}

// Project is the files of one project, as discovery finds them.
type Project struct {
	// Root names the project: the file, or the module folder.
	Root  string
	Files []string
}

// Request is what a project is loaded with.
type Request struct {
	// Root names the project; Files are its files, read with Read.
	Root  string
	Files []string
	Read  func(name string) ([]byte, error)
	// Parameters override template parameters (-param).
	Parameters map[string]string
	// Terraform holds the variables (-var, -var-file).
	Terraform terraform.Options
	// Budget bounds the project's cost; loaders spend from it. Nil: the
	// default limits.
	Budget *model.Budget
}

// budget returns the request's budget, made with the default limits when
// it has none.
func (r *Request) budget() *model.Budget {
	if r.Budget == nil {
		r.Budget = model.NewBudget(model.Limits{})
	}
	return r.Budget
}

// Terraform is Terraform configuration: root modules in HCL or JSON,
// with their local modules and variable files.
var Terraform = &Format{
	Name:      "terraform",
	Claims:    IsTerraform,
	Companion: IsTFVars,
	Projects:  terraformProjects,
	Load: func(req Request) *model.Project {
		opts := req.Terraform
		opts.Budget = req.budget()
		p := terraform.Load(req.Root, req.Files, req.Read, opts)
		p.Budget = req.Budget
		return p
	},
}

// Template is SAM and CloudFormation templates, YAML or JSON: each file
// is a project; what is not a template (CI workflows, package.json) is
// skipped when loaded. A JSON file that is a saved Terraform plan, told by
// its content, is read as one.
var Template = &Format{
	Name: "template",
	Claims: func(name string) bool {
		switch strings.ToLower(filepath.Ext(name)) {
		case ".yaml", ".yml", ".template":
			return true
		case ".json":
			return !strings.HasSuffix(name, ".tfvars.json")
		}
		return false
	},
	// A template of a CDK cloud assembly is read with the manifests
	// beside it, for its construct paths and assets.
	Related: cdk.Related,
	Load:    loadTemplates,
}

// Serverless is Serverless Framework service files (serverless.yml,
// .yaml, .json): each file is a project; one without service and provider
// is skipped when loaded.
var Serverless = &Format{
	Name:    "serverless",
	Claims:  serverless.IsServiceFile,
	Related: serverless.Related,
	Load: func(req Request) *model.Project {
		p := &model.Project{Root: req.Root, Budget: req.budget()}
		var services []*model.Project
		for _, name := range req.Files {
			src, err := req.Read(name)
			if err != nil {
				p.Errors = append(p.Errors, &model.LoadError{Range: model.Range{File: name}, Message: fmt.Sprintf("cannot read file: %v", err)})
				continue
			}
			if !serverless.IsServiceFile(name) {
				continue // a file the service reads (${file(...)})
			}
			fp, ok := serverless.Load(name, src, serverless.Options{Stage: req.Parameters["stage"], Budget: req.Budget, Read: req.Read})
			if !ok {
				// No service: a template by that name is still a template.
				tp, isTemplate := sam.Load(name, src, sam.Options{Parameters: req.Parameters, Budget: req.Budget})
				if !isTemplate {
					continue
				}
				fp = tp
			}
			services = append(services, fp)
		}
		join(p, services)
		return p
	},
}

// formats are the formats in the order they are asked: a folder format
// first, so a project with a Terraform file is a Terraform project, and
// the Serverless Framework's before the templates', which claim every
// YAML and JSON file.
var formats = []*Format{Terraform, Serverless, Template}

// All returns the formats lambdavet reads.
func All() []*Format { return slices.Clone(formats) }

// Of returns the format that claims a file, or nil.
func Of(name string) *Format {
	for _, f := range formats {
		if f.Claims(name) {
			return f
		}
	}
	return nil
}

// ForFiles returns the format of a project made of files: the first
// format that claims one of them, or nil.
func ForFiles(files []string) *Format {
	for _, f := range formats {
		if slices.ContainsFunc(files, f.Claims) {
			return f
		}
	}
	return nil
}

// Read reports whether lambdavet reads a file at all: claimed by a format,
// or a companion of one.
func Read(name string) bool {
	for _, f := range formats {
		if f.Claims(name) || (f.Companion != nil && f.Companion(name)) {
			return true
		}
	}
	return false
}

// loadTemplates loads each file of a project as a template, and skips the
// YAML and JSON files that are not one.
func loadTemplates(req Request) *model.Project {
	p := &model.Project{Budget: req.budget()}
	opts := sam.Options{Parameters: req.Parameters, Budget: req.Budget}
	var templates []*model.Project
	for i, name := range req.Files {
		if i == 0 {
			p.Root = name
		}
		if cdk.Companion(name) {
			continue // read by cdk.ReadStack, with its template
		}
		src, err := req.Read(name)
		if err != nil {
			p.Errors = append(p.Errors, &model.LoadError{Range: model.Range{File: name}, Message: fmt.Sprintf("cannot read file: %v", err)})
			continue
		}
		if terraform.IsPlan(src) {
			// A saved Terraform plan found on its own (beside its
			// configuration, it joins the Terraform project instead).
			if pp, isPlan := terraform.LoadPlan(name, src, req.Budget); isPlan {
				templates = append(templates, pp)
				continue
			}
		}
		fp, isTemplate := sam.Load(name, src, opts)
		if !isTemplate && !cfn.LooksLikeTemplate(src) {
			// Other YAML and JSON (CI workflows, package.json) is not ours
			// to judge, even when it does not parse.
			continue
		}
		if cdk.IsTemplate(name) {
			stack, errs := cdk.ReadStack(name, req.Files, req.Read)
			stack.Annotate(fp)
			fp.Errors = append(fp.Errors, errs...)
		}
		templates = append(templates, fp)
		if req.Budget.Exhausted() {
			break
		}
	}
	join(p, templates)
	return p
}

// join makes p of the projects its files loaded into: their files,
// functions, resources and errors, and (when asked for) the network, each
// one's derived on its own, since a file's references stay in that file.
func join(p *model.Project, parts []*model.Project) {
	for _, fp := range parts {
		p.Files = append(p.Files, fp.Files...)
		p.Functions = append(p.Functions, fp.Functions...)
		p.Resources = append(p.Resources, fp.Resources...)
		p.Errors = append(p.Errors, fp.Errors...)
	}
	p.DeferNetwork(func() {
		for _, fp := range parts {
			fp.DeriveNetwork()
			p.Network = p.Network.Merge(fp.Network)
		}
	})
}
