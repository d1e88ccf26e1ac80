package sam

import (
	"strings"
	"testing"

	"github.com/lambdavet/lambdavet/parsers/model"
)

func loadOne(t *testing.T, src string, params map[string]string) *model.Project {
	t.Helper()
	p, ok := Load("template.yaml", []byte(src), Options{Parameters: params})
	if !ok {
		t.Fatal("not recognised as a template")
	}
	for _, e := range p.Errors {
		t.Errorf("load error: %v", e)
	}
	return p
}

func function(t *testing.T, p *model.Project, name string) *model.Function {
	t.Helper()
	for _, f := range p.Functions {
		if f.Name() == name {
			return f
		}
	}
	t.Fatalf("no function %s", name)
	return nil
}

func TestGlobalsMerge(t *testing.T) {
	p := loadOne(t, `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Timeout: 30
    MemorySize: 256
    Layers: [g1, g2]
    Environment:
      Variables: {A: global, B: global}
    VpcConfig:
      SubnetIds: [subnet-1]
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      MemorySize: 512
      Layers: [l1]
      Environment:
        Variables: {B: local, C: local}
      VpcConfig:
        SecurityGroupIds: [sg-1]
  Image:
    Type: AWS::Serverless::Function
    IgnoreGlobals: [Layers, Timeout]
    Properties:
      PackageType: Image
  Alone:
    Type: AWS::Serverless::Function
    IgnoreGlobals: "*"
    Properties:
      Handler: app.handler
`, nil)
	fn := function(t, p, "Fn")
	if n, _ := fn.MemorySize.AsNumber(); n != 512 {
		t.Errorf("MemorySize %v, want the function's 512", n)
	}
	if n, _ := fn.Timeout.AsNumber(); n != 30 || fn.Timeout.Origin.String() != "Globals" || fn.Timeout.Range.Start.Line != 4 {
		t.Errorf("Timeout %v from %q at line %d, want 30 from Globals at line 4", n, fn.Timeout.Origin, fn.Timeout.Range.Start.Line)
	}
	var layers []string
	for _, l := range fn.Layers.List {
		s, _ := l.AsString()
		layers = append(layers, s)
	}
	if got := len(layers); got != 3 || layers[0] != "g1" || layers[2] != "l1" {
		t.Errorf("Layers %v, want [g1 g2 l1]", layers)
	}
	env := map[string]string{}
	for i, k := range fn.Environment.Keys {
		env[k], _ = fn.Environment.FieldAt(i).AsString()
	}
	if env["A"] != "global" || env["B"] != "local" || env["C"] != "local" {
		t.Errorf("Variables %v, want A from Globals, B and C from the function", env)
	}
	if fn.VpcConfig.Get("SubnetIds") == nil || fn.VpcConfig.Get("SecurityGroupIds") == nil {
		t.Errorf("VpcConfig maps not merged: %v", fn.VpcConfig.Keys)
	}
	img := function(t, p, "Image")
	if img.Layers.IsSet() || img.Timeout.IsSet() {
		t.Error("IgnoreGlobals [Layers, Timeout] not honoured")
	}
	if !img.MemorySize.IsSet() {
		t.Error("IgnoreGlobals dropped MemorySize, which it does not name")
	}
	if alone := function(t, p, "Alone"); alone.MemorySize.IsSet() {
		t.Error(`IgnoreGlobals "*" not honoured`)
	}
}

func TestParameterOverrideAndPseudoParameters(t *testing.T) {
	src := `Parameters:
  Mem: {Type: Number, Default: 512}
Mappings:
  Region:
    us-east-1: {Mem: 1024}
    eu-west-1: {Mem: 2048}
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      MemorySize: !Ref Mem
      Timeout: !FindInMap [Region, !Ref "AWS::Region", Mem]
`
	p := loadOne(t, src, map[string]string{"Mem": "4096", "AWS::Region": "eu-west-1"})
	fn := function(t, p, "Fn")
	if n, _ := fn.MemorySize.AsNumber(); n != 4096 || fn.MemorySize.Range.Start.Line != 11 {
		t.Errorf("MemorySize %v at line %d, want the -param value 4096 placed at the !Ref (line 11)", n, fn.MemorySize.Range.Start.Line)
	}
	if n, _ := fn.Timeout.AsNumber(); n != 2048 || fn.Timeout.Range.Start.Line != 6 {
		t.Errorf("Timeout %v at line %d, want 2048 from the eu-west-1 mapping entry (line 6)", n, fn.Timeout.Range.Start.Line)
	}
	p = loadOne(t, src, nil)
	fn = function(t, p, "Fn")
	if got := len(fn.Timeout.Candidates()); fn.Timeout.State != model.Conditional || got != 2 {
		t.Errorf("with AWS::Region unknown the mapping lookup should give one path per region, got %s with %d", fn.Timeout.State, got)
	}
}

func TestUnknownsStayUnknown(t *testing.T) {
	p := loadOne(t, `Parameters:
  NoDefault: {Type: Number}
  FromSSM: {Type: "AWS::SSM::Parameter::Value<String>", Default: /lambda/memory}
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      MemorySize: !Ref NoDefault
      Timeout: !ImportValue shared-timeout
      EphemeralStorage: {Size: !Ref FromSSM}
      Environment:
        Variables:
          URL: !Sub "https://${Api}.execute-api.${AWS::Region}.amazonaws.com"
  Api:
    Type: AWS::ApiGateway::RestApi
`, nil)
	fn := function(t, p, "Fn")
	for name, v := range map[string]*model.Value{"MemorySize": fn.MemorySize, "Timeout": fn.Timeout, "EphemeralStorage": fn.EphemeralStorage} {
		if v.State != model.Unknown {
			t.Errorf("%s is %s, want unknown", name, v.State)
		}
	}
	url := fn.Environment.Get("URL")
	if url.State != model.Unknown || len(url.Refs) != 1 || url.Refs[0].Resource != "Api" {
		t.Errorf("URL should be unknown and still refer to Api, got %s %v", url.State, url.Refs)
	}
	if len(fn.EnvironmentSizes) != 1 || fn.EnvironmentSizes[0].Exact {
		t.Error("environment size cannot be exact with an unknown value")
	}
}

func TestEnvironmentSize(t *testing.T) {
	p := loadOne(t, `Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Environment:
        Variables:
          A: "1"
          B: 2
          "é": "<&>"
`, nil)
	fn := function(t, p, "Fn")
	// {"A":"1","B":"2","é":"<&>"}: é is two bytes in UTF-8, <&> is not escaped.
	if want := len(`{"A":"1","B":"2","é":"<&>"}`); len(fn.EnvironmentSizes) != 1 || fn.EnvironmentSizes[0].Bytes != want || !fn.EnvironmentSizes[0].Exact {
		t.Errorf("sizes %+v, want one of %d bytes, exact", fn.EnvironmentSizes, want)
	}
}

func TestEnvironmentSizePerPath(t *testing.T) {
	p := loadOne(t, `Parameters:
  Big: {Type: String, Default: xxxxxxxxxx}
  Stage: {Type: String}
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Environment:
        Variables:
          A: !If [IsProd, aaaaaaaa, a]
          B: !If [IsProd, b, bbbb]
          C: !Ref Big
`, nil)
	fn := function(t, p, "Fn")
	if len(fn.EnvironmentSizes) != 2 {
		t.Fatalf("want one size per IsProd path, got %+v", fn.EnvironmentSizes)
	}
	prod, other := fn.EnvironmentSizes[0], fn.EnvironmentSizes[1]
	if prod.When.String() != `condition "IsProd" is true` || prod.Bytes != len(`{"A":"aaaaaaaa","B":"b","C":"xxxxxxxxxx"}`) || !prod.Exact {
		t.Errorf("prod path %+v", prod)
	}
	if other.Bytes != len(`{"A":"a","B":"bbbb","C":"xxxxxxxxxx"}`) {
		t.Errorf("other path %+v", other)
	}
	// C is the largest on both paths and comes from a parameter default:
	// that is the line to point at.
	if prod.Largest != "C" || prod.At.Range.Start.Line != 2 {
		t.Errorf("largest %q at line %d, want C at the parameter default (line 2)", prod.Largest, prod.At.Range.Start.Line)
	}
}

func TestGlobalsIntrinsicsAreNotMerged(t *testing.T) {
	p := loadOne(t, `Transform: AWS::Serverless-2016-10-31
Parameters:
  Shared: {Type: CommaDelimitedList, Default: "x,y"}
Globals:
  Function:
    Layers: [g1, g2, g3]
    Environment:
      Variables: {A: "1"}
Resources:
  OwnRef:
    Type: AWS::Serverless::Function
    Properties:
      Layers: !Ref Shared
      Environment: !If [Never, {Variables: {B: "2"}}, {Variables: {C: "3"}}]
Conditions:
  Never: !Equals [a, b]
`, nil)
	fn := function(t, p, "OwnRef")
	if len(fn.Layers.List) != 2 {
		t.Errorf("SAM merges the written template: an intrinsic replaces the Globals list, got %d layers", len(fn.Layers.List))
	}
	if fn.Environment.Get("A") != nil || fn.Environment.Get("C") == nil {
		t.Errorf("an intrinsic Environment replaces the Globals map, got keys %v", fn.Environment.Keys)
	}
}

func TestSAMVersionAndAliasReferences(t *testing.T) {
	p := loadOne(t, `Transform: AWS::Serverless-2016-10-31
Resources:
  Edge:
    Type: AWS::Serverless::Function
    Properties:
      AutoPublishAlias: live
  Dist:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Version: !Ref Edge.Version
        Alias: !Ref Edge.Alias
`, nil)
	var dist *model.Resource
	for _, r := range p.Resources {
		if r.Name == "Dist" {
			dist = r
		}
	}
	for _, k := range []string{"Version", "Alias"} {
		v := dist.Properties.Path("DistributionConfig", k)
		if v == nil || v.Type != model.Reference || v.Ref.Resource != "Edge" || v.Ref.Attribute != k {
			t.Errorf("!Ref Edge.%s should be a reference to Edge's %s, got %+v", k, k, v)
		}
	}
}

// Fixes found in review: a function's AWS::NoValue replaces Globals (the AWS
// default applies), "${Param}" keeps the parameter's line, and an API
// Gateway integration that invokes asynchronously does not wait.
func TestReviewRegressions(t *testing.T) {
	p := loadOne(t, `Transform: AWS::Serverless-2016-10-31
Parameters:
  T: {Type: Number, Default: 1000}
  Env: {Type: String, Default: dev}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Globals:
  Function:
    Timeout: 900
    MemorySize: 20480
Resources:
  A:
    Type: AWS::Serverless::Function
    Properties:
      Timeout: !If [IsProd, 60, !Ref AWS::NoValue]
      MemorySize: !Ref AWS::NoValue
  B:
    Type: AWS::Lambda::Function
    Properties:
      Timeout: !Sub "${T}"
  Method:
    Type: AWS::ApiGateway::Method
    Properties:
      Integration:
        Type: AWS
        Uri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${B.Arn}/invocations
        RequestParameters:
          integration.request.header.X-Amz-Invocation-Type: "'Event'"
`, nil)
	a := function(t, p, "A")
	if a.Timeout.IsSet() || a.MemorySize.IsSet() {
		t.Errorf("AWS::NoValue on the function leaves the AWS default, got timeout %s memory %s", a.Timeout.State, a.MemorySize.State)
	}
	b := function(t, p, "B")
	if n, _ := b.Timeout.AsNumber(); n != 1000 || b.Timeout.Range.Start.Line != 3 || len(b.Timeout.Origin) == 0 {
		t.Errorf(`!Sub "${T}" should be the parameter's value from line 3, got %v at line %d (%q)`, n, b.Timeout.Range.Start.Line, b.Timeout.Origin)
	}
	if len(b.Triggers) != 1 || b.Triggers[0].Kind != model.TriggerAsyncAPI {
		t.Errorf("an asynchronous integration is an asynchronous caller, not a synchronous one: %+v", b.Triggers)
	}
}

// Two variables on independent conditions: each alone is under 4 KB, both
// large together are over, and that path is given.
func TestEnvironmentSizeIndependentConditions(t *testing.T) {
	big := strings.Repeat("x", 2100)
	p := loadOne(t, `Parameters:
  A: {Type: String}
  B: {Type: String}
Conditions:
  C: !Equals [!Ref A, "yes"]
  D: !Equals [!Ref B, "yes"]
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Environment:
        Variables:
          V1: !If [C, `+big+`, b]
          V2: !If [D, `+big+`, b]
`, nil)
	fn := function(t, p, "Fn")
	last := fn.EnvironmentSizes[len(fn.EnvironmentSizes)-1]
	if last.When.String() != `condition "C" is true and condition "D" is true` || last.Bytes <= model.EnvironmentLimit {
		t.Errorf("want the combined path over the limit, got %+v", fn.EnvironmentSizes)
	}
}

// TestGlobalsOriginChain: a value a parameter gives Globals names both
// hops, its parameter first, and stays at the parameter's line.
func TestGlobalsOriginChain(t *testing.T) {
	const src = `Transform: AWS::Serverless-2016-10-31
Parameters:
  Mem:
    Type: Number
    Default: 2048
Globals:
  Function:
    MemorySize: !Ref Mem
    Timeout: 30
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
`
	fn := function(t, loadOne(t, src, nil), "Fn")
	if got, want := fn.MemorySize.Origin.String(), `parameter "Mem" default, via Globals`; got != want || fn.MemorySize.Range.Start.Line != 5 {
		t.Errorf("MemorySize from %q at line %d, want %q at line 5", got, fn.MemorySize.Range.Start.Line, want)
	}
	if got := fn.Timeout.Origin.String(); got != model.OriginGlobals {
		t.Errorf("Timeout from %q, want Globals alone", got)
	}
	fn = function(t, loadOne(t, src, map[string]string{"Mem": "4096"}), "Fn")
	if got, want := fn.MemorySize.Origin.String(), "-param Mem, via Globals"; got != want {
		t.Errorf("MemorySize from %q, want %q", got, want)
	}
}
