package main

// Nothing skipped in silence: a file named on the command line that no
// loader reads, a folder with nothing to lint, a file the configuration
// excludes, and -param / -var names no project declares are all said, so a
// run that exits 0 has really looked at what the user pointed it at.

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/lambdavet/lambdavet/internal/didyoumean"
	"github.com/lambdavet/lambdavet/internal/discover"
	"github.com/lambdavet/lambdavet/internal/driver"
	"github.com/lambdavet/lambdavet/parsers/cfn"
	"github.com/lambdavet/lambdavet/parsers/model"
	"github.com/lambdavet/lambdavet/parsers/serverless"
	"github.com/lambdavet/lambdavet/parsers/terraform"
)

// whatWeRead ends the messages about inputs lambdavet does not read.
const whatWeRead = "lambdavet reads SAM and CloudFormation templates (YAML or JSON), Terraform configuration (.tf, .tf.json) and Serverless Framework services (serverless.yml)"

// pathArg is one path of the command line, as discovery reads it.
type pathArg struct {
	arg   string // as typed
	path  string // without "..." and a trailing slash
	isDir bool
}

// pathArgs returns the paths of the command line that exist (discovery has
// already refused the others).
func pathArgs(args []string) []pathArg {
	if len(args) == 0 {
		args = []string{"."}
	}
	var out []pathArg
	for _, a := range args {
		p := strings.TrimSuffix(strings.TrimSuffix(a, "..."), "/")
		if p == "" {
			p = "."
		}
		info, err := os.Stat(p)
		if err != nil {
			continue
		}
		out = append(out, pathArg{arg: a, path: p, isDir: info.IsDir()})
	}
	return out
}

// noteExcluded says, for each file named on the command line that its
// configuration excludes, which pattern excluded it: the user asked for
// that file, and silence would read as "no findings".
func noteExcluded(cfgs *configs, args []string, stderr io.Writer) {
	for _, a := range pathArgs(args) {
		if a.isDir {
			continue
		}
		cfg, err := cfgs.forFile(a.path)
		if err != nil {
			continue // said when its project is grouped
		}
		if pattern, ok := cfg.ExcludedBy(a.path); ok {
			fmt.Fprintf(stderr, "lambdavet: %s: not linted: excluded by the pattern %q of %s\n", a.path, pattern, cfg.Path)
		}
	}
}

// under reports whether path is dir or lies below it.
func under(dir, path string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// checkSkipped adds an error for each file named on the command line that
// no loader read (it is not a template: linting it checked nothing), and
// notes on stderr each folder in which nothing was linted.
func checkSkipped(args []string, res *driver.Result, stderr io.Writer) {
	linted := func(p *model.Project) bool { return p != nil && len(p.Files) > 0 }
	for _, a := range pathArgs(args) {
		if a.isDir {
			if !slices.ContainsFunc(res.Projects, func(p *model.Project) bool { return linted(p) && under(a.path, p.Root) }) &&
				!slices.ContainsFunc(res.Errors, func(e driver.Error) bool { return under(a.path, e.File) }) {
				fmt.Fprintf(stderr, "lambdavet: %s: nothing to lint: no SAM or CloudFormation template and no Terraform configuration found\n", a.arg)
			}
			continue
		}
		if discover.IsTerraform(a.path) {
			continue // it stands for its module, which is linted
		}
		i := slices.IndexFunc(res.Projects, func(p *model.Project) bool { return p != nil && p.Root == a.path })
		if i < 0 || linted(res.Projects[i]) || slices.ContainsFunc(res.Errors, func(e driver.Error) bool { return e.File == a.path }) {
			continue // excluded (said already), linted, or failed to load (said already)
		}
		res.Errors = append(res.Errors, driver.Error{File: a.path, Message: notReadReason(a.path, res.Sources[a.path])})
	}
}

// notReadReason says why a file named on the command line was not linted,
// naming the formats people most often expect lambdavet to read.
func notReadReason(path string, src []byte) string {
	base := strings.ToLower(filepath.Base(path))
	switch {
	case strings.HasPrefix(base, "serverless."):
		return "not a Serverless Framework service (no service and provider at its top); " + whatWeRead
	case bytes.Contains(src, []byte(`"planned_values"`)) || bytes.Contains(src, []byte(`"resource_changes"`)):
		// Plans are read (terraform.IsPlan); this one lacks what makes one.
		return "not a Terraform plan (terraform show -json of a plan has format_version and planned_values or resource_changes at its top); " + whatWeRead
	}
	return "not a SAM or CloudFormation template (no AWSTemplateFormatVersion, no Resources of AWS:: types); " + whatWeRead
}

// checkInputs judges the -param and -var names and values of the command
// line against what the linted projects declare: a name nobody declares is
// a warning with a did-you-mean (it changed nothing, and Terraform refuses
// an undeclared -var), a -var value of the wrong type an error (Terraform
// refuses it too). The configuration's inputs are per path and not judged.
func checkInputs(params, vars map[string]string, res *driver.Result, stderr io.Writer) {
	read := func(name string) ([]byte, error) {
		if src, ok := res.Sources[name]; ok {
			return src, nil
		}
		return nil, fmt.Errorf("%s: not read", name)
	}
	if len(params) > 0 {
		declared := map[string]bool{}
		for _, p := range res.Projects {
			if p == nil {
				continue
			}
			for _, f := range p.Files {
				if f.Format == serverless.FileFormat {
					declared["stage"] = true // -param stage=prod picks a service's stage
					continue
				}
				if f.Format != model.FormatSAM && f.Format != model.FormatCloudFormation {
					continue
				}
				t := cfn.Parse(f.Path, res.Sources[f.Path])
				if ps := t.Root.Get("Parameters"); ps != nil {
					for _, k := range ps.Keys {
						declared[k.Value] = true
					}
				}
			}
		}
		for _, name := range sortedKeys(params) {
			if declared[name] || strings.HasPrefix(name, "AWS::") {
				continue
			}
			fmt.Fprintf(stderr, "lambdavet: warning: -param %s: no template linted declares the parameter %q%s\n", name, name, suggestion(name, declared))
		}
	}
	if len(vars) == 0 {
		return
	}
	declared := map[string]bool{}
	var errs []driver.Error
	for _, p := range res.Projects {
		if p == nil || !slices.ContainsFunc(p.Files, func(f *model.File) bool { return f.Format == model.FormatTerraform }) {
			continue
		}
		files := make([]string, len(p.Files))
		for i, f := range p.Files {
			files[i] = f.Path
		}
		decls := terraform.DeclaredVariables(p.Root, files, read)
		for _, name := range sortedKeys(vars) {
			v, ok := decls[name]
			if !ok {
				continue
			}
			declared[name] = true
			if err := v.CheckValue(vars[name]); err != nil {
				errs = append(errs, driver.Error{File: p.Root, Message: fmt.Sprintf("-var %s: %v (Terraform refuses it)", name, err)})
			}
		}
		for name := range decls {
			declared[name] = true
		}
	}
	for _, name := range sortedKeys(vars) {
		if !declared[name] {
			fmt.Fprintf(stderr, "lambdavet: warning: -var %s: no module linted declares the variable %q%s\n", name, name, suggestion(name, declared))
		}
	}
	res.Errors = append(res.Errors, errs...)
}

// suggestion is ` (did you mean "X"?)` for the declared name closest to
// name, or "".
func suggestion(name string, declared map[string]bool) string {
	if s := didyoumean.Suggest(name, sortedKeys(declared)); s != "" {
		return fmt.Sprintf(" (did you mean %q?)", s)
	}
	return ""
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
