// Package cputime tells tests and benchmarks how much processor time the
// process has used. Tests that hold work to a time bound measure
// processor time rather than wall time: go test runs other packages beside
// them, and on a loaded machine a case that takes under a second alone
// took five of wall time.
package cputime
