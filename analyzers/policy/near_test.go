package policy

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
)

// regoNear is the search lambdavet.near_strings replaced, as it was written
// in policies/lv4xx_runtimes: the builtin must find what it found.
const regoNear = `package old

within(s, ids, 1) := {id | count(s) <= 40; some id in ids; _one_edit(s, id)}

within(s, ids, 2) := {id | count(s) <= 40; mine := _near2(s); some id in ids; count(mine & _near2(id)) > 0}

_one_edit(s, id) if s in _deletions(id)

_one_edit(s, id) if id in _deletions(s)

_one_edit(s, id) if {
	count(s) == count(id)
	count(_deletions_at(s) & _deletions_at(id)) > 0
}

_one_edit(s, id) if {
	count(s) == count(id)
	id in _swaps(s)
}

_near2(s) := ({s} | _deletions(s)) | {d | some x in _deletions(s); some d in _deletions(x)}

_deletions(s) := {d | some [_, d] in _deletions_at(s)}

_deletions_at(s) := {[i, concat("", [substring(s, 0, i), substring(s, i + 1, -1)])] |
	count(s) > 0
	some i in numbers.range(0, count(s) - 1)
}

_swaps(s) := {concat("", [substring(s, 0, i), substring(s, i + 1, 1), substring(s, i, 1), substring(s, i + 2, -1)]) |
	count(s) > 1
	some i in numbers.range(0, count(s) - 2)
}
`

// TestNearStringsIsTheRegoSearch compares the builtin with the Rego it
// replaced on misspellings of runtimes (an edit or two of each, swaps,
// case, non-ASCII) and on random strings, for one and two edits.
func TestNearStringsIsTheRegoSearch(t *testing.T) {
	ids := []string{"python3.12", "python3.13", "python3.9", "nodejs20.x", "nodejs22.x", "java21", "java8.al2", "dotnet8",
		"ruby3.3", "provided.al2023", "provided.al2", "go1.x", "", "é", "nodéjs20.x"}
	r := rand.New(rand.NewPCG(3, 4))
	alphabet := []rune("pythonjavdeus.0123x é")
	var inputs []string
	for _, id := range ids {
		for range 2 {
			b := []rune(id)
			for range 1 + r.IntN(2) {
				switch i := r.IntN(len(b) + 1); r.IntN(3) {
				case 0:
					b = slices.Insert(b, i, alphabet[r.IntN(len(alphabet))])
				case 1:
					if i < len(b) {
						b = slices.Delete(b, i, i+1)
					}
				default:
					if i+1 < len(b) {
						b[i], b[i+1] = b[i+1], b[i]
					}
				}
			}
			inputs = append(inputs, string(b))
		}
	}
	inputs = append(inputs, "", "x", "pyhton3.12", "python312", "provided.al2023023", "nodejs", strings.Repeat("x", 41))
	cands := ast.NewSet()
	for _, id := range ids {
		cands.Add(ast.StringTerm(id))
	}
	compiler := ast.MustCompileModules(map[string]string{"old.rego": regoNear})
	for _, s := range inputs {
		for _, k := range []int{1, 2} {
			query := fmt.Sprintf("x = data.old.within(%v, %v, %d)", ast.StringTerm(s), ast.NewTerm(cands), k)
			rs, err := rego.New(rego.Query(query), rego.Compiler(compiler)).Eval(context.Background())
			if err != nil || len(rs) != 1 {
				t.Fatalf("%s: %v %v", query, rs, err)
			}
			var want []string
			for _, x := range rs[0].Bindings["x"].([]any) {
				want = append(want, x.(string))
			}
			got, err := near(rego.BuiltinContext{}, ast.StringTerm(s), ast.NewTerm(cands), ast.IntNumberTerm(k))
			if err != nil {
				t.Fatal(err)
			}
			var have []string
			for _, x := range got.Value.(ast.Set).Slice() {
				have = append(have, string(x.Value.(ast.String)))
			}
			slices.Sort(want)
			slices.Sort(have)
			if !slices.Equal(have, want) {
				t.Errorf("%q within %d: the builtin finds %q, the Rego found %q", s, k, have, want)
			}
		}
	}
}
