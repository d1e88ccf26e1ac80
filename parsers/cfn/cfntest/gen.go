// Package cfntest generates large templates for the tests and benchmarks
// that measure the cost of loading (issue 12: bounded cost), so no big file
// is committed.
package cfntest

import (
	"fmt"
	"strings"
)

// Template writes a SAM template of n functions, each with the
// properties real templates carry (environment, events, policies, tags),
// about 430 bytes per function.
func Template(n int) []byte {
	var b strings.Builder
	b.Grow(n * 450)
	b.WriteString("AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\n")
	b.WriteString("Parameters:\n  Stage:\n    Type: String\n    Default: dev\n    AllowedValues: [dev, prod]\n")
	b.WriteString("Globals:\n  Function:\n    Runtime: python3.12\n    Timeout: 10\n    MemorySize: 256\n")
	b.WriteString("Resources:\n")
	for i := range n {
		fmt.Fprintf(&b, `  Fn%d:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: !Sub "${AWS::StackName}-fn-%d"
      Handler: app.handler
      CodeUri: src/fn%d/
      MemorySize: %d
      Environment:
        Variables:
          TABLE: !Ref Table
          STAGE: !Ref Stage
          INDEX: "%d"
      Events:
        Api:
          Type: Api
          Properties:
            Path: /fn%d
            Method: get
      Policies:
        - DynamoDBReadPolicy:
            TableName: !Ref Table
      Tags:
        team: core
        index: "%d"
`, i, i, i, 128+i%1024, i, i, i)
	}
	b.WriteString("  Table:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      BillingMode: PAY_PER_REQUEST\n")
	return []byte(b.String())
}

// JSONTemplate writes the JSON form of a template of n functions.
func JSONTemplate(n int) []byte {
	var b strings.Builder
	b.Grow(n * 500)
	b.WriteString(`{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {`)
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `
  "Fn%d": {"Type": "AWS::Lambda::Function", "Properties": {
    "FunctionName": {"Fn::Sub": "${AWS::StackName}-fn-%d"}, "Handler": "app.handler", "Runtime": "python3.12",
    "MemorySize": %d, "Timeout": 30, "Role": {"Fn::GetAtt": ["Role", "Arn"]},
    "Code": {"S3Bucket": "bucket", "S3Key": "fn%d.zip"},
    "Environment": {"Variables": {"TABLE": {"Ref": "Table"}, "INDEX": "%d"}},
    "Tags": [{"Key": "team", "Value": "core"}, {"Key": "index", "Value": "%d"}]}}`, i, i, 128+i%1024, i, i, i)
	}
	b.WriteString("\n}}\n")
	return []byte(b.String())
}

// OfSize generates a template of at least size bytes.
func OfSize(size int, gen func(int) []byte) []byte {
	per := len(gen(100)) / 100
	return gen(size/per + 1)
}
