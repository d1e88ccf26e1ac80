package main

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"go.yaml.in/yaml/v3"
	"golang.org/x/tools/go/analysis"

	"github.com/lambdavet/lambdavet/analyzers/policy"
	"github.com/lambdavet/lambdavet/internal/cputime"
	"github.com/lambdavet/lambdavet/internal/discover"
	"github.com/lambdavet/lambdavet/internal/driver"
	"github.com/lambdavet/lambdavet/internal/safefile"
	"github.com/lambdavet/lambdavet/internal/suppress"
	"github.com/lambdavet/lambdavet/parsers/cfn/cfntest"
)

func benchAnalyzers(b *testing.B) []*analysis.Analyzer {
	as, err := policy.Load(context.Background(), policy.Options{})
	if err != nil {
		b.Fatal(err)
	}
	return append(as, goAnalyzers()...)
}

func benchLint(b *testing.B, paths ...string) {
	as := benchAnalyzers(b)
	pkgs, err := discover.Packages(paths)
	if err != nil {
		b.Skip(err)
	}
	b.ReportAllocs()
	cpu := startCPU()
	for b.Loop() {
		// As the command line runs them: small projects beyond one per
		// processor (see smallInFlight).
		res := driver.Run(context.Background(), driver.Options{Analyzers: as, SmallBytes: smallInFlight}, pkgs)
		if len(res.Projects) != len(pkgs) {
			b.Fatal("projects lost")
		}
	}
	cpu.report(b)
	b.ReportMetric(float64(len(pkgs)), "files")
}

// cpuMeter measures the processor time of the whole process (every
// goroutine, the collector's included) across a benchmark's loop: issue
// 14 compares lambdavet and the parse floor in processor time, which the
// wall time of a run on two cores does not show.
type cpuMeter struct{ start time.Duration }

func startCPU() cpuMeter { return cpuMeter{cputime.Used()} }

// report adds the processor time per op as "cpu-ns/op".
func (m cpuMeter) report(b *testing.B) {
	b.ReportMetric(float64(cputime.Used()-m.start)/float64(b.N), "cpu-ns/op")
}

// BenchmarkLintTemplate loads and lints the example SAM template: the
// editor's case, one file on every keystroke.
func BenchmarkLintTemplate(b *testing.B) {
	benchLint(b, "../../examples/orders-app/template.yaml")
}

// BenchmarkParseFloorCorpus parses the files BenchmarkLintCorpus lints,
// each once and as nothing but syntax (yaml.v3 node trees for YAML and
// JSON, hclsyntax or hcljson for Terraform), on as many goroutines as the
// lint run uses: the floor issue 14 measures lambdavet against. Run both
// in one `go test -bench Corpus` and compare the cpu-ns/op (processor
// time) and the ns/op (wall time).
func BenchmarkParseFloorCorpus(b *testing.B) {
	if _, err := os.Stat("../../../shared/corpus"); err != nil {
		b.Skip("corpus absent")
	}
	pkgs, err := discover.Packages([]string{"../../../shared/corpus"})
	if err != nil {
		b.Skip(err)
	}
	var files []string
	for _, p := range pkgs {
		files = append(files, p.Files...)
	}
	parse := func(name string) {
		src, err := safefile.Read(name, safefile.MaxSize) // as the loaders read
		if err != nil {
			return // the linter reports such a file; it parses nothing
		}
		switch {
		case strings.HasSuffix(name, ".tf.json"):
			hcljson.Parse(src, name)
		case strings.HasSuffix(name, ".tf"), strings.HasSuffix(name, ".tfvars"):
			hclsyntax.ParseConfig(src, name, hcl.InitialPos)
		default:
			var n yaml.Node
			_ = yaml.Unmarshal(src, &n)
		}
	}
	cpu := startCPU()
	for b.Loop() {
		var next atomic.Int64
		var wg sync.WaitGroup
		for range runtime.GOMAXPROCS(0) {
			wg.Go(func() {
				for i := int(next.Add(1) - 1); i < len(files); i = int(next.Add(1) - 1) {
					parse(files[i])
				}
			})
		}
		wg.Wait()
	}
	cpu.report(b)
	b.ReportMetric(float64(len(files)), "files")
}

// BenchmarkLintCorpus loads and lints every file of the shared corpus
// (about 2,100 YAML/JSON files, 1,400 templates): the CI case.
func BenchmarkLintCorpus(b *testing.B) {
	if _, err := os.Stat("../../../shared/corpus"); err != nil {
		b.Skip("corpus absent")
	}
	benchLint(b, "../../../shared/corpus")
}

// samPatterns returns the templates scripts/vs-cfn-lint.sh compares
// lambdavet and cfn-lint on: the first 120 SAM templates of the corpus's
// serverless-patterns by path, byte order.
func samPatterns(b *testing.B) []string {
	root := "../../../shared/corpus/serverless-patterns"
	if _, err := os.Stat(root); err != nil {
		b.Skip("corpus absent")
	}
	var all []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (d.Name() == "template.yaml" || d.Name() == "template.yml") {
			all = append(all, path)
		}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	sort.Strings(all)
	var out []string
	for _, p := range all {
		src, err := os.ReadFile(p)
		if err == nil && bytes.Contains(src, []byte("AWS::Serverless")) {
			out = append(out, p)
		}
		if len(out) == 120 {
			break
		}
	}
	return out
}

// BenchmarkLintSAMPatterns lints the 120 SAM templates issue 14 compares
// with cfn-lint (scripts/vs-cfn-lint.sh runs both as commands), in one
// process, start-up left out.
func BenchmarkLintSAMPatterns(b *testing.B) {
	benchLint(b, samPatterns(b)...)
}

// BenchmarkStartup measures what every run pays before reading a file:
// compiling the policies and preparing one query per rule.
func BenchmarkStartup(b *testing.B) {
	for b.Loop() {
		benchAnalyzers(b)
	}
}

// benchLintLarge lints one generated template written to a temporary
// folder and reports what it costs per input byte: bytes allocated (the
// garbage collector's work) and the live heap after loading.
func benchLintLarge(b *testing.B, src []byte) {
	dir := b.TempDir()
	name := dir + "/template.yaml"
	if err := os.WriteFile(name, src, 0o644); err != nil {
		b.Fatal(err)
	}
	as := benchAnalyzers(b)
	pkgs, err := discover.Packages([]string{name})
	if err != nil {
		b.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	n := 0
	b.ReportAllocs()
	for b.Loop() {
		res := driver.Run(context.Background(), driver.Options{Analyzers: as}, pkgs)
		if len(res.Errors) > 0 {
			b.Fatalf("the generated template did not lint: %v", res.Errors[0])
		}
		n++
	}
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(n)/float64(len(src)), "alloc-B/input-B")
	b.ReportMetric(float64(len(src))/(1<<20), "input-MB")
}

// BenchmarkLintLargeTemplate lints a generated 8 MB template of functions
// with long Tags and Descriptions: the "size" class.
func BenchmarkLintLargeTemplate(b *testing.B) {
	benchLintLarge(b, cfntest.OfSize(8<<20, cfntest.Template))
}

// BenchmarkLint20000Functions lints a template of 20,000 small functions.
func BenchmarkLint20000Functions(b *testing.B) {
	benchLintLarge(b, cfntest.Template(20000))
}

// BenchmarkLintManyTemplates lints 100, 1,000 and 10,000 one-function
// templates in ten folders (a monorepo of small services), as one run and
// as the command line does (slim projects, the text of clean files let
// go): the cost each project pays whatever its size, per template, and
// what a run still holds per template once it is done (issue 14: within
// 1.2x from 100 to 10,000, memory flat).
func BenchmarkLintManyTemplates(b *testing.B) {
	as := benchAnalyzers(b)
	for _, n := range []int{100, 1000, 10000} {
		b.Run(fmt.Sprintf("templates=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			for i := range n {
				sub := fmt.Sprintf("%s/svc%d", dir, i%10)
				if err := os.MkdirAll(sub, 0o755); err != nil {
					b.Fatal(err)
				}
				if err := os.WriteFile(fmt.Sprintf("%s/t%d.yaml", sub, i), cfntest.Template(1), 0o644); err != nil {
					b.Fatal(err)
				}
			}
			pkgs, err := discover.Packages([]string{dir + "/..."})
			if err != nil {
				b.Fatal(err)
			}
			opts := driver.Options{Analyzers: as, Slim: true, KeepSource: suppress.MayHold, SmallBytes: smallInFlight}
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			var res *driver.Result
			for b.Loop() {
				res = driver.Run(context.Background(), opts, pkgs)
			}
			runtime.GC()
			runtime.ReadMemStats(&after)
			if len(res.Projects) != n {
				b.Fatalf("%d projects, want %d", len(res.Projects), n)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/template")
			b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/float64(n), "retained-B/template")
			runtime.KeepAlive(res)
		})
	}
}
