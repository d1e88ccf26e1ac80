package sam

import (
	"fmt"
	"strings"
	"testing"
)

// TestEnvironmentKeys checks that each variable name is placed on its key,
// column included, wherever it is written: the function's Variables, an
// Fn::If branch, Globals, the Mappings, and that a name unset on a path
// carries the path that sets it.
func TestEnvironmentKeys(t *testing.T) {
	src := `Transform: AWS::Serverless-2016-10-31
Parameters:
  Stage: {Type: String, AllowedValues: [dev, prod]}
  Region: {Type: String, Default: eu-west-1}
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
Mappings:
  Env:
    dev: {Vars: {FROM_MAP: x}}
    prod: {Vars: {FROM_MAP: y}}
Globals:
  Function:
    Environment:
      Variables:
        GLOBAL: g
Resources:
  Own:
    Type: AWS::Serverless::Function
    Properties:
      Environment:
        Variables:
          LOCAL: !Ref Region
          "QUOTED": q
          ONE_PATH: !If [IsProd, p, !Ref AWS::NoValue]
  Branches:
    Type: AWS::Serverless::Function
    IgnoreGlobals: "*"
    Properties:
      Environment:
        Variables: !If [IsProd, {IN_BRANCH: a}, {OTHER: b}]
  Mapped:
    Type: AWS::Lambda::Function
    Properties:
      Environment:
        Variables: !FindInMap [Env, !Ref Stage, Vars]
  Inherits:
    Type: AWS::Serverless::Function
`
	p := loadOne(t, src, nil)
	lines := strings.Split(src, "\n")
	got := map[string][]string{}
	for _, f := range p.Functions {
		for _, k := range f.EnvironmentKeys {
			line := lines[k.Range.Start.Line-1]
			at := line[k.Range.Start.Column-1 : k.Range.End.Column-1]
			got[f.Name()] = append(got[f.Name()], fmt.Sprintf("%s@%d:%s origin=%q when=%q", k.Name, k.Range.Start.Line, at, k.Origin, k.When))
		}
	}
	want := map[string][]string{
		"Own": {
			`GLOBAL@15:GLOBAL origin="Globals" when=""`,
			`LOCAL@22:LOCAL origin="" when=""`,
			`QUOTED@23:"QUOTED" origin="" when=""`,
			`ONE_PATH@24:ONE_PATH origin="" when="condition \"IsProd\" is true"`,
		},
		"Branches": {
			`IN_BRANCH@30:IN_BRANCH origin="" when="condition \"IsProd\" is true"`,
			`OTHER@30:OTHER origin="" when="condition \"IsProd\" is false"`,
		},
		"Mapped": {
			`FROM_MAP@9:FROM_MAP origin="mapping \"Env\" key \"dev\" key \"Vars\"" when="parameter \"Stage\" is \"dev\""`,
			`FROM_MAP@10:FROM_MAP origin="mapping \"Env\" key \"prod\" key \"Vars\"" when="parameter \"Stage\" is \"prod\""`,
		},
		"Inherits": {`GLOBAL@15:GLOBAL origin="Globals" when=""`},
	}
	for name, w := range want {
		if fmt.Sprint(got[name]) != fmt.Sprint(w) {
			t.Errorf("%s: names\n got %q\nwant %q", name, got[name], w)
		}
	}
}
