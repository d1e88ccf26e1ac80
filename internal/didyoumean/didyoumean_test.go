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
