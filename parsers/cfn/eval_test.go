package cfn

import "testing"

// Conditions on one parameter exclude each other: with AllowedValues
// [dev, prod], "IsProd is false and IsDev is false" cannot happen, nor can
// both be true.
func TestImpossiblePathsAreDropped(t *testing.T) {
	tpl := Parse("t.yaml", []byte(`Parameters:
  Env: {Type: String, AllowedValues: [dev, prod]}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Equals [dev, !Ref Env]
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Timeout: !If [IsProd, 30, !If [IsDev, 60, 1000]]
      MemorySize: !If [IsProd, !If [IsDev, 99999, 256], 512]
`))
	e := NewEvaluator(tpl, nil)
	props := tpl.Root.Get("Resources").Get("Fn").Get("Properties")
	for key, want := range map[string][]float64{"Timeout": {30, 60}, "MemorySize": {256, 512}} {
		var got []float64
		for _, c := range e.Eval(props.Get(key)).Candidates() {
			n, _ := c.AsNumber()
			got = append(got, n)
		}
		if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
			t.Errorf("%s paths %v, want %v", key, got, want)
		}
	}
}
