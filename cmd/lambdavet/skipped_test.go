package main

import (
	"strings"
	"testing"
)

const paramTemplate = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Memory:
    Type: Number
    Default: 128
Resources:
  F:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: a.h
      Code: {ZipFile: "x"}
      MemorySize: !Ref Memory
`

const varModule = `variable "memory" {
  type    = number
  default = 128
}
resource "aws_lambda_function" "f" {
  function_name = "f"
  role          = "r"
  runtime       = "python3.12"
  handler       = "a.h"
  filename      = "x.zip"
  memory_size   = var.memory
}
`

func TestNothingSkippedInSilence(t *testing.T) {
	inDir(t, map[string]string{
		"serverless.yml":  "service: x\nprovider:\n  name: aws\n  runtime: python3.12\nfunctions:\n  a:\n    handler: h\n",
		"serverless.yaml": "service: y\n",
		"plan.json":       `{"format_version":"1.2","planned_values":{},"resource_changes":[]}`,
		"notplan.json":    `{"planned_values":{}}`,
		"notes.yaml":      "a: 1\n",
		"empty/README.md": "nothing here\n",
		"t.yaml":          paramTemplate,
		"legacy/old.yaml": paramTemplate,
		"tf/main.tf":      varModule,
		".lambdavet.yaml": "exclude:\n  - legacy/**\n",
	})
	cases := []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"serverless.yaml"}, 2, "serverless.yaml: error: not a Serverless Framework service (no service and provider at its top)"},
		{[]string{"plan.json"}, 0, "1 file linted"},
		{[]string{"notplan.json"}, 2, "notplan.json: error: not a Terraform plan"},
		{[]string{"notes.yaml"}, 2, "notes.yaml: error: not a SAM or CloudFormation template"},
		{[]string{"empty"}, 0, "lambdavet: empty: nothing to lint"},
		{[]string{"empty/..."}, 0, "lambdavet: empty/...: nothing to lint"},
		{[]string{"legacy/old.yaml"}, 0, `lambdavet: legacy/old.yaml: not linted: excluded by the pattern "legacy/**" of .lambdavet.yaml`},
		{[]string{"-param", "Memroy=256", "t.yaml"}, 0, `-param Memroy: no template linted declares the parameter "Memroy" (did you mean "Memory"?)`},
		{[]string{"-var", "memroy=256", "tf"}, 0, `-var memroy: no module linted declares the variable "memroy" (did you mean "memory"?)`},
		{[]string{"-var", "memory=lots", "tf"}, 2, `tf: error: -var memory: not a valid number`},
	}
	for _, c := range cases {
		code, _, stderr := runCLI(t, c.args...)
		if code != c.code || !strings.Contains(stderr, c.stderr) {
			t.Errorf("lambdavet %s: exit %d, stderr:\n%s\nwant exit %d and %q", strings.Join(c.args, " "), code, stderr, c.code, c.stderr)
		}
	}
	// What is declared and well typed, and what is linted, says nothing.
	for _, args := range [][]string{{"-param", "Memory=256", "-param", "AWS::Region=eu-west-1", "t.yaml"}, {"-var", "memory=256", "tf"}, {"serverless.yml"}} {
		if code, _, stderr := runCLI(t, args...); code != 0 || strings.Contains(stderr, "lambdavet:") || strings.Contains(stderr, "error") {
			t.Errorf("lambdavet %s: exit %d, stderr:\n%s\nwant exit 0 and no message", strings.Join(args, " "), code, stderr)
		}
	}
}
