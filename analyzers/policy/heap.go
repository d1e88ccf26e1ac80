package policy

import (
	"runtime/metrics"
	"sync"
	"time"
)

// heapSample is how often watchHeap looks at the heap: often enough that
// an evaluation allocating at full speed (a few hundred MB/s on this kind
// of machine) overshoots its limit by a fraction only.
const heapSample = 10 * time.Millisecond

// watchHeap stops an evaluation that holds too much memory. OPA has no
// memory limit and builds a rule's whole result set before returning it,
// so a policy that derives millions of violations, or a comprehension over
// a product of the input, runs the process out of memory long before its
// time is up; the builtins' allowance does not see what evaluation itself
// builds. The watch reads the live heap as the last collection measured
// it: garbage is no cost, and forcing collections to tell garbage from
// live data made every large project pay for full collections over its
// whole model. Collections come on their own as the heap grows (at twice
// the live heap by default), so a runaway evaluation is seen within one
// doubling. The heap is process-wide, so growth from work running at the
// same time counts too; it takes as much memory as the limit, which the
// run's memory goal does not allow anyway. At each look it also calls
// stopped, which stops the evaluation when another policy of the project
// spent the budget meanwhile. It returns the function that ends the watch.
func watchHeap(limit int64, exceeded func(grown int64), stopped func() bool) (stop func()) {
	base := liveHeap()
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(heapSample)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			if stopped() {
				return
			}
			if grown := liveHeap() - base; grown > limit {
				exceeded(grown)
				return
			}
		}
	}()
	return func() {
		close(done)
		wg.Wait()
	}
}

var heapMetric = []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
var heapMu sync.Mutex

// liveHeap returns the bytes of live heap objects as the last collection
// marked them.
func liveHeap() int64 {
	heapMu.Lock()
	defer heapMu.Unlock()
	metrics.Read(heapMetric)
	return int64(heapMetric[0].Value.Uint64())
}
