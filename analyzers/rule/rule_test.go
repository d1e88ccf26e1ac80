package rule

import (
	"testing"

	"golang.org/x/tools/go/analysis"
)

// TestRegisterTwice: an id is one rule, except a user rule found again in
// another file (another configuration's definition, maybe with its own
// title or severity), which the directory keeps once; a user rule may not
// take a built-in rule's id.
func TestRegisterTwice(t *testing.T) {
	org := Meta{ID: "ORGT1", Title: "functions have an owner", Severity: Warning, Source: "a/policy/owner.rego"}
	if err := Register(org); err != nil {
		t.Fatal(err)
	}
	copyOf := org
	copyOf.Source = "b/policy/owner.rego"
	if err := Register(copyOf); err != nil {
		t.Errorf("the same user rule from another folder: %v", err)
	}
	other := copyOf
	other.Source, other.Severity = "c/policy/owner.rego", Error
	if err := Register(other); err != nil {
		t.Errorf("another configuration's definition of a user rule: %v", err)
	}
	if m, _ := Lookup("ORGT1"); m != org {
		t.Errorf("the directory holds %+v, want the first definition", m)
	}
	if err := Register(Meta{ID: "LVT90", Title: "built in", Severity: Error, Source: "rego"}); err != nil {
		t.Fatal(err)
	}
	if err := Register(Meta{ID: "LVT90", Title: "built in", Severity: Error, Source: "mine/lvt90.rego"}); err == nil {
		t.Error("a user rule took a built-in rule's id")
	}
}

// TestMetaOf: an analyzer carries its own rule's metadata, whatever the
// directory holds for the id; one without falls back to the directory.
func TestMetaOf(t *testing.T) {
	first := Meta{ID: "ORGT2", Title: "first", Severity: Warning, Source: "a/x.rego"}
	second := Meta{ID: "ORGT2", Title: "second", Severity: Error, Source: "b/x.rego"}
	for _, m := range []Meta{first, second} {
		if err := Register(m); err != nil {
			t.Fatal(err)
		}
	}
	a := Attach(&analysis.Analyzer{Name: "ORGT2"}, first)
	b := Attach(&analysis.Analyzer{Name: "ORGT2"}, second)
	if m, ok := MetaOf(a); !ok || m != first {
		t.Errorf("MetaOf(a) = %+v, want %+v", m, first)
	}
	if m, ok := MetaOf(b); !ok || m != second {
		t.Errorf("MetaOf(b) = %+v, want %+v", m, second)
	}
	if m, ok := MetaOf(&analysis.Analyzer{Name: "ORGT2"}); !ok || m != first {
		t.Errorf("an analyzer with nothing attached: %+v, want the directory's %+v", m, first)
	}
}
