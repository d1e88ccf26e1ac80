package main

import (
	"math"
	"os"
	"runtime/debug"
	"sync"

	"github.com/lambdavet/lambdavet/internal/driver"
)

// largeProject is the size of a project's files from which its model
// (thirteen times its text for a dense template, more for many small
// functions) is most of the heap, so the collector's headroom costs more
// memory than its extra work costs time.
const largeProject = 4 << 20

// largeProjectGC is the collector's target (GOGC) for a run with a large
// project.
const largeProjectGC = 50

// smallProject is the size under which every project of a run must stay
// for the collector to run at smallProjectsGC: such a run holds a project
// or two at a time, released once reported, so its live heap is a few
// megabytes and the default target collected every few megabytes of
// garbage.
const smallProject = 1 << 20

// smallProjectsGC is the collector's target for a run of small projects:
// off (-1), so it collects only as the heap nears smallProjectsLimit. Such
// a run's live heap is a few megabytes, which a target multiplies while
// every collection marks it again and, on two processors, takes the idle
// one with it: at a target of 400, 120 SAM templates collected three
// times, for a sixth of the run's processor time (the median of 18 runs:
// 140 ms against 122 ms off). The default target, against 400 on the
// shared corpus (2,135 files): 8.1 s against 6.4 s of processor time,
// peak RSS 88 against 186 MB.
const smallProjectsGC = -1

// smallProjectsLimit is the soft memory limit (GOMEMLIMIT) that goes with
// smallProjectsGC: the collector runs as the heap nears it, so a run of
// small projects never holds more than this. Such a run's live heap is
// the projects in flight plus a few hundred bytes per project done (the
// discovery list, the slim results), a few megabytes at 10,000
// templates. At 128 MB with the collector off, 10,000 one-function
// templates take 4.3-4.9 s and peak at 140 MB of RSS, against 4.6-5.4 s
// and 111 MB at a target of 400 under the same limit; 120 SAM templates
// never collect (61 MB). A larger limit bought no time at a target of
// 400 (10,000 templates peaked at 197-209 MB at 512 MB, for the same
// time).
const smallProjectsLimit = 128 << 20

// defaultGC is the runtime's own target (GOGC), which a run whose largest
// project is of middle size keeps.
const defaultGC = 100

// noMemoryLimit is the runtime's own soft memory limit: none.
const noMemoryLimit = math.MaxInt64

// gcFromEnvironment reports whether GOGC or GOMEMLIMIT is set, which then
// decide the collector alone.
func gcFromEnvironment() bool {
	return os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != ""
}

// startGC sets the collector for what every run does before it reads a
// file: parse and compile the policies, a few megabytes of live heap that
// the default target collected five times over (a fifth of start-up's
// processor time). It is smallProjectsGC under smallProjectsLimit, as for
// a run of small projects, and stays between lints; tuneGC sets what each
// lint's projects need and puts it back, and leaveStartGC ends it.
func startGC() {
	if gcFromEnvironment() {
		return
	}
	startedGC = true
	debug.SetGCPercent(smallProjectsGC)
	debug.SetMemoryLimit(smallProjectsLimit)
}

// startedGC says startGC set the collector.
var startedGC bool

// leaveStartGC puts the runtime's own collector setting back, for a run
// that holds every project's model after its lint (-dump-model, until it
// writes them): the start-up soft limit under a large one's live heap
// made -dump-model of a 20,000-function template take 21 s instead of 12.
// Other runs keep start-up's setting to the end, since changing it makes
// the runtime collect at once.
func leaveStartGC() {
	if !startedGC {
		return
	}
	startedGC = false
	debug.SetGCPercent(defaultGC)
	debug.SetMemoryLimit(noMemoryLimit)
}

// gcPercentFor returns the GOGC to lint pkgs with, or 0 to leave the
// collector as it is. The default (100) lets the heap grow to twice what
// is live before collecting, which for a large project is twice a model
// held from load to report, so an 8.5 MB template peaked at 400 MB (47
// times its size). At 50 it peaks at 310 MB, for about a tenth more
// processor time (collections twice as often, each as long). Between the
// two sizes the default stays: 20,000 small functions in 3.6 MB took a
// third more time at 50 to save 40 MB. A run of small projects only
// collects garbage, so it gets smallProjectsGC. GOGC or GOMEMLIMIT in the
// environment win. size returns a file's size (-1 when unknown).
func gcPercentFor(pkgs []*driver.Package, size func(string) int64) int {
	if gcFromEnvironment() {
		return 0
	}
	largest := int64(0)
	for _, p := range pkgs {
		var total int64
		for _, f := range p.Files {
			total += max(size(f), 0)
		}
		largest = max(largest, total)
	}
	switch {
	case largest >= largeProject:
		return largeProjectGC
	case largest >= smallProject:
		return defaultGC
	}
	return smallProjectsGC
}

// tuneGC sets the collector's target for pkgs (gcPercentFor) and returns
// the function that restores it, so a run in a test leaves the process as
// it found it. size gives the size of a file as the run reads it
// (fileSizes).
func tuneGC(pkgs []*driver.Package, size func(string) int64) (restore func()) {
	p := gcPercentFor(pkgs, size)
	if p == 0 {
		return func() {}
	}
	// Only small projects go with a soft limit: a large project's model is
	// held from load to report, and a limit below twice its live heap
	// would have the collector run without end.
	limit := int64(noMemoryLimit)
	if p == smallProjectsGC {
		limit = smallProjectsLimit
	}
	oldLimit := debug.SetMemoryLimit(limit)
	old := debug.SetGCPercent(p)
	return func() {
		debug.SetGCPercent(old)
		debug.SetMemoryLimit(oldLimit)
	}
}

// fileSizes returns the size of a file as the run will read it (-1 when
// unknown): through readFile when it is set (standard input), else from
// the file system. Each file is measured once: the collector's tuning and
// the driver's admission of small projects both ask.
func fileSizes(readFile func(string) ([]byte, error)) func(string) int64 {
	var mu sync.Mutex
	known := map[string]int64{}
	measure := func(name string) int64 {
		if readFile != nil {
			b, err := readFile(name)
			if err != nil {
				return -1
			}
			return int64(len(b))
		}
		return driver.FileSize(name)
	}
	return func(name string) int64 {
		mu.Lock()
		defer mu.Unlock()
		n, ok := known[name]
		if !ok {
			n = measure(name)
			known[name] = n
		}
		return n
	}
}
