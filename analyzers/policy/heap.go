package policy

import (
	"runtime"
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
// builds. The heap is process-wide, so the watch is conservative: it fires
// only when the heap has grown by more than limit since the evaluation
// began and, after a forced collection (garbage is no cost), the live heap
// is still that much larger. Growth from work running at the same time is
// counted too; it takes as much memory as the limit, which the run's
// memory goal does not allow anyway. At each look it also calls stopped,
// which stops the evaluation when another policy of the project spent the
// budget meanwhile. It returns the function that ends the watch.
func watchHeap(limit int64, exceeded func(grown int64), stopped func() bool) (stop func()) {
	base := heapObjects()
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
			if heapObjects()-base <= limit {
				continue
			}
			runtime.GC()
			if grown := heapObjects() - base; grown > limit {
				exceeded(grown)
				return
			}
			// Garbage only: the collection moved the heap down, so look
			// from there.
			base = min(base, heapObjects())
		}
	}()
	return func() {
		close(done)
		wg.Wait()
	}
}

var heapMetric = []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
var heapMu sync.Mutex

// heapObjects returns the bytes of heap objects, live or not yet swept.
func heapObjects() int64 {
	heapMu.Lock()
	defer heapMu.Unlock()
	metrics.Read(heapMetric)
	return int64(heapMetric[0].Value.Uint64())
}
