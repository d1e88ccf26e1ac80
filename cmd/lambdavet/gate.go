package main

// What makes lambdavet a gate in CI: the configuration file, the outputs
// (-format, possibly several, to files), and the filtering of findings by
// configuration, suppressions and baseline before the exit code is decided.

import (
	"context"
	"flag"
	"fmt"
	"golang.org/x/tools/go/analysis"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/lambdavet/lambdavet/analyzers/load"
	"github.com/lambdavet/lambdavet/analyzers/rule"
	"github.com/lambdavet/lambdavet/internal/baseline"
	"github.com/lambdavet/lambdavet/internal/config"
	"github.com/lambdavet/lambdavet/internal/discover"
	"github.com/lambdavet/lambdavet/internal/driver"
	"github.com/lambdavet/lambdavet/internal/report"
	"github.com/lambdavet/lambdavet/internal/suppress"
	"github.com/lambdavet/lambdavet/parsers/terraform"
)

// metaRules are the rules about suppressions, which are not analyzers but
// are turned on and off like them.
var metaRules = []string{suppress.MalformedRule, suppress.UnusedRule}

// firstPath returns the folder of the first path on the command line, read
// before flag parsing, or "." when there is none.
func firstPath(args []string) string {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			if i+1 < len(args) {
				a = args[i+1]
			} else {
				break
			}
		} else if strings.HasPrefix(a, "-") && a != "-" {
			name := strings.TrimLeft(a, "-")
			if !strings.Contains(name, "=") && takesValue(name) {
				i++
			}
			continue
		}
		if a == "-" {
			// Standard input: its -stdin-filename says where it belongs.
			if names := preScan(args, "stdin-filename"); len(names) > 0 {
				return filepath.Dir(names[len(names)-1])
			}
			return "."
		}
		p := strings.TrimSuffix(strings.TrimSuffix(a, "..."), "/")
		if p == "" {
			p = "."
		}
		if info, err := os.Stat(p); err == nil && !info.IsDir() {
			p = filepath.Dir(p)
		}
		return p
	}
	return "."
}

// loadConfig reads the configuration named by -config, or else the nearest
// .lambdavet.yaml above the first path linted (as golangci-lint looks for
// its own), or else in the working directory; nil when there is none.
// Discovery climbs no further than the repository root or the working
// directory (config.TreeRoot), and refuses a file linked out of the tree.
// Its path is made relative to the working directory, as messages show it.
func loadConfig(args []string) (*config.Config, error) {
	if explicit := preScan(args, "config"); len(explicit) > 0 {
		return config.Load(explicit[len(explicit)-1])
	}
	found, err := config.Find(firstPath(args))
	if err == nil && found == "" {
		found, err = config.Find(".")
	}
	if err != nil || found == "" {
		return nil, err
	}
	return config.Load(discover.DisplayPath(found))
}

// configPolicies returns the policy folders the configuration adds.
func configPolicies(cfg *config.Config) []string {
	if cfg == nil {
		return nil
	}
	out := make([]string, len(cfg.Policies))
	for i, p := range cfg.Policies {
		out[i] = discover.DisplayPath(p)
	}
	return out
}

// configData is what policies see as data.lambdavet.config.
func configData(cfg *config.Config) map[string]any {
	if cfg == nil {
		return nil
	}
	return cfg.PolicyData(cfg.Path)
}

// flagsSet returns the names of the flags given on the command line.
func flagsSet(fs *flag.FlagSet) map[string]bool {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	return set
}

// gate decides, per rule and file, what the configuration and the -ID
// flags say, and filters the findings accordingly.
type gate struct {
	cfg *config.Config
	// flags holds the -ID=true|false flags given on the command line,
	// which win over the configuration.
	flags map[string]bool
	// ran are the rules whose analyzers ran.
	ran map[string]bool
	// metas are the metadata of the rules that ran, from their analyzers
	// (a user rule is defined per configuration).
	metas map[string]rule.Meta
}

// running records that analyzer a runs under the gate.
func (g *gate) running(a *analysis.Analyzer) {
	g.ran[a.Name] = true
	if m, ok := rule.MetaOf(a); ok {
		if g.metas == nil {
			g.metas = map[string]rule.Meta{}
		}
		g.metas[a.Name] = m
	}
}

func newGate(cfg *config.Config, fs *flag.FlagSet, enabled map[string]*bool) *gate {
	g := &gate{cfg: cfg, flags: map[string]bool{}, ran: map[string]bool{}}
	set := flagsSet(fs)
	for id, on := range enabled {
		if set[id] {
			g.flags[id] = *on
		}
	}
	return g
}

// runs reports whether rule id runs at all: on the command line, or
// turned on anywhere in the configuration, or not turned off at its top.
func (g *gate) runs(id string) bool {
	if on, ok := g.flags[id]; ok {
		return on
	}
	if g.cfg == nil {
		return true
	}
	if r, ok := g.cfg.Rules[id]; ok && r.Enabled != nil && !*r.Enabled {
		return g.cfg.MayEnable(id)
	}
	return true
}

// on reports whether rule id applies to file.
func (g *gate) on(id, file string) bool {
	if on, ok := g.flags[id]; ok {
		return on
	}
	if s := g.cfg.Rule(id, file); s.Enabled != nil {
		return *s.Enabled
	}
	return true
}

// severity returns the severity of a finding of rule id in file.
func (g *gate) severity(id, file string, sev rule.Severity) rule.Severity {
	if s := g.cfg.Rule(id, file).Severity; s != 0 {
		return s
	}
	return sev
}

// checked says whether rule id ran over file, so that a suppression of it
// that matched nothing there is really unused.
func (g *gate) checked(res *driver.Result, id, file string) bool {
	if !g.ran[id] || !g.on(id, file) {
		return false
	}
	for _, e := range res.Errors {
		if e.File == file {
			return false // a file that did not load completely proves nothing
		}
	}
	return true
}

// configure drops the findings in excluded files and of rules turned off
// there, and sets the configured severities.
func (g *gate) configure(ds []driver.Diagnostic) []driver.Diagnostic {
	var out []driver.Diagnostic
	for _, d := range ds {
		if g.cfg.Excluded(d.File) || !g.on(d.Rule, d.File) {
			continue
		}
		d.Severity = g.severity(d.Rule, d.File, d.Severity)
		out = append(out, d)
	}
	return out
}

// apply applies the configuration and the suppressions to res in place,
// adding the findings about suppressions (LV001, LV002).
func (g *gate) apply(res *driver.Result) {
	var files []suppress.File
	for _, file := range suppress.Files(res.Projects) {
		if !g.cfg.Excluded(file.Path) {
			files = append(files, file)
		}
	}
	set := suppress.Find(files, res.Projects)
	out := set.Apply(g.configure(res.Diagnostics), func(id, file string) bool { return g.checked(res, id, file) })
	res.Diagnostics = append(out.Kept, g.configure(out.Problems)...)
	driver.SortDiagnostics(res.Diagnostics)
	for _, s := range out.Suppressed {
		res.Suppressed = append(res.Suppressed, driver.Suppressed{Diagnostic: s.Diagnostic, Justification: s.Directive.Reason})
	}
}

// lintedFile says whether rule id was looked for in the file at abs in
// this run, so a baseline entry for it that matched nothing is really
// gone: the file was linted, loaded completely, and the rule ran over it.
func (g *gate) lintedFile(res *driver.Result, id, abs string) bool {
	for file := range res.Sources {
		if a, err := filepath.Abs(file); err == nil && a == abs {
			return g.checked(res, id, file)
		}
	}
	return false
}

// rulesRun returns the rules that ran, with their configured severity, for
// the reports that list them.
func (g *gate) rulesRun() []rule.Meta {
	var out []rule.Meta
	for id := range g.ran {
		m, ok := g.metas[id]
		if !ok {
			m, ok = rule.Lookup(id)
		}
		if !ok {
			continue
		}
		if g.cfg != nil {
			if s, ok := g.cfg.Rules[id]; ok && s.Severity != 0 {
				m.Severity = s.Severity
			}
		}
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// excludePackages drops the projects, and the files of projects, that the
// configuration excludes.
func excludePackages(cfg *config.Config, pkgs []*driver.Package) []*driver.Package {
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

// runProjects analyzes pkgs, each with the CloudFormation parameters and
// Terraform variables it is given: the configuration's for its path, then
// the command line's on top.
func runProjects(ctx context.Context, cfg *config.Config, opts driver.Options, pkgs []*driver.Package, params map[string]string, tf terraform.Options) *driver.Result {
	bound := make([]*driver.Package, 0, len(pkgs))
	for _, p := range pkgs {
		in := cfg.InputsFor(p.Root)
		inputs := load.Inputs{Parameters: in.Parameters, Terraform: terraform.Options{Vars: in.Vars}, Limits: cfg.BudgetFor(p.Root)}
		for k, v := range params {
			inputs.Parameters[k] = v
		}
		for k, v := range tf.Vars {
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
		inputs.Terraform.VarFiles = append(inputs.Terraform.VarFiles, tf.VarFiles...)
		q.Inputs = &inputs
		bound = append(bound, &q)
	}
	return driver.Run(ctx, opts, bound)
}

// output is one -format value: a format, written to stdout or to a file.
type output struct {
	format string
	file   string
}

// parseOutputs reads the -format values: FORMAT, or FORMAT=FILE.
func parseOutputs(specs []string) ([]output, error) {
	if len(specs) == 0 {
		return []output{{format: "text"}}, nil
	}
	var out []output
	toStdout := 0
	for _, s := range specs {
		format, file, hasFile := strings.Cut(s, "=")
		if !slices.Contains(report.Formats, format) {
			return nil, fmt.Errorf("unknown format %q (want %s, or FORMAT=FILE)", format, strings.Join(report.Formats, ", "))
		}
		if hasFile && file == "" {
			return nil, fmt.Errorf("%s= names no file", format)
		}
		if !hasFile {
			toStdout++
		}
		out = append(out, output{format: format, file: file})
	}
	if toStdout > 1 {
		return nil, fmt.Errorf("only one format can go to standard output; write the others to files with FORMAT=FILE")
	}
	return out, nil
}

// writeOutputs renders res in every output. Load errors also go to stderr
// when no text goes to stdout, so a CI log shows why the run failed.
func writeOutputs(outs []output, stdout, stderr io.Writer, res *driver.Result, opts report.Options) error {
	textOnStdout := false
	for _, o := range outs {
		if o.file == "" && o.format == "text" {
			textOnStdout = true
		}
	}
	for _, o := range outs {
		if o.file == "" {
			oo := opts
			if o.format == "text" {
				if f, ok := stdout.(*os.File); !ok || !report.IsTerminal(f) {
					oo.Color = false
				}
			}
			if err := report.Write(o.format, stdout, stderr, res, oo); err != nil {
				return err
			}
			continue
		}
		f, err := os.Create(o.file)
		if err != nil {
			return err
		}
		oo := opts
		oo.Color = false
		err = report.Write(o.format, f, io.Discard, res, oo)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("%s: %w", o.file, err)
		}
	}
	if !textOnStdout {
		return report.Text(io.Discard, stderr, &driver.Result{Errors: res.Errors})
	}
	return nil
}

// repoRoot returns the folder SARIF, GitHub and GitLab paths are relative
// to: the repository of the first path linted (the nearest folder above it
// holding .git); outside a repository, the working directory when it holds
// that path, else the path itself.
func repoRoot(first string) string {
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	start, err := filepath.Abs(first)
	if err != nil {
		return wd
	}
	for dir := start; ; {
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	if rel, err := filepath.Rel(wd, start); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return wd
	}
	return start
}

// applyBaseline writes the baseline (-baseline-write) or filters res by it
// (-baseline, or baseline in the configuration). It reports whether the
// run is over (the baseline was written), and how many recorded findings
// are gone (stale): only those the run looked for (g.lintedFile), and not
// those a suppression silenced, since they are still there.
func applyBaseline(cfg *config.Config, g *gate, readFrom, writeTo string, res *driver.Result, stderr io.Writer) (done bool, stale int, err error) {
	if writeTo != "" {
		if err := baseline.Write(writeTo, res.Diagnostics, res.Sources); err != nil {
			return true, 0, err
		}
		fmt.Fprintf(stderr, "lambdavet: recorded %d findings in %s\n", len(res.Diagnostics), writeTo)
		return true, 0, nil
	}
	// A baseline given on the command line is the user's choice, wherever
	// it is; the one a configuration names must be inside its tree.
	root := ""
	if readFrom == "" && cfg != nil && cfg.Baseline != "" {
		readFrom, root = discover.DisplayPath(cfg.Baseline), cfg.Root
	}
	if readFrom == "" {
		return false, 0, nil
	}
	read := baseline.Read
	if root != "" {
		read = func(path string) (*baseline.Baseline, error) { return baseline.ReadIn(path, root) }
	}
	b, err := read(readFrom)
	if err != nil {
		return false, 0, err
	}
	var matched []driver.Diagnostic
	res.Diagnostics, matched = b.Split(res.Diagnostics, res.Sources)
	for _, d := range matched {
		res.Suppressed = append(res.Suppressed, driver.Suppressed{Diagnostic: d, External: true, Justification: "recorded in the baseline " + readFrom})
	}
	seen := make([]driver.Diagnostic, 0, len(res.Suppressed))
	for _, s := range res.Suppressed {
		if !s.External {
			seen = append(seen, s.Diagnostic)
		}
	}
	b.Seen(seen, res.Sources)
	return false, b.Gone(func(id, abs string) bool { return g.lintedFile(res, id, abs) }), nil
}
