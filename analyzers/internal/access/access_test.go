package access

import (
	"slices"
	"testing"

	"github.com/lambdavet/lambdavet/parsers/model"
)

func TestClassify(t *testing.T) {
	for s, want := range map[string]PrincipalKind{
		"*": Anyone, " * ": Anyone,
		"123456789012": Account, "arn:aws:iam::123456789012:root": Account, "arn:aws-cn:iam::123456789012:root": Account,
		"s3.amazonaws.com": Service, "logs.us-east-1.amazonaws.com": Service, "sns.amazonaws.com.cn": Service,
		"alexa-appkit.amazon.com": Service, "S3.AMAZONAWS.COM": Service,
		"arn:aws:iam::123456789012:role/caller": Other, "12345": Other, "": Other, "amazonaws.com": Other,
	} {
		if got := Classify(s); got != want {
			t.Errorf("Classify(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestFunctionNameOf(t *testing.T) {
	for s, want := range map[string]string{
		"Worker": "Worker", "arn:aws:lambda:us-east-1:123456789012:function:Worker": "Worker",
		"arn:aws:lambda:us-east-1:123456789012:function:Worker:live": "Worker", "123456789012:Worker": "Worker",
	} {
		if got := FunctionNameOf(s); got != want {
			t.Errorf("FunctionNameOf(%q) = %q, want %q", s, got, want)
		}
	}
}

func TestPresentAndRefine(t *testing.T) {
	prod, test := `condition "IsProd" is true`, `condition "IsProd" is false`
	arn := model.NewString("arn:aws:sns:us-east-1:123456789012:jobs", model.Range{})
	arn.When = model.ParseWhen(prod)
	absent := model.NewAbsent(nil)
	absent.When = model.ParseWhen(test)
	onlyProd := &model.Value{State: model.Conditional, Alternatives: []*model.Value{arn, absent}}
	for _, c := range []struct {
		v    *model.Value
		when string
		want Presence
	}{
		{model.NewAbsent(nil), "", Missing},
		{nil, "", Missing},
		{model.NewUnknown("x", model.Range{}), "", Set},
		{onlyProd, "", Set},
		{onlyProd, prod, Set},
		{onlyProd, test, Missing},
		{onlyProd, `each.key is "a"`, Set},
	} {
		if got := Present(c.v, model.ParseWhen(c.when)); got != c.want {
			t.Errorf("Present(%v, %q) = %v, want %v", c.v, c.when, got, c.want)
		}
	}
	// A Terraform instance whose value the loader left out is not known.
	one := model.NewString("x", model.Range{})
	one.When = model.Is("each.key", `"a"`)
	instances := &model.Value{State: model.Conditional, Alternatives: []*model.Value{one}}
	if got := Present(instances, model.Is("each.key", `"b"`)); got != Unsure {
		t.Errorf("Present of a missing instance = %v, want Unsure", got)
	}
	if got := Refine(nil, onlyProd); !slices.EqualFunc(got, []string{prod, test}, func(w model.When, s string) bool { return w.String() == s }) {
		t.Errorf("Refine = %q", got)
	}
	if got := Refine(nil, arn); len(got) != 1 || len(got[0]) != 0 {
		t.Errorf("Refine of a known value = %q", got)
	}
}

func TestInvokes(t *testing.T) {
	for _, a := range []string{"lambda:InvokeFunction", "lambda:invokefunction", "lambda:InvokeFunctionUrl", "lambda:*", "*", "lambda:InvokeAsync"} {
		if !Invokes(a) {
			t.Errorf("Invokes(%q) = false", a)
		}
	}
	for _, a := range []string{"lambda:GetFunction", "lambda:Invoke", ""} {
		if Invokes(a) {
			t.Errorf("Invokes(%q) = true", a)
		}
	}
}
