// Package async holds what the rules about asynchronous invocation
// (LV307, LV308) share: where a function's failed asynchronous events go
// (its dead-letter queue and on-failure destinations, in every format),
// how to name a trigger in a message, and whether anything besides its
// known triggers refers to a function.
package async

import (
	"fmt"
	"strings"

	"github.com/lambdavet/lambdavet/analyzers/internal/access"
	"github.com/lambdavet/lambdavet/parsers/model"
	"github.com/lambdavet/lambdavet/parsers/serverless"
)

// Setting is a failure handling setting of a function, as written.
type Setting struct {
	// Value is the setting (the DeadLetterQueue map, the OnFailure
	// destination); Name names it as the format writes it.
	Value *model.Value
	Name  string
	// Resource is the resource that sets it: the function, or an
	// EventInvokeConfig of it.
	Resource *model.Resource
}

// Failure is where a function's failed asynchronous events go.
type Failure struct {
	// Settings are the dead-letter queues and on-failure destinations
	// that are set (known or not) on some path.
	Settings []Setting
	// Unsure is true when a setting may apply that cannot be placed: an
	// event invoke config whose function is not known.
	Unsure bool
}

// Index is what the rules look up about a project's functions, built once
// per project so no rule walks every resource for every function: the
// event invoke configs of each function, the resources that refer to each
// resource, and the resources by name.
type Index struct {
	fs      *access.Functions
	configs map[*model.Function][]*model.Resource
	// unplaced is set when an event invoke config with an OnFailure
	// destination names a function that cannot be told.
	unplaced bool
	// referrers lists, by resource name, the resources whose properties
	// refer to it (a reference, or a literal function name or ARN).
	referrers map[string][]*model.Resource
	byName    map[string]*model.Resource
	// ruleTargets lists the Terraform event targets of each rule.
	ruleTargets map[string][]*model.Resource
	// aliases are the versions and aliases of each function.
	aliases map[*model.Function][]string
	// resources are the project's, for referrers, which is built on first
	// use: only LV308 needs it, for the few functions it judges.
	resources []*model.Resource
	// serviceFiles are the project's Serverless Framework files, whose
	// functions keep failed events in onError and destinations.
	serviceFiles map[string]bool
}

// Serverless reports whether f is a function of a Serverless Framework
// service.
func (ix *Index) Serverless(f *model.Function) bool { return ix.serviceFiles[f.Resource.Range.File] }

// referring returns the resources that refer to the resource named.
func (ix *Index) referring(name string) []*model.Resource {
	if ix.referrers == nil {
		ix.referrers = map[string][]*model.Resource{}
		for _, r := range ix.resources {
			seen := map[string]bool{}
			refer := func(name string) {
				if !seen[name] {
					seen[name] = true
					ix.referrers[name] = append(ix.referrers[name], r)
				}
			}
			for _, ref := range r.Properties.AllRefs() {
				refer(ref.Resource)
				if strings.HasPrefix(ref.Attribute, "lambda_function_") { // module.x.lambda_function_arn
					refer(ref.Resource + ".aws_lambda_function.this")
				}
			}
			for _, k := range []string{"FunctionName", "function_name"} {
				if f := ix.fs.For(r.Properties.Dig(k)); f != nil {
					refer(f.Name())
				}
			}
		}
	}
	return ix.referrers[name]
}

// NewIndex indexes the project p.
func NewIndex(p *model.Project, fs *access.Functions) *Index {
	ix := &Index{fs: fs, configs: map[*model.Function][]*model.Resource{},
		byName: map[string]*model.Resource{}, ruleTargets: map[string][]*model.Resource{}, aliases: map[*model.Function][]string{}}
	ix.resources = p.Resources
	ix.serviceFiles = map[string]bool{}
	for _, file := range p.Files {
		if file.Format == serverless.FileFormat {
			ix.serviceFiles[file.Path] = true
		}
	}
	for _, r := range p.Resources {
		ix.byName[r.Name] = r
		switch r.Type {
		case "AWS::Lambda::Version", "AWS::Lambda::Alias":
			if f := fs.For(r.Properties.Dig("FunctionName")); f != nil {
				ix.aliases[f] = append(ix.aliases[f], r.Name)
			}
		case "aws_lambda_alias":
			if f := fs.For(r.Properties.Dig("function_name")); f != nil {
				ix.aliases[f] = append(ix.aliases[f], r.Name)
			}
		case "AWS::Lambda::EventInvokeConfig", "aws_lambda_function_event_invoke_config":
			fn, dest, _ := invokeConfig(r)
			switch f := fs.For(fn); {
			case f != nil:
				ix.configs[f] = append(ix.configs[f], r)
			case access.Present(dest, nil) == access.Set:
				ix.unplaced = true
			}
		case "aws_cloudwatch_event_target":
			for _, ref := range r.Properties.Dig("rule").AllRefs() {
				ix.ruleTargets[ref.Resource] = append(ix.ruleTargets[ref.Resource], r)
			}
		}
	}
	return ix
}

// invokeConfig reads the function and the OnFailure destination of an
// event invoke config, with the destination's name in its format.
func invokeConfig(r *model.Resource) (fn, dest *model.Value, name string) {
	if r.Type == "aws_lambda_function_event_invoke_config" {
		return r.Properties.Dig("function_name"), blockDig(blockDig(r.Properties, "destination_config"), "on_failure", "destination"), "destination_config on_failure"
	}
	return r.Properties.Dig("FunctionName"), r.Properties.Dig("DestinationConfig", "OnFailure", "Destination"), "DestinationConfig OnFailure"
}

// FailureOf returns the failure handling of f: SAM DeadLetterQueue and
// EventInvokeConfig, DeadLetterConfig, Terraform dead_letter_config, and
// the AWS::Lambda::EventInvokeConfig or aws_lambda_function_event_invoke_config
// resources of the function with an OnFailure destination.
func (ix *Index) FailureOf(f *model.Function) Failure {
	out := Failure{Unsure: ix.unplaced}
	props := f.Resource.Properties
	add := func(v *model.Value, name string, r *model.Resource) {
		if access.Present(v, nil) == access.Set {
			out.Settings = append(out.Settings, Setting{Value: v, Name: name, Resource: r})
		}
	}
	switch f.Resource.Type {
	case "AWS::Serverless::Function":
		add(props.Dig("DeadLetterQueue"), "DeadLetterQueue", f.Resource)
		add(props.Dig("EventInvokeConfig", "DestinationConfig", "OnFailure"), "EventInvokeConfig DestinationConfig OnFailure", f.Resource)
	case "AWS::Lambda::Function":
		if ix.Serverless(f) {
			add(props.Dig("onError"), "onError", f.Resource)
			add(props.Dig("destinations", "onFailure"), "destinations onFailure", f.Resource)
			break
		}
		add(props.Dig("DeadLetterConfig", "TargetArn"), "DeadLetterConfig", f.Resource)
	case "aws_lambda_function":
		add(blockDig(props, "dead_letter_config", "target_arn"), "dead_letter_config", f.Resource)
	}
	for _, r := range ix.configs[f] {
		_, dest, name := invokeConfig(r)
		add(dest, fmt.Sprintf("%s (in %s)", name, subject(r)), r)
	}
	return out
}

// blockDig reads keys inside the first instance of a Terraform nested block
// (a list of maps in native syntax, a map in JSON syntax), or a map.
func blockDig(v *model.Value, key string, keys ...string) *model.Value {
	b := v.Dig(key)
	if b.IsKnown() && b.Type == model.List {
		if len(b.List) == 0 {
			return model.NewAbsent(nil)
		}
		b = b.List[0]
	}
	return b.Dig(keys...)
}

// Describe names a trigger in a message: `SQS queue "Jobs"`, `S3
// notification "Uploads"`.
func Describe(t *model.Trigger) string {
	label := map[model.TriggerKind]string{
		model.TriggerRESTAPI: "API Gateway REST API", model.TriggerHTTPAPI: "API Gateway HTTP API",
		model.TriggerWebSocket: "API Gateway WebSocket API", model.TriggerAppSync: "AppSync data source",
		model.TriggerCognito: "Cognito trigger", model.TriggerSQS: "SQS queue", model.TriggerStream: "event source mapping",
		model.TriggerSchedule: "schedule", model.TriggerEventBridge: "EventBridge rule", model.TriggerS3: "S3 notification",
		model.TriggerSNS: "SNS subscription", model.TriggerIoT: "IoT topic rule", model.TriggerLogs: "log subscription filter",
		model.TriggerAsyncAPI: "asynchronous API Gateway integration", model.TriggerALB: "Application Load Balancer",
	}[t.Kind]
	if label == "" {
		label = string(t.Kind)
	}
	name := t.Source
	if t.Kind == model.TriggerSQS && t.Queue != "" {
		name = t.Queue
	}
	return fmt.Sprintf("%s %q", label, name)
}

// List names the first few triggers: `SQS queue "A", S3 notification "B"
// and 2 more`.
func List(ts []*model.Trigger) string {
	var names []string
	seen := map[string]bool{}
	for _, t := range ts {
		if d := Describe(t); !seen[d] {
			seen[d] = true
			names = append(names, d)
		}
	}
	const shown = 3
	if len(names) > shown+1 {
		return strings.Join(names[:shown], ", ") + fmt.Sprintf(" and %d more", len(names)-shown)
	}
	if len(names) > 1 {
		return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
	}
	return strings.Join(names, "")
}

// syncPrincipals are the services whose permissions serve synchronous
// callers (API Gateway, load balancers, Cognito, AppSync) or none at all.
var syncPrincipals = map[string]bool{
	"apigateway.amazonaws.com": true, "elasticloadbalancing.amazonaws.com": true,
	"cognito-idp.amazonaws.com": true, "appsync.amazonaws.com": true,
}

// quiet are the resource types that refer to a function without invoking
// it, or only synchronously: its versions and aliases, its URL, its log
// group, its event invoke config, a load balancer's target group.
var quiet = map[string]bool{
	"AWS::Lambda::Version": true, "AWS::Lambda::Alias": true, "AWS::Lambda::Url": true,
	"AWS::Lambda::EventInvokeConfig": true, "AWS::Logs::LogGroup": true,
	"AWS::ElasticLoadBalancingV2::TargetGroup": true, "AWS::Lambda::EventSourceMapping": true,
	"aws_lambda_alias": true, "aws_lambda_function_url": true, "aws_lambda_function_event_invoke_config": true,
	"aws_cloudwatch_log_group": true, "aws_lb_target_group_attachment": true, "aws_lambda_event_source_mapping": true,
	"aws_lambda_provisioned_concurrency_config": true,
}

// Elsewhere returns a resource of the project that refers to f other than
// through the triggers the model knows and the resources in quiet: a
// permission for an asynchronous service, another function that may call
// it, a policy allowing someone to invoke it, a state machine, an API
// definition. Anything such may invoke f asynchronously; nil when none.
func (ix *Index) Elsewhere(f *model.Function) *model.Resource {
	sources := map[string]bool{}
	for _, t := range f.Triggers {
		sources[t.Source] = true
	}
	own := func(r *model.Resource) bool {
		if sources[r.Name] {
			return true
		}
		for s := range sources {
			if strings.HasPrefix(s, r.Name+" ") { // a user pool's or a GraphQL API's trigger
				return true
			}
		}
		return false
	}
	// Its versions and aliases name it too.
	for _, name := range append([]string{f.Name()}, ix.aliases[f]...) {
		for _, r := range ix.referring(name) {
			if r == f.Resource || quiet[r.Type] || own(r) {
				continue
			}
			if r.Type == "AWS::Lambda::Permission" || r.Type == "aws_lambda_permission" {
				key := "Principal"
				if r.Type == "aws_lambda_permission" {
					key = "principal"
				}
				if s, ok := r.Properties.Dig(key).AsString(); ok && syncPrincipals[strings.ToLower(s)] {
					continue
				}
			}
			return r
		}
	}
	return nil
}

// deliveryQueues are the settings with which a service keeps the events it
// could not deliver to a function (an EventBridge target's or a schedule's
// DeadLetterConfig, an SNS subscription's RedrivePolicy).
var deliveryQueues = map[string]bool{"DeadLetterConfig": true, "dead_letter_config": true, "RedrivePolicy": true, "redrive_policy": true}

// DeliveryQueue reports whether the service behind an asynchronous trigger
// has a dead-letter queue of its own: it keeps the events it cannot
// deliver, not those the function fails on.
func (ix *Index) DeliveryQueue(f *model.Function, t *model.Trigger) bool {
	for _, ev := range f.Events {
		if ev.Name == t.Source && hasKey(ev.Properties, 0) {
			return true
		}
	}
	if r := ix.byName[t.Source]; r != nil && hasKey(r.Properties, 0) {
		return true
	}
	for _, r := range ix.ruleTargets[t.Source] {
		if hasKey(r.Properties, 0) {
			return true
		}
	}
	return false
}

// hasKey reports whether v holds one of deliveryQueues, set, a few levels
// down (a rule's targets, a schedule's target block).
func hasKey(v *model.Value, depth int) bool {
	if v == nil || depth > 4 {
		return false
	}
	switch {
	case v.State == model.Conditional:
		for _, a := range v.Alternatives {
			if hasKey(a, depth+1) {
				return true
			}
		}
	case v.IsKnown() && v.Type == model.List:
		for _, it := range v.List {
			if hasKey(it, depth+1) {
				return true
			}
		}
	case v.IsKnown() && v.Type == model.Map:
		for i, k := range v.Keys {
			if deliveryQueues[k] && v.FieldAt(i).IsSet() {
				return true
			}
			if hasKey(v.FieldAt(i), depth+1) {
				return true
			}
		}
	}
	return false
}

// subject names a resource in a message: `"Failures"` in a template, its
// address in Terraform.
func subject(r *model.Resource) string {
	if strings.HasPrefix(r.Type, "aws_") {
		return r.Name
	}
	return fmt.Sprintf("%q", r.Name)
}
