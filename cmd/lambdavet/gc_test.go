package main

import (
	"testing"

	"github.com/lambdavet/lambdavet/internal/driver"
)

// TestGCPercentFor: a run with a large project collects at 50, one of
// small projects (however many) keeps the default, and the environment's
// GOGC or GOMEMLIMIT wins.
func TestGCPercentFor(t *testing.T) {
	sizes := map[string]int64{"big.yaml": largeProject, "a.yaml": largeProject / 2, "b.yaml": largeProject / 2, "main.tf": 100}
	size := func(name string) int64 {
		if s, ok := sizes[name]; ok {
			return s
		}
		return -1
	}
	small := []*driver.Package{{Root: "a.yaml", Files: []string{"a.yaml"}}, {Root: "b.yaml", Files: []string{"b.yaml"}}, {Root: "gone.yaml", Files: []string{"gone.yaml"}}}
	large := append(small, &driver.Package{Root: "mod", Files: []string{"main.tf", "big.yaml"}})
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	if got := gcPercentFor(small, size); got != 0 {
		t.Errorf("small projects: GOGC %d, want the default", got)
	}
	if got := gcPercentFor(large, size); got != largeProjectGC {
		t.Errorf("a large project: GOGC %d, want %d", got, largeProjectGC)
	}
	t.Setenv("GOGC", "200")
	if got := gcPercentFor(large, size); got != 0 {
		t.Errorf("GOGC=200 in the environment: %d, want it left alone", got)
	}
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "1GiB")
	if got := gcPercentFor(large, size); got != 0 {
		t.Errorf("GOMEMLIMIT in the environment: %d, want GOGC left alone", got)
	}
}
