package sam

import (
	"slices"
	"testing"

	"github.com/lambdavet/lambdavet/parsers/model"
)

// kinds lists the kinds of a function's triggers, in order.
func kinds(f *model.Function) []model.TriggerKind {
	var out []model.TriggerKind
	for _, t := range f.Triggers {
		out = append(out, t.Kind)
	}
	return out
}

func TestAsynchronousAndPolledTriggers(t *testing.T) {
	p := loadOne(t, `Transform: AWS::Serverless-2016-10-31
Resources:
  Events:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        Upload: {Type: S3, Properties: {Bucket: !Ref Bucket, Events: 's3:ObjectCreated:*'}}
        Alert: {Type: SNS, Properties: {Topic: !Ref Topic}}
        Change: {Type: EventBridgeRule, Properties: {Pattern: {source: [aws.ec2]}}}
        Off: {Type: CloudWatchEvent, Properties: {Pattern: {source: [aws.s3]}, Enabled: false}}
        Reading: {Type: IoTRule, Properties: {Sql: "SELECT * FROM 'a'"}}
        Log: {Type: CloudWatchLogs, Properties: {LogGroupName: g, FilterPattern: ERROR}}
        Records: {Type: Kinesis, Properties: {Stream: !GetAtt Stream.Arn, StartingPosition: LATEST}}
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      NotificationConfiguration:
        LambdaConfigurations:
          - {Event: 's3:ObjectCreated:*', Function: !GetAtt Resources.Arn}
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      Subscription:
        - {Protocol: lambda, Endpoint: !GetAtt Resources.Arn}
        - {Protocol: email, Endpoint: ops@example.com}
  Stream:
    Type: AWS::Kinesis::Stream
  Resources:
    Type: AWS::Lambda::Function
    Properties:
      Role: r
  Subscription:
    Type: AWS::SNS::Subscription
    Properties: {Protocol: lambda, Endpoint: !GetAtt Resources.Arn, TopicArn: !Ref Topic}
  Rule:
    Type: AWS::Events::Rule
    Properties:
      EventPattern: {source: [aws.ec2]}
      Targets: [{Id: f, Arn: !GetAtt Resources.Arn}]
  DisabledTopicRule:
    Type: AWS::IoT::TopicRule
    Properties:
      TopicRulePayload: {RuleDisabled: true, Sql: x, Actions: [{Lambda: {FunctionArn: !GetAtt Resources.Arn}}]}
  TopicRule:
    Type: AWS::IoT::TopicRule
    Properties:
      TopicRulePayload: {Sql: x, Actions: [{Lambda: {FunctionArn: !GetAtt Resources.Arn}}]}
  Filter:
    Type: AWS::Logs::SubscriptionFilter
    Properties: {LogGroupName: g, FilterPattern: "", DestinationArn: !GetAtt Resources.Arn}
  Mapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties: {EventSourceArn: !GetAtt Stream.Arn, FunctionName: !Ref Resources, StartingPosition: LATEST}
`, nil)
	want := []model.TriggerKind{model.TriggerS3, model.TriggerSNS, model.TriggerEventBridge, model.TriggerIoT, model.TriggerLogs, model.TriggerStream}
	if got := kinds(function(t, p, "Events")); !slices.Equal(got, want) {
		t.Errorf("SAM events give %v, want %v", got, want)
	}
	want = []model.TriggerKind{model.TriggerS3, model.TriggerSNS, model.TriggerSNS, model.TriggerEventBridge, model.TriggerIoT, model.TriggerLogs, model.TriggerStream}
	if got := kinds(function(t, p, "Resources")); !slices.Equal(got, want) {
		t.Errorf("resources give %v, want %v", got, want)
	}
	for _, k := range want[:6] {
		if !k.Async() {
			t.Errorf("%s should be asynchronous", k)
		}
	}
	for _, k := range []model.TriggerKind{model.TriggerStream, model.TriggerSQS, model.TriggerRESTAPI, model.TriggerCognito} {
		if k.Async() {
			t.Errorf("%s should not be asynchronous", k)
		}
	}
}
