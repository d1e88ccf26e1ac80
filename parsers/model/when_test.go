package model

import (
	"fmt"
	"testing"
)

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
		got, ok := JoinCompatible(ParseWhen(c.a), ParseWhen(c.b))
		if got.String() != c.want || ok != c.ok {
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
		if got := CompatibleWhen(ParseWhen(c.a), ParseWhen(c.b)); got != c.want {
			t.Errorf("CompatibleWhen(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
		if got := CompatibleWhen(ParseWhen(c.b), ParseWhen(c.a)); got != c.want {
			t.Errorf("CompatibleWhen(%q, %q) = %v, want %v", c.b, c.a, got, c.want)
		}
	}
}

// TestClausesQuoted: a parameter value, a condition name or a Terraform
// condition holding " is " or " and " is read as written.
func TestClausesQuoted(t *testing.T) {
	for _, c := range []struct {
		when string
		want When
	}{
		{`parameter "Env" is "a is b"`, When{{Subject: `parameter "Env"`, Value: `"a is b"`}}},
		{`parameter "Env" is "x and y" and condition "C is D" is true`, When{
			{Subject: `parameter "Env"`, Value: `"x and y"`},
			{Subject: `condition "C is D"`, Value: "true"}}},
		{"`var.a == \"b is c\" && var.d` is false", When{{Subject: "`var.a == \"b is c\" && var.d`", Value: "false"}}},
		{`parameter "E" is not "q\" and \"r"`, When{{Subject: `parameter "E"`, Value: `"q\" and \"r"`, Not: true}}},
		{`in plan.json and each.key is "a"`, When{{Value: "in plan.json"}, {Subject: "each.key", Value: `"a"`}}},
	} {
		got := ParseWhen(c.when)
		if got.String() != c.when {
			t.Errorf("ParseWhen(%q).String() = %q, want the text read", c.when, got.String())
		}
		if len(got) != len(c.want) {
			t.Errorf("ParseWhen(%q) = %+v, want %+v", c.when, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("ParseWhen(%q)[%d] = %+v, want %+v", c.when, i, got[i], c.want[i])
			}
		}
	}
	// Before, the value "a is b" was read as subject `parameter "Env" is "a`
	// and value `b"`, and these two paths seemed compatible.
	if CompatibleWhen(ParseWhen(`parameter "Env" is "a is b"`), Is(`parameter "Env"`, `"c"`)) {
		t.Error(`"a is b" and "c" are two values of one parameter`)
	}
	if got := JoinWhen(Is(`parameter "Env"`, `"x and y"`), ParseWhen(`parameter "Env" is "x and y"`)); got.String() != `parameter "Env" is "x and y"` {
		t.Errorf("JoinWhen repeated a clause: %q", got)
	}
}

// TestOriginThen: each hop once, in the order the value took them; a
// chain handed on again by the hops that end it is unchanged.
func TestOriginThen(t *testing.T) {
	mem := OriginOf(`parameter "Mem" default`)
	for _, c := range []struct {
		first, via Origin
		want       string
	}{
		{nil, OriginOf("Globals"), "Globals"},
		{mem, nil, `parameter "Mem" default`},
		{mem, OriginOf("Globals"), `parameter "Mem" default, via Globals`},
		{mem.Then(OriginOf("Globals")), OriginOf("Globals"), `parameter "Mem" default, via Globals`},
		{OriginOf("Globals"), OriginOf("Globals"), "Globals"},
		{OriginOf(`variable "m" default`), OriginOf(`module "fn" argument memory_size`), `variable "m" default, via module "fn" argument memory_size`},
		{OriginOf("a").Then(OriginOf("b")), OriginOf("a").Then(OriginOf("b")), "a, via b"},
		{OriginOf("a"), OriginOf("b").Then(OriginOf("c")), "a, via b, via c"},
		{OriginOf(""), OriginOf(""), ""},
	} {
		if got := c.first.Then(c.via).String(); got != c.want {
			t.Errorf("%q.Then(%q) = %q, want %q", c.first, c.via, got, c.want)
		}
	}
	// A long chain keeps where the value was set and its last hops.
	long := OriginOf("h0")
	for i := 1; i <= 100; i++ {
		long = long.Then(OriginOf(fmt.Sprintf("h%d", i)))
	}
	if got, want := long.String(), "h0, via …, via h97, via h98, via h99, via h100"; got != want || len(long) != MaxOriginHops {
		t.Errorf("a chain of 101 hops = %q (%d hops), want %q", got, len(long), want)
	}
	if got := long.Then(long).String(); got != "h0, via …, via h97, via h98, via h99, via h100" {
		t.Errorf("a chain handed on again by itself = %q", got)
	}
	a := make(Origin, 1, 4) // spare capacity a careless append would write into
	a[0] = "x"
	b := a.Then(OriginOf("y"))
	_ = append(a, "z")
	if b.String() != "x, via y" {
		t.Errorf("Then shares its receiver's array: %q", b.String())
	}
}
