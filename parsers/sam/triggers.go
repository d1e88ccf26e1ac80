package sam

import (
	"strings"

	"github.com/lambdavet/lambdavet/parsers/model"
)

// linkTriggers finds what invokes each function: its SAM events, and the
// CloudFormation resources that point at it (API Gateway integrations, event
// source mappings, schedule rules, AppSync data sources, Cognito pools).
func linkTriggers(p *model.Project) {
	ix := model.NewFunctionIndex(p)
	resources := ix.Resources()
	from := func(v *model.Value, typ string) *model.EventSource { return model.SourceOf(v, typ, resources) }
	disabled := func(props *model.Value) bool {
		if s, ok := props.Dig("State").AsString(); ok && strings.EqualFold(s, "DISABLED") {
			return true
		}
		e := props.Dig("Enabled")
		return e.IsKnown() && e.Type == model.Bool && !e.Bool
	}

	for _, f := range p.Functions {
		for _, ev := range f.Events {
			t := &model.Trigger{Source: ev.Name, Range: ev.Range}
			props := ev.Properties
			switch ev.Type {
			case "Api":
				t.Kind, t.TimeoutMillis = model.TriggerRESTAPI, props.Dig("TimeoutInMillis")
			case "HttpApi":
				t.Kind, t.TimeoutMillis = model.TriggerHTTPAPI, props.Dig("TimeoutInMillis")
			case "Cognito":
				t.Kind = model.TriggerCognito
			case "SQS":
				t.Kind = model.TriggerSQS
				if !t.SetQueue(props.Dig("Queue"), cfnQueue, resources) {
					continue
				}
				t.From = from(props.Dig("Queue"), "AWS::SQS::Queue")
				t.From.NarrowedBy(props.Dig("FilterCriteria"))
				t.BatchingWindow = props.Dig("MaximumBatchingWindowInSeconds")
				if disabled(props) {
					continue
				}
			case "Schedule":
				t.Kind, t.Schedule = model.TriggerSchedule, props.Dig("Schedule")
				if disabled(props) {
					continue
				}
			case "ScheduleV2":
				t.Kind, t.Schedule = model.TriggerSchedule, props.Dig("ScheduleExpression")
				if disabled(props) {
					continue
				}
			case "Kinesis", "DynamoDB", "MSK", "MQ", "SelfManagedKafka", "DocumentDB":
				t.Kind = model.TriggerStream
				if disabled(props) {
					continue
				}
			case "CloudWatchEvent", "EventBridgeRule":
				t.Kind = model.TriggerEventBridge
				if disabled(props) {
					continue
				}
			case "S3":
				t.Kind = model.TriggerS3
				if t.From = from(props.Dig("Bucket"), "AWS::S3::Bucket"); t.From != nil {
					t.From.SetS3Events(props.Dig("Events"))
					t.From.SetS3Filter(props.Dig("Filter"))
				}
			case "SNS":
				t.Kind = model.TriggerSNS
				t.From = from(props.Dig("Topic"), "AWS::SNS::Topic")
				t.From.NarrowedBy(props.Dig("FilterPolicy"))
			case "IoTRule":
				t.Kind = model.TriggerIoT
			case "CloudWatchLogs":
				t.Kind = model.TriggerLogs
			default:
				continue
			}
			f.Triggers = append(f.Triggers, t)
		}
	}

	for _, r := range p.Resources {
		props := r.Properties
		switch r.Type {
		case "AWS::ApiGateway::Method":
			in := props.Dig("Integration")
			ix.AddTrigger(in.Dig("Uri"), model.RESTIntegration(r.Name, r.Range, in.Dig("RequestParameters"), in.Dig("TimeoutInMillis")))
		case "AWS::ApiGatewayV2::Integration":
			ix.AddTrigger(props.Dig("IntegrationUri"), model.HTTPIntegration(r.Name, r.Range, props.Dig("ApiId"), "ProtocolType", resources, props.Dig("TimeoutInMillis")))
		case "AWS::Lambda::EventSourceMapping":
			if disabled(props) {
				continue
			}
			ix.AddTrigger(props.Dig("FunctionName"), model.MappingTrigger(r.Name, r.Range, props.Dig("EventSourceArn"),
				props.Dig("MaximumBatchingWindowInSeconds"), props.Dig("FilterCriteria"), cfnQueue, resources))
		case "AWS::Events::Rule":
			expr := props.Dig("ScheduleExpression")
			kind := model.TriggerSchedule
			if !expr.IsSet() {
				kind, expr = model.TriggerEventBridge, nil
			}
			if disabled(props) || (kind == model.TriggerEventBridge && !props.Dig("EventPattern").IsSet()) {
				continue
			}
			if targets := props.Dig("Targets"); targets.IsKnown() && targets.Type == model.List {
				for _, tg := range targets.List {
					ix.AddTrigger(tg.Dig("Arn"), &model.Trigger{Kind: kind, Source: r.Name, Range: r.Range, Schedule: expr})
				}
			}
		case "AWS::S3::Bucket":
			for _, c := range items(props.Dig("NotificationConfiguration", "LambdaConfigurations")) {
				src := &model.EventSource{Resource: r.Name, Range: c.Range}
				src.SetS3Events(c.Dig("Event"))
				src.SetS3Filter(c.Dig("Filter"))
				ix.AddTrigger(c.Dig("Function"), &model.Trigger{Kind: model.TriggerS3, Source: r.Name, Range: r.Range, From: src})
			}
		case "AWS::SNS::Subscription":
			if s, ok := props.Dig("Protocol").AsString(); ok && strings.EqualFold(s, "lambda") {
				src := from(props.Dig("TopicArn"), "AWS::SNS::Topic")
				src.NarrowedBy(props.Dig("FilterPolicy"))
				ix.AddTrigger(props.Dig("Endpoint"), &model.Trigger{Kind: model.TriggerSNS, Source: r.Name, Range: r.Range, From: src})
			}
		case "AWS::SNS::Topic":
			for _, sub := range items(props.Dig("Subscription")) {
				if s, ok := sub.Dig("Protocol").AsString(); ok && strings.EqualFold(s, "lambda") {
					src := &model.EventSource{Resource: r.Name, Range: sub.Range}
					ix.AddTrigger(sub.Dig("Endpoint"), &model.Trigger{Kind: model.TriggerSNS, Source: r.Name, Range: r.Range, From: src})
				}
			}
		case "AWS::IoT::TopicRule":
			payload := props.Dig("TopicRulePayload")
			if off := payload.Dig("RuleDisabled"); off.IsKnown() && off.Type == model.Bool && off.Bool {
				continue
			}
			for _, a := range items(payload.Dig("Actions")) {
				ix.AddTrigger(a.Dig("Lambda", "FunctionArn"), &model.Trigger{Kind: model.TriggerIoT, Source: r.Name, Range: r.Range})
			}
		case "AWS::Logs::SubscriptionFilter":
			ix.AddTrigger(props.Dig("DestinationArn"), &model.Trigger{Kind: model.TriggerLogs, Source: r.Name, Range: r.Range})
		case "AWS::Scheduler::Schedule":
			expr := props.Dig("ScheduleExpression")
			if expr.IsSet() && !disabled(props) {
				ix.AddTrigger(props.Dig("Target", "Arn"), &model.Trigger{Kind: model.TriggerSchedule, Source: r.Name, Range: r.Range, Schedule: expr})
			}
		case "AWS::Serverless::GraphQLApi":
			lambdas := props.Dig("DataSources", "Lambda")
			if !lambdas.IsKnown() || lambdas.Type != model.Map {
				continue
			}
			for _, name := range lambdas.Keys {
				ds := lambdas.Field(name)
				ix.AddTrigger(ds.Dig("FunctionArn"), &model.Trigger{Kind: model.TriggerAppSync, Source: r.Name + " " + name, Range: ds.Range})
			}
		case "AWS::AppSync::DataSource":
			if s, _ := props.Dig("Type").AsString(); s == "AWS_LAMBDA" {
				ix.AddTrigger(props.Dig("LambdaConfig", "LambdaFunctionArn"), &model.Trigger{Kind: model.TriggerAppSync, Source: r.Name, Range: r.Range})
			}
		case "AWS::Cognito::UserPool":
			triggers, functions := model.CognitoTriggers(r.Name, props.Dig("LambdaConfig"))
			for i, t := range triggers {
				ix.AddTrigger(functions[i], t)
			}
		}
	}
}

// cfnQueue is how a template writes an SQS queue.
var cfnQueue = model.QueueSyntax{Type: "AWS::SQS::Queue", VisibilityTimeout: "VisibilityTimeout", Outside: "template"}

// items returns the items of a known list, nothing for anything else.
func items(v *model.Value) []*model.Value {
	if v.IsKnown() && v.Type == model.List {
		return v.List
	}
	return nil
}
