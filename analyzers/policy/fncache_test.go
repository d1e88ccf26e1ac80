package policy

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/lambdavet/lambdavet/internal/discover"
	"github.com/lambdavet/lambdavet/internal/driver"
	"github.com/lambdavet/lambdavet/parsers/cfn/cfntest"
)

// loadCached returns the built-in rules with a function cache, and the cache.
func loadCached(t *testing.T) ([]*analysis.Analyzer, *functionCache) {
	t.Helper()
	var cache *functionCache
	testHookCache = func(c *functionCache) { cache = c }
	defer func() { testHookCache = nil }()
	as, err := Load(context.Background(), Options{CacheFunctions: true})
	if err != nil || cache == nil {
		t.Fatalf("Load: %v (cache %v)", err, cache)
	}
	return as, cache
}

func lint(t *testing.T, as []*analysis.Analyzer, paths ...string) []driver.Diagnostic {
	t.Helper()
	pkgs, err := discover.Packages(paths)
	if err != nil {
		t.Fatal(err)
	}
	return driver.Run(context.Background(), driver.Options{Analyzers: as}, pkgs).Diagnostics
}

// The cache changes no finding: every policy fixture gives the same
// diagnostics with it (cold, then warm) as without it.
func TestFunctionCacheSameFindings(t *testing.T) {
	plain, err := Load(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	cached, cache := loadCached(t)
	want := lint(t, plain, "../../policies/...")
	if len(want) == 0 {
		t.Fatal("the policy fixtures gave no findings")
	}
	for _, round := range []string{"cold", "warm"} {
		if got := lint(t, cached, "../../policies/..."); !reflect.DeepEqual(got, want) {
			t.Errorf("%s cache: %d findings, want the %d of an uncached run", round, len(got), len(want))
		}
	}
	before := cache.evaluated
	lint(t, cached, "../../policies/...")
	if cache.evaluated != before {
		t.Errorf("a third run of the same files evaluated %d functions, want none", cache.evaluated-before)
	}
}

// An edit evaluates only the function it changed; one that moves every
// function (a line added above them) evaluates none, and the findings
// still point at the moved lines.
func TestFunctionCacheEdits(t *testing.T) {
	plain, err := Load(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	cached, cache := loadCached(t)
	dir := t.TempDir()
	name := filepath.Join(dir, "template.yaml")
	src := string(cfntest.Template(40))
	write := func(s string) {
		if err := os.WriteFile(name, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	check := func(what string, evaluated int) {
		t.Helper()
		before := cache.evaluated
		got, want := lint(t, cached, name), lint(t, plain, name)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %d findings with the cache, want %d:\n%v\n%v", what, len(got), len(want), got, want)
		}
		if n := cache.evaluated - before; n != evaluated {
			t.Errorf("%s: %d functions evaluated, want %d", what, n, evaluated)
		}
	}
	write(src)
	check("first run", 40)
	// Fn3's own MemorySize (Globals sets one too, which every function
	// overrides: changing that one would change nothing).
	i := strings.Index(src, "  Fn3:")
	i += strings.Index(src[i:], "MemorySize: ")
	j := i + strings.IndexByte(src[i:], '\n')
	src = src[:i] + "MemorySize: 20480" + src[j:]
	write(src)
	check("one function edited", 1)
	src = strings.Replace(src, "Resources:\n", "Resources:\n  # a comment that moves every function\n", 1)
	write(src)
	check("every function moved", 0)
}
