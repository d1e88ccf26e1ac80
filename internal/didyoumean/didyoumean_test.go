package didyoumean

import "testing"

func TestSuggest(t *testing.T) {
	ids := []string{"LV101", "LV102", "LV202"}
	for in, want := range map[string]string{"LV1O1": "LV101", "lv202": "LV202", "LV9": "", "fail-on": ""} {
		if got := Suggest(in, ids); got != want {
			t.Errorf("Suggest(%q) = %q, want %q", in, got, want)
		}
	}
	if d := Distance("kitten", "sitting"); d != 3 {
		t.Errorf("Distance = %d, want 3", d)
	}
}

// TestTranspositionIsOneEdit checks that swapped characters win over two
// substitutions: LV230 is LV203 with two digits swapped, while LV201 (first
// in the list, and two substitutions away) used to be suggested.
func TestTranspositionIsOneEdit(t *testing.T) {
	ids := []string{"LV201", "LV202", "LV203", "LV204"}
	if got := Suggest("LV230", ids); got != "LV203" {
		t.Errorf("Suggest(LV230) = %q, want LV203", got)
	}
	if got := Suggest("foramt", []string{"fail-on", "format"}); got != "format" {
		t.Errorf("Suggest(foramt) = %q, want format", got)
	}
	for _, c := range []struct {
		a, b string
		want int
	}{{"ab", "ba", 1}, {"LV230", "LV203", 1}, {"LV230", "LV201", 2}, {"abc", "ca", 3}, {"", "abc", 3}, {"same", "same", 0}} {
		if d := Distance(c.a, c.b); d != c.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", c.a, c.b, d, c.want)
		}
	}
}
