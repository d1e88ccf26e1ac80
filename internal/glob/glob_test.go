package glob

import (
	"strings"
	"testing"
	"time"
)

func TestMatch(t *testing.T) {
	for _, c := range []struct {
		pattern, name string
		whole, prefix bool
	}{
		{"legacy", "legacy", true, true},
		{"legacy", "legacy/a/b.yaml", false, true},
		{"legacy/**", "legacy", true, true},
		{"legacy/**", "legacy/a/b.yaml", true, true},
		{"**", "", true, true},
		{"**", "a/b", true, true},
		{"**/*.json", "a.json", true, true},
		{"**/*.json", "x/y/a.json", true, true},
		{"**/*.json", "x/y/a.yaml", false, false},
		{"a/**/b", "a/b", true, true},
		{"a/**/b", "a/x/y/b", true, true},
		{"a/**/b", "a/x/y/c", false, false},
		{"a/**/**/b", "a/b", true, true},
		{"*.tf", "main.tf", true, true},
		{"*.tf", "x/main.tf", false, false},
		{"x/*", "x/a/b", false, true},
		{"[bad", "[bad", true, true},
		{"[bad", "b", false, false},
		{"node_modules", "node_modules/x", false, true},
		{"a?c", "abc", true, true},
	} {
		p := Compile(c.pattern)
		if got := p.Match(c.name); got != c.whole {
			t.Errorf("Match(%q, %q) = %v, want %v", c.pattern, c.name, got, c.whole)
		}
		if got := p.MatchPrefix(c.name); got != c.prefix {
			t.Errorf("MatchPrefix(%q, %q) = %v, want %v", c.pattern, c.name, got, c.prefix)
		}
	}
}

// A pattern of many "**" against a deep path that almost matches made the
// recursive matcher try every split: exponential. Here it is n×m.
func TestPathologicalPattern(t *testing.T) {
	pattern := strings.Repeat("**/a/", 30) + "b"
	name := strings.Repeat("a/", 200) + "c"
	start := time.Now()
	p := Compile(pattern)
	if p.Match(name) || p.MatchPrefix(name) {
		t.Error("matched")
	}
	if !p.Match(strings.Repeat("a/", 200) + "b") {
		t.Error("did not match the path ending in b")
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %v", d)
	}
}

func BenchmarkPathological(b *testing.B) {
	p := Compile(strings.Repeat("**/a/", 30) + "b")
	name := strings.Repeat("a/", 200) + "c"
	for b.Loop() {
		p.Match(name)
	}
}
