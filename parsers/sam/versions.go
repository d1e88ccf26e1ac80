package sam

import (
	"fmt"

	"github.com/lambdavet/lambdavet/parsers/model"
)

// linkVersions gives each function what the template's versions and
// aliases of it say: Publish, true at the first AWS::Lambda::Version of the
// function, and ProvisionedConcurrency, the first ProvisionedConcurrencyConfig
// of such a version or of an AWS::Lambda::Alias when the function sets none
// (SAM's is on the function itself). A resource under a condition the
// function is not under gives a value on that condition's paths only;
// decided says which conditions the parameters settle.
func linkVersions(p *model.Project, decided func(string) (bool, bool)) {
	byID := map[string]*model.Function{}
	for _, f := range p.Functions {
		byID[f.Resource.Name] = f
	}
	var byName map[string]*model.Function // FunctionName to function, built on first need
	functionOf := func(v *model.Value) *model.Function {
		if s, ok := v.AsString(); ok && v.Type == model.String {
			if fn, _, ok := model.SplitFunctionARN(s); ok {
				s = fn
			}
			if byName == nil {
				byName = map[string]*model.Function{}
				for _, f := range p.Functions {
					if n, ok := f.Resource.Properties.Dig("FunctionName").AsString(); ok && n != "" {
						byName[n] = f
					}
				}
			}
			return byName[s]
		}
		for _, r := range v.AllRefs() {
			if f := byID[r.Resource]; f != nil && (r.Attribute == "" || r.Attribute == "Arn") {
				return f
			}
		}
		return nil
	}
	// the condition of the version that gave a function a conditional
	// Publish: with versions on two conditions, which paths publish none is
	// not worked out, and Publish says it is not known.
	publishedWhen := map[*model.Function]string{}
	for _, r := range p.Resources {
		if r.Type != "AWS::Lambda::Version" && r.Type != "AWS::Lambda::Alias" {
			continue
		}
		f := functionOf(r.Properties.Dig("FunctionName"))
		if f == nil {
			continue
		}
		when := resourceWhen(r, f, decided)
		if r.Type == "AWS::Lambda::Version" {
			switch {
			case len(when) == 0:
				f.Publish = model.NewBool(true, r.Range)
			case f.Publish.State == model.Absent:
				f.Publish = onPath(model.NewBool(true, r.Range), r.Condition)
				publishedWhen[f] = r.Condition
			case f.Publish.State == model.Conditional && publishedWhen[f] != r.Condition:
				f.Publish = model.NewUnknown(fmt.Sprintf("versions are published under conditions %q and %q", publishedWhen[f], r.Condition), r.Range)
			}
		}
		pc := r.Properties.Dig("ProvisionedConcurrencyConfig")
		if !pc.IsSet() || f.ProvisionedConcurrency.State != model.Absent {
			continue
		}
		if len(when) > 0 {
			pc = onPath(pc, r.Condition)
		}
		f.ProvisionedConcurrency = pc
	}
}

// resourceWhen is the path on which the resource r exists when its
// function f exists: none when r has no condition, f has the same one, or
// the parameters decide it true; else `condition "C" is true`.
func resourceWhen(r *model.Resource, f *model.Function, decided func(string) (bool, bool)) model.When {
	if r.Condition == "" || r.Condition == f.Resource.Condition {
		return nil
	}
	if v, ok := decided(r.Condition); ok && v {
		return nil
	}
	return model.Is(fmt.Sprintf("condition %q", r.Condition), "true")
}

// onPath returns v where the condition holds and nothing where it does not.
func onPath(v *model.Value, condition string) *model.Value {
	set := v.Copy()
	set.When = model.JoinWhen(model.Is(fmt.Sprintf("condition %q", condition), "true"), v.When)
	unset := model.NewAbsent(nil)
	unset.When = model.Is(fmt.Sprintf("condition %q", condition), "false")
	return &model.Value{State: model.Conditional, Range: v.Range, Alternatives: []*model.Value{set, unset}}
}
