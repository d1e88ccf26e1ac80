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

func TestMappingKeyFollowsThePath(t *testing.T) {
	tpl := Parse("t.yaml", []byte(`Parameters:
  Env: {Type: String, AllowedValues: [dev, prod]}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Mappings:
  M:
    dev: {mem: 99999}
    prod: {mem: 1024}
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      MemorySize: !If [IsProd, !FindInMap [M, !Ref Env, mem], 128]
`))
	e := NewEvaluator(tpl, nil)
	v := e.Eval(tpl.Root.Get("Resources").Get("Fn").Get("Properties").Get("MemorySize"))
	for _, c := range v.Candidates() {
		if n, _ := c.AsNumber(); n == 99999 {
			t.Errorf("the dev entry cannot be reached when IsProd is true: %q", c.When)
		}
	}
	if got := len(v.Candidates()); got != 2 {
		t.Errorf("%d paths, want 2 (prod entry, and 128)", got)
	}
}

// A Fn::Sub with parts known only at deploy time keeps its template, with
// those parts as written and the known ones filled in, so a bucket's name
// and the ARN a policy builds from the same parts can be matched.
func TestSubKeepsItsTemplate(t *testing.T) {
	tpl := Parse("t.yaml", []byte(`Parameters:
  Suffix: {Type: String, Default: landing}
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "${AWS::StackName}-${Suffix}"
      Arn: !Sub "arn:${AWS::Partition}:s3:::${Bucket}/${!Literal}/*"
      Known: !Sub "${Suffix}-x"
`))
	e := NewEvaluator(tpl, nil)
	props := tpl.Root.Get("Resources").Get("Bucket").Get("Properties")
	for key, want := range map[string]string{
		"BucketName": "${AWS::StackName}-landing",
		"Arn":        "arn:${AWS::Partition}:s3:::${Bucket}/${Literal}/*",
	} {
		v := e.Eval(props.Get(key))
		if got, ok := v.Template(); !ok || got != want {
			t.Errorf("%s: template %q (%v), want %q", key, got, ok, want)
		}
	}
	if v := e.Eval(props.Get("Known")); v.IsKnown() {
		if _, ok := v.Template(); ok {
			t.Error("a known Fn::Sub has no template")
		}
	} else {
		t.Errorf("Known: %v, want a known string", v.State)
	}
}
