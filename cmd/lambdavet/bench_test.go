package main

import (
	"context"
	"os"
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
