package model

import "testing"

// TestJoinCompatible: paths that must both hold, each clause once, or
// none when they contradict each other (a value and its negation too).
func TestJoinCompatible(t *testing.T) {
	for _, c := range []struct {
		a, b, want string
		ok         bool
	}{
		{"", "", "", true},
		{`condition "P" is true`, "", `condition "P" is true`, true},
		{`condition "P" is true`, `condition "P" is true`, `condition "P" is true`, true},
		{`condition "P" is true`, `condition "P" is false`, "", false},
		{`parameter "Env" is "prod"`, `parameter "Env" is not "prod"`, "", false},
		{`condition "P" is true`, `condition "Q" is false`, `condition "P" is true and condition "Q" is false`, true},
		{"", `condition "P" is true and condition "P" is true`, `condition "P" is true`, true},
		{`each.key is not "a"`, `each.key is not "b"`, `each.key is not "a" and each.key is not "b"`, true},
		{`each.key is not "a"`, `each.key is "b"`, `each.key is not "a" and each.key is "b"`, true},
	} {
		got, ok := JoinCompatible(c.a, c.b)
		if got != c.want || ok != c.ok {
			t.Errorf("JoinCompatible(%q, %q) = %q, %v; want %q, %v", c.a, c.b, got, ok, c.want, c.ok)
		}
	}
}

// TestCompatibleWhen: the clauses of two paths about one subject agree,
// a negation against another value included.
func TestCompatibleWhen(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"", `condition "P" is true`, true},
		{`condition "P" is true`, `condition "P" is false`, false},
		{`condition "P" is true and each.key is "a"`, `each.key is "b"`, false},
		{`each.key is not "a"`, `each.key is "a"`, false},
		{`each.key is not "a"`, `each.key is "b"`, true},
		{`each.key is not "a"`, `each.key is not "b"`, true},
		{`in plan.json`, `in other.json`, true},
	} {
		if got := CompatibleWhen(c.a, c.b); got != c.want {
			t.Errorf("CompatibleWhen(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
		if got := CompatibleWhen(c.b, c.a); got != c.want {
			t.Errorf("CompatibleWhen(%q, %q) = %v, want %v", c.b, c.a, got, c.want)
		}
	}
}
