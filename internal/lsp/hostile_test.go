package lsp

// Hostile or broken input to the server: nothing a buffer or the
// workspace holds may stop later lints, requests or exit.

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lambdavet/lambdavet/analyzers/load"
	"github.com/lambdavet/lambdavet/internal/discover"
	"github.com/lambdavet/lambdavet/internal/driver"
	"github.com/lambdavet/lambdavet/parsers/model"
)

// hasMessage reports whether a diagnostic's message holds part.
func hasMessage(part string) func([]Diagnostic) bool {
	return func(ds []Diagnostic) bool {
		for _, d := range ds {
			if strings.Contains(d.Message, part) {
				return true
			}
		}
		return false
	}
}

// lintUnless lints with defaultLint, except when a project's file holds
// marker: then it calls instead.
func lintUnless(marker string, instead func(ctx context.Context)) func(context.Context, *LintRequest) *driver.Result {
	return func(ctx context.Context, req *LintRequest) *driver.Result {
		for _, p := range req.Packages {
			for _, f := range p.Files {
				if src, err := req.ReadFile(f); err == nil && strings.Contains(string(src), marker) {
					instead(ctx)
				}
			}
		}
		return defaultLint(ctx, req)
	}
}

// TestManyEditsServed: one didChange of 10,000 one-character edits on a
// 1 MB template is applied in well under a second, with the lock free
// meanwhile, and the result is the editor's text (before: about 70 s
// under the server's lock, nothing answered).
func TestManyEditsServed(t *testing.T) {
	s := startServer(t, Options{})
	s.initialize(s.dir, nil, nil)
	comment := "# " + strings.Repeat("x", 97) + "\n" // 100 bytes
	text := workerTemplate + strings.Repeat(comment, 10_000)
	uri := s.open(s.write("big.yaml", text), text)
	s.waitDiags(uri, 1, hasCode("LV101"))
	edits := make([]contentChange, 0, 10_001)
	for i := range 10_000 {
		l := 7 + i // the comment lines
		edits = append(edits, contentChange{Range: rng(l, 50, l, 51), Text: "y"})
	}
	edits = append(edits, contentChange{Range: rng(5, 18, 5, 23), Text: "1024"})
	begin := time.Now()
	s.change(uri, 2, edits...)
	// A request after it is answered once the change is applied.
	if m := s.request("$/none", map[string]any{}); m.Error == nil || m.Error.Code != codeMethodNotFound {
		t.Fatalf("answer %+v", m)
	}
	elapsed := time.Since(begin)
	t.Logf("didChange of 10,000 edits on %d bytes answered in %v", len(text), elapsed)
	if elapsed > time.Second {
		t.Errorf("didChange of 10,000 edits took %v", elapsed)
	}
	s.waitDiags(uri, 2, empty) // the edit of MemorySize took, at the right place
	s.shutdown()
}

// TestStuckDiscovery: finding a document's projects blocks forever (a
// FIFO .terraform/modules/modules.json did); the document is linted on
// its own with a note, later edits and other documents lint, and the
// server exits.
func TestStuckDiscovery(t *testing.T) {
	release := make(chan struct{})
	var once sync.Once
	t.Cleanup(func() { once.Do(func() { close(release) }) })
	findPackages = func(paths []string, varFiles ...string) ([]*driver.Package, error) {
		for _, p := range paths {
			if strings.Contains(p, "stuck") {
				<-release
			}
		}
		return discover.Packages(paths, varFiles...)
	}
	t.Cleanup(func() { findPackages = discover.Packages })

	s := startServer(t, Options{RunTimeout: 300 * time.Millisecond})
	s.initialize(s.dir, nil, nil)
	uri := s.open(s.write("stuck/t.yaml", workerTemplate), workerTemplate)
	s.waitDiags(uri, 1, func(ds []Diagnostic) bool {
		return hasCode("LV101")(ds) && hasMessage("took longer than")(ds)
	})
	s.change(uri, 2, contentChange{Range: rng(5, 18, 5, 23), Text: "1024"})
	s.waitDiags(uri, 2, func(ds []Diagnostic) bool { return !hasCode("LV101")(ds) })
	other := s.open(s.write("fine/t.yaml", workerTemplate), workerTemplate)
	s.waitDiags(other, 1, func(ds []Diagnostic) bool { return hasCode("LV101")(ds) && len(ds) == 1 })
	begin := time.Now()
	s.shutdown()
	if err := s.waitExit(); err != nil || time.Since(begin) > 3*time.Second {
		t.Errorf("exit: %v after %v", err, time.Since(begin))
	}
}

// TestHungLint: a lint that never returns, whatever its context says, is
// abandoned with an error on the file; the next edit publishes, and
// shutdown and exit answer at once.
func TestHungLint(t *testing.T) {
	release := make(chan struct{})
	var once sync.Once
	t.Cleanup(func() { once.Do(func() { close(release) }) })
	s := startServer(t, Options{RunTimeout: 300 * time.Millisecond,
		Lint: lintUnless("HANG", func(context.Context) { <-release })})
	s.initialize(s.dir, nil, nil)
	text := workerTemplate + "# HANG\n"
	uri := s.open(s.write("t.yaml", text), text)
	s.waitDiags(uri, 1, hasMessage("took longer than"))
	s.change(uri, 2, contentChange{Range: rng(7, 0, 8, 0), Text: ""})
	s.waitDiags(uri, 2, hasCode("LV101"))
	// Hung again, and the edit after it publishes without waiting for it.
	s.change(uri, 3, contentChange{Range: rng(7, 0, 7, 0), Text: "# HANG\n"})
	time.Sleep(50 * time.Millisecond)
	begin := time.Now()
	s.change(uri, 4, contentChange{Range: rng(7, 0, 8, 0), Text: ""})
	s.waitDiags(uri, 4, hasCode("LV101"))
	if d := time.Since(begin); d > 5*time.Second {
		t.Errorf("the edit after a hung lint published after %v", d)
	}
	s.change(uri, 5, contentChange{Range: rng(7, 0, 7, 0), Text: "# HANG\n"})
	begin = time.Now()
	s.shutdown()
	if err := s.waitExit(); err != nil || time.Since(begin) > 3*time.Second {
		t.Errorf("exit: %v after %v", err, time.Since(begin))
	}
}

// TestPanickingLint: a buffer that makes the lint panic gets an error
// diagnostic saying so, and later edits lint again.
func TestPanickingLint(t *testing.T) {
	s := startServer(t, Options{Lint: lintUnless("BOOM", func(context.Context) { panic("boom") })})
	s.initialize(s.dir, nil, nil)
	text := workerTemplate + "# BOOM\n"
	uri := s.open(s.write("t.yaml", text), text)
	s.waitDiags(uri, 1, hasMessage("internal error: boom"))
	s.change(uri, 2, contentChange{Range: rng(7, 0, 8, 0), Text: ""})
	s.waitDiags(uri, 2, func(ds []Diagnostic) bool { return hasCode("LV101")(ds) && len(ds) == 1 })
	s.shutdown()
}

// TestBudgetExhausted: a buffer past the project's budget gets the
// budget's error at its position; the edit that fixes it lints as usual.
func TestBudgetExhausted(t *testing.T) {
	lint := func(ctx context.Context, req *LintRequest) *driver.Result {
		pkgs := make([]*driver.Package, len(req.Packages))
		for i, p := range req.Packages {
			q := *p
			q.Inputs = &load.Inputs{Limits: model.Limits{Depth: 8}}
			pkgs[i] = &q
		}
		return driver.Run(ctx, driver.Options{Analyzers: req.Analyzers, ReadFile: req.ReadFile}, pkgs)
	}
	s := startServer(t, Options{Lint: lint})
	s.initialize(s.dir, nil, nil)
	deep := "      ReservedConcurrentExecutions: " + strings.Repeat("[", 50) + strings.Repeat("]", 50) + "\n"
	text := workerTemplate + deep
	uri := s.open(s.write("t.yaml", text), text)
	p := s.waitDiags(uri, 1, func(ds []Diagnostic) bool { return len(ds) > 0 && !hasCode("LV101")(ds) })
	t.Logf("over budget: %+v", p.Diagnostics)
	s.change(uri, 2, contentChange{Range: rng(7, 0, 8, 0), Text: ""})
	s.waitDiags(uri, 2, func(ds []Diagnostic) bool { return hasCode("LV101")(ds) && len(ds) == 1 })
	s.shutdown()
}

// TestConfigBudget: the budget of .lambdavet.yaml bounds the editor's
// lint as it bounds the command line's.
func TestConfigBudget(t *testing.T) {
	s := startServer(t, Options{})
	s.initialize(s.dir, nil, nil)
	s.write(".lambdavet.yaml", "budget: {depth: 8}\n")
	text := workerTemplate + "      ReservedConcurrentExecutions: " + strings.Repeat("[", 50) + strings.Repeat("]", 50) + "\n"
	uri := s.open(s.write("t.yaml", text), text)
	s.waitDiags(uri, 1, hasMessage("depth budget of 8"))
	s.shutdown()
}
