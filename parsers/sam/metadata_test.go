package sam

import "testing"

// TestMetadataKept checks that a resource's Metadata attribute reaches the
// model with positions, since suppressions are read from it.
func TestMetadataKept(t *testing.T) {
	p := loadOne(t, `Resources:
  Fn:
    Type: AWS::Lambda::Function
    Metadata:
      lambdavet:
        ignore:
          - rule: LV202
            reason: talks to a private RDS
    Properties:
      MemorySize: 512
  Bare:
    Type: AWS::SNS::Topic
`, nil)
	if len(p.Resources) != 2 {
		t.Fatalf("want 2 resources, got %d", len(p.Resources))
	}
	rule := p.Resources[0].Metadata.Path("lambdavet", "ignore")
	if rule == nil || len(rule.List) != 1 {
		t.Fatalf("Metadata.lambdavet.ignore = %#v, want a one-item list", rule)
	}
	id := rule.List[0].Get("rule")
	if s, _ := id.AsString(); s != "LV202" || id.Range.Start.Line != 7 {
		t.Errorf("rule = %q at line %d, want LV202 at line 7", s, id.Range.Start.Line)
	}
	if p.Resources[1].Metadata.IsSet() {
		t.Errorf("a resource without Metadata has %#v", p.Resources[1].Metadata)
	}
}
