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
	done := make(chan error, 1)
	go func() { // so a pool that blocks fails here, not at the test timeout
		for range runtime.GOMAXPROCS(0) + 1 {
			pool.run(func() { <-release })
		}
		pool.run(func() { done <- nil })
	}()
	waitFor(t, done, "a job behind busy workers")
	// A job that itself judges chunks finishes too.
	pool.run(func() { done <- forEachChunk(4, func(int) error { return nil }) })
	waitFor(t, done, "nested forEachChunk")
}

// waitFor fails the test unless done delivers a nil error within 10 s.
func waitFor(t *testing.T, done <-chan error, what string) {
	t.Helper()
	timer := time.NewTimer(10 * time.Second)
	defer timer.Stop()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	case <-timer.C:
		t.Fatalf("%s did not finish: it waited for a busy worker", what)
	}
}
