package main

import (
	"runtime/debug"
	"testing"

	"github.com/lambdavet/lambdavet/internal/driver"
)

// TestGCPercentFor: a run with a large project collects at 50, one whose
// largest project is of middle size keeps the default, one of small
// projects only (however many) collects at 400, and the environment's
// GOGC or GOMEMLIMIT wins.
func TestGCPercentFor(t *testing.T) {
	sizes := map[string]int64{"big.yaml": largeProject, "a.yaml": largeProject / 2, "b.yaml": largeProject / 2, "main.tf": 100, "tiny.yaml": smallProject - 1}
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
	if got := gcPercentFor(small, size); got != defaultGC {
		t.Errorf("middle-sized projects: GOGC %d, want the default", got)
	}
	tiny := []*driver.Package{{Root: "t", Files: []string{"tiny.yaml", "main.tf"}}, {Root: "gone.yaml", Files: []string{"gone.yaml"}}}
	if got := gcPercentFor(tiny, size); got != defaultGC {
		t.Errorf("a project of %d bytes or more: GOGC %d, want the default", smallProject, got)
	}
	tiny[0].Files = []string{"tiny.yaml"}
	if got := gcPercentFor(tiny, size); got != smallProjectsGC {
		t.Errorf("small projects only: GOGC %d, want %d", got, smallProjectsGC)
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

// TestStartGC: start-up collects at smallProjectsGC under
// smallProjectsLimit; the lint of a middle-sized or large project sets
// the runtime's own setting (or lower, largeProjectGC) and a lint of
// small projects its own, each putting start-up's back when done, so a
// run changes the setting (and collects for it) only where a lint needs
// another; leaveStartGC gives the runtime's own back, for a model held
// after the lint (-dump-model), which is not collected under the
// start-up limit.
func TestStartGC(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	setting := func() (int, int64) {
		percent := debug.SetGCPercent(-1)
		debug.SetGCPercent(percent)
		return percent, debug.SetMemoryLimit(-1)
	}
	startGC()
	if p, l := setting(); p != smallProjectsGC || l != smallProjectsLimit {
		t.Errorf("start-up: GOGC %d under %d, want %d under %d", p, l, smallProjectsGC, smallProjectsLimit)
	}
	read := func(size int) func(string) ([]byte, error) {
		return func(string) ([]byte, error) { return make([]byte, size), nil }
	}
	pkgs := []*driver.Package{{Root: "t.yaml", Files: []string{"t.yaml"}}}
	for _, c := range []struct {
		size    int
		percent int
		limit   int64
	}{
		{smallProject / 2, smallProjectsGC, smallProjectsLimit},
		{smallProject, defaultGC, noMemoryLimit},
		{largeProject, largeProjectGC, noMemoryLimit},
	} {
		restore := tuneGC(pkgs, fileSizes(read(c.size)))
		if p, l := setting(); p != c.percent || l != c.limit {
			t.Errorf("a project of %d bytes: GOGC %d under %d, want %d under %d", c.size, p, l, c.percent, c.limit)
		}
		restore()
		if p, l := setting(); p != smallProjectsGC || l != smallProjectsLimit {
			t.Errorf("after a project of %d bytes: GOGC %d under %d, want start-up's", c.size, p, l)
		}
	}
	leaveStartGC()
	if p, l := setting(); p != defaultGC || l != noMemoryLimit {
		t.Errorf("after start-up: GOGC %d under %d, want the default", p, l)
	}
}
