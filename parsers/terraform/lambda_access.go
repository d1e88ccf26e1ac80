package terraform

import (
	"strconv"

	"github.com/lambdavet/lambdavet/parsers/model"
)

// originModuleDefault is the origin of a value a terraform-aws-modules/lambda
// call gets from the module's own default.
const originModuleDefault = "the lambda module's default"

// lambdaModuleAccess models what a terraform-aws-modules/lambda call opens
// its function to, as the module's resources would: the function URL
// (create_lambda_function_url, with authorization_type, whose default is
// NONE), a permission per entry of allowed_triggers (principal, or service
// made into SERVICE.amazonaws.com, with its conditions), and where failed
// asynchronous events go (dead_letter_target_arn, destination_on_failure).
// Values keep the caller's ranges; a trigger map or entry not known gives
// nothing.
func (l *loader) lambdaModuleAccess(addr string, fn *model.Resource, arg func(string) *model.Value, rng model.Range) {
	isBool := func(name string, b bool) bool {
		v := arg(name)
		return v.IsKnown() && v.Type == model.Bool && v.Bool == b
	}
	name := model.NewRef(model.Ref{Resource: fn.Name, Attribute: "function_name"}, rng)
	if create := arg("create_lambda_function_url"); isBool("create_lambda_function_url", true) {
		auth := arg("authorization_type")
		if auth.State == model.Absent {
			auth = model.NewString("NONE", create.Range)
			auth.Origin = model.OriginOf(originModuleDefault)
		}
		props := model.NewMap(rng)
		props.Set("function_name", name)
		props.Set("authorization_type", auth)
		l.project.Resources = append(l.project.Resources, &model.Resource{Name: addr + "aws_lambda_function_url.this", Type: "aws_lambda_function_url", Range: rng, Properties: props})
	}
	// Where failed asynchronous events go: dead_letter_target_arn, and
	// destination_on_failure through the module's event invoke config
	// (create_async_event_config; counted unless known to be false).
	if v := arg("dead_letter_target_arn"); v.IsSet() {
		dlq := model.NewMap(v.Range)
		dlq.Set("target_arn", v)
		fn.Properties.Set("dead_letter_config", model.NewList([]*model.Value{dlq}, v.Range))
	}
	if v := arg("destination_on_failure"); v.IsSet() && !isBool("create_async_event_config", false) {
		onFailure := model.NewMap(v.Range)
		onFailure.Set("destination", v)
		dest := model.NewMap(v.Range)
		dest.Set("on_failure", model.NewList([]*model.Value{onFailure}, v.Range))
		props := model.NewMap(rng)
		props.Set("function_name", name)
		props.Set("destination_config", model.NewList([]*model.Value{dest}, v.Range))
		l.project.Resources = append(l.project.Resources, &model.Resource{Name: addr + "aws_lambda_function_event_invoke_config.this", Type: "aws_lambda_function_event_invoke_config", Range: rng, Properties: props})
	}
	triggers := arg("allowed_triggers")
	if !triggers.IsKnown() || triggers.Type != model.Map {
		return
	}
	kind := "unqualified_alias_triggers"
	if isBool("create_unqualified_alias_allowed_triggers", false) {
		if kind = "current_version_triggers"; isBool("create_current_version_allowed_triggers", false) {
			return
		}
	}
	if l.budget.SpendValues(int64(8*len(triggers.Keys)), "the permissions of allowed_triggers", triggers.Range) != nil {
		return
	}
	for i, key := range triggers.Keys {
		entry := triggers.FieldAt(i)
		if !entry.IsKnown() || entry.Type != model.Map {
			continue
		}
		props := model.NewMap(entry.Range)
		props.Set("function_name", name)
		action := entry.Field("action")
		if action == nil {
			action = model.NewString("lambda:InvokeFunction", entry.Range)
			action.Origin = model.OriginOf(originModuleDefault)
		}
		props.Set("action", action)
		principal := entry.Field("principal")
		if service := entry.Field("service"); principal == nil && service != nil {
			principal = model.NewUnknown("service not known", service.Range)
			if s, ok := service.AsString(); ok {
				principal = model.NewString(s+".amazonaws.com", service.Range)
				principal.Origin = service.Origin
			}
		}
		if principal != nil {
			props.Set("principal", principal)
		}
		for _, k := range []string{"principal_org_id", "source_arn", "source_account", "event_source_token", "function_url_auth_type"} {
			if v := entry.Field(k); v != nil {
				props.Set(k, v)
			}
		}
		l.project.Resources = append(l.project.Resources, &model.Resource{
			Name: addr + "aws_lambda_permission." + kind + "[" + strconv.Quote(key) + "]", Type: "aws_lambda_permission",
			Range: entry.Range, Properties: props,
		})
	}
}
