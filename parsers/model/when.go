package model

import (
	"slices"
	"strconv"
	"strings"
)

// When is a condition path: the clauses that must all hold for a value to
// be the one a deployment takes, such as `condition "IsProd" is true` and
// `parameter "Env" is "prod"`. The loaders build paths from clauses (Is,
// Note) and join them (JoinWhen, JoinCompatible); String renders one for a
// message and for the policies' input, the one place a path becomes text.
// The zero When is the path that always holds. A When is never changed in
// place: joins return new paths, so paths may share clauses freely.
type When []Clause

// Clause is one condition of a path: Subject has Value, or with Not any
// value but Value. A clause with no Subject is a note that contradicts
// nothing (`in plan.json`); its Value is the whole text.
type Clause struct {
	// Subject is what the clause is about (`condition "IsProd"`,
	// `each.key`, a Terraform condition in backquotes).
	Subject string
	// Value is the value it has, as a message writes it (`true`,
	// `"prod"`, `0`).
	Value string
	// Not: the subject has any value but Value.
	Not bool
}

// Is returns the path of one clause: subject has value.
func Is(subject, value string) When {
	return When{{Subject: subject, Value: value}}
}

// Note returns the path of one clause that names no subject, such as the
// plan file a value was read from.
func Note(text string) When {
	if text == "" {
		return nil
	}
	return When{{Value: text}}
}

// String renders the clause as messages show it.
func (c Clause) String() string {
	switch {
	case c.Subject == "":
		return c.Value
	case c.Not:
		return c.Subject + " is not " + c.Value
	}
	return c.Subject + " is " + c.Value
}

// String renders the path as messages and policies read it: its clauses
// joined by " and "; "" for the path that always holds.
func (w When) String() string {
	switch len(w) {
	case 0:
		return ""
	case 1:
		return w[0].String()
	}
	var b strings.Builder
	b.Grow(w.TextLen())
	for i, c := range w {
		if i > 0 {
			b.WriteString(" and ")
		}
		b.WriteString(c.String())
	}
	return b.String()
}

// TextLen is the length of String's result, without building it: what a
// path costs the budget of condition paths.
func (w When) TextLen() int {
	n := 0
	for i, c := range w {
		if i > 0 {
			n += len(" and ")
		}
		n += len(c.Subject) + len(c.Value)
		switch {
		case c.Subject == "":
		case c.Not:
			n += len(" is not ")
		default:
			n += len(" is ")
		}
	}
	return n
}

// Equal reports whether two paths have the same clauses in the same order.
func (w When) Equal(o When) bool { return slices.Equal(w, o) }

// Then returns w followed by o, as written: the path of a value selected
// by o within a branch selected by w. Unlike JoinWhen it keeps every
// clause of both.
func (w When) Then(o When) When {
	switch {
	case len(w) == 0:
		return o
	case len(o) == 0:
		return w
	}
	out := make(When, 0, len(w)+len(o))
	return append(append(out, w...), o...)
}

// JoinWhen joins two condition paths, dropping the second when the first
// already holds each of its clauses.
func JoinWhen(a, b When) When {
	switch {
	case len(a) == 0:
		return b
	case len(b) == 0 || a.Equal(b):
		return a
	}
	for _, c := range b {
		if !slices.Contains(a, c) {
			return a.Then(b)
		}
	}
	return a
}

// The subjects of the clauses that name a Terraform instance.
const (
	countIndex = "count.index"
	eachKey    = "each.key"
)

// CountInstance returns the path of the instance of a count whose index
// is written index (`count.index is 1`).
func CountInstance(index string) When { return Is(countIndex, index) }

// EachInstance returns the path of the instance of a for_each with key
// (`each.key is "prod"`).
func EachInstance(key string) When { return Is(eachKey, strconv.Quote(key)) }

// Instances reports whether every clause of the path names an instance of
// a Terraform count or for_each (CountInstance, EachInstance) rather than
// a condition: such paths are the instances a block makes, each of which
// exists, not alternatives of which one is taken.
func (w When) Instances() bool {
	for _, c := range w {
		if c.Not || (c.Subject != countIndex && c.Subject != eachKey) {
			return false
		}
	}
	return true
}

// Contradicts reports whether two clauses cannot hold together: one
// subject with two values, or with a value and its negation.
func (c Clause) Contradicts(d Clause) bool {
	if c.Subject == "" || c.Subject != d.Subject {
		return false
	}
	switch {
	case !c.Not && !d.Not:
		return c.Value != d.Value
	case c.Not != d.Not:
		return c.Value == d.Value
	}
	return false // "is not a" and "is not b" hold together
}

// CompatibleWhen reports whether two condition paths can hold together:
// no clause of one contradicts a clause of the other.
func CompatibleWhen(a, b When) bool {
	for _, x := range a {
		for _, y := range b {
			if x.Contradicts(y) {
				return false
			}
		}
	}
	return true
}

// JoinCompatible joins two condition paths that must both hold, each
// clause once; ok is false when they contradict each other, that is when
// no path takes both values.
func JoinCompatible(a, b When) (when When, ok bool) {
	if !CompatibleWhen(a, b) {
		return nil, false
	}
	var out When
	for _, c := range a.Then(b) {
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out, true
}

// ParseWhen reads a path back from its text (String's form): the policies
// get paths as text, and their builtin lambdavet.when_clauses reads them
// here. It splits only outside double quotes (with backslash escapes) and
// backquotes, as the loaders quote names and values (%q) and Terraform
// conditions (`…`), so a parameter value holding " is " or " and " is
// read as written.
func ParseWhen(text string) When {
	if text == "" {
		return nil
	}
	var out When
	start := 0
	for _, i := range append(outsideQuotes(text, " and "), len(text)) {
		part := text[start:i]
		start = i + len(" and ")
		c := Clause{Value: part}
		if is := outsideQuotes(part, " is "); len(is) > 0 && is[len(is)-1] > 0 {
			j := is[len(is)-1]
			c.Subject, c.Value = part[:j], part[j+len(" is "):]
			if v, ok := strings.CutPrefix(c.Value, "not "); ok {
				c.Value, c.Not = v, true
			}
		}
		out = append(out, c)
	}
	return out
}

// outsideQuotes returns the offsets in s where sep starts outside a
// double-quoted string (with backslash escapes) and outside backquotes.
func outsideQuotes(s, sep string) []int {
	var at []int
	quote := byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote == '"' && c == '\\':
			i++ // the escaped character
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '`':
			quote = c
		case strings.HasPrefix(s[i:], sep):
			at = append(at, i)
			i += len(sep) - 1
		}
	}
	return at
}
