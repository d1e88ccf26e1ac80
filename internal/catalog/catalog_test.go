package catalog

import (
	"regexp"
	"slices"
	"testing"
)

func TestIDs(t *testing.T) {
	if !slices.IsSorted(IDs) {
		t.Error("IDs must stay sorted for Has")
	}
	id := regexp.MustCompile(`^LV[0-9]{3}$`)
	for i, x := range IDs {
		if !id.MatchString(x) || (i > 0 && IDs[i-1] == x) {
			t.Errorf("bad or repeated id %q", x)
		}
	}
	for _, x := range []string{"LV001", "LV109", "LV202", "LV306", "LV507"} {
		if !Has(x) {
			t.Errorf("Has(%s) = false", x)
		}
	}
	for _, x := range []string{"LV116", "LV1O1", "lv101", "ORG001", ""} {
		if Has(x) {
			t.Errorf("Has(%q) = true", x)
		}
	}
}
