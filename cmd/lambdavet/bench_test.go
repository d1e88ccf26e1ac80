package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"runtime"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/lambdavet/lambdavet/analyzers/policy"
	"github.com/lambdavet/lambdavet/internal/discover"
	"github.com/lambdavet/lambdavet/internal/driver"
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
	for b.Loop() {
		res := driver.Run(context.Background(), driver.Options{Analyzers: as}, pkgs)
		if len(res.Projects) != len(pkgs) {
			b.Fatal("projects lost")
		}
	}
	b.ReportMetric(float64(len(pkgs)), "files")
}

// BenchmarkLintTemplate loads and lints the example SAM template: the
// editor's case, one file on every keystroke.
func BenchmarkLintTemplate(b *testing.B) {
	benchLint(b, "../../examples/orders-app/template.yaml")
}

// BenchmarkLintCorpus loads and lints every file of the shared corpus
// (about 2,100 YAML/JSON files, 1,400 templates): the CI case.
func BenchmarkLintCorpus(b *testing.B) {
	if _, err := os.Stat("../../../shared/corpus"); err != nil {
		b.Skip("corpus absent")
	}
	benchLint(b, "../../../shared/corpus")
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
	benchLintLarge(b, generatedTemplate(8<<20, 0))
}

// BenchmarkLint20000Functions lints a template of 20,000 small functions.
func BenchmarkLint20000Functions(b *testing.B) {
	benchLintLarge(b, generatedTemplate(0, 20000))
}

// generatedTemplate makes a CloudFormation template of at least size bytes
// or of n functions, whichever is given.
func generatedTemplate(size, n int) []byte {
	var t bytes.Buffer
	t.WriteString("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n")
	for i := 0; (size > 0 && t.Len() < size) || i < n; i++ {
		fmt.Fprintf(&t, "  F%d:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      MemorySize: 512\n      Timeout: 30\n      Description: function number %d of a generated template\n      Environment:\n        Variables:\n          TABLE: orders-%d\n      Tags:\n        - Key: team\n          Value: payments-%d\n", i, i, i, i)
	}
	return t.Bytes()
}
