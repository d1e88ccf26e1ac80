package runlimit

import (
	"testing"
	"time"
)

// Evaluations that overlap spend the run's allowance together: the
// allowance is wall-clock time with at least one evaluation running.
func TestMeterCountsBusyTime(t *testing.T) {
	now := time.Unix(0, 0)
	m := NewMeter(10 * time.Second)
	m.now = func() time.Time { return now }
	d1, stop1 := m.Start()
	now = now.Add(2 * time.Second)
	d2, stop2 := m.Start()
	if !d1.Equal(time.Unix(10, 0)) || !d2.Equal(time.Unix(10, 0)) {
		t.Fatalf("deadlines %v %v, want both at 10s", d1, d2)
	}
	now = now.Add(3 * time.Second)
	stop1()
	stop2()
	now = now.Add(time.Hour) // idle time is not policy time
	d3, stop3 := m.Start()
	defer stop3()
	if want := now.Add(5 * time.Second); !d3.Equal(want) {
		t.Errorf("deadline after 5s busy: %v, want %v", d3, want)
	}
	var nilMeter *Meter
	if d, stop := nilMeter.Start(); !d.IsZero() {
		t.Errorf("a nil meter has no deadline, got %v", d)
	} else {
		stop()
	}
}

// A project's size grants the run more time: many large projects are not
// cut short by the allowance meant to stop slow policies.
func TestMeterGrant(t *testing.T) {
	now := time.Unix(0, 0)
	m := NewMeter(10 * time.Second)
	m.now = func() time.Time { return now }
	m.Grant(5 * time.Second)
	m.Grant(-time.Second) // nothing is taken back
	if got := m.Limit(); got != 15*time.Second {
		t.Fatalf("limit %v, want 15s", got)
	}
	d, stop := m.Start()
	defer stop()
	if !d.Equal(time.Unix(15, 0)) {
		t.Errorf("deadline %v, want at 15s", d)
	}
	var nilMeter *Meter
	nilMeter.Grant(time.Second)
}
