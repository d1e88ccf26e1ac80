package model

import "testing"

// TestFunctionIndexNamed checks how a FunctionName property (a Terraform
// function_name) is followed: a reference, a physical name, an ARN, and a
// placeholder in an ARN only where the format reads placeholders.
func TestFunctionIndexNamed(t *testing.T) {
	at := Range{File: "f"}
	res := &Resource{Name: "aws_lambda_function.w", Type: "aws_lambda_function", Properties: NewMap(at)}
	res.Properties.Set("function_name", NewString("worker", at))
	f := NewFunction(res)
	ix := NewFunctionIndex(&Project{Resources: []*Resource{res}, Functions: []*Function{f}})
	placeholder := func(expr string) string { return "aws_lambda_function.w" }
	for _, c := range []struct {
		name        string
		v           *Value
		placeholder func(string) string
		want        *Function
	}{
		{"reference", NewRef(Ref{Resource: "aws_lambda_function.w", Attribute: "arn"}, at), nil, f},
		{"name", NewString("worker", at), nil, f},
		{"ARN", NewString("arn:aws:lambda:us-east-1:123456789012:function:worker", at), nil, f},
		{"other name", NewString("other", at), nil, nil},
		{"placeholder read", NewString("arn:aws:lambda:us-east-1:123456789012:function:${aws_lambda_function.w.function_name}", at), placeholder, f},
		{"placeholder not read", NewString("arn:aws:lambda:us-east-1:123456789012:function:${aws_lambda_function.w.function_name}", at), nil, nil},
		{"not known", NewUnknown("a variable", at), placeholder, nil},
	} {
		if got := ix.Named(c.v, c.placeholder); got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
}
