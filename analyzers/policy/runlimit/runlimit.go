// Package runlimit bounds the time Rego policies take over a whole run, not
// only over one project. Each project's policies share its budget's
// PolicyTime; without a bound for the run, N projects with a slow policy
// would cost N times that. The driver makes one Meter per run and binds it,
// with the run's context, to each project's package; the policy bridge
// reads both back. The package has no OPA dependency, so the driver does
// not link OPA to use it.
package runlimit

import (
	"context"
	"go/types"
	"sync"
	"time"
)

// Factor sizes a run's allowance: a run's policies may be busy for this
// many times the largest PolicyTime of its projects. One project may take
// its whole PolicyTime, and a second slow one the same, but no more: with
// policies that take milliseconds per project (the built-in ones do), the
// allowance still covers thousands of projects, while a policy that is
// slow on every input stops the run's policy phase after two projects'
// worth of time instead of running on for every project.
const Factor = 2

// Meter is a run's allowance of policy time, measured as the wall-clock
// time during which at least one policy evaluation runs: evaluations that
// run at the same time spend it together, so the allowance bounds how long
// the run waits for policies, whatever the parallelism. A nil Meter allows
// everything.
type Meter struct {
	limit time.Duration
	now   func() time.Time

	mu     sync.Mutex
	busy   time.Duration // spent in busy intervals that ended
	active int
	since  time.Time // start of the current busy interval
}

// NewMeter returns a meter that allows limit of policy time.
func NewMeter(limit time.Duration) *Meter {
	return &Meter{limit: limit, now: time.Now}
}

// Limit returns the run's allowance.
func (m *Meter) Limit() time.Duration {
	if m == nil {
		return 0
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.limit
}

// Grant adds d to the run's allowance: a project grants what its size
// legitimately costs (the policy bridge grants a little per function), so
// a run of many or large projects is not cut short while a slow policy
// still is.
func (m *Meter) Grant(d time.Duration) {
	if m == nil || d <= 0 {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.limit += d
}

// Start records that an evaluation begins and returns the time it must end
// by for the run to stay within its allowance, and the function to call
// when it ends. The deadline is exact: while this evaluation runs, the
// run's busy time grows at the rate of the clock.
func (m *Meter) Start() (deadline time.Time, stop func()) {
	if m == nil {
		return time.Time{}, func() {}
	}
	m.mu.Lock()
	now := m.now()
	if m.active == 0 {
		m.since = now
	}
	m.active++
	spent := m.busy + now.Sub(m.since)
	limit := m.limit
	m.mu.Unlock()
	var once sync.Once
	return now.Add(limit - spent), func() {
		once.Do(func() {
			m.mu.Lock()
			defer m.mu.Unlock()
			m.active--
			if m.active == 0 {
				m.busy += m.now().Sub(m.since)
			}
		})
	}
}

type binding struct {
	ctx   context.Context
	meter *Meter
}

var bound sync.Map // *types.Package → binding

// Bind makes ctx and m what the policies of the project whose package is
// pkg evaluate under, until release is called.
func Bind(ctx context.Context, pkg *types.Package, m *Meter) (release func()) {
	bound.Store(pkg, binding{ctx: ctx, meter: m})
	return func() { bound.Delete(pkg) }
}

// For returns the context and the meter bound to pkg: context.Background()
// and nil when the project was analyzed by another driver (a test's).
func For(pkg *types.Package) (context.Context, *Meter) {
	if b, ok := bound.Load(pkg); ok {
		b := b.(binding)
		return b.ctx, b.meter
	}
	return context.Background(), nil
}
