package policy

import (
	"encoding/json"
	"fmt"
	"runtime"
	"runtime/debug"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"golang.org/x/tools/go/analysis"

	"github.com/lambdavet/lambdavet/analyzers/policy/runlimit"
	"github.com/lambdavet/lambdavet/parsers/model"
)

// An evaluation of the built-in policies costs about 0.2 ms before it
// judges a single function (OPA reaches each rule package's violations in
// turn), as much again as the function itself: for a run of small
// templates that fixed cost was half the Rego time. The built-in rules
// judge one function at a time, so the functions of several small projects
// can be judged in one evaluation and the violations handed back to each:
// the gatherer does that for the projects that reach their built-in
// policies while other evaluations run (it never waits for company), so it
// only changes anything when projects queue for the processor.
//
// A violation goes back to its project by its range, a number into the
// project's own table of ranges (settingsConverter), numbered apart from
// the other projects' of the evaluation. Anything out of the ordinary (a
// violation without such a range, an error or a panic, more time than the
// least any of its projects has, or the memory it may take) has each
// project of the evaluation judged alone, with its own budget and its
// whole policy time, exactly as without the gatherer.

// gatherFunctions is the most functions a project may have to be judged
// with others; a larger one is judged alone, in slices of builtinChunk.
const gatherFunctions = 16

// gatherBatch bounds the functions of one gathered evaluation.
const gatherBatch = builtinChunk

// gatherTime is the time a gathered evaluation may take per function
// before its projects are judged alone instead (never more than the least
// policy time of its projects): a hundred times what the built-in
// policies take, so only an input that would strain a project's own
// budget gets there.
const gatherTime = 15 * time.Millisecond

// gatherer judges the small projects of a run together.
type gatherer struct {
	pq rego.PreparedEvalQuery
	// alone judges one project by itself, the way a project too large to
	// gather is: with its own budget and deadline.
	alone func(*gatherJob) (builtinResults, error)

	mu      sync.Mutex
	pending []*gatherJob
	// leading counts the goroutines evaluating, at most maxLeading (one
	// per processor).
	leading    int
	maxLeading int

	// gathered counts the projects judged with others, for tests; hold,
	// when a test sets it, keeps the first evaluation waiting until it is
	// closed, so projects queue.
	gathered atomic.Int64
	hold     chan struct{}
}

// testHookGatherer, when set, is given each gatherer Load makes.
var testHookGatherer func(*gatherer)

// gatherJob is one project waiting for its violations.
type gatherJob struct {
	pass   *analysis.Pass
	p      *model.Project
	shared *Input
	meter  *runlimit.Meter

	found builtinResults
	err   error
	// done is closed once found and err are set.
	done chan struct{}
	// lead wakes the job's goroutine to evaluate what is pending, when a
	// goroutine that evaluated hands its turn on; sent at most once.
	lead     chan struct{}
	promoted bool
}

func newGatherer(pq rego.PreparedEvalQuery, alone func(*gatherJob) (builtinResults, error)) *gatherer {
	g := &gatherer{pq: pq, alone: alone, maxLeading: runtime.GOMAXPROCS(0)}
	if testHookGatherer != nil {
		testHookGatherer(g)
	}
	return g
}

// judge returns the built-in policies' violations in p's functions.
func (g *gatherer) judge(pass *analysis.Pass, p *model.Project, shared *Input) (builtinResults, error) {
	_, meter := runlimit.For(pass.Pkg)
	job := &gatherJob{pass: pass, p: p, shared: shared, meter: meter, done: make(chan struct{}), lead: make(chan struct{}, 1)}
	g.mu.Lock()
	g.pending = append(g.pending, job)
	lead := g.leading < g.maxLeading
	if lead {
		g.leading++
	}
	g.mu.Unlock()
	if lead {
		g.evaluatePending()
	}
	for waiting := true; waiting; {
		select {
		case <-job.lead:
			g.evaluatePending()
		case <-job.done:
			waiting = false
		}
	}
	// A job taken into an evaluation is no longer pending and cannot be
	// handed the turn after that; one handed it before has it still.
	select {
	case <-job.lead:
		g.evaluatePending()
	default:
	}
	return job.found, job.err
}

// evaluatePending evaluates one batch of what is pending, then hands the
// turn to a job still pending, so no goroutine judges others' projects
// for long while its own waits to be reported.
func (g *gatherer) evaluatePending() {
	// The turn is handed on whatever happens to the evaluation, so a
	// panic the driver recovers (it reports it as the project's error)
	// leaves no project waiting for a turn nobody holds.
	defer g.handOn()
	if g.hold != nil {
		<-g.hold
	}
	g.mu.Lock()
	batch := g.take()
	g.mu.Unlock()
	if len(batch) > 0 {
		g.evaluate(batch)
	}
}

// handOn gives the turn to a job still pending, or gives it up.
func (g *gatherer) handOn() {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, j := range g.pending {
		if !j.promoted {
			j.promoted = true
			j.lead <- struct{}{}
			return // the turn goes to j
		}
	}
	g.leading--
}

// take removes from pending the jobs of one evaluation: those of the run
// and the limits of the first, up to gatherBatch functions.
func (g *gatherer) take() []*gatherJob {
	if len(g.pending) == 0 {
		return nil
	}
	first := g.pending[0]
	batch := []*gatherJob{first}
	n := len(first.p.Functions)
	rest := g.pending[:0:0]
	for _, j := range g.pending[1:] {
		if j.meter == first.meter && j.shared.limits == first.shared.limits && n+len(j.p.Functions) <= gatherBatch {
			batch = append(batch, j)
			n += len(j.p.Functions)
		} else {
			rest = append(rest, j)
		}
	}
	g.pending = rest
	return batch
}

// evaluate judges the batch in one evaluation, or each job alone when
// that is not possible, and closes every job's done. A panic while judging
// (a bug a hostile file reaches) is the error of the project it came from,
// as the driver would report it, or has each project judged alone when it
// came from the evaluation together: the other projects of the batch keep
// their own findings.
func (g *gatherer) evaluate(batch []*gatherJob) {
	defer func() {
		for _, j := range batch {
			close(j.done)
		}
	}()
	var found []builtinResults
	ok := false
	if len(batch) > 1 {
		found, ok = g.safely(batch)
	}
	for i, j := range batch {
		if !ok {
			j.found, j.err = g.aloneSafely(j)
			continue
		}
		g.gathered.Add(1)
		j.found = found[i]
		count := 0
		for _, list := range found[i] {
			count += len(list)
		}
		if err := j.p.Budget.SpendPolicyResults(int64(count), "the results of the Rego policies (the last from the built-in policies)", projectRange(j.p)); err != nil {
			j.found, j.err = nil, err // a *BudgetError, not a nil one in an error
		}
	}
}

// safely is together, with a panic a reason to judge each job alone.
func (g *gatherer) safely(batch []*gatherJob) (found []builtinResults, ok bool) {
	defer func() {
		if recover() != nil {
			found, ok = nil, false
		}
	}()
	return g.together(batch)
}

// aloneSafely is alone, with a panic the job's error.
func (g *gatherer) aloneSafely(j *gatherJob) (found builtinResults, err error) {
	defer func() {
		if p := recover(); p != nil {
			found, err = nil, fmt.Errorf("panic: %v\n%s", p, debug.Stack())
		}
	}()
	return g.alone(j)
}

// together evaluates the batch's functions at once and returns each job's
// violations, ranges resolved; ok is false when the batch is to be judged
// job by job instead.
func (g *gatherer) together(batch []*gatherJob) (found []builtinResults, ok bool) {
	convs := make([]*settingsConverter, len(batch))
	bases := make([]int, len(batch))
	var terms []*ast.Term
	base := 0
	var own time.Duration
	for i, j := range batch {
		if j.p.Budget.Err() != nil {
			return nil, false // its error is for evaluate to return
		}
		c := newSettingsConverter()
		c.base = base
		for _, f := range j.p.Functions {
			terms = append(terms, ast.NewTerm(c.function(f)))
		}
		convs[i], bases[i] = c, base
		base += len(c.ranges)
		// The run's meter gets what the project earns, as its first
		// evaluation alone would grant it; the project's own clock starts
		// only if it is judged alone, and the batch may take no more than
		// the least time any of its projects has (a batch that runs out
		// leaves each its whole time alone).
		j.shared.grant(j.meter)
		if i == 0 || j.shared.ownTime() < own {
			own = j.shared.ownTime()
		}
	}
	// The batch is evaluated as a project of its own, bounded as one
	// (evaluate), whose budget is the first job's limits (every job's are
	// the same) with the batch's time, and room for the results of all its
	// projects at the default limit: each project's own limit is charged
	// afterwards, as alone. An error spends that scratch budget, not a
	// project's.
	limits := batch[0].shared.limits
	limits.PolicyTime = min(time.Duration(len(terms))*gatherTime, own)
	limits.PolicyResults = max(limits.PolicyResults, model.DefaultLimits().PolicyResults) * int64(len(batch))
	scratch := &model.Project{Root: batch[0].p.Root, Budget: model.NewBudget(limits)}
	vs, err := evaluate(batch[0].pass, scratch, newInput(functionsInput(terms), limits, 0), g.pq, "the built-in policies of several projects")
	if err != nil {
		return nil, false
	}
	found = make([]builtinResults, len(batch))
	for i := range found {
		found[i] = builtinResults{}
	}
	for id, list := range byRule(vs) {
		for _, item := range list {
			i, ok := ownerOf(item, bases, base)
			if !ok {
				return nil, false
			}
			found[i][id] = append(found[i][id], item)
		}
	}
	for i, c := range convs {
		for _, list := range found[i] {
			if err := c.resolveRanges(list); err != nil {
				return nil, false
			}
		}
	}
	return found, true
}

// ownerOf returns the job whose table holds the violation's range: the
// last whose first number is at most the range's. end is one past the
// last number of the last table.
func ownerOf(item any, bases []int, end int) (int, bool) {
	obj, ok := item.(map[string]any)
	if !ok {
		return 0, false
	}
	n, ok := obj["range"].(json.Number)
	if !ok {
		return 0, false
	}
	r, err := n.Int64()
	if err != nil || r < 0 || r >= int64(end) {
		return 0, false
	}
	i := sort.Search(len(bases), func(k int) bool { return int64(bases[k]) > r }) - 1
	return i, i >= 0
}
