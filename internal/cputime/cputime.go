// Package cputime tells tests how much processor time the process has used.
// Tests that hold work to a time bound measure processor time rather than
// wall time: go test runs other packages beside them, and on a loaded
// machine a case that takes under a second alone took five of wall time.
package cputime

import (
	"syscall"
	"time"
)

// Used returns the user and system time the process has used, or 0 where
// the system does not say.
func Used() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
