package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestTerraformPlanBesideModule is issue 16's case: memory_size comes from
// a variable with no default. Alone, the module is silent (the value is
// unknown); with its plan (terraform show -json) beside it, LV101 lands on
// the memory_size line of main.tf, once, whether the folder or the plan is
// named; a plan found without its configuration reports at the plan.
func TestTerraformPlanBesideModule(t *testing.T) {
	mainTF := `variable "memory_size" {
  type = number
}

resource "aws_lambda_function" "worker" {
  function_name = "worker"
  role          = "arn:aws:iam::123456789012:role/worker"
  runtime       = "python3.13"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "worker.zip"
  memory_size   = var.memory_size
}
`
	plan := `{
  "format_version": "1.2",
  "terraform_version": "1.9.8",
  "variables": {"memory_size": {"value": 20480}},
  "planned_values": {"root_module": {"resources": [{
    "address": "aws_lambda_function.worker", "mode": "managed", "type": "aws_lambda_function", "name": "worker",
    "provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 0,
    "values": {"function_name": "worker", "handler": "app.handler", "runtime": "python3.13", "s3_bucket": "artifacts", "s3_key": "worker.zip",
      "memory_size": 20480, "timeout": 3, "package_type": "Zip", "image_uri": "", "environment": [], "vpc_config": [], "layers": null},
    "sensitive_values": {}}]}},
  "resource_changes": [{"address": "aws_lambda_function.worker", "mode": "managed", "type": "aws_lambda_function", "name": "worker",
    "change": {"actions": ["create"], "before": null, "after_unknown": {"arn": true}}}],
  "configuration": {"root_module": {"resources": [{"address": "aws_lambda_function.worker", "mode": "managed", "type": "aws_lambda_function",
    "name": "worker", "expressions": {"memory_size": {"references": ["var.memory_size"]}}}]}}
}
`
	type finding struct {
		Rule   string `json:"rule"`
		File   string `json:"file"`
		Line   int    `json:"line"`
		Column int    `json:"column"`
	}
	lint := func(args ...string) []finding {
		t.Helper()
		code, out, stderr := runCLI(t, append([]string{"-format=json", "-LV101"}, args...)...)
		if code > 1 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		var res struct {
			Diagnostics []finding `json:"diagnostics"`
		}
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatalf("output %q: %v", out, err)
		}
		return res.Diagnostics
	}
	alone := writeFiles(t, map[string]string{"infra/main.tf": mainTF})
	if got := lint(alone + "/..."); len(got) != 0 {
		t.Errorf("without the plan: %+v, want nothing (the value is unknown)", got)
	}
	dir := writeFiles(t, map[string]string{"infra/main.tf": mainTF, "infra/plan.json": plan, "elsewhere/plan.json": plan})
	for _, args := range [][]string{{dir + "/infra/..."}, {filepath.Join(dir, "infra", "plan.json")}} {
		got := lint(args...)
		if len(got) != 1 || got[0].Rule != "LV101" || !strings.HasSuffix(got[0].File, "main.tf") || got[0].Line != 12 || got[0].Column != 19 {
			t.Errorf("lambdavet %s: %+v, want one LV101 at infra/main.tf:12:19", args[0], got)
		}
	}
	got := lint(dir + "/elsewhere/...")
	if len(got) != 1 || !strings.HasSuffix(got[0].File, "plan.json") || got[0].Line != 9 {
		t.Errorf("plan alone: %+v, want one LV101 at elsewhere/plan.json:9", got)
	}
}
