package model

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// Limits bound the work one project may cost. A linter's input is untrusted:
// a template of a few kilobytes can describe gigabytes (alias bombs, !Sub
// doubling, Terraform string and collection growth, condition chains), and
// input depth can drive a recursion into a stack overflow, which no recover
// catches. Every loader and rule spends from one Budget made from these
// limits; past one of them the project gets one error with a position and
// the run goes on with the other projects.
//
// The defaults are generous: every file of the shared corpus and real
// templates of tens of megabytes stay far below them. A zero field means
// the default.
type Limits struct {
	// Values bounds how many values (scalars, list items, map entries) a
	// project's loader may materialize, counting copies (SAM Globals
	// merged into each function, Terraform instances).
	Values int64 `json:"values,omitempty"`
	// StringBytes bounds the length of one string a loader produces
	// (!Sub, !Join, Terraform templates and functions such as format).
	StringBytes int64 `json:"string-bytes,omitempty"`
	// TotalBytes bounds the bytes of all strings a loader produces for a
	// project, beyond the bytes it read.
	TotalBytes int64 `json:"total-bytes,omitempty"`
	// Collection bounds the length of one list or map a loader produces
	// (!Split, concat, range, for expressions).
	Collection int64 `json:"collection,omitempty"`
	// Paths bounds the condition paths one value may be known along
	// (Fn::If on undecided conditions, AllowedValues, Terraform
	// conditionals), and the paths one evaluation may explore.
	Paths int64 `json:"paths,omitempty"`
	// Depth bounds nesting: of the syntax read (YAML, JSON, HCL), and of
	// every recursion over values, expressions, references and modules.
	Depth int64 `json:"depth,omitempty"`
	// ModuleInstances bounds the Terraform module instances of one root
	// module (count and for_each on module calls multiply).
	ModuleInstances int64 `json:"module-instances,omitempty"`
	// PolicyTime bounds the time Rego policies may take over one project.
	PolicyTime time.Duration `json:"policy-time,omitempty"`
	// PolicyResults bounds how many results the Rego policies may return
	// for one project.
	PolicyResults int64 `json:"policy-results,omitempty"`
}

// DefaultLimits are the limits used where a configuration sets none. The
// largest real template in the shared corpus materializes about 40,000
// values, and a value costs about 300 bytes in the model (2M values: about
// 400 MB, the run's memory goal being 1 GB); CloudFormation itself refuses templates over 1 MB and 500
// resources, so the limits below leave two orders of magnitude for
// generated and Terraform projects while keeping the worst case of a run
// well under a gigabyte. The built-in policies judge 20,000 functions in
// about two seconds; a policy that takes longer than PolicyTime over one
// project is a loop, and a run gives all its policies twice PolicyTime,
// so a hostile policy cannot keep a run past about ten seconds.
func DefaultLimits() Limits {
	return Limits{
		Values:          2_000_000,
		StringBytes:     16 << 20,
		TotalBytes:      256 << 20,
		Collection:      1_000_000,
		Paths:           4096,
		Depth:           1000,
		ModuleInstances: 256,
		PolicyTime:      4 * time.Second,
		PolicyResults:   100_000,
	}
}

// WithDefaults returns l with every zero field set to its default.
func (l Limits) WithDefaults() Limits {
	d := DefaultLimits()
	if l.Values <= 0 {
		l.Values = d.Values
	}
	if l.StringBytes <= 0 {
		l.StringBytes = d.StringBytes
	}
	if l.TotalBytes <= 0 {
		l.TotalBytes = d.TotalBytes
	}
	if l.Collection <= 0 {
		l.Collection = d.Collection
	}
	if l.Paths <= 0 {
		l.Paths = d.Paths
	}
	if l.Depth <= 0 {
		l.Depth = d.Depth
	}
	if l.ModuleInstances <= 0 {
		l.ModuleInstances = d.ModuleInstances
	}
	if l.PolicyTime <= 0 {
		l.PolicyTime = d.PolicyTime
	}
	if l.PolicyResults <= 0 {
		l.PolicyResults = d.PolicyResults
	}
	return l
}

// BudgetKind names what a budget counts, as a configuration key of
// .lambdavet.yaml's budget section.
type BudgetKind string

// The kinds of work a Budget bounds; each is a field of Limits.
const (
	BudgetValues          BudgetKind = "values"
	BudgetStringBytes     BudgetKind = "string-bytes"
	BudgetTotalBytes      BudgetKind = "total-bytes"
	BudgetCollection      BudgetKind = "collection"
	BudgetPaths           BudgetKind = "paths"
	BudgetDepth           BudgetKind = "depth"
	BudgetModuleInstances BudgetKind = "module-instances"
	BudgetPolicyTime      BudgetKind = "policy-time"
	BudgetPolicyResults   BudgetKind = "policy-results"
)

// BudgetError is the one error a project gets when it runs out of budget:
// where the work was when the limit was crossed, which limit, and what to
// do about it.
type BudgetError struct {
	Range Range
	Kind  BudgetKind
	Limit int64
	// What says what was being done ("expanding !Sub", "nesting of
	// expressions"), for the message.
	What string
}

func (e *BudgetError) Error() string {
	return e.Range.String() + ": " + e.Message()
}

// Message is the error's text without its position: what ran out, and how
// to raise the limit when the input is legitimate.
func (e *BudgetError) Message() string {
	limit := fmt.Sprint(e.Limit)
	if e.Kind == BudgetPolicyTime {
		limit = time.Duration(e.Limit).String()
	}
	return fmt.Sprintf("%s exceeds lambdavet's %s budget of %s; the project is not linted further (if the input is legitimate, raise budget.%s in .lambdavet.yaml)", e.What, e.Kind, limit, e.Kind)
}

// LoadError turns the budget error into a project load error.
func (e *BudgetError) LoadError() *LoadError {
	return &LoadError{Range: e.Range, Message: e.Message()}
}

// Budget is what one project may still spend. Loaders and rules share it
// and may call it from several goroutines. Once one limit is crossed the
// budget stays exhausted, so every loop that checks it stops, and the first
// crossing is the error reported.
type Budget struct {
	limits Limits

	values atomic.Int64
	total  atomic.Int64
	polRes atomic.Int64

	once sync.Once
	err  atomic.Pointer[BudgetError]
}

// NewBudget returns a budget with the given limits (zero fields take their
// defaults).
func NewBudget(l Limits) *Budget {
	return &Budget{limits: l.WithDefaults()}
}

// Limits returns the limits the budget enforces.
func (b *Budget) Limits() Limits {
	if b == nil {
		return DefaultLimits()
	}
	return b.limits
}

// Err returns the first crossing, or nil while the budget holds.
func (b *Budget) Err() *BudgetError {
	if b == nil {
		return nil
	}
	return b.err.Load()
}

// Exhausted reports whether a limit has been crossed.
func (b *Budget) Exhausted() bool { return b.Err() != nil }

// fail records the first crossing and returns it.
func (b *Budget) fail(kind BudgetKind, limit int64, what string, at Range) *BudgetError {
	b.once.Do(func() {
		b.err.Store(&BudgetError{Range: at, Kind: kind, Limit: limit, What: what})
	})
	return b.err.Load()
}

// Exceed records that a limit was crossed where the caller measured it
// itself (a policy that ran out of time, a depth counted by a parser).
func (b *Budget) Exceed(kind BudgetKind, what string, at Range) *BudgetError {
	if b == nil {
		return nil
	}
	return b.fail(kind, b.limitOf(kind), what, at)
}

func (b *Budget) limitOf(kind BudgetKind) int64 {
	l := b.limits
	switch kind {
	case BudgetValues:
		return l.Values
	case BudgetStringBytes:
		return l.StringBytes
	case BudgetTotalBytes:
		return l.TotalBytes
	case BudgetCollection:
		return l.Collection
	case BudgetPaths:
		return l.Paths
	case BudgetDepth:
		return l.Depth
	case BudgetModuleInstances:
		return l.ModuleInstances
	case BudgetPolicyTime:
		return int64(l.PolicyTime)
	case BudgetPolicyResults:
		return l.PolicyResults
	}
	return 0
}

// SpendValues counts n values materialized; it returns the budget error
// once the total crosses Limits.Values (and on every call after).
func (b *Budget) SpendValues(n int64, what string, at Range) *BudgetError {
	if b == nil {
		return nil
	}
	if e := b.err.Load(); e != nil {
		return e
	}
	if b.values.Add(n) > b.limits.Values {
		return b.fail(BudgetValues, b.limits.Values, what, at)
	}
	return nil
}

// SpendString checks a string of n bytes about to be produced: against
// Limits.StringBytes alone, and against Limits.TotalBytes with every
// string produced before. Call it before building the string, with its
// computed length, so an oversized string is never allocated.
func (b *Budget) SpendString(n int64, what string, at Range) *BudgetError {
	if b == nil {
		return nil
	}
	if e := b.err.Load(); e != nil {
		return e
	}
	if n > b.limits.StringBytes {
		return b.fail(BudgetStringBytes, b.limits.StringBytes, what, at)
	}
	if b.total.Add(n) > b.limits.TotalBytes {
		return b.fail(BudgetTotalBytes, b.limits.TotalBytes, what, at)
	}
	return nil
}

// CheckCollection checks a list or map of n elements about to be produced.
func (b *Budget) CheckCollection(n int64, what string, at Range) *BudgetError {
	if b == nil {
		return nil
	}
	if e := b.err.Load(); e != nil {
		return e
	}
	if n > b.limits.Collection {
		return b.fail(BudgetCollection, b.limits.Collection, what, at)
	}
	return b.SpendValues(n, what, at)
}

// CheckPaths checks that n condition paths stay within Limits.Paths.
func (b *Budget) CheckPaths(n int64, what string, at Range) *BudgetError {
	if b == nil {
		return nil
	}
	if e := b.err.Load(); e != nil {
		return e
	}
	if n > b.limits.Paths {
		return b.fail(BudgetPaths, b.limits.Paths, what, at)
	}
	return nil
}

// CheckDepth checks a nesting or recursion depth against Limits.Depth.
func (b *Budget) CheckDepth(depth int64, what string, at Range) *BudgetError {
	if b == nil {
		if depth > DefaultLimits().Depth {
			return &BudgetError{Range: at, Kind: BudgetDepth, Limit: DefaultLimits().Depth, What: what}
		}
		return nil
	}
	if e := b.err.Load(); e != nil {
		return e
	}
	if depth > b.limits.Depth {
		return b.fail(BudgetDepth, b.limits.Depth, what, at)
	}
	return nil
}

// SpendPolicyResults counts n results returned by policies for the project.
func (b *Budget) SpendPolicyResults(n int64, what string, at Range) *BudgetError {
	if b == nil {
		return nil
	}
	if e := b.err.Load(); e != nil {
		return e
	}
	if b.polRes.Add(n) > b.limits.PolicyResults {
		return b.fail(BudgetPolicyResults, b.limits.PolicyResults, what, at)
	}
	return nil
}
