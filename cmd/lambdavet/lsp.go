package main

// `lambdavet lsp`: the language server, run with this command's own
// configuration handling, gate, suppressions and baseline, so that the
// editor shows what CI reports.

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"runtime/debug"
	"time"

	"golang.org/x/tools/go/analysis"

	"github.com/lambdavet/lambdavet/analyzers/policy"
	"github.com/lambdavet/lambdavet/docs"
	"github.com/lambdavet/lambdavet/internal/config"
	"github.com/lambdavet/lambdavet/internal/discover"
	"github.com/lambdavet/lambdavet/internal/driver"
	"github.com/lambdavet/lambdavet/internal/lsp"
	"github.com/lambdavet/lambdavet/internal/merge"
	"github.com/lambdavet/lambdavet/parsers/terraform"
)

// runLSP serves the Language Server Protocol on stdin and stdout until the
// client sends exit.
func runLSP(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("lambdavet lsp", flag.ContinueOnError)
	fs.SetOutput(stderr)
	debounce := fs.Duration("debounce", 150*time.Millisecond, "wait this long after an edit before linting")
	fs.Bool("stdio", true, "talk over standard input and output (the only transport; accepted because clients pass it)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: lambdavet lsp [flags]\n\nlambdavet lsp is a language server: editors start it and talk to it over\nstandard input and output. See docs/editors.md.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "lambdavet lsp: unexpected arguments %q; the editor sends the files\n", fs.Args())
		return 2
	}
	// The server lints the same files again and again: a lint of a
	// 200-function template allocates about 50 MB, and collecting less
	// often takes a quarter off the time to the diagnostics. The memory
	// limit keeps the heap bounded all the same. GOGC and GOMEMLIMIT in
	// the environment win.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(1 << 30)
	}
	if err := lsp.Serve(context.Background(), stdin, stdout, lspOptions(stderr, *debounce)); err != nil {
		fmt.Fprintf(stderr, "lambdavet lsp: %v\n", err)
		return 1
	}
	return 0
}

// lspOptions wires the server to the command line's rules and filtering.
func lspOptions(stderr io.Writer, debounce time.Duration) lsp.Options {
	if debounce == 0 {
		debounce = -1 // none
	}
	return lsp.Options{
		Version:  lambdavetVersion(),
		Log:      stderr,
		Debounce: debounce,
		Analyzers: func(ctx context.Context, cfg *config.Config, s lsp.Settings) ([]*analysis.Analyzer, error) {
			as, err := policy.Load(ctx, policy.Options{Dirs: append(configPolicies(cfg), s.Policies...), Data: configData(cfg), CacheFunctions: true})
			if err != nil {
				return nil, err
			}
			return append(as, goAnalyzers()...), nil
		},
		Lint:    lintForEditor,
		Explain: docs.Rule,
	}
}

// lintForEditor runs a language server request the way run lints: rules
// on or off by the configuration and the editor's settings (which stand
// for the -ID flags), inputs per path, then the gate and the baseline.
func lintForEditor(ctx context.Context, req *lsp.LintRequest) *driver.Result {
	g := &gate{cfg: req.Config, flags: map[string]bool{}, ran: map[string]bool{}}
	maps.Copy(g.flags, req.Settings.Rules)
	var selected []*analysis.Analyzer
	for _, a := range req.Analyzers {
		if g.runs(a.Name) {
			selected = append(selected, a)
			g.running(a)
		}
	}
	for _, id := range metaRules {
		if g.runs(id) {
			g.ran[id] = true
		}
	}
	pkgs := excludePackages(req.Config, req.Packages)
	res := runProjects(ctx, req.Config, driver.Options{Analyzers: selected, ReadFile: req.ReadFile}, pkgs,
		req.Settings.Parameters, terraform.Options{Vars: req.Settings.Vars, VarFiles: req.Settings.VarFiles})
	g.apply(res)
	if _, _, err := applyBaseline(req.Config, g, "", "", res, io.Discard); err != nil {
		res.Errors = append(res.Errors, driver.Error{File: discover.DisplayPath(req.Config.Baseline), Message: err.Error()})
	}
	res.Diagnostics = merge.Shared(res.Diagnostics)
	return res
}
