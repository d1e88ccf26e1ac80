package sam

import (
	"fmt"
	"strings"
	"testing"

	"github.com/lambdavet/lambdavet/parsers/model"
)

// edges renders a function's edge associations as
// "behavior event target detail [when]" lines, in order.
func edges(f *model.Function) string {
	var lines []string
	for _, a := range f.Edge {
		line := strings.TrimSpace(fmt.Sprintf("%s %s %s %s %s", a.Subject, a.CacheBehavior, a.EventType, a.Target, a.Detail))
		if len(a.When) > 0 {
			line += " [" + a.When.String() + "]"
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

const edgeTemplate = `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Parameters:
  Env:
    Type: String
  Arn:
    Type: String
    Default: arn:aws:lambda:us-east-1:123456789012:function:named-edge:4
  EventParam:
    Type: String
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Edge:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      AutoPublishAlias: live
  Plain:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: named-edge
      Runtime: nodejs22.x
      Handler: index.handler
      Role: arn:aws:iam::123456789012:role/r
      Code: {ZipFile: "x"}
  PlainVersion:
    Type: AWS::Lambda::Version
    Properties:
      FunctionName: !Ref Plain
  PlainAlias:
    Type: AWS::Lambda::Alias
    Properties:
      FunctionName: !GetAtt Plain.Arn
      FunctionVersion: !GetAtt PlainVersion.Version
      Name: prod
  Unrelated:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      Role: arn:aws:iam::123456789012:role/r
      Code: {ZipFile: "x"}
  Cdn:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        DefaultCacheBehavior:
          LambdaFunctionAssociations:
            - EventType: viewer-request
              LambdaFunctionARN: !Ref Edge.Version
            - EventType: viewer-response
              LambdaFunctionARN: !Ref Edge.Alias
            - EventType: origin-request
              LambdaFunctionARN: !Ref PlainVersion
            - EventType: origin-response
              LambdaFunctionARN: !Ref PlainAlias
        CacheBehaviors:
          - PathPattern: /a/*
            LambdaFunctionAssociations:
              - EventType: viewer-request
                LambdaFunctionARN: !GetAtt Plain.Arn
              - EventType: viewer-response
                LambdaFunctionARN: !Sub "${Plain.Arn}:3"
              - EventType: origin-request
                LambdaFunctionARN: !Join [":", [!GetAtt Plain.Arn, "$LATEST"]]
              - EventType: origin-response
                LambdaFunctionARN: !Sub "${Plain.Arn}:${PlainVersion.Version}"
          - PathPattern: /b/*
            LambdaFunctionAssociations:
              - EventType: viewer-request
                LambdaFunctionARN: !Ref Arn
              - EventType: viewer-response
                LambdaFunctionARN: arn:aws:lambda:us-east-1:123456789012:function:named-edge:staging
              - EventType: !Ref EventParam
                LambdaFunctionARN: !Sub
                  - "arn:${AWS::Partition}:lambda:us-east-1:${AWS::AccountId}:function:${Name}:${N}"
                  - Name: !Ref Plain
                    N: "7"
              - !If
                - IsProd
                - EventType: origin-request
                  LambdaFunctionARN: !Ref EdgeAliaslive
                - !Ref AWS::NoValue
              - EventType: origin-response
                LambdaFunctionARN: !If [IsProd, !Ref Edge.Version, !GetAtt Edge.Arn]
              - EventType: origin-response
                LambdaFunctionARN: arn:aws:lambda:us-east-1:123456789012:function:elsewhere:1
`

func TestEdgeAssociations(t *testing.T) {
	p := loadOne(t, edgeTemplate, nil)
	want := map[string]string{
		"Edge": `distribution "Cdn" default viewer-request version
distribution "Cdn" default viewer-response alias alias "live"
distribution "Cdn" /b/* origin-request alias alias "live" [condition "IsProd" is true]
distribution "Cdn" /b/* origin-response version [condition "IsProd" is true]
distribution "Cdn" /b/* origin-response unqualified its unqualified ARN [condition "IsProd" is false]`,
		"Plain": `distribution "Cdn" default origin-request version
distribution "Cdn" default origin-response alias alias "prod"
distribution "Cdn" /a/* viewer-request unqualified its unqualified ARN
distribution "Cdn" /a/* viewer-response version
distribution "Cdn" /a/* origin-request latest $LATEST
distribution "Cdn" /a/* origin-response version
distribution "Cdn" /b/* viewer-request version
distribution "Cdn" /b/* viewer-response alias alias "staging"
distribution "Cdn" /b/*  version`,
		"Unrelated": "",
	}
	for name, w := range want {
		if got := edges(function(t, p, name)); got != w {
			t.Errorf("%s:\ngot\n%s\nwant\n%s", name, got, w)
		}
	}
	// the association points at the LambdaFunctionARN value
	a := function(t, p, "Edge").Edge[0]
	if a.Range.Start.Line != 52 || a.Distribution != "Cdn" {
		t.Errorf("first association at %v of %q, want line 52 of Cdn", a.Range, a.Distribution)
	}
}

func TestEdgeNoDistribution(t *testing.T) {
	p := loadOne(t, `Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs22.x
  Cdn:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        DefaultCacheBehavior:
          LambdaFunctionAssociations: !Ref AWS::NoValue
        CacheBehaviors: [1, {LambdaFunctionAssociations: [x, {EventType: viewer-request}]}]
`, nil)
	if f := function(t, p, "Fn"); len(f.Edge) != 0 {
		t.Errorf("unexpected associations %v", f.Edge)
	}
}

func TestSplitFunctionARN(t *testing.T) {
	for s, want := range map[string][3]string{
		"arn:aws:lambda:us-east-1:123456789012:function:edge:3":       {"edge", "3", "version"},
		"arn:aws:lambda:us-east-1:123456789012:function:edge":         {"edge", "", "unqualified"},
		"arn:aws:lambda:us-east-1:123456789012:function:edge:$LATEST": {"edge", "$LATEST", "latest"},
		"arn:aws:lambda:us-east-1:123456789012:function:edge:live":    {"edge", "live", "alias"},
		"${Edge.Arn}:12": {"${Edge.Arn}", "12", "version"},
		"${Edge.Arn}":    {"${Edge.Arn}", "", "unqualified"},
		"arn:${AWS::Partition}:lambda:${AWS::Region}:1:function:${Fn}:${V}": {"${Fn}", "${V}", "unknown"},
		"arn:aws-cn:lambda:cn-north-1:123456789012:function:edge:1":         {"edge", "1", "version"},
		"arn:aws:s3:::bucket": {"", "", ""},
		"edge":                {"", "", ""},
		"${A}${B}":            {"", "", ""},
		"arn:aws:lambda:us-east-1:123456789012:function:edge:1:extra:parts:too": {"", "", ""},
	} {
		fn, q, ok := model.SplitFunctionARN(s)
		got := [3]string{fn, q, ""}
		if ok {
			got[2] = string(model.QualifierTarget(q))
		}
		if got != want {
			t.Errorf("SplitFunctionARN(%q) = %q, want %q", s, got, want)
		}
	}
}
