package model

import "strings"

// FunctionIndex finds the function of a project a value names, whatever
// the format: the one implementation of "which function is this" that the
// loaders' triggers and edge associations share.
type FunctionIndex struct {
	functions map[string]*Function
	resources map[string]*Resource
	// byFunctionName is built on first use: few projects name functions by
	// their physical name.
	byFunctionName map[string]*Function
	functionList   []*Function
}

// aliasOf are the resource types that stand for a function (its aliases
// and versions), with the property that names it.
var aliasOf = map[string]string{
	"AWS::Lambda::Alias": "FunctionName", "AWS::Lambda::Version": "FunctionName",
	"aws_lambda_alias": "function_name",
}

// functionNameOf is the property that gives a function its physical name,
// by resource type.
var functionNameOf = map[string]string{
	"AWS::Lambda::Function": "FunctionName", "AWS::Serverless::Function": "FunctionName",
	"aws_lambda_function": "function_name",
}

// NewFunctionIndex indexes the functions and resources of p.
func NewFunctionIndex(p *Project) *FunctionIndex {
	ix := &FunctionIndex{functions: make(map[string]*Function, len(p.Functions)), resources: make(map[string]*Resource, len(p.Resources)), functionList: p.Functions}
	for _, f := range p.Functions {
		ix.functions[f.Name()] = f
	}
	for _, r := range p.Resources {
		ix.resources[r.Name] = r
	}
	return ix
}

// Resources returns the project's resources by name; callers only read it.
func (ix *FunctionIndex) Resources() map[string]*Resource { return ix.resources }

// Functions returns the project's functions by logical id or address;
// callers only read it.
func (ix *FunctionIndex) Functions() map[string]*Function { return ix.functions }

// Function returns the function whose logical id or address is name.
func (ix *FunctionIndex) Function(name string) *Function { return ix.functions[name] }

// Target returns the function a value refers to: directly (Ref, Fn::GetAtt
// Arn, a Terraform attribute, an ARN built from one), through an output of
// the terraform-aws-modules/lambda module (module.x.lambda_function_arn),
// or through an alias or version of it; nil when it names none.
func (ix *FunctionIndex) Target(v *Value) *Function {
	for _, ref := range v.AllRefs() {
		if f, ok := ix.functions[ref.Resource]; ok {
			return f
		}
		if strings.HasPrefix(ref.Attribute, "lambda_function_") {
			if f, ok := ix.functions[ref.Resource+".aws_lambda_function.this"]; ok {
				return f
			}
		}
		if r, ok := ix.resources[ref.Resource]; ok {
			if prop, ok := aliasOf[r.Type]; ok {
				for _, inner := range r.Properties.Dig(prop).AllRefs() {
					if f, ok := ix.functions[inner.Resource]; ok {
						return f
					}
				}
			}
		}
	}
	return nil
}

// Named returns the function a FunctionName property (function_name
// argument) names: a reference to it, its name or its ARN. placeholder,
// when not nil, reads the function a placeholder in an ARN names
// (${aws_lambda_function.x.function_name}); "" for none.
func (ix *FunctionIndex) Named(v *Value, placeholder func(expr string) string) *Function {
	switch {
	case v.State == Known && v.Type == Reference:
		return ix.functions[v.Ref.Resource]
	case v.State == Known && v.Type == String:
		name := v.Str
		if fn, _, ok := SplitFunctionARN(name); ok {
			if expr, ok := Placeholder(fn); ok && placeholder != nil {
				return ix.functions[placeholder(expr)]
			}
			name = fn
		}
		return ix.ByFunctionName(name)
	}
	return nil
}

// AddTrigger gives t to the function v refers to (Target); a trigger of
// a function not in the project is dropped.
func (ix *FunctionIndex) AddTrigger(v *Value, t *Trigger) {
	if f := ix.Target(v); f != nil {
		f.Triggers = append(f.Triggers, t)
	}
}

// ByFunctionName returns the first function whose physical name
// (FunctionName, function_name) is name; nil for "" or none.
func (ix *FunctionIndex) ByFunctionName(name string) *Function {
	if name == "" {
		return nil
	}
	if ix.byFunctionName == nil {
		ix.byFunctionName = map[string]*Function{}
		for _, f := range ix.functionList {
			n, ok := f.Resource.Properties.Dig(functionNameOf[f.Resource.Type]).AsString()
			if _, seen := ix.byFunctionName[n]; ok && n != "" && !seen {
				ix.byFunctionName[n] = f
			}
		}
	}
	return ix.byFunctionName[name]
}
