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
	"os"
	"runtime/debug"
	"time"

	"github.com/lambdavet/lambdavet/docs"
	"github.com/lambdavet/lambdavet/internal/lsp"
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

// lspOptions are the server's options: it lints as this command does
// (internal/lint), with the documentation pages on hover.
func lspOptions(stderr io.Writer, debounce time.Duration) lsp.Options {
	if debounce == 0 {
		debounce = -1 // none
	}
	return lsp.Options{
		Version:  lambdavetVersion(),
		Log:      stderr,
		Debounce: debounce,
		Explain:  docs.Rule,
	}
}
