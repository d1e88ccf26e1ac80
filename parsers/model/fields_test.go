package model

import (
	"fmt"
	"testing"
)

// TestMapFields: Set keeps first-insertion order and replaces in place,
// Field finds every key below and above the size from which keys are
// indexed, and MapValues leaves the original alone.
func TestMapFields(t *testing.T) {
	for _, n := range []int{0, 1, indexFrom, indexFrom + 1, 3 * indexFrom} {
		m := NewMap(Range{})
		for i := range n {
			m.Set(fmt.Sprint("k", i), NewNumber(float64(i), Range{}))
		}
		if n > 0 {
			m.Set("k0", NewString("again", Range{})) // replaces, keeps the place
		}
		if len(m.Keys) != n {
			t.Fatalf("%d keys: Keys = %v", n, m.Keys)
		}
		for i, k := range m.Keys {
			if k != fmt.Sprint("k", i) || m.Field(k) != m.FieldAt(i) || m.Get(k) != m.FieldAt(i) {
				t.Errorf("%d keys: key %d is %q, Field %v, FieldAt %v", n, i, k, m.Field(k), m.FieldAt(i))
			}
		}
		if n > 0 {
			if s, _ := m.Field("k0").AsString(); s != "again" {
				t.Errorf("%d keys: k0 = %v after it was set again", n, m.Field("k0"))
			}
		}
		if m.Field("missing") != nil || m.Dig("missing").State != Absent {
			t.Errorf("%d keys: a missing key is found", n)
		}
		doubled := m.MapValues(func(v *Value) *Value {
			x, _ := v.AsNumber()
			return NewNumber(2*x, Range{})
		})
		doubled.Set("extra", NewNull(Range{}))
		if m.Field("extra") != nil || len(m.Keys) != n || len(doubled.Keys) != n+1 {
			t.Errorf("%d keys: a field set on the copy shows in the original", n)
		}
		if n > 2 {
			if x, _ := doubled.Field("k2").AsNumber(); x != 4 {
				t.Errorf("%d keys: the copy's k2 = %v, want 4", n, doubled.Field("k2"))
			}
		}
	}
}
