package policy

import (
	"fmt"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/types"
)

// The runtime rules suggest the runtime a misspelt one was meant to be
// (LV401). Written in Rego, the search built every string a runtime gives
// by deleting two characters, for each of the eighty runtimes, in every
// evaluation: 45 ms of a run per unknown runtime, a third of the time on
// 120 SAM templates with two of them, and a pause on every keystroke in
// the editor while a runtime is being typed. lambdavet.near_strings is
// the same search in Go, with each candidate's neighbours kept.

// nearName is the builtin's name; its Rego declaration is in near().
const nearName = "lambdavet.near_strings"

// maxNearLength bounds the strings compared, in characters: the search
// grows with the square of the length.
const maxNearLength = 40

func init() {
	rego.RegisterBuiltin3(&rego.Function{
		Name: nearName,
		Description: "The candidates within edits of s: with edits 1, one insertion, deletion, substitution or swap of two adjacent characters; " +
			"with edits 2, those that share a string with s once at most two characters are deleted from each. Strings longer than 40 characters are not compared.",
		Decl: types.NewFunction(types.Args(types.S, types.NewSet(types.S), types.N), types.NewSet(types.S)),
	}, near)
}

func near(_ rego.BuiltinContext, sTerm, candTerm, editsTerm *ast.Term) (*ast.Term, error) {
	s, ok := sTerm.Value.(ast.String)
	if !ok {
		return nil, fmt.Errorf("%s: s must be a string", nearName)
	}
	cands, ok := candTerm.Value.(ast.Set)
	if !ok {
		return nil, fmt.Errorf("%s: candidates must be a set of strings", nearName)
	}
	edits, ok := editsTerm.Value.(ast.Number)
	if !ok {
		return nil, fmt.Errorf("%s: edits must be 1 or 2", nearName)
	}
	k, ok := edits.Int()
	if !ok || (k != 1 && k != 2) {
		return nil, fmt.Errorf("%s: edits must be 1 or 2", nearName)
	}
	out := ast.NewSet()
	mine := []rune(string(s))
	if len(mine) > maxNearLength {
		return ast.NewTerm(out), nil
	}
	var near2 map[string]bool
	if k == 2 {
		near2 = nearTwo(string(s))
	}
	err := cands.Iter(func(t *ast.Term) error {
		c, ok := t.Value.(ast.String)
		if !ok || len([]rune(string(c))) > maxNearLength {
			return nil
		}
		if k == 1 && oneEdit(mine, []rune(string(c))) || k == 2 && shares(near2, neighbours.of(string(c))) {
			out.Add(t)
		}
		return nil
	})
	return ast.NewTerm(out), err
}

// oneEdit reports whether b is one insertion, deletion, substitution or
// adjacent swap from a (or equal to it, as a substitution of a character
// by itself).
func oneEdit(a, b []rune) bool {
	switch len(a) - len(b) {
	case 1:
		return deletedOnce(a, b)
	case -1:
		return deletedOnce(b, a)
	case 0:
		diff := -1
		for i := range a {
			if a[i] != b[i] {
				if diff >= 0 {
					// Two differences: a swap when they are adjacent and
					// the rest is equal.
					return i == diff+1 && a[diff] == b[i] && a[i] == b[diff] && string(a[i+1:]) == string(b[i+1:])
				}
				diff = i
			}
		}
		return len(a) > 0
	}
	return false
}

// deletedOnce reports whether short is long with one character deleted.
func deletedOnce(long, short []rune) bool {
	i := 0
	for i < len(short) && long[i] == short[i] {
		i++
	}
	return string(long[i+1:]) == string(short[i:])
}

// nearTwo returns s and every string s gives once one or two of its
// characters are deleted.
func nearTwo(s string) map[string]bool {
	out := map[string]bool{s: true}
	r := []rune(s)
	for i := range r {
		one := string(r[:i]) + string(r[i+1:])
		out[one] = true
		o := []rune(one)
		for j := range o {
			out[string(o[:j])+string(o[j+1:])] = true
		}
	}
	return out
}

func shares(a, b map[string]bool) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	for x := range a {
		if b[x] {
			return true
		}
	}
	return false
}

// neighbours keeps nearTwo of the candidates, the same runtimes in every
// evaluation; bounded, it starts again empty when full.
var neighbours = &nearCache{m: map[string]map[string]bool{}}

type nearCache struct {
	mu sync.Mutex
	m  map[string]map[string]bool
}

func (c *nearCache) of(s string) map[string]bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if n, ok := c.m[s]; ok {
		return n
	}
	if len(c.m) >= 1024 {
		clear(c.m)
	}
	n := nearTwo(s)
	c.m[s] = n
	return n
}
