package policy

import (
	"testing"
	"time"
)

// TestStoreData checks what policies see under data.lambdavet: the
// embedded runtime lifecycle, the configuration as given, and the date.
func TestStoreData(t *testing.T) {
	config := func(opts Options) map[string]any {
		t.Helper()
		data, err := storeData(opts)
		if err != nil {
			t.Fatal(err)
		}
		lv := data["lambdavet"].(map[string]any)
		runtimes, _ := lv["runtimes"].(map[string]any)
		if _, ok := runtimes["runtimes"].(map[string]any)["python3.14"]; !ok {
			t.Errorf("data.lambdavet.runtimes lacks python3.14: %v", runtimes)
		}
		return lv["config"].(map[string]any)
	}

	day := time.Date(2027, time.January, 1, 15, 4, 5, 0, time.UTC)
	if got := config(Options{Now: day})["now"]; got != "2027-01-01" {
		t.Errorf("now = %v, want 2027-01-01", got)
	}
	if got := config(Options{})["now"]; got != time.Now().Format(time.DateOnly) {
		t.Errorf("now = %v, want today", got)
	}

	// organization data is kept and only added to; an explicit date wins
	// over one in Data
	limits := map[string]any{"memory_max": 3008}
	c := config(Options{Data: map[string]any{"limits": limits, "now": "2030-01-01"}})
	if c["now"] != "2030-01-01" || c["limits"] == nil {
		t.Errorf("config = %v, want limits kept and now 2030-01-01", c)
	}
	if got := config(Options{Data: map[string]any{"now": "2030-01-01"}, Now: day})["now"]; got != "2027-01-01" {
		t.Errorf("now = %v, want the Now option", got)
	}
	opts := Options{Data: map[string]any{"limits": limits}}
	config(opts)
	if _, added := opts.Data["now"]; added {
		t.Error("storeData changed the caller's Data")
	}
}
