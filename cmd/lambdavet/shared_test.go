package main

import (
	"encoding/json"
	"strings"
	"testing"
)

const globalsTemplate = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    MemorySize: 20480
    Runtime: python3.12
Resources:
  A:
    Type: AWS::Serverless::Function
    Properties: {Handler: a.h, CodeUri: .}
  B:
    Type: AWS::Serverless::Function
    Properties: {Handler: a.h, CodeUri: .}
  C:
    Type: AWS::Serverless::Function
    Properties: {Handler: a.h, CodeUri: .}
  D:
    Type: AWS::Serverless::Function
    Properties: {Handler: a.h, CodeUri: .}
  E:
    Type: AWS::Serverless::Function
    Properties: {Handler: a.h, CodeUri: ., MemorySize: 128}
`

// A Globals value shared by four functions is one finding at its line,
// naming them, with each function as a related location (LV101 is a Rego
// rule: its findings link to their resource too).
func TestSharedValueIsOneFinding(t *testing.T) {
	inDir(t, map[string]string{"template.yaml": globalsTemplate})
	_, out, _ := runCLI(t, "template.yaml")
	wantLines(t, "text", findings(out)[:1],
		`template.yaml:5: error: function "A" sets MemorySize 20480, above the Lambda maximum of 10240 MB (set by Globals); the value reaches 4 functions: "A", "B", "C" and "D" (LV101)`)
	_, out, _ = runCLI(t, "-format", "json", "template.yaml")
	var doc struct {
		Diagnostics []struct {
			Rule    string
			Line    int
			Related []struct {
				File    string
				Line    int
				Message string
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Diagnostics) != 1 {
		t.Fatalf("want one finding, got %s", out)
	}
	var rel []string
	for _, r := range doc.Diagnostics[0].Related {
		rel = append(rel, r.Message)
		if r.File != "template.yaml" || r.Line < 8 {
			t.Errorf("related %+v should point at the function", r)
		}
	}
	if strings.Join(rel, ",") != "resource A,resource B,resource C,resource D" {
		t.Errorf("related = %v", rel)
	}
}
