package rule

import "testing"

// TestRegisterTwice: an id is one rule; only a user rule found again in
// another file, with the same title and severity, may be registered twice.
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
	if err := Register(other); err == nil {
		t.Error("a user rule of the same id with another severity was accepted")
	}
	if err := Register(Meta{ID: "LVT90", Title: "built in", Severity: Error, Source: "rego"}); err != nil {
		t.Fatal(err)
	}
	if err := Register(Meta{ID: "LVT90", Title: "built in", Severity: Error, Source: "mine/lvt90.rego"}); err == nil {
		t.Error("a user rule took a built-in rule's id")
	}
}
