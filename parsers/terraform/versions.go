package terraform

import (
	"strings"

	"github.com/lambdavet/lambdavet/parsers/model"
)

// linkProvisionedConcurrency gives each function that sets none the first
// aws_lambda_provisioned_concurrency_config of it (found by a reference to
// the function, to a lambda module's function, or by its function_name),
// as the map of its provisioned_concurrent_executions at the resource.
func linkProvisionedConcurrency(p *model.Project) {
	var byName, byFunctionName map[string]*model.Function // built on first need
	for _, r := range p.Resources {
		if r.DataSource || r.Type != "aws_lambda_provisioned_concurrency_config" {
			continue
		}
		if byName == nil {
			byName, byFunctionName = map[string]*model.Function{}, map[string]*model.Function{}
			for _, f := range p.Functions {
				byName[f.Name()] = f
				if s, ok := f.Resource.Properties.Dig("function_name").AsString(); ok && s != "" {
					byFunctionName[s] = f
				}
			}
		}
		name := r.Properties.Dig("function_name")
		var f *model.Function
		for _, ref := range name.AllRefs() {
			if f = byName[ref.Resource]; f != nil {
				break
			}
			// module.x.lambda_function_name of terraform-aws-modules/lambda
			if strings.HasPrefix(ref.Attribute, "lambda_function_") {
				if f = byName[ref.Resource+".aws_lambda_function.this"]; f != nil {
					break
				}
			}
		}
		if s, ok := name.AsString(); ok && f == nil {
			if fn, _, ok := model.SplitFunctionARN(s); ok {
				s = fn
			}
			f = byFunctionName[s]
		}
		if f == nil || f.ProvisionedConcurrency.State != model.Absent {
			continue
		}
		m := model.NewMap(r.Range)
		if v := r.Properties.Dig("provisioned_concurrent_executions"); v.State != model.Absent {
			m.Set("provisioned_concurrent_executions", v)
		}
		f.ProvisionedConcurrency = m
	}
}
