//go:build !unix

package cputime

import "time"

// Used returns 0: this system's processor time is not read here.
func Used() time.Duration { return 0 }
