package terraform

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/lambdavet/lambdavet/parsers/model"
	"github.com/lambdavet/lambdavet/parsers/model/modeltest"
)

func TestSplitAddress(t *testing.T) {
	for addr, want := range map[string][2]string{
		"aws_lambda_function.f":                            {"aws_lambda_function.f", ""},
		"aws_lambda_function.f[2]":                         {"aws_lambda_function.f", "count.index is 2"},
		`aws_lambda_function.f["a.b[c]"]`:                  {"aws_lambda_function.f", `each.key is "a.b[c]"`},
		`module.a["x"].aws_lambda_function.this[0]`:        {"module.a.aws_lambda_function.this", `module.a["x"] and count.index is 0`},
		"module.a.module.b[1].aws_sqs_queue.q":             {"module.a.module.b.aws_sqs_queue.q", "module.a.module.b[1]"},
		`data.aws_ssm_parameter.p["k"]`:                    {"data.aws_ssm_parameter.p", `each.key is "k"`},
		"module.a[0].data.aws_iam_policy_document.d":       {"module.a.data.aws_iam_policy_document.d", "module.a[0]"},
		"aws_lambda_function.f[":                           {"aws_lambda_function.f", "count.index is "},
		`aws_lambda_function.f["unterminated`:              {"aws_lambda_function.f", `count.index is "unterminated`},
		"":                                                 {"", ""},
		"module.m[1]":                                      {"module.m", "count.index is 1"},
		`aws_lambda_function.f["with \"quote\" and \\ ."]`: {"aws_lambda_function.f", `each.key is "with \"quote\" and \\ ."`},
	} {
		config, when := splitAddress(addr)
		if config != want[0] || when.String() != want[1] {
			t.Errorf("splitAddress(%q) = %q, %q; want %q, %q", addr, config, when, want[0], want[1])
		}
	}
}

func TestIsPlan(t *testing.T) {
	for src, want := range map[string]bool{
		`{"format_version":"1.2","planned_values":{}}`:                        true,
		"\ufeff  {\n\"resource_changes\": [], \"format_version\": \"1.0\"}":   true,
		`{"format_version":"1.0","values":{"root_module":{}}}`:                false, // a state
		`{"AWSTemplateFormatVersion":"2010-09-09","Resources":{}}`:            false,
		`["format_version","planned_values"]`:                                 false,
		`format_version: "1.2"` + "\nplanned_values: {}\n":                    false,
		`{"Description":"mentions planned_values but no format"}`:             false,
		`{"format_version":"1.2","terraform_version":"1.9.0","variables":{}}`: false,
	} {
		if got := IsPlan([]byte(src)); got != want {
			t.Errorf("IsPlan(%q) = %v, want %v", src, got, want)
		}
	}
}

// planJSON builds a plan document from its resources, each {address,
// type, values[, after_unknown]}, and the root module's configuration.
func planJSON(t *testing.T, resources []map[string]any, config map[string]any) []byte {
	t.Helper()
	var planned, changes []any
	for _, r := range resources {
		config, _ := splitAddress(r["address"].(string))
		name := config[strings.LastIndex(config, ".")+1:]
		pr := map[string]any{"address": r["address"], "mode": "managed", "type": r["type"], "name": name,
			"provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 0, "values": r["values"], "sensitive_values": map[string]any{}}
		planned = append(planned, pr)
		unknown := r["after_unknown"]
		if unknown == nil {
			unknown = map[string]any{"arn": true}
		}
		changes = append(changes, map[string]any{"address": r["address"], "mode": "managed", "type": r["type"], "name": name,
			"change": map[string]any{"actions": []string{"create"}, "before": nil, "after": r["values"], "after_unknown": unknown}})
	}
	doc := map[string]any{"format_version": "1.2", "terraform_version": "1.9.8",
		"planned_values":   map[string]any{"root_module": map[string]any{"resources": planned}},
		"resource_changes": changes,
		"configuration":    map[string]any{"root_module": config}}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestPlanOnlyTriggers: in a plan without its configuration, an event
// source mapping names its queue and function through the configuration's
// references, known only after apply (a new function) or known and equal
// to the attribute named (an existing one), so the SQS rules see the
// trigger as they do in HCL.
func TestPlanOnlyTriggers(t *testing.T) {
	ref := func(refs ...string) map[string]any { return map[string]any{"references": refs} }
	src := planJSON(t, []map[string]any{
		{"address": "aws_lambda_function.new", "type": "aws_lambda_function", "values": map[string]any{"function_name": "new", "timeout": 60, "memory_size": 128}},
		{"address": "aws_lambda_function.old", "type": "aws_lambda_function", "values": map[string]any{"function_name": "old", "timeout": 45, "memory_size": 128}},
		{"address": "aws_sqs_queue.q", "type": "aws_sqs_queue", "values": map[string]any{"name": "q", "visibility_timeout_seconds": 30}},
		{"address": "aws_lambda_event_source_mapping.new", "type": "aws_lambda_event_source_mapping",
			"values": map[string]any{"batch_size": 10, "enabled": true}, "after_unknown": map[string]any{"event_source_arn": true, "function_name": true}},
		{"address": "aws_lambda_event_source_mapping.old", "type": "aws_lambda_event_source_mapping",
			"values": map[string]any{"function_name": "old", "enabled": true, "event_source_arn": "arn:aws:sqs:us-east-1:123456789012:q"}, "after_unknown": map[string]any{"event_source_arn": false}},
	}, map[string]any{"resources": []any{
		map[string]any{"address": "aws_lambda_event_source_mapping.new", "expressions": map[string]any{
			"event_source_arn": ref("aws_sqs_queue.q.arn", "aws_sqs_queue.q"), "function_name": ref("aws_lambda_function.new.arn", "aws_lambda_function.new")}},
		map[string]any{"address": "aws_lambda_event_source_mapping.old", "expressions": map[string]any{
			"event_source_arn": ref("var.queue_arn"), "function_name": ref("aws_lambda_function.old.function_name", "aws_lambda_function.old")}},
	}})
	p, ok := LoadPlan("plan.json", src, nil)
	if !ok || len(p.Errors) > 0 {
		t.Fatalf("LoadPlan: plan %v, errors %v", ok, p.Errors)
	}
	modeltest.CheckSchema(t, p)
	for _, name := range []string{"aws_lambda_function.new", "aws_lambda_function.old"} {
		f := fn(t, p, name)
		if len(f.Triggers) != 1 || f.Triggers[0].Kind != model.TriggerSQS {
			t.Fatalf("%s: triggers %+v, want one SQS trigger", name, f.Triggers)
		}
	}
	if q := fn(t, p, "aws_lambda_function.new").Triggers[0]; q.Queue != "aws_sqs_queue.q" || num(t, q.VisibilityTimeout) != 30 {
		t.Errorf("new: queue %q visibility %v, want aws_sqs_queue.q at 30 s", q.Queue, q.VisibilityTimeout)
	}
	f := fn(t, p, "aws_lambda_function.new")
	if n := num(t, f.Timeout); n != 60 || f.Timeout.Range.File != "plan.json" || f.Timeout.Range.Start.Line == 0 {
		t.Errorf("timeout %v at %v, want 60 at its line in plan.json", n, f.Timeout.Range)
	}
}

// TestPlanHostile: a plan is input like any other: broken, oddly shaped,
// of a format version to come, or nested past the budget, it gives an
// error at its position or nothing, never a crash.
func TestPlanHostile(t *testing.T) {
	deep := `{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"aws_lambda_function.f","type":"aws_lambda_function","values":` +
		strings.Repeat(`{"a":`, 5000) + "1" + strings.Repeat("}", 5000) + `}]}}}`
	for name, c := range map[string]struct {
		src     string
		wantErr string
	}{
		"future major":   {`{"format_version":"2.0","planned_values":{}}`, `format_version "2.0" is not supported`},
		"broken":         {`{"format_version":"1.2","planned_values":{"root_module":`, "end of"},
		"resources map":  {`{"format_version":"1.2","planned_values":{"root_module":{"resources":{"a":1},"child_modules":"x"}}}`, ""},
		"no type":        {`{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"aws_lambda_function.f"},{"address":7},{}]}}}`, ""},
		"values scalar":  {`{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"aws_lambda_function.f","type":"aws_lambda_function","values":"x"}]}},"resource_changes":[{"address":"aws_lambda_function.f","change":{"after_unknown":[true]}}]}`, ""},
		"config oddness": {`{"format_version":"1.2","resource_changes":[],"configuration":{"root_module":{"module_calls":[1],"resources":[{"address":{}}]}}}`, ""},
		"deep":           {deep, "nest"},
	} {
		t.Run(name, func(t *testing.T) {
			p, ok := LoadPlan("plan.json", []byte(c.src), nil)
			if !ok {
				t.Fatal("not read as a plan")
			}
			var msgs []string
			for _, e := range p.Errors {
				msgs = append(msgs, e.Message)
			}
			got := strings.Join(msgs, "; ")
			if c.wantErr == "" && got != "" || c.wantErr != "" && !strings.Contains(got, c.wantErr) {
				t.Errorf("errors %q, want %q", got, c.wantErr)
			}
		})
	}
}

// TestPlanFillsOnlyUnknowns: beside the configuration, the plan fills
// what evaluation could not know and nothing else: a value the files set
// stays where the files set it, and one built from a managed resource
// keeps its reference.
func TestPlanFillsOnlyUnknowns(t *testing.T) {
	plan := planJSON(t, []map[string]any{
		{"address": "aws_lambda_function.f", "type": "aws_lambda_function", "values": map[string]any{
			"function_name": "f", "memory_size": 2048, "timeout": 999, "role": "arn:aws:iam::123456789012:role/r",
			"environment": []any{map[string]any{"variables": map[string]any{"MODE": "fast", "EMPTY": ""}}}}},
	}, nil)
	p := project(t, map[string]string{
		"main.tf": `variable "mem" {}
variable "env" {}
resource "aws_iam_role" "r" {
  name = "r"
}
resource "aws_lambda_function" "f" {
  function_name = "f"
  role          = aws_iam_role.r.arn
  memory_size   = var.mem
  timeout       = 30
  environment {
    variables = var.env
  }
}
`, "plan.json": string(plan)}, Options{})
	f := fn(t, p, "aws_lambda_function.f")
	if n := num(t, f.MemorySize); n != 2048 || !strings.HasSuffix(f.MemorySize.Range.File, "main.tf") || f.MemorySize.Range.Start.Line != 9 || f.MemorySize.Origin.String() != "the plan plan.json" {
		t.Errorf("memory %v at %v (%q), want 2048 at main.tf:9 from the plan", n, f.MemorySize.Range, f.MemorySize.Origin)
	}
	if n := num(t, f.Timeout); n != 30 {
		t.Errorf("timeout %v, want the file's 30", n)
	}
	if mode, _ := f.Environment.Dig("MODE").AsString(); mode != "fast" || f.Environment.Dig("EMPTY").State != model.Known {
		t.Errorf("environment %v, want MODE=fast and EMPTY kept as a value", f.Environment)
	}
	role := p.Resources[1].Properties.Dig("role")
	if role.Type != model.Reference {
		t.Errorf("role is %v, want the reference to aws_iam_role.r kept", role)
	}
	if len(p.Files) != 2 || p.Files[1].Format != model.FormatTerraformPlan {
		t.Errorf("files %v, want main.tf then the plan", p.Files)
	}
	modeltest.CheckSchema(t, p)
}
