package policy

import (
	"context"
	"fmt"
	"math/big"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/topdown"
	"github.com/open-policy-agent/opa/v1/types"

	"github.com/lambdavet/lambdavet/parsers/model"
)

// OPA has no memory limit, and a few builtins turn a small input into a
// huge value in one call: numbers.range(1, 1e9) asks for a billion terms,
// sprintf("%999999999d", [1]) for a gigabyte, replace(s, "a", s) squares
// its input. Any builtin that returns what it was given, grown (concat,
// array.concat, object.union, sprintf), doubles a value once per call, so a
// chain of them is exponential. A Go program cannot recover from running
// out of memory, so the bridge bounds these builtins itself:
//
//   - the amplifying ones are checked before they run, from their
//     arguments, against the project's StringBytes and Collection limits;
//   - every builtin that builds a string or a collection has its result
//     measured after it runs, against the same limits for one value and
//     against an allowance for all the values one project's policies
//     build, so a doubling chain stops at the allowance instead of at the
//     machine's memory.
//
// OPA looks builtins up in one process-wide table before the functions a
// rego.Rego is given, so a bounded version cannot be given per query: it
// replaces the builtin under its own name (topdown.RegisterBuiltinFunc),
// once per process. Outside a lambdavet evaluation (no allowance in the
// context: the OPA test runner) the bounded versions check single values
// against the default limits and count nothing.
//
// Builtins that cannot be bounded from their arguments and that no policy
// needs are refused through the capabilities instead (see refused).

// elementCost is what one element of a collection a builtin returns counts
// against the allowance, in bytes: about what an *ast.Term and its value
// take on the heap.
const elementCost = 64

// allowanceFactor sizes the allowance for what the policies of one project
// may build with builtins: this many times the project's TotalBytes limit.
// Messages and ranges of real findings take kilobytes per function, so the
// allowance is met only by a policy that builds without bound.
const allowanceFactor = 1

// refused are the builtins policies may not call, besides the network and
// the host (Capabilities): each can produce, from a small argument, a value
// far larger than any limit checked before the call (a template that loops,
// every path of a graph, an indentation repeated on every line), and no
// lambdavet policy needs them.
var refused = map[string]bool{
	"strings.render_template":   true,
	"graph.reachable_paths":     true,
	"json.marshal_with_options": true,
}

// allowance is what the builtins of one project's policies may still
// build, in bytes, shared by every policy of the project.
type allowance struct {
	limits model.Limits
	left   atomic.Int64
}

func newAllowance(l model.Limits) *allowance {
	a := &allowance{limits: l}
	a.left.Store(l.TotalBytes * allowanceFactor)
	return a
}

type allowanceKey struct{}

func withAllowance(ctx context.Context, a *allowance) context.Context {
	return context.WithValue(ctx, allowanceKey{}, a)
}

func allowanceOf(ctx context.Context) *allowance {
	if ctx == nil {
		return nil
	}
	a, _ := ctx.Value(allowanceKey{}).(*allowance)
	return a
}

func limitsOf(bctx topdown.BuiltinContext) model.Limits {
	if a := allowanceOf(bctx.Context); a != nil {
		return a.limits
	}
	return model.DefaultLimits()
}

// limitError is a builtin refused for its cost; the policy analyzer turns
// it into the project's budget error.
type limitError struct {
	kind  model.BudgetKind
	limit int64
	what  string
}

func (e *limitError) Error() string {
	return fmt.Sprintf("%s exceeds lambdavet's %s budget of %d", e.what, e.kind, e.limit)
}

// amplifiers check a call's cost from its arguments before it runs.
var amplifiers = map[string]func(l model.Limits, args []*ast.Term) *limitError{
	"numbers.range":      func(l model.Limits, args []*ast.Term) *limitError { return checkRange(l, args, false) },
	"numbers.range_step": func(l model.Limits, args []*ast.Term) *limitError { return checkRange(l, args, true) },
	"sprintf":            checkSprintf,
	"replace":            checkReplace,
	"strings.replace_n":  checkReplaceN,
	"regex.replace":      checkRegexReplace,
}

var registerOnce sync.Once

// registerBoundedBuiltins replaces every builtin that builds strings or
// collections with a bounded version, once per process.
func registerBoundedBuiltins() {
	registerOnce.Do(func() {
		for _, b := range ast.Builtins {
			if refused[b.Name] || !buildsValues(b) {
				continue
			}
			orig := topdown.GetBuiltin(b.Name)
			if orig == nil {
				continue
			}
			topdown.RegisterBuiltinFunc(b.Name, bounded(b.Name, orig))
		}
	})
}

// buildsValues reports whether a builtin returns a string or a collection,
// the values whose size a call can grow.
func buildsValues(b *ast.Builtin) bool {
	if b.Decl == nil || b.Decl.Result() == nil {
		return false
	}
	// Strings, collections, and any or unions (json.unmarshal,
	// object.get) may grow; booleans and numbers do not.
	r := b.Decl.Result()
	return types.Compare(r, types.B) != 0 && types.Compare(r, types.N) != 0
}

func bounded(name string, orig topdown.BuiltinFunc) topdown.BuiltinFunc {
	check := amplifiers[name]
	return func(bctx topdown.BuiltinContext, args []*ast.Term, iter func(*ast.Term) error) error {
		l := limitsOf(bctx)
		if check != nil {
			if err := check(l, args); err != nil {
				return err
			}
		}
		a := allowanceOf(bctx.Context)
		return orig(bctx, args, func(t *ast.Term) error {
			if err := measure(name, l, a, t); err != nil {
				return err
			}
			return iter(t)
		})
	}
}

// measure checks one builtin result against the limits of one value and
// spends its size from the project's allowance. It looks one level deep:
// nested values were either given to the builtin, and so measured when
// they were built, or are built by it in proportion to its arguments.
func measure(name string, l model.Limits, a *allowance, t *ast.Term) error {
	var size int64
	switch v := t.Value.(type) {
	case ast.String:
		size = int64(len(v))
		if size > l.StringBytes {
			return &limitError{kind: model.BudgetStringBytes, limit: l.StringBytes, what: fmt.Sprintf("a string of %d bytes built by %s", size, name)}
		}
	case *ast.Array:
		n := int64(v.Len())
		if n > l.Collection {
			return &limitError{kind: model.BudgetCollection, limit: l.Collection, what: fmt.Sprintf("an array of %d elements built by %s", n, name)}
		}
		size = n * elementCost
	case ast.Set:
		n := int64(v.Len())
		if n > l.Collection {
			return &limitError{kind: model.BudgetCollection, limit: l.Collection, what: fmt.Sprintf("a set of %d elements built by %s", n, name)}
		}
		size = n * elementCost
	case ast.Object:
		n := int64(v.Len())
		if n > l.Collection {
			return &limitError{kind: model.BudgetCollection, limit: l.Collection, what: fmt.Sprintf("an object of %d keys built by %s", n, name)}
		}
		size = n * elementCost
	default:
		return nil
	}
	if a != nil && a.left.Add(-size) < 0 {
		return &limitError{kind: model.BudgetTotalBytes, limit: a.limits.TotalBytes * allowanceFactor, what: "the values Rego builtins built for the project (the last by " + name + ")"}
	}
	return nil
}

func checkRange(l model.Limits, args []*ast.Term, withStep bool) *limitError {
	name := "numbers.range"
	if withStep {
		name = "numbers.range_step"
	}
	x, ok1 := bigInt(args, 0)
	y, ok2 := bigInt(args, 1)
	if !ok1 || !ok2 {
		return nil // OPA reports the type error
	}
	n := new(big.Int).Sub(y, x)
	n.Abs(n)
	if withStep {
		step, ok := bigInt(args, 2)
		if !ok || step.Sign() <= 0 {
			return nil
		}
		n.Quo(n, step)
	}
	n.Add(n, big.NewInt(1))
	if !n.IsInt64() || n.Int64() > l.Collection {
		return &limitError{kind: model.BudgetCollection, limit: l.Collection, what: fmt.Sprintf("%s of %s numbers", name, n)}
	}
	return nil
}

func bigInt(args []*ast.Term, i int) (*big.Int, bool) {
	if i >= len(args) {
		return nil, false
	}
	n, ok := args[i].Value.(ast.Number)
	if !ok {
		return nil, false
	}
	z, ok := new(big.Int).SetString(string(n), 10)
	return z, ok
}

func strArg(args []*ast.Term, i int) (string, bool) {
	if i >= len(args) {
		return "", false
	}
	s, ok := args[i].Value.(ast.String)
	return string(s), ok
}

// checkSprintf refuses a format whose width or precision alone would
// exceed the string limit ("%999999999d"), and widths taken from the
// arguments ("%*d"), which are not worth the risk in a policy message.
func checkSprintf(l model.Limits, args []*ast.Term) *limitError {
	format, ok := strArg(args, 0)
	if !ok {
		return nil
	}
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		for i < len(format) && strings.IndexByte("+-# 0[]", format[i]) >= 0 {
			i++
		}
		for i < len(format) {
			c := format[i]
			if c == '*' {
				return &limitError{kind: model.BudgetStringBytes, limit: l.StringBytes, what: "sprintf with a width or precision from its arguments"}
			}
			if c >= '0' && c <= '9' {
				j := i
				for j < len(format) && format[j] >= '0' && format[j] <= '9' {
					j++
				}
				w, ok := new(big.Int).SetString(format[i:j], 10)
				if ok && (!w.IsInt64() || w.Int64() > l.StringBytes) {
					return &limitError{kind: model.BudgetStringBytes, limit: l.StringBytes, what: fmt.Sprintf("sprintf with a width or precision of %s", format[i:j])}
				}
				i = j
				continue
			}
			if c == '.' || c == '[' || c == ']' {
				i++
				continue
			}
			break
		}
	}
	return nil
}

// replacedSize is the length of s with n occurrences of a string of
// length oldLen replaced by one of length newLen.
func replacedSize(s string, n, oldLen, newLen int64) int64 {
	return int64(len(s)) + n*(newLen-oldLen)
}

func checkReplace(l model.Limits, args []*ast.Term) *limitError {
	s, ok1 := strArg(args, 0)
	old, ok2 := strArg(args, 1)
	repl, ok3 := strArg(args, 2)
	if !ok1 || !ok2 || !ok3 {
		return nil
	}
	var n int64
	if old == "" {
		n = int64(utf8.RuneCountInString(s)) + 1
	} else {
		n = int64(strings.Count(s, old))
	}
	if size := replacedSize(s, n, int64(len(old)), int64(len(repl))); size > l.StringBytes {
		return &limitError{kind: model.BudgetStringBytes, limit: l.StringBytes, what: fmt.Sprintf("replace making a string of %d bytes", size)}
	}
	return nil
}

func checkReplaceN(l model.Limits, args []*ast.Term) *limitError {
	patterns, ok := args[0].Value.(ast.Object)
	s, ok2 := strArg(args, 1)
	if !ok || !ok2 {
		return nil
	}
	// An upper bound: every pattern replaced wherever it occurs.
	size := int64(len(s))
	_ = patterns.Iter(func(k, v *ast.Term) error {
		old, ok1 := k.Value.(ast.String)
		repl, ok2 := v.Value.(ast.String)
		if !ok1 || !ok2 {
			return nil
		}
		var n int64
		if old == "" {
			n = int64(utf8.RuneCountInString(s)) + 1
		} else {
			n = int64(strings.Count(s, string(old)))
		}
		size += n * int64(len(repl))
		return nil
	})
	if size > l.StringBytes {
		return &limitError{kind: model.BudgetStringBytes, limit: l.StringBytes, what: fmt.Sprintf("strings.replace_n making a string of up to %d bytes", size)}
	}
	return nil
}

func checkRegexReplace(l model.Limits, args []*ast.Term) *limitError {
	s, ok1 := strArg(args, 0)
	pattern, ok2 := strArg(args, 1)
	repl, ok3 := strArg(args, 2)
	if !ok1 || !ok2 || !ok3 {
		return nil
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return nil // OPA reports it
	}
	// Matches are counted without building them; "$1" expansions are
	// bounded by the length of s each.
	n := int64(0)
	for range re.FindAllStringIndex(s, -1) {
		n++
	}
	per := int64(len(repl))
	if strings.Contains(repl, "$") {
		per += int64(strings.Count(repl, "$")) * int64(len(s))
	}
	if size := int64(len(s)) + n*per; size > l.StringBytes {
		return &limitError{kind: model.BudgetStringBytes, limit: l.StringBytes, what: fmt.Sprintf("regex.replace making a string of up to %d bytes", size)}
	}
	return nil
}
