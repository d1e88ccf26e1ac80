package policy

import (
	"runtime"
	"testing"
	"time"
)

// With every worker busy, a job still runs at once (on a goroutine of its
// own): forEachChunk may be called from inside a job, or by more projects
// than there are workers, and must never wait for a worker.
func TestWorkersNeverWait(t *testing.T) {
	pool := evalWorkers()
	release := make(chan struct{})
	defer close(release)
	done := make(chan struct{})
	go func() { // so a pool that blocks fails here, not at the test timeout
		for range runtime.GOMAXPROCS(0) + 1 {
			pool.run(func() { <-release })
		}
		pool.run(func() { close(done) })
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("a job waited for a busy worker")
	}
	// Nested chunks: a job that itself judges chunks finishes too.
	nested := make(chan error, 1)
	pool.run(func() {
		nested <- forEachChunk(4, func(int) error { return nil })
	})
	select {
	case err := <-nested:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("nested forEachChunk did not finish")
	}
}
