package driver

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"

	"github.com/lambdavet/lambdavet/analyzers/load"
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
