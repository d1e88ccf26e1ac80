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

// TestClausesQuoted: a parameter value, a condition name or a Terraform
// condition holding " is " or " and " is read as written.
func TestClausesQuoted(t *testing.T) {
	for _, c := range []struct {
		when string
		want []Clause
	}{
		{`parameter "Env" is "a is b"`, []Clause{{Text: `parameter "Env" is "a is b"`, Subject: `parameter "Env"`, Value: `"a is b"`}}},
		{`parameter "Env" is "x and y" and condition "C is D" is true`, []Clause{
			{Text: `parameter "Env" is "x and y"`, Subject: `parameter "Env"`, Value: `"x and y"`},
			{Text: `condition "C is D" is true`, Subject: `condition "C is D"`, Value: "true"}}},
		{"`var.a == \"b is c\" && var.d` is false", []Clause{{Text: "`var.a == \"b is c\" && var.d` is false", Subject: "`var.a == \"b is c\" && var.d`", Value: "false"}}},
		{`parameter "E" is not "q\" and \"r"`, []Clause{{Text: `parameter "E" is not "q\" and \"r"`, Subject: `parameter "E"`, Value: `"q\" and \"r"`, Not: true}}},
		{`in plan.json and each.key is "a"`, []Clause{{Text: "in plan.json", Value: "in plan.json"}, {Text: `each.key is "a"`, Subject: "each.key", Value: `"a"`}}},
	} {
		got := Clauses(c.when)
		if len(got) != len(c.want) {
			t.Errorf("Clauses(%q) = %+v, want %+v", c.when, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("Clauses(%q)[%d] = %+v, want %+v", c.when, i, got[i], c.want[i])
			}
		}
	}
	// Before, the value "a is b" was read as subject `parameter "Env" is "a`
	// and value `b"`, and these two paths seemed compatible.
	if CompatibleWhen(`parameter "Env" is "a is b"`, `parameter "Env" is "c"`) {
		t.Error(`"a is b" and "c" are two values of one parameter`)
	}
	if got := JoinWhen(`parameter "Env" is "x and y"`, `parameter "Env" is "x and y"`); got != `parameter "Env" is "x and y"` {
		t.Errorf("JoinWhen repeated a clause: %q", got)
	}
}

// TestChainOrigin: each hop once, in the order the value took them.
func TestChainOrigin(t *testing.T) {
	for _, c := range []struct{ first, via, want string }{
		{"", "Globals", "Globals"},
		{`parameter "Mem" default`, "", `parameter "Mem" default`},
		{`parameter "Mem" default`, "Globals", `parameter "Mem" default, via Globals`},
		{`parameter "Mem" default, via Globals`, "Globals", `parameter "Mem" default, via Globals`},
		{"Globals", "Globals", "Globals"},
		{`variable "m" default`, `module "fn" argument memory_size`, `variable "m" default, via module "fn" argument memory_size`},
	} {
		if got := ChainOrigin(c.first, c.via); got != c.want {
			t.Errorf("ChainOrigin(%q, %q) = %q, want %q", c.first, c.via, got, c.want)
		}
	}
}
