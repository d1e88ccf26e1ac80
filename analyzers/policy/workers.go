package policy

import (
	"runtime"
	"sync"
)

// OPA's evaluator recurses deeply (it is written in continuation-passing
// style), so a goroutine that evaluates policies grows its stack from 8 KB
// to hundreds of KB, copying the whole stack at every doubling. A project
// of one function is judged in a millisecond or two, and on a fresh
// goroutine that growth was a fifth of the processor time of 1,000 small
// templates (runtime.copystack in the profile). Evaluations therefore run
// on a few long-lived workers whose stacks are already grown.

// workers is the process's pool of evaluation goroutines.
type workers struct {
	jobs chan func()
}

// evalWorkers returns the pool, started on first use with one worker per
// processor: the driver lints that many projects at once.
var evalWorkers = sync.OnceValue(func() *workers {
	w := &workers{jobs: make(chan func())}
	for range runtime.GOMAXPROCS(0) {
		go func() {
			for f := range w.jobs {
				f()
			}
		}()
	}
	return w
})

// run runs f on an idle worker, or on a new goroutine when every worker is
// busy: a caller never waits for a worker, so nested or concurrent use
// cannot deadlock, and the pool only ever saves work.
func (w *workers) run(f func()) {
	select {
	case w.jobs <- f:
	default:
		go f()
	}
}
