package lv309

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"

	"github.com/lambdavet/lambdavet/internal/driver"
)

// A template of many functions that share one role and one queue is
// judged in time linear in its functions: who shares each grant is counted
// once per project, not by scanning every function again for each (at
// 20,000 functions that took 47 s against 6 s, most of it loading).
func TestSharedRoleScales(t *testing.T) {
	const n = 12000
	var b strings.Builder
	b.WriteString(`AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Jobs:
    Type: AWS::SQS::Queue
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
      Policies:
        - PolicyName: send
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: sqs:SendMessage
                Resource: !GetAtt Jobs.Arn
`)
	for i := range n {
		fmt.Fprintf(&b, "  Fn%d:\n    Type: AWS::Lambda::Function\n    Properties:\n      Role: !GetAtt Role.Arn\n      Runtime: python3.13\n      Handler: app.h\n      Code: {S3Bucket: b, S3Key: k}\n", i)
		fmt.Fprintf(&b, "  Map%d:\n    Type: AWS::Lambda::EventSourceMapping\n    Properties:\n      EventSourceArn: !GetAtt Jobs.Arn\n      FunctionName: !Ref Fn%d\n", i, i)
	}
	path := filepath.Join(t.TempDir(), "template.yaml")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	res := driver.Run(context.Background(), driver.Options{Analyzers: []*analysis.Analyzer{Analyzer}}, []*driver.Package{{Root: path, Files: []string{path}}})
	took := time.Since(start)
	if len(res.Errors) > 0 {
		t.Fatalf("errors: %v", res.Errors[0])
	}
	// Every function may send to the queue that feeds them all: each is a
	// loop of its own (no sharer the queue does not invoke explains it).
	if len(res.Diagnostics) != n {
		t.Errorf("%d findings, want %d", len(res.Diagnostics), n)
	}
	if took > 12*time.Second {
		t.Errorf("%d functions took %v", n, took)
	}
	t.Logf("%d functions: %v", n, took)
}
