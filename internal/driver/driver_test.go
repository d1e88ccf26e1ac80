package driver

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"

	"github.com/lambdavet/lambdavet/analyzers/load"
	"github.com/lambdavet/lambdavet/analyzers/rule"
	"github.com/lambdavet/lambdavet/parsers/model"
)

const template = "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      MemorySize: 1\n"

func tmpl(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "template.yaml")
	if err := os.WriteFile(p, []byte(template), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// A rule that panics becomes an error for its project; the run goes on.
func TestPanickingRuleIsContained(t *testing.T) {
	boom := &analysis.Analyzer{Name: "boom", Doc: "panics", Requires: []*analysis.Analyzer{load.Analyzer},
		Run: func(*analysis.Pass) (any, error) { panic("boom") }}
	p := tmpl(t)
	res := Run(context.Background(), Options{Analyzers: []*analysis.Analyzer{boom}}, []*Package{{Root: p, Files: []string{p}}})
	if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Message, "rule boom failed: panic: boom") {
		t.Fatalf("errors %v", res.Errors)
	}
	if len(res.Projects) != 1 || res.Projects[0] == nil || len(res.Projects[0].Functions) != 1 {
		t.Error("the project should still be loaded")
	}
}

// Pass.ReadFile serves the project's own files only, and the overlay
// (an editor buffer) wins over the disk.
func TestReadFileStaysInProject(t *testing.T) {
	p := tmpl(t)
	var inside, outside error
	var content string
	probe := &analysis.Analyzer{Name: "probe", Doc: "reads", Run: func(pass *analysis.Pass) (any, error) {
		b, err := pass.ReadFile(p)
		inside, content = err, string(b)
		_, outside = pass.ReadFile("/etc/passwd")
		return nil, nil
	}}
	overlay := func(name string) ([]byte, error) {
		if name == p {
			return []byte("Resources: {}\n"), nil
		}
		return os.ReadFile(name)
	}
	Run(context.Background(), Options{Analyzers: []*analysis.Analyzer{probe}, ReadFile: overlay}, []*Package{{Root: p, Files: []string{p}}})
	if inside != nil || content != "Resources: {}\n" {
		t.Errorf("project file: %v %q, want the overlay content", inside, content)
	}
	if outside == nil {
		t.Error("a file outside the project must not be served")
	}
}

func TestDiagnosticsAreSorted(t *testing.T) {
	ds := []Diagnostic{{File: "b", Line: 1}, {File: "a", Line: 9}, {File: "a", Line: 2, Column: 5}, {File: "a", Line: 2, Column: 1}}
	SortDiagnostics(ds)
	var got []string
	for _, d := range ds {
		got = append(got, d.File+":"+string(rune('0'+d.Line))+":"+string(rune('0'+d.Column)))
	}
	if strings.Join(got, " ") != "a:2:1 a:2:5 a:9:0 b:1:0" {
		t.Errorf("order %v", got)
	}
}

func TestInstalledModuleFindingsAreDropped(t *testing.T) {
	for file, want := range map[string]bool{
		"infra/.terraform/modules/fn/main.tf": true,
		".terraform/modules/fn/main.tf":       true,
		"/abs/infra/.terraform/x.tf":          true,
		"infra/main.tf":                       false,
		"infra/terraform/main.tf":             false,
	} {
		if got := inInstalledModule(file); got != want {
			t.Errorf("inInstalledModule(%q) = %v, want %v", file, got, want)
		}
	}
}

// Projects carry their own inputs: runs at the same time with different
// parameters never see each other's (the language server overlaps runs).
func TestInputsArePerProject(t *testing.T) {
	p := filepath.Join(t.TempDir(), "template.yaml")
	src := "Parameters:\n  Mem: {Type: Number, Default: 128}\nResources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      MemorySize: !Ref Mem\n"
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			want := fmt.Sprint(1000 + i)
			in := &load.Inputs{Parameters: map[string]string{"Mem": want}}
			res := Run(context.Background(), Options{}, []*Package{{Root: p, Files: []string{p}, Inputs: in}})
			got, _ := res.Projects[0].Functions[0].MemorySize.AsString()
			if got != want {
				t.Errorf("run %d saw MemorySize %s", i, got)
			}
		}()
	}
	wg.Wait()
}

// The default reader refuses what is not a plain file: a FIFO would block
// the run forever.
func TestReadFileRefusesNonRegular(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "template.yaml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := ReadFile(fifo)
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("err = %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("reading a FIFO blocked")
	}
}

// A project that runs out of budget while loading has exactly one error,
// at a real line and column, and the project beside it is still analyzed.
func TestLoadBudgetIsOneErrorWithPosition(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	good := filepath.Join(dir, "good.yaml")
	var b strings.Builder
	b.WriteString("Resources:\n")
	for i := range 50 {
		fmt.Fprintf(&b, "  Fn%d:\n    Type: AWS::Lambda::Function\n    Properties:\n      MemorySize: 1\n      Environment: {Variables: {A: b, C: d}}\n", i)
	}
	if err := os.WriteFile(bad, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(good, []byte(template), 0o644); err != nil {
		t.Fatal(err)
	}
	probe := &analysis.Analyzer{Name: "probe", Doc: "counts", Requires: []*analysis.Analyzer{load.Analyzer}, Run: func(*analysis.Pass) (any, error) { return nil, nil }}
	res := Run(context.Background(), Options{Analyzers: []*analysis.Analyzer{probe}}, []*Package{
		{Root: bad, Files: []string{bad}, Inputs: &load.Inputs{Limits: model.Limits{Values: 20}}},
		{Root: good, Files: []string{good}},
	})
	var errs []Error
	for _, e := range res.Errors {
		if e.File == bad {
			errs = append(errs, e)
		} else {
			t.Errorf("error on the good project: %v", e)
		}
	}
	if len(errs) != 1 || errs[0].Line < 1 || errs[0].Column < 1 || !strings.Contains(errs[0].Message, "budget") {
		t.Fatalf("errors of the project out of budget: %v, want one budget error with a position", errs)
	}
	if errs[0].Line == 1 && errs[0].Column == 1 {
		t.Errorf("the budget error is at 1:1, not where the budget ran out")
	}
	if res.Projects[1] == nil || len(res.Projects[1].Functions) != 1 {
		t.Error("the good project was not loaded")
	}
}

// A rule's error that knows its place keeps it; a line without a column
// is given column 1, never 0; a place without a line stays the file alone.
func TestRuleErrorsKeepTheirPosition(t *testing.T) {
	at := model.Range{File: "t.yaml", Start: model.Point{Line: 7, Column: 5, Offset: 40}}
	fail := &analysis.Analyzer{Name: "fails", Doc: "fails", Run: func(*analysis.Pass) (any, error) {
		return nil, fmt.Errorf("reading: %w", &model.LoadError{Range: at, Message: "bad"})
	}}
	if e := ruleError(fail, fmt.Errorf("x: %w", &model.LoadError{Range: at, Message: "bad"}), "root"); e.File != "t.yaml" || e.Line != 7 || e.Column != 5 {
		t.Errorf("load error placed at %s:%d:%d", e.File, e.Line, e.Column)
	}
	berr := &model.BudgetError{Range: at, Kind: model.BudgetDepth, Limit: 3, What: "nesting"}
	if e := ruleError(fail, fmt.Errorf("x: %w", berr), "root"); e.Line != 7 || e.Message != berr.Message() {
		t.Errorf("budget error became %+v", e)
	}
	if e := errorAt(model.Range{File: "t.yaml", Start: model.Point{Line: 3}}, "root", "m"); e.Column != 1 {
		t.Errorf("column %d, want 1", e.Column)
	}
	if e := errorAt(model.Range{}, "root", "m"); e.File != "root" || e.Line != 0 || e.Column != 0 {
		t.Errorf("no place: %+v, want the root file alone", e)
	}
}

// A slim run keeps what suppressions and reporters read, and lets the
// rest of each model go.
func TestSlimKeepsWhatIsReadAfterTheRun(t *testing.T) {
	p := filepath.Join(t.TempDir(), "template.yaml")
	src := "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Metadata: {lambdavet: {ignore: [{rule: LV101, reason: test}]}}\n    Properties:\n      MemorySize: 1\n"
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	res := Run(context.Background(), Options{Slim: true}, []*Package{{Root: p, Files: []string{p}}})
	m := res.Projects[0]
	if len(m.Files) != 1 || len(m.Resources) != 1 || m.Resources[0].Name != "Fn" || m.Resources[0].Metadata == nil || m.Resources[0].Range.Start.Line != 2 {
		t.Fatalf("slim project lost what is read after the run: %+v", m)
	}
	if m.Functions != nil || m.Network != nil || m.Resources[0].Properties != nil {
		t.Error("slim project keeps functions, network or properties")
	}
}

// With KeepSource, a project lets go of the text of the files nothing
// reads after the run, and of its resources when it keeps no file: a file
// with a finding, one that may hold a suppression, and one the project did
// not load keep theirs; every file keeps its path in Sources.
func TestKeepSourceLetsGoOfCleanFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	clean := write("clean.yaml", "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      MemorySize: 128\n")
	found := write("found.yaml", template)
	suppressed := write("suppressed.yaml", "Resources:\n  Fn: # LambdaVet:ignore LV101 a test\n    Type: AWS::Lambda::Function\n    Properties:\n      MemorySize: 128\n")
	notTemplate := write("notes.yaml", "just: notes\n")
	flag := &analysis.Analyzer{Name: "LV101", Doc: "flags MemorySize 1", Requires: []*analysis.Analyzer{load.Analyzer},
		Run: func(pass *analysis.Pass) (any, error) {
			p := pass.ResultOf[load.Analyzer].(*model.Project)
			for _, f := range p.Functions {
				if n, _ := f.MemorySize.AsNumber(); n == 1 {
					rule.Report(pass, rule.Finding{Rule: "LV101", Range: f.MemorySize.Range, Resource: f.Resource, Message: "MemorySize 1"})
				}
			}
			return nil, nil
		}}
	var pkgs []*Package
	for _, p := range []string{clean, found, suppressed, notTemplate} {
		pkgs = append(pkgs, &Package{Root: p, Files: []string{p}})
	}
	res := Run(context.Background(), Options{Analyzers: []*analysis.Analyzer{flag}, Slim: true,
		KeepSource: func(src []byte) bool { return strings.Contains(strings.ToLower(string(src)), "lambdavet") }}, pkgs)
	if len(res.Diagnostics) != 1 || res.Diagnostics[0].File != found {
		t.Fatalf("diagnostics %+v, want one in %s", res.Diagnostics, found)
	}
	for name, keep := range map[string]bool{clean: false, found: true, suppressed: true, notTemplate: true} {
		src, listed := res.Sources[name]
		if !listed {
			t.Errorf("%s: not in Sources", filepath.Base(name))
		}
		if keep != (src != nil) {
			t.Errorf("%s: content kept %v, want %v", filepath.Base(name), src != nil, keep)
		}
	}
	byRoot := map[string]*model.Project{}
	for _, p := range res.Projects {
		byRoot[p.Root] = p
	}
	if p := byRoot[clean]; len(p.Files) != 1 || p.Files[0].Content != nil || p.Resources != nil {
		t.Errorf("clean project keeps %d files (content %v) and %d resources", len(p.Files), p.Files[0].Content != nil, len(p.Resources))
	}
	if p := byRoot[suppressed]; len(p.Resources) != 1 || p.Files[0].Content == nil {
		t.Error("the project that may hold a suppression lost its text or resources")
	}
}

// A small project among more than the run runs at once has its analyzers
// run one after another; a project of its own, or a run that does not
// admit small projects beyond its parallelism, runs them side by side.
// The findings are the same either way.
func TestSmallProjectsRunAnalyzersInTurn(t *testing.T) {
	var mu sync.Mutex
	active, most := map[string]int{}, map[string]int{}
	var names []*analysis.Analyzer
	for i := range 4 {
		names = append(names, &analysis.Analyzer{Name: fmt.Sprintf("a%d", i), Doc: "sleeps", Requires: []*analysis.Analyzer{load.Analyzer},
			Run: func(pass *analysis.Pass) (any, error) {
				root := pass.Pkg.Path()
				mu.Lock()
				active[root]++
				most[root] = max(most[root], active[root])
				mu.Unlock()
				time.Sleep(5 * time.Millisecond)
				mu.Lock()
				active[root]--
				mu.Unlock()
				pass.Reportf(0, "from %s", pass.Analyzer.Name)
				return nil, nil
			}})
	}
	var pkgs []*Package
	for range 6 {
		p := tmpl(t)
		pkgs = append(pkgs, &Package{Root: p, Files: []string{p}})
	}
	run := func(opts Options, pkgs []*Package) (*Result, int) {
		clear(most)
		opts.Analyzers, opts.Parallelism = names, 2
		res := Run(context.Background(), opts, pkgs)
		worst := 0
		for _, n := range most {
			worst = max(worst, n)
		}
		return res, worst
	}
	inTurn, worst := run(Options{SmallBytes: 2 << 20}, pkgs)
	if worst != 1 {
		t.Errorf("small projects among many: %d analyzers of a project at once, want 1", worst)
	}
	sideBySide, worst := run(Options{}, pkgs)
	// Side by side needs two processors to show.
	parallel := runtime.GOMAXPROCS(0) > 1
	if parallel && worst < 2 {
		t.Errorf("without small projects admitted: %d analyzers of a project at once, want them side by side", worst)
	}
	if _, worst := run(Options{SmallBytes: 2 << 20}, pkgs[:1]); parallel && worst < 2 {
		t.Errorf("a project alone: %d analyzers at once, want them side by side", worst)
	}
	if len(inTurn.Diagnostics) != 24 || len(sideBySide.Diagnostics) != 24 {
		t.Fatalf("%d and %d findings, want 24 each", len(inTurn.Diagnostics), len(sideBySide.Diagnostics))
	}
	for i := range inTurn.Diagnostics {
		if inTurn.Diagnostics[i].Message != sideBySide.Diagnostics[i].Message {
			t.Errorf("finding %d: %q in turn, %q side by side", i, inTurn.Diagnostics[i].Message, sideBySide.Diagnostics[i].Message)
		}
	}
}
