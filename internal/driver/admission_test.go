package driver

import (
	"testing"
	"time"
)

// entered reports whether a.enter(bytes) returns within a moment, and if
// not, leaves it waiting (the test ends with it).
func entered(a *admission, bytes int64) bool {
	done := make(chan struct{})
	go func() {
		a.enter(bytes)
		close(done)
	}()
	select {
	case <-done:
		return true
	case <-time.After(50 * time.Millisecond):
		return false
	}
}

// TestAdmission: par projects run whatever their size; past par, small
// ones while the bytes running stay within the allowance, up to
// smallFactor times par; without an allowance, par.
func TestAdmission(t *testing.T) {
	a := newAdmission(2, 10)
	for range 2 {
		if !entered(a, 100) {
			t.Fatal("two projects of any size must run at once with par 2")
		}
	}
	if entered(a, 1) {
		t.Fatal("a small project ran beside two large ones past the allowance")
	}
	a.leave(100) // the waiting one enters now
	time.Sleep(10 * time.Millisecond)
	a.mu.Lock()
	running := a.running
	a.mu.Unlock()
	if running != 2 {
		t.Fatalf("%d running after one left, want 2", running)
	}

	a = newAdmission(2, 10)
	for _, n := range []int64{1, 1, 3, 5} {
		if !entered(a, n) {
			t.Fatalf("a project of %d bytes waited", n)
		}
	}
	if entered(a, 1) {
		t.Fatal("a project past the allowance of bytes ran")
	}

	a = newAdmission(1, 1000)
	for i := range smallFactor {
		if !entered(a, 0) {
			t.Fatalf("project %d of %d waited", i+1, smallFactor)
		}
	}
	if entered(a, 0) {
		t.Fatalf("more than %d projects ran with par 1", smallFactor)
	}

	a = newAdmission(2, 0)
	for range 2 {
		if !entered(a, 0) {
			t.Fatal("without an allowance of bytes, par projects must run")
		}
	}
	if entered(a, 0) {
		t.Fatal("without an allowance of bytes, more than par projects ran")
	}
}

// TestPackageBytes: a project's files add up; one not known makes it too
// large to count as small.
func TestPackageBytes(t *testing.T) {
	size := func(name string) int64 {
		if name == "gone" {
			return -1
		}
		return int64(len(name))
	}
	if got := packageBytes(&Package{Files: []string{"ab", "cde"}}, size, 10); got != 5 {
		t.Errorf("two files = %d bytes, want 5", got)
	}
	if got := packageBytes(&Package{Files: []string{"ab", "gone"}}, size, 10); got != 11 {
		t.Errorf("a file not known = %d bytes, want past the allowance (11)", got)
	}
	if got := packageBytes(&Package{Files: []string{"ab"}}, size, 0); got != 0 {
		t.Errorf("without an allowance = %d, want 0", got)
	}
}
