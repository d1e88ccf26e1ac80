// Command lambdavet is a `go vet` for AWS Lambda configuration: it reads SAM
// and CloudFormation templates and reports, at file:line:column, the settings
// AWS will reject or that will hurt in production.
//
// Usage:
//
//	lambdavet [flags] [path ...]
//
// Exit codes: 0 no finding at or above -fail-on; 1 findings at or above it;
// 2 a usage error, or an input that could not be read or parsed.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/lambdavet/lambdavet/analyzers/all"
	"github.com/lambdavet/lambdavet/analyzers/load"
	"github.com/lambdavet/lambdavet/analyzers/policy"
	"github.com/lambdavet/lambdavet/analyzers/rule"
	"github.com/lambdavet/lambdavet/docs"
	"github.com/lambdavet/lambdavet/internal/discover"
	"github.com/lambdavet/lambdavet/internal/driver"
	"github.com/lambdavet/lambdavet/internal/report"
	"github.com/lambdavet/lambdavet/parsers/terraform"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(s string) error { *m = append(*m, s); return nil }

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "lsp" {
		return runLSP(args[1:], os.Stdin, stdout, stderr)
	}
	// -policy folders decide which rules exist, and each rule gets its own
	// -ID=false flag, so they are read before the full flag set is built.
	// So is .lambdavet.yaml, which may add policy folders and organization
	// limits the policies enforce.
	cfg, err := loadConfig(args)
	if err != nil {
		fmt.Fprintf(stderr, "lambdavet: %v\n", err)
		return 2
	}
	now, err := parseNow(preScan(args, "now"))
	if err != nil {
		fmt.Fprintf(stderr, "lambdavet: -now: %v\n", err)
		return 2
	}
	analyzers, err := policy.Load(context.Background(), policy.Options{
		Dirs: append(configPolicies(cfg), preScan(args, "policy")...),
		Data: configData(cfg),
		Now:  now,
	})
	if err != nil {
		fmt.Fprintf(stderr, "lambdavet: %v\n", err)
		return 2
	}
	analyzers = append(analyzers, goAnalyzers()...)

	fs := flag.NewFlagSet("lambdavet", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var formats multiFlag
	fs.Var(&formats, "format", "output `format`: text, json, sarif, github, junit or gitlab; FORMAT=FILE writes it to FILE (repeatable)")
	fs.String("now", "", "judge date-driven rules (runtime deprecation) as of `YYYY-MM-DD` (default: today)")
	fs.String("config", "", "read settings from `FILE` (default: the nearest .lambdavet.yaml above the first path, or above the working directory)")
	baselineFile := fs.String("baseline", "", "report only the findings not recorded in the baseline `FILE`")
	baselineWrite := fs.String("baseline-write", "", "record the findings in the baseline `FILE` instead of reporting them")
	failOn := fs.String("fail-on", "warning", "lowest severity that makes the exit code 1: error, warning or info")
	explain := fs.String("explain", "", "print the documentation of a rule, e.g. -explain LV101")
	listRules := fs.Bool("rules", false, "list every rule with its severity and title")
	showVersion := fs.Bool("version", false, "print the version")
	dumpModel := fs.Bool("dump-model", false, "print the model of each project as JSON (the input of Rego policies) instead of linting")
	var policyDirs, varFiles multiFlag
	tfVars := map[string]string{}
	fs.Func("var", "set a Terraform variable: `name=value` (repeatable)", func(s string) error {
		k, v, ok := strings.Cut(s, "=")
		if !ok || k == "" {
			return fmt.Errorf("want name=value, got %q", s)
		}
		tfVars[k] = v
		return nil
	})
	fs.Var(&varFiles, "var-file", "read Terraform variables from `FILE` (repeatable, applied in order)")
	fs.Var(&policyDirs, "policy", "add the Rego policies in `DIR` (repeatable)")
	params := map[string]string{}
	fs.Func("param", "override a CloudFormation parameter or pseudo parameter: `Name=Value` (repeatable)", func(s string) error {
		k, v, ok := strings.Cut(s, "=")
		if !ok || k == "" {
			return fmt.Errorf("want Name=Value, got %q", s)
		}
		params[k] = v
		return nil
	})
	enabled := map[string]*bool{}
	for _, a := range analyzers {
		title, _, _ := strings.Cut(a.Doc, "\n")
		enabled[a.Name] = fs.Bool(a.Name, true, "enable "+a.Name+": "+title)
	}
	for _, id := range metaRules {
		m, _ := rule.Lookup(id)
		enabled[id] = fs.Bool(id, true, "enable "+id+": "+m.Title)
	}
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: lambdavet [flags] [path ...]\n       lambdavet lsp    (language server on stdio, see docs/editors.md)\n\nlambdavet reports AWS Lambda settings that AWS will reject or that hurt in production,\nin SAM and CloudFormation templates and Terraform root modules found under the paths\n(default \".\").\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}

	switch {
	case *showVersion:
		fmt.Fprintf(stdout, "lambdavet %s\n", lambdavetVersion())
		return 0
	case *explain != "":
		page, ok := docs.Rule(strings.ToUpper(*explain))
		if !ok {
			fmt.Fprintf(stderr, "lambdavet: no rule %q; see lambdavet -rules\n", *explain)
			return 2
		}
		fmt.Fprint(stdout, page)
		return 0
	case *listRules:
		for _, m := range rule.All() {
			fmt.Fprintf(stdout, "%s  %-7s  %s\n", m.ID, m.Severity, m.Title)
		}
		return 0
	}
	failLevel, err := rule.ParseSeverity(*failOn)
	if err != nil {
		fmt.Fprintf(stderr, "lambdavet: -fail-on: %v\n", err)
		return 2
	}
	if cfg != nil && cfg.FailOn != 0 && !flagsSet(fs)["fail-on"] {
		failLevel = cfg.FailOn
	}
	outputs, err := parseOutputs(formats)
	if err != nil {
		fmt.Fprintf(stderr, "lambdavet: -format: %v\n", err)
		return 2
	}
	known := slices.Clone(metaRules)
	for _, a := range analyzers {
		known = append(known, a.Name)
	}
	if err := cfg.CheckRules(known); err != nil {
		fmt.Fprintf(stderr, "lambdavet: %v\n", err)
		return 2
	}
	g := newGate(cfg, fs, enabled)

	load.SetParameters(params)
	load.SetTerraformOptions(terraform.Options{Vars: tfVars, VarFiles: varFiles})
	var selected []*analysis.Analyzer
	for _, a := range analyzers {
		if g.runs(a.Name) {
			selected = append(selected, a)
			g.ran[a.Name] = true
		}
	}
	pkgs, err := discover.Packages(fs.Args(), varFiles...)
	if err != nil {
		fmt.Fprintf(stderr, "lambdavet: %v\n", err)
		return 2
	}
	pkgs = excludePackages(cfg, pkgs)
	noteExcluded(cfg, fs.Args(), stderr)
	// Only -dump-model reads whole models after the run; the reporters and
	// suppressions read files and resource names, so the rest is released
	// as each project ends.
	res := runProjects(context.Background(), cfg, driver.Options{Analyzers: selected, Slim: !*dumpModel}, pkgs,
		params, terraform.Options{Vars: tfVars, VarFiles: varFiles})
	checkSkipped(fs.Args(), res, stderr)
	checkInputs(params, tfVars, res, stderr)

	if *dumpModel {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		for _, p := range res.Projects {
			if p != nil && len(p.Resources) > 0 {
				if err := enc.Encode(p); err != nil {
					fmt.Fprintf(stderr, "lambdavet: %v\n", err)
					return 2
				}
			}
		}
		return 0
	}
	// What is reported, and decides the exit code, is what is left after
	// the configuration, the suppressions and the baseline.
	for _, id := range metaRules {
		if g.runs(id) {
			g.ran[id] = true
		}
	}
	g.apply(res)
	done, stale, err := applyBaseline(cfg, g, *baselineFile, *baselineWrite, res, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "lambdavet: %v\n", err)
		return 2
	}
	if done {
		if len(res.Errors) > 0 {
			_ = report.Text(io.Discard, stderr, &driver.Result{Errors: res.Errors})
			return 2
		}
		return 0
	}
	err = writeOutputs(outputs, stdout, stderr, res, report.Options{
		Version: lambdavetVersion(), Rules: g.rulesRun(), Root: repoRoot(firstPath(fs.Args())), FailOn: failLevel, Color: true,
	})
	if err != nil {
		fmt.Fprintf(stderr, "lambdavet: writing output: %v\n", err)
		return 2
	}
	if stale > 0 {
		fmt.Fprintf(stderr, "lambdavet: %d findings of the baseline are gone; write it again with -baseline-write so they are reported if they come back\n", stale)
	}
	if len(res.Errors) > 0 {
		return 2
	}
	for _, d := range res.Diagnostics {
		if d.Severity >= failLevel {
			return 1
		}
	}
	return 0
}

// preScan returns the values of -name / --name flags before flag parsing.
func preScan(args []string, name string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		a := strings.TrimPrefix(strings.TrimPrefix(args[i], "-"), "-")
		if a == args[i] {
			continue
		}
		if v, ok := strings.CutPrefix(a, name+"="); ok {
			out = append(out, v)
		} else if a == name && i+1 < len(args) {
			out = append(out, args[i+1])
			i++
		}
	}
	return out
}

// goAnalyzers are the rules written in Go.
func goAnalyzers() []*analysis.Analyzer { return all.Go() }
