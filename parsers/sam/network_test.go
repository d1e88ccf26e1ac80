package sam

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzNetwork loads templates and follows every function's network: no
// input may make the network linking or the reachability panic.
func FuzzNetwork(f *testing.F) {
	files, _ := filepath.Glob("../../analyzers/lv20*/testdata/*.*")
	for _, name := range files {
		if src, err := os.ReadFile(name); err == nil {
			f.Add(src)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		p, _ := Load("template.yaml", src, Options{})
		p.DeriveNetwork()
		for _, fn := range p.Functions {
			p.Outbound(fn)
		}
	})
}

// TestNetworkUses checks what a template says its functions use.
func TestNetworkUses(t *testing.T) {
	src := `
Transform: AWS::Serverless-2016-10-31
Parameters:
  DbHost: {Type: String}
Resources:
  Queue: {Type: AWS::SQS::Queue}
  Param: {Type: AWS::SSM::Parameter, Properties: {Type: String, Value: x}}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.13
      Handler: app.handler
      CodeUri: src/
      Environment:
        Variables:
          HOST: !Ref DbHost
          SETTING: !GetAtt Param.Value
          SECRET: !Sub '{{resolve:secretsmanager:app:SecretString:key}}'
      Policies:
        - !Sub arn:${AWS::Partition}:iam::aws:policy/AmazonSNSFullAccess
        - SQSPollerPolicy: {QueueName: !GetAtt Queue.QueueName}
        - Statement:
            - Effect: Deny
              Action: s3:*
              Resource: '*'
      Events:
        Jobs: {Type: SQS, Properties: {Queue: !GetAtt Queue.Arn}}
`
	p, ok := Load("template.yaml", []byte(src), Options{})
	if !ok || len(p.Functions) != 1 {
		t.Fatalf("not loaded: %v", p.Errors)
	}
	p.DeriveNetwork()
	got := map[string]bool{}
	for _, u := range p.Functions[0].Uses {
		got[u.Service+" "+u.Evidence] = true
	}
	want := map[string]bool{
		"private-host environment variable HOST (named like a private endpoint)": true,
		"sns managed policy AmazonSNSFullAccess":                                 true,
	}
	for k := range want {
		if !got[k] {
			t.Errorf("missing use %q; got %v", k, got)
		}
	}
	for k := range got {
		if !want[k] {
			t.Errorf("unexpected use %q", k)
		}
	}
}
