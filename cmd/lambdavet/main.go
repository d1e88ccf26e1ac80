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
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/lambdavet/lambdavet/analyzers/all"
	"github.com/lambdavet/lambdavet/analyzers/rule"
	"github.com/lambdavet/lambdavet/docs"
	"github.com/lambdavet/lambdavet/internal/baseline"
	"github.com/lambdavet/lambdavet/internal/config"
	"github.com/lambdavet/lambdavet/internal/driver"
	"github.com/lambdavet/lambdavet/internal/lint"
	"github.com/lambdavet/lambdavet/internal/merge"
	"github.com/lambdavet/lambdavet/internal/report"
	"github.com/lambdavet/lambdavet/internal/suppress"
	"github.com/lambdavet/lambdavet/parsers/terraform"
)

func main() {
	startGC()
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// smallInFlight is how much source the small projects running at once
// beyond one per processor may hold (driver.Options.SmallBytes): at about
// thirteen times their text for a dense template, their models stay a
// fraction of smallProjectsLimit.
const smallInFlight = 2 << 20

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(s string) error { *m = append(*m, s); return nil }

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "lsp" {
		return runLSP(args[1:], os.Stdin, stdout, stderr)
	}
	cf := newCLIFlags()
	if err := cf.parse(args, stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			_, _ = cf.setRules(cf.rulesForHelp(), io.Discard)
			cf.usage(stdout)
			return 0
		}
		return 2
	}
	if *cf.showVersion {
		// Before the rules are compiled: editors and CI ask for it alone.
		fmt.Fprintf(stdout, "lambdavet %s\n", lambdavetVersion())
		return 0
	}
	// The configuration above the first path may add policy folders and
	// organization limits the policies enforce, so the rules that exist
	// (for -rules and the rule flags) are known only once it is read.
	search := config.NewSearch()
	cfg, err := loadConfig(search, *cf.config, firstPath(cf.fs.Args(), *cf.stdinName))
	if err != nil {
		fmt.Fprintf(stderr, "lambdavet: %v\n", err)
		return 2
	}
	now, err := parseNow(*cf.now)
	if err != nil {
		fmt.Fprintf(stderr, "lambdavet: -now: %v\n", err)
		return 2
	}
	analyzers, err := lint.LoadRules(context.Background(), cfg, lint.RuleOptions{Dirs: cf.policyDirs, Now: now})
	if err != nil {
		fmt.Fprintf(stderr, "lambdavet: %v\n", err)
		return 2
	}
	deferred, err := cf.setRules(analyzers, stderr)
	if err != nil {
		return 2
	}
	fs, formats, varFiles, tfVars, params := cf.fs, cf.formats, cf.varFiles, cf.tfVars, cf.params
	baselineFile, baselineWrite, failOn, explain := cf.baseline, cf.baselineWrite, cf.failOn, cf.explain
	listRules, dumpModel := cf.listRules, cf.dumpModel

	switch {
	case *explain != "":
		page, ok := docs.Rule(strings.ToUpper(*explain))
		if !ok {
			fmt.Fprintf(stderr, "lambdavet: no rule %q%s; see lambdavet -rules\n", *explain, cf.didYouMeanRule(*explain))
			return 2
		}
		fmt.Fprint(stdout, page)
		return 0
	case *listRules:
		if err := cf.listRulesTo(stdout, formats); err != nil {
			fmt.Fprintf(stderr, "lambdavet: -rules: %v\n", err)
			return 2
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
	pkgs, readFile, err := packagesFor(fs.Args(), *cf.stdinName, varFiles)
	if err != nil {
		fmt.Fprintf(stderr, "lambdavet: %v\n", err)
		return 2
	}
	// Each project is linted under its own configuration (the nearest
	// above it, as in the editor), with the rules, inputs, excludes,
	// baseline and fail level that configuration sets.
	cfgs := newConfigs(search, *cf.config, cfg)
	groups, err := cfgs.group(pkgs)
	if err != nil {
		fmt.Fprintf(stderr, "lambdavet: %v\n", err)
		return 2
	}
	noteExcluded(cfgs, fs.Args(), stderr)
	rules := &analyzerSet{base: cfg, baseAs: analyzers, dirs: cf.policyDirs, now: now, byPath: map[*config.Config][]*analysis.Analyzer{}}
	if _, err := rules.forConfig(cfg); err != nil {
		fmt.Fprintf(stderr, "lambdavet: %v\n", err)
		return 2
	}
	// A rule flag only a configuration below may define must name a rule
	// of one of the configurations that apply.
	defined := map[string]bool{}
	for _, grp := range groups {
		as, err := rules.forConfig(grp.cfg)
		if err != nil {
			fmt.Fprintf(stderr, "lambdavet: %v\n", err)
			return 2
		}
		for _, a := range as {
			defined[a.Name] = true
		}
	}
	for _, id := range deferred {
		if !defined[id] {
			fmt.Fprintf(stderr, "lambdavet: -%s: no rule %s in the policies of the configurations that apply%s\n", id, id, cf.didYouMeanRule(id))
			return 2
		}
	}
	// Every configuration's rules are compiled: start-up is over. The
	// run keeps start-up's setting between its lints, each of which sets
	// its own (tuneGC): each change of setting made the runtime collect
	// at once, and 120 small templates collected twice for nothing (an
	// eighth of their processor time). -dump-model holds every model to
	// the end, which start-up's limit would have the collector mark
	// without end, so it leaves start-up's setting here.
	if *dumpModel {
		leaveStartGC()
	}
	sizes := fileSizes(readFile)
	res := &driver.Result{Sources: map[string][]byte{}}
	var ran [][]rule.Meta
	stale := 0
	// A finding fails the run at the level its own configuration sets.
	failing := 0
	for _, grp := range groups {
		as, err := rules.forConfig(grp.cfg)
		if err != nil {
			fmt.Fprintf(stderr, "lambdavet: %v\n", err)
			return 2
		}
		// Only -dump-model reads whole models after the run; the reporters
		// and suppressions read files and resource names, so the rest is
		// released as each project ends.
		req := &lint.Request{
			Config: grp.cfg, Analyzers: as, Rules: cf.rules, OnlyRules: cf.onlyNamed(), Packages: grp.pkgs, ReadFile: readFile,
			Parameters: params, Terraform: terraform.Options{Vars: tfVars, VarFiles: varFiles},
			Slim: !*dumpModel, Unfiltered: *dumpModel,
			Baseline: *baselineFile, NoBaseline: *baselineWrite != "",
			// Small projects beyond one per processor, so queued ones share
			// their policy evaluations.
			SmallBytes: smallInFlight, Size: sizes,
		}
		if len(params) == 0 && len(tfVars) == 0 {
			// The text of a file is read after the run for its findings
			// and its suppressions (and by checkInputs, for -param and
			// -var): the others' is let go as each project ends.
			req.KeepSource = suppress.MayHold
		}
		// The collector is tuned for what is linted, excluded files left out.
		restoreGC := tuneGC(lint.Exclude(grp.cfg, grp.pkgs), sizes)
		r := lint.Run(context.Background(), req)
		restoreGC()
		if r.BaselineErr != nil {
			fmt.Fprintf(stderr, "lambdavet: %v\n", r.BaselineErr)
			return 2
		}
		stale += r.Stale
		level := failLevel
		if grp.cfg != nil && grp.cfg.FailOn != 0 && !flagsSet(fs)["fail-on"] {
			level = grp.cfg.FailOn
		}
		for _, d := range r.Diagnostics {
			if d.Severity >= level {
				failing++
			}
		}
		ran = append(ran, r.Ran)
		mergeResult(res, r.Result)
	}
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
	driver.SortDiagnostics(res.Diagnostics)
	if *baselineWrite != "" {
		if err := baseline.Write(*baselineWrite, res.Diagnostics, res.Sources); err != nil {
			fmt.Fprintf(stderr, "lambdavet: %v\n", err)
			return 2
		}
		fmt.Fprintf(stderr, "lambdavet: recorded %d findings in %s\n", len(res.Diagnostics), *baselineWrite)
		if len(res.Errors) > 0 {
			_ = report.Text(io.Discard, stderr, &driver.Result{Errors: res.Errors})
			return 2
		}
		return 0
	}
	// One finding per problem: after suppressions and the baseline, which
	// judge each function's copy, so the baseline records them one by one.
	res.Diagnostics = merge.Shared(res.Diagnostics)
	err = writeOutputs(outputs, stdout, stderr, res, report.Options{
		Version: lambdavetVersion(), Rules: rulesRun(ran), Root: repoRoot(firstPath(fs.Args(), *cf.stdinName)), FailOn: failLevel, Color: true,
	})
	if err != nil {
		fmt.Fprintf(stderr, "lambdavet: writing output: %v\n", err)
		return 2
	}
	if stale > 0 {
		fmt.Fprintf(stderr, "lambdavet: %d findings of the baseline are gone; write it again with -baseline-write so they are reported if they come back\n", stale)
	}
	if textToStdout(outputs) {
		writeSummary(stderr, res)
	}
	if len(res.Errors) > 0 {
		return 2
	}
	if failing > 0 {
		return 1
	}
	return 0
}

// goAnalyzers are the rules written in Go.
func goAnalyzers() []*analysis.Analyzer { return all.Go() }
