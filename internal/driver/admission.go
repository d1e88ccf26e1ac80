package driver

import (
	"os"
	"sync"
)

// smallFactor bounds the projects that run at once, small ones included,
// at this many times the run's parallelism: enough for the built-in
// policies to gather several projects per evaluation while two or more
// evaluate, few enough that the goroutines in flight stay cheap. Against
// 8, on 2 processors: the shared corpus 1.72 s of processor time against
// 1.88, 10,000 one-function templates 4.6 s against 6.0 (peak RSS 124
// against 115 MB); 32 gave no more.
const smallFactor = 16

// admission decides when the next project may start (Options.SmallBytes):
// while fewer than par run, or while the small ones running and it fit in
// smallBytes.
type admission struct {
	mu      sync.Mutex
	cond    *sync.Cond
	par     int
	most    int
	budget  int64
	running int
	bytes   int64
}

// maxSmallBytes bounds Options.SmallBytes, so the bytes counted (one past
// it for a project not known) never overflow.
const maxSmallBytes = 1 << 50

func newAdmission(par int, smallBytes int64) *admission {
	smallBytes = min(smallBytes, maxSmallBytes)
	a := &admission{par: par, most: par, budget: smallBytes}
	if smallBytes > 0 {
		a.most = par * smallFactor
	}
	a.cond = sync.NewCond(&a.mu)
	return a
}

// enter waits until a project of size bytes (packageBytes) may start.
func (a *admission) enter(bytes int64) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for !a.fits(bytes) {
		a.cond.Wait()
	}
	a.running++
	a.bytes += bytes
}

func (a *admission) fits(bytes int64) bool {
	if a.running < a.par {
		return true
	}
	return a.running < a.most && a.bytes+bytes <= a.budget
}

// leave ends a project that entered with bytes.
func (a *admission) leave(bytes int64) {
	a.mu.Lock()
	a.running--
	a.bytes -= bytes
	a.mu.Unlock()
	a.cond.Broadcast()
}

// packageBytes is what a project counts against the small projects'
// bytes: the size of its files, or more than the whole allowance when one
// is not known (it then runs only as one of the par).
func packageBytes(p *Package, size func(string) int64, budget int64) int64 {
	if budget <= 0 {
		return 0
	}
	var total int64
	for _, f := range p.Files {
		n := size(f)
		if n < 0 {
			return budget + 1
		}
		total += n
	}
	return total
}

// FileSize is the size of a regular file, -1 for anything else: what
// Options.Size gives when nil.
func FileSize(name string) int64 {
	fi, err := os.Stat(name)
	if err != nil || !fi.Mode().IsRegular() {
		return -1
	}
	return fi.Size()
}
