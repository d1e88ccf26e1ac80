package rule

import (
	"testing"

	"golang.org/x/tools/go/analysis"
)

// TestRegisterTwice: an id is one rule, whatever defines it.
func TestRegisterTwice(t *testing.T) {
	if err := Register(Meta{ID: "LVT90", Title: "built in", Severity: Error, Source: "rego"}); err != nil {
		t.Fatal(err)
	}
	if err := Register(Meta{ID: "LVT90", Title: "built in", Severity: Error, Source: "rego"}); err != nil {
		t.Errorf("the same rule again (policies load once per configuration): %v", err)
	}
	if err := Register(Meta{ID: "LVT90", Title: "built in", Severity: Error, Source: "go"}); err == nil {
		t.Error("a Go rule took a Rego rule's id")
	}
}

// TestMetaOf: an analyzer carries its own rule's metadata, whatever the
// directory holds for the id; one without falls back to the directory.
func TestMetaOf(t *testing.T) {
	first := Meta{ID: "ORGT2", Title: "first", Severity: Warning, Source: "a/x.rego"}
	second := Meta{ID: "ORGT2", Title: "second", Severity: Error, Source: "b/x.rego"}
	a := Attach(&analysis.Analyzer{Name: "ORGT2"}, first)
	b := Attach(&analysis.Analyzer{Name: "ORGT2"}, second)
	if m, ok := MetaOf(a); !ok || m != first {
		t.Errorf("MetaOf(a) = %+v, want %+v", m, first)
	}
	if m, ok := MetaOf(b); !ok || m != second {
		t.Errorf("MetaOf(b) = %+v, want %+v", m, second)
	}
	if _, ok := MetaOf(&analysis.Analyzer{Name: "ORGT2"}); ok {
		t.Error("a user rule's metadata from the directory, which holds the built-in rules only")
	}
	builtin := Meta{ID: "LVT91", Title: "built in", Severity: Error, Source: "go"}
	if err := Register(builtin); err != nil {
		t.Fatal(err)
	}
	if m, ok := MetaOf(&analysis.Analyzer{Name: "LVT91"}); !ok || m != builtin {
		t.Errorf("an analyzer with nothing attached: %+v, want the directory's %+v", m, builtin)
	}
}
