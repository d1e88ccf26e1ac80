package terraform

import (
	"strings"

	"github.com/lambdavet/lambdavet/parsers/model"
)

// linkTriggers finds what invokes each function: API Gateway integrations,
// SQS event source mappings, EventBridge rules with their targets, Scheduler
// schedules, AppSync data sources and Cognito user pools that refer to it.
func linkTriggers(p *model.Project) {
	ix := model.NewFunctionIndex(p)
	resources := ix.Resources()
	isFalse := func(v *model.Value) bool { return v.IsKnown() && v.Type == model.Bool && !v.Bool }
	disabledState := func(v *model.Value) bool {
		s, ok := v.AsString()
		return ok && strings.EqualFold(s, "DISABLED")
	}
	for _, r := range p.Resources {
		if r.DataSource {
			continue
		}
		props := r.Properties
		switch r.Type {
		case "aws_api_gateway_integration":
			ix.AddTrigger(props.Dig("uri"), model.RESTIntegration(r.Name, r.Range, props.Dig("request_parameters"), props.Dig("timeout_milliseconds")))
		case "aws_apigatewayv2_integration":
			ix.AddTrigger(props.Dig("integration_uri"), model.HTTPIntegration(r.Name, r.Range, props.Dig("api_id"), "protocol_type", resources, props.Dig("timeout_milliseconds")))
		case "aws_lambda_event_source_mapping":
			if isFalse(props.Dig("enabled")) {
				continue
			}
			ix.AddTrigger(props.Dig("function_name"), model.MappingTrigger(r.Name, r.Range, props.Dig("event_source_arn"),
				props.Dig("maximum_batching_window_in_seconds"), props.Dig("filter_criteria"), tfQueue, resources))
		case "aws_cloudwatch_event_target":
			for _, ref := range props.Dig("rule").AllRefs() {
				rule, ok := resources[ref.Resource]
				if !ok || rule.Type != "aws_cloudwatch_event_rule" {
					continue
				}
				expr := rule.Properties.Dig("schedule_expression")
				kind := model.TriggerSchedule
				if !expr.IsSet() {
					kind, expr = model.TriggerEventBridge, nil
				}
				if isFalse(rule.Properties.Dig("is_enabled")) || disabledState(rule.Properties.Dig("state")) ||
					(kind == model.TriggerEventBridge && !rule.Properties.Dig("event_pattern").IsSet()) {
					continue
				}
				ix.AddTrigger(props.Dig("arn"), &model.Trigger{Kind: kind, Source: rule.Name, Range: rule.Range, Schedule: expr})
			}
		case "aws_s3_bucket_notification":
			for _, b := range blocks(props.Dig("lambda_function")) {
				ix.AddTrigger(b.Dig("lambda_function_arn"), &model.Trigger{Kind: model.TriggerS3, Source: r.Name, Range: r.Range, From: bucketSource(props.Dig("bucket"), b, resources)})
			}
		case "aws_sns_topic_subscription":
			if s, ok := props.Dig("protocol").AsString(); ok && strings.EqualFold(s, "lambda") {
				src := model.SourceOf(props.Dig("topic_arn"), "aws_sns_topic", resources)
				src.NarrowedBy(props.Dig("filter_policy"))
				ix.AddTrigger(props.Dig("endpoint"), &model.Trigger{Kind: model.TriggerSNS, Source: r.Name, Range: r.Range, From: src})
			}
		case "aws_iot_topic_rule":
			if isFalse(props.Dig("enabled")) {
				continue
			}
			for _, b := range blocks(props.Dig("lambda")) {
				ix.AddTrigger(b.Dig("function_arn"), &model.Trigger{Kind: model.TriggerIoT, Source: r.Name, Range: r.Range})
			}
		case "aws_cloudwatch_log_subscription_filter":
			ix.AddTrigger(props.Dig("destination_arn"), &model.Trigger{Kind: model.TriggerLogs, Source: r.Name, Range: r.Range})
		case "aws_scheduler_schedule":
			expr := props.Dig("schedule_expression")
			if expr.IsSet() && !disabledState(props.Dig("state")) {
				ix.AddTrigger(blockDig(props, "target", "arn"), &model.Trigger{Kind: model.TriggerSchedule, Source: r.Name, Range: r.Range, Schedule: expr})
			}
		case "aws_appsync_datasource":
			if s, _ := props.Dig("type").AsString(); s == "AWS_LAMBDA" {
				ix.AddTrigger(blockDig(props, "lambda_config", "function_arn"), &model.Trigger{Kind: model.TriggerAppSync, Source: r.Name, Range: r.Range})
			}
		case "aws_cognito_user_pool":
			triggers, functions := model.CognitoTriggers(r.Name, blockDig(props, "lambda_config"))
			for i, t := range triggers {
				ix.AddTrigger(functions[i], t)
			}
		}
	}
}

// tfQueue is how Terraform writes an SQS queue.
var tfQueue = model.QueueSyntax{Type: "aws_sqs_queue", VisibilityTimeout: "visibility_timeout_seconds", Outside: "project"}

// bucketSource is the bucket of an aws_s3_bucket_notification (a reference
// to the project's bucket or its name) with the events and key filter of
// one lambda_function block.
func bucketSource(bucket, b *model.Value, resources map[string]*model.Resource) *model.EventSource {
	src := model.SourceOf(bucket, "aws_s3_bucket", resources)
	if src == nil {
		name, ok := bucket.AsString()
		if !ok {
			return nil
		}
		src = &model.EventSource{Name: name, Range: bucket.Range}
	}
	src.Range = b.Range
	src.SetS3Events(b.Dig("events"))
	for _, k := range []string{"filter_prefix", "filter_suffix"} {
		if v := b.Dig(k); v.State != model.Absent {
			s, ok := v.AsString()
			src.AddKeyRule(strings.TrimPrefix(k, "filter_"), s, ok)
		}
	}
	return src
}

// linkRuntimeManagement gives each function the update mode an
// aws_lambda_runtime_management_config resource sets for it (found by a
// reference to the function or by its function_name), as the map of its
// update_runtime_on and runtime_version_arn at the resource's range.
func linkRuntimeManagement(p *model.Project) {
	byName := map[string]*model.Function{}
	byFunctionName := map[string]*model.Function{}
	for _, f := range p.Functions {
		byName[f.Name()] = f
		if s, ok := f.Resource.Properties.Dig("function_name").AsString(); ok {
			byFunctionName[s] = f
		}
	}
	for _, r := range p.Resources {
		if r.DataSource || r.Type != "aws_lambda_runtime_management_config" {
			continue
		}
		name := r.Properties.Dig("function_name")
		var f *model.Function
		for _, ref := range name.AllRefs() {
			if byName[ref.Resource] != nil {
				f = byName[ref.Resource]
				break
			}
		}
		if s, ok := name.AsString(); ok && f == nil {
			f = byFunctionName[s]
		}
		if f == nil || f.RuntimeManagementConfig.State != model.Absent {
			continue // another function's, or a second one for this function (another qualifier)
		}
		m := model.NewMap(r.Range)
		for _, k := range []string{"update_runtime_on", "runtime_version_arn"} {
			if v := r.Properties.Dig(k); v.State != model.Absent {
				m.Set(k, v)
			}
		}
		f.RuntimeManagementConfig = m
	}
}

// blocks returns the instances of a nested block: native syntax gives a
// list of maps, JSON syntax a map (or a list of them).
func blocks(v *model.Value) []*model.Value {
	switch {
	case v.IsKnown() && v.Type == model.List:
		return v.List
	case v.IsKnown() && v.Type == model.Map:
		return []*model.Value{v}
	}
	return nil
}
