package policy

import (
	"fmt"
	"maps"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"golang.org/x/tools/go/analysis"

	"github.com/lambdavet/lambdavet/parsers/model"
)

// The editor lints a template again on every change, and a change touches
// one function or a few: the others have the same settings as in the run
// before, so the built-in rules, which judge one function at a time, find
// the same violations in them. functionCache keeps each function's
// violations by its Rego value, so a run evaluates only the functions that
// changed. The value holds no positions (a range is a number into the
// function's own table of ranges, see settingsConverter), so a function
// moved by an edit above it is still found, and its violations' ranges are
// put back from its new table.

// maxCachedFunctions bounds the cache: about what the largest templates an
// editor opens hold, at a few kilobytes a function. Past it the cache
// starts again empty.
const maxCachedFunctions = 8192

// functionCache is the violations of the functions judged before, by the
// hash of their Rego value.
type functionCache struct {
	mu      sync.Mutex
	entries map[int][]*cachedFunction
	n       int
	// evaluated counts the functions evaluated rather than found, for
	// tests.
	evaluated int
}

type cachedFunction struct {
	value ast.Value
	// found is each rule's violations, ranges still numbers; never
	// changed once stored (a run resolves copies).
	found map[string][]any
}

// testHookCache, when set, is given each cache Load makes.
var testHookCache func(*functionCache)

func newFunctionCache() *functionCache {
	return &functionCache{entries: map[int][]*cachedFunction{}}
}

func (fc *functionCache) get(v ast.Value, hash int) *cachedFunction {
	fc.mu.Lock()
	defer fc.mu.Unlock()
	for _, e := range fc.entries[hash] {
		if e.value.Compare(v) == 0 {
			return e
		}
	}
	return nil
}

func (fc *functionCache) put(hash int, e *cachedFunction) {
	fc.mu.Lock()
	defer fc.mu.Unlock()
	if fc.n >= maxCachedFunctions {
		clear(fc.entries)
		fc.n = 0
	}
	fc.entries[hash] = append(fc.entries[hash], e)
	fc.n++
	fc.evaluated++
}

// judged is one function of a run: its value, the converter that made it
// (whose ranges its violations' numbers index) and its violations.
type judged struct {
	conv  *settingsConverter
	value ast.Value
	hash  int
	found map[string][]any
}

// run evaluates the built-in rules over the functions of p that the cache
// does not hold, in slices of functions with distinct names (a violation
// names its function), and returns every function's violations in
// function order, as the uncached run does.
func (fc *functionCache) run(pass *analysis.Pass, p *model.Project, shared *Input, pq rego.PreparedEvalQuery) (builtinResults, error) {
	fns := make([]*judged, len(p.Functions))
	var misses []int
	for i, f := range p.Functions {
		c := newSettingsConverter()
		v := c.function(f)
		j := &judged{conv: c, value: v, hash: v.Hash()}
		if e := fc.get(v, j.hash); e != nil {
			j.found = e.found
		} else {
			misses = append(misses, i)
		}
		fns[i] = j
	}
	for len(misses) > 0 {
		// A slice of up to builtinChunk functions, none named twice.
		byName := map[string]int{}
		var chunk []int
		rest := misses[:0:0]
		for _, i := range misses {
			name := p.Functions[i].Resource.Name
			if _, dup := byName[name]; dup || len(chunk) == builtinChunk {
				rest = append(rest, i)
				continue
			}
			byName[name] = i
			chunk = append(chunk, i)
		}
		misses = rest
		terms := make([]*ast.Term, len(chunk))
		for k, i := range chunk {
			terms[k] = ast.NewTerm(fns[i].value)
			fns[i].found = map[string][]any{}
		}
		vs, err := evaluate(pass, p, shared.with(functionsInput(terms)), pq, "the built-in policies")
		if err != nil {
			return nil, err
		}
		for id, list := range byRule(vs) {
			for _, item := range list {
				obj, _ := item.(map[string]any)
				i, ok := byName[str(obj["resource"])]
				if !ok {
					return nil, fmt.Errorf("%s: a violation names %q, not a function of the slice judged", id, str(obj["resource"]))
				}
				fns[i].found[id] = append(fns[i].found[id], item)
			}
		}
		for _, i := range chunk {
			fc.put(fns[i].hash, &cachedFunction{value: fns[i].value, found: fns[i].found})
		}
	}
	out := builtinResults{}
	for _, j := range fns {
		for id, list := range j.found {
			resolved := make([]any, len(list))
			for k, item := range list {
				if obj, ok := item.(map[string]any); ok {
					item = maps.Clone(obj) // the cached one keeps its range number
				}
				resolved[k] = item
			}
			if err := j.conv.resolveRanges(resolved); err != nil {
				return nil, fmt.Errorf("%s: %w", id, err)
			}
			out[id] = append(out[id], resolved...)
		}
	}
	return out, nil
}
