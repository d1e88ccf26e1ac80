package cputime

import (
	"testing"
	"time"
)

// Used grows with the work the process does.
func TestUsedGrows(t *testing.T) {
	start, before := time.Now(), Used()
	x := 0
	for Used()-before < 20*time.Millisecond && time.Since(start) < 5*time.Second {
		for i := range 1_000_000 {
			x ^= i
		}
	}
	_ = x
	used, wall := Used()-before, time.Since(start)
	if used < 20*time.Millisecond {
		t.Fatalf("Used grew by %v over %v of busy work", used, wall)
	}
}
