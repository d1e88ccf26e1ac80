package terraform

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lambdavet/lambdavet/parsers/model"
)

// project writes files into a temporary folder and loads its root module.
func project(t *testing.T, files map[string]string, opts Options) *model.Project {
	t.Helper()
	dir := t.TempDir()
	var names []string
	for name, src := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		names = append(names, p)
	}
	for i, f := range opts.VarFiles {
		opts.VarFiles[i] = filepath.Join(dir, f)
		names = append(names, opts.VarFiles[i])
	}
	return Load(dir, names, os.ReadFile, opts)
}

func fn(t *testing.T, p *model.Project, name string) *model.Function {
	t.Helper()
	for _, f := range p.Functions {
		if f.Name() == name {
			return f
		}
	}
	var have []string
	for _, f := range p.Functions {
		have = append(have, f.Name())
	}
	t.Fatalf("no function %s (have %v; errors %v)", name, have, p.Errors)
	return nil
}

func num(t *testing.T, v *model.Value) float64 {
	t.Helper()
	n, ok := v.AsNumber()
	if !ok {
		t.Fatalf("value is %s, not a known number", v.State)
	}
	return n
}

func TestVariablePrecedence(t *testing.T) {
	files := map[string]string{
		"main.tf": `variable "memory" {
  default = 128
}
variable "timeout" {
  default = 3
}
variable "storage" {
  default = 512
}
variable "layers" {
  default = []
}
resource "aws_lambda_function" "f" {
  memory_size = var.memory
  timeout     = var.timeout
  layers      = var.layers
  ephemeral_storage {
    size = var.storage
  }
}
`,
		"terraform.tfvars":   "memory = 256\ntimeout = 10\nstorage = 1024\n",
		"b.auto.tfvars":      "memory = 512\n",
		"a.auto.tfvars":      "memory = 384\ntimeout = 20\n",
		"prod.tfvars":        "timeout = 30\n",
		"ignored.tfvars.txt": "memory = 1\n",
	}
	p := project(t, files, Options{VarFiles: []string{"prod.tfvars"}, Vars: map[string]string{"layers": `["x", "y"]`}})
	f := fn(t, p, "aws_lambda_function.f")
	if got := num(t, f.MemorySize); got != 512 || f.MemorySize.Origin.String() != "b.auto.tfvars" || f.MemorySize.Range.Start.Line != 1 {
		t.Errorf("memory %v from %q line %d, want 512 from b.auto.tfvars line 1 (auto.tfvars in lexical order win)", got, f.MemorySize.Origin, f.MemorySize.Range.Start.Line)
	}
	if got := num(t, f.Timeout); got != 30 || f.Timeout.Origin.String() != "prod.tfvars" {
		t.Errorf("timeout %v from %q, want 30 from the -var-file", got, f.Timeout.Origin)
	}
	if got := num(t, f.EphemeralStorage); got != 1024 || !strings.HasSuffix(f.EphemeralStorage.Range.File, "terraform.tfvars") || f.EphemeralStorage.Range.Start.Line != 3 {
		t.Errorf("ephemeral storage %v at %v, want 1024 at terraform.tfvars:3", got, f.EphemeralStorage.Range)
	}
	if f.Layers.Type != model.List || len(f.Layers.List) != 2 || f.Layers.Origin.String() != "-var layers" {
		t.Errorf("layers %+v, want the two layers of -var", f.Layers)
	}
}

func TestLocalsFunctionsAndConditionals(t *testing.T) {
	p := project(t, map[string]string{"main.tf": `variable "stage" {}
locals {
  base   = { LOG_LEVEL = "info" }
  env    = merge(local.base, { STAGE = "x" }, { for k in ["A", "B"] : k => lower(k) })
  layers = concat(["l1", "l2"], slice(["l3", "l4", "l5", "l6"], 0, 4))
  memory = lookup({ small = 128, big = 20480 }, "big", 256)
}
resource "aws_lambda_function" "f" {
  memory_size = local.memory
  layers      = local.layers
  timeout     = var.stage == "prod" ? 901 : 30
  environment {
    variables = local.env
  }
}
`}, Options{})
	f := fn(t, p, "aws_lambda_function.f")
	if got := num(t, f.MemorySize); got != 20480 || f.MemorySize.Range.Start.Line != 6 || f.MemorySize.Origin.String() != `local "memory"` {
		t.Errorf("memory %v at line %d from %q, want 20480 at the local's line 6", got, f.MemorySize.Range.Start.Line, f.MemorySize.Origin)
	}
	if len(f.Layers.List) != 6 {
		t.Errorf("layers %d, want 6", len(f.Layers.List))
	}
	if f.Timeout.State != model.Conditional || len(f.Timeout.Candidates()) != 2 ||
		!strings.Contains(f.Timeout.Alternatives[0].When.String(), "`var.stage == \"prod\"` is true") {
		t.Errorf("timeout should have one path per branch of the unknown condition, got %+v", f.Timeout)
	}
	want := len(`{"A":"a","B":"b","LOG_LEVEL":"info","STAGE":"x"}`)
	if len(f.EnvironmentSizes) != 1 || f.EnvironmentSizes[0].Bytes != want || !f.EnvironmentSizes[0].Exact {
		t.Errorf("environment sizes %+v, want one of %d bytes", f.EnvironmentSizes, want)
	}
}

func TestCountForEachAndDynamic(t *testing.T) {
	p := project(t, map[string]string{"main.tf": `variable "sizes" {
  default = { a = 128, b = 20480 }
}
variable "enabled" {
  default = false
}
resource "aws_lambda_function" "each" {
  for_each    = var.sizes
  memory_size = each.value
  timeout     = 10
}
resource "aws_lambda_function" "counted" {
  count       = 3
  memory_size = 256
}
resource "aws_lambda_function" "disabled" {
  count       = var.enabled ? 1 : 0
  memory_size = 99999
}
resource "aws_lambda_function" "dyn" {
  dynamic "environment" {
    for_each = [{ A = "1" }]
    content {
      variables = environment.value
    }
  }
  dynamic "vpc_config" {
    for_each = data.aws_subnets.x.ids
    content {
      subnet_ids = [vpc_config.value]
    }
  }
}
`}, Options{})
	each := fn(t, p, "aws_lambda_function.each")
	if each.MemorySize.State != model.Conditional || len(each.MemorySize.Candidates()) != 2 {
		t.Fatalf("for_each memory should be one value per instance, got %s", each.MemorySize.State)
	}
	big := each.MemorySize.Alternatives[1]
	if num(t, big) != 20480 || big.When.String() != `each.key is "b"` || big.Range.Start.Line != 2 {
		t.Errorf("instance b: %v when %q at line %d, want 20480 when each.key is \"b\" at line 2", big.Num, big.When, big.Range.Start.Line)
	}
	if n := num(t, each.Timeout); n != 10 {
		t.Errorf("timeout shared by the instances should be one value, got %v", n)
	}
	if c := fn(t, p, "aws_lambda_function.counted"); num(t, c.MemorySize) != 256 {
		t.Error("counted instances with the same value should collapse")
	}
	for _, f := range p.Functions {
		if f.Name() == "aws_lambda_function.disabled" {
			t.Error("a resource with count = 0 is not created and must not be linted")
		}
	}
	dyn := fn(t, p, "aws_lambda_function.dyn")
	if v := dyn.Environment.Get("A"); v == nil {
		t.Errorf("dynamic environment block not expanded: %+v", dyn.Environment)
	}
	if dyn.VpcConfig.State != model.Unknown {
		t.Errorf("a dynamic block over a data source is unknown, got %s", dyn.VpcConfig.State)
	}
}

func TestLocalModuleAndRegistryModule(t *testing.T) {
	p := project(t, map[string]string{
		"main.tf": `module "worker" {
  source = "./modules/fn"
  memory = 20480
}
module "registry" {
  source                 = "terraform-aws-modules/lambda/aws"
  version                = "~> 7.0"
  function_name          = "r"
  handler                = "index.handler"
  runtime                = "nodejs22.x"
  memory_size            = 4096
  ephemeral_storage_size = 2048
  environment_variables  = { A = "1" }
  layers                 = ["a"]
  vpc_subnet_ids         = ["subnet-1"]
}
module "layer_only" {
  source       = "terraform-aws-modules/lambda/aws"
  create_layer = true
}
`,
		"modules/fn/main.tf": `variable "memory" {
  default = 128
}
variable "timeout" {
  default = 3
}
resource "aws_lambda_function" "this" {
  memory_size = var.memory
  timeout     = var.timeout
}
output "arn" {
  value = aws_lambda_function.this.arn
}
`,
	}, Options{})
	w := fn(t, p, "module.worker.aws_lambda_function.this")
	if num(t, w.MemorySize) != 20480 || !strings.HasSuffix(w.MemorySize.Range.File, "/main.tf") || strings.Contains(w.MemorySize.Range.File, "modules") || w.MemorySize.Range.Start.Line != 3 {
		t.Errorf("module argument should point at the caller's line 3, got %v", w.MemorySize.Range)
	}
	if num(t, w.Timeout) != 3 || !strings.Contains(w.Timeout.Range.File, "modules/fn") {
		t.Errorf("module default should point into the module, got %v", w.Timeout.Range)
	}
	r := fn(t, p, "module.registry.aws_lambda_function.this")
	if num(t, r.MemorySize) != 4096 || num(t, r.EphemeralStorage) != 2048 || r.Environment.Get("A") == nil || len(r.Layers.List) != 1 {
		t.Errorf("registry module inputs not mapped: memory %v storage %v env %v layers %v", r.MemorySize, r.EphemeralStorage, r.Environment, r.Layers)
	}
	if r.VpcConfig.IsSet() {
		t.Error("the module sets vpc_config only with both subnets and security groups")
	}
	if r.MemorySize.Range.Start.Line != 11 {
		t.Errorf("registry module memory_size should point at line 11, got %d", r.MemorySize.Range.Start.Line)
	}
	for _, f := range p.Functions {
		if strings.HasPrefix(f.Name(), "module.layer_only") {
			t.Error("create_layer = true creates no function")
		}
	}
}

func TestSyntaxErrorsKeepOtherFiles(t *testing.T) {
	p := project(t, map[string]string{
		"broken.tf": "resource \"aws_lambda_function\" \"x\" {\n  memory_size = \n}\n",
		"good.tf":   "resource \"aws_lambda_function\" \"y\" {\n  memory_size = 20480\n}\n",
	}, Options{})
	if len(p.Errors) == 0 || p.Errors[0].Range.Start.Line != 2 || !strings.HasSuffix(p.Errors[0].Range.File, "broken.tf") {
		t.Fatalf("want a syntax error at broken.tf:2, got %v", p.Errors)
	}
	fn(t, p, "aws_lambda_function.y")
}

func TestJSONSyntax(t *testing.T) {
	p := project(t, map[string]string{"main.tf.json": `{
  "variable": {"memory": {"default": 20480}},
  "resource": {"aws_lambda_function": {"f": {
    "memory_size": "${var.memory}",
    "layers": ["a", "${aws_lambda_layer_version.x.arn}"],
    "environment": {"variables": {"A": "1"}}
  }},
  "aws_lambda_layer_version": {"x": {"layer_name": "x"}}}
}`}, Options{})
	f := fn(t, p, "aws_lambda_function.f")
	if num(t, f.MemorySize) != 20480 || f.MemorySize.Range.Start.Line != 2 {
		t.Errorf("memory %v at line %d, want 20480 from the default on line 2", f.MemorySize, f.MemorySize.Range.Start.Line)
	}
	if f.Environment.Get("A") == nil {
		t.Errorf("environment from JSON object not read: %+v", f.Environment)
	}
	if l := f.Layers.List; len(l) != 2 || l[1].Type != model.Reference || l[1].Ref.Resource != "aws_lambda_layer_version.x" {
		t.Errorf("a \"${…}\" reference in JSON syntax should stay a reference, got %+v", f.Layers)
	}
}

func TestUnknownsAreNotGuessed(t *testing.T) {
	p := project(t, map[string]string{"main.tf": `variable "memory" {}
data "aws_ssm_parameter" "t" {
  name = "/timeout"
}
resource "aws_lambda_function" "f" {
  memory_size = var.memory
  timeout     = data.aws_ssm_parameter.t.value
  layers      = [aws_lambda_layer_version.l.arn]
  environment {
    variables = { CONFIG = file("config.json") }
  }
}
resource "aws_lambda_layer_version" "l" {
  layer_name = "l"
}
`}, Options{})
	f := fn(t, p, "aws_lambda_function.f")
	if f.MemorySize.State != model.Unknown || f.Timeout.State != model.Unknown {
		t.Errorf("memory %s timeout %s, want unknown", f.MemorySize.State, f.Timeout.State)
	}
	if l := f.Layers.List[0]; l.Type != model.Reference || l.Ref.Resource != "aws_lambda_layer_version.l" || l.Ref.Attribute != "arn" {
		t.Errorf("layer should be a reference to aws_lambda_layer_version.l.arn, got %+v", l)
	}
	if len(f.EnvironmentSizes) != 1 || f.EnvironmentSizes[0].Exact {
		t.Error("file() is not read, so the size is not exact")
	}
}

// Hostile files: each must come back as an error with a position, never a
// crash (the HCL parser overflows the stack on deep nesting).
func TestHostileInput(t *testing.T) {
	for name, src := range map[string]string{
		"deep brackets":  "x = " + strings.Repeat("[", 200000) + strings.Repeat("]", 200000) + "\n",
		"deep parens":    "locals {\n  a = " + strings.Repeat("(", 100000) + "1" + strings.Repeat(")", 100000) + "\n}\n",
		"deep blocks":    strings.Repeat("a {\n", 50000),
		"binary":         "resource \x00\x01\xff \"x\" {}",
		"unclosed block": "resource \"aws_lambda_function\" \"f\" {\n  memory_size = 1\n",
	} {
		t.Run(name, func(t *testing.T) {
			p := project(t, map[string]string{"main.tf": src}, Options{})
			if len(p.Errors) == 0 {
				t.Fatal("no error")
			}
			if e := p.Errors[0]; e.Range.Start.Line < 1 || e.Message == "" {
				t.Errorf("error without a position: %v", e)
			}
		})
	}
}

func FuzzLoad(f *testing.F) {
	f.Add([]byte("variable \"m\" {\n  default = 20480\n}\nresource \"aws_lambda_function\" \"f\" {\n  memory_size = var.m\n  dynamic \"environment\" {\n    for_each = [1]\n    content {\n      variables = { A = \"${var.m}\" }\n    }\n  }\n}\n"))
	f.Add([]byte("locals {\n  a = merge({ x = 1 }, { for k, v in { y = 2 } : k => v * 2 })\n  b = local.a\n}\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		dir := t.TempDir()
		name := filepath.Join(dir, "main.tf")
		if err := os.WriteFile(name, src, 0o644); err != nil {
			t.Fatal(err)
		}
		Load(dir, []string{name}, os.ReadFile, Options{})
	})
}

func TestModuleForEachArguments(t *testing.T) {
	p := project(t, map[string]string{"main.tf": `module "fn" {
  source   = "terraform-aws-modules/lambda/aws"
  for_each = { dev = 30, prod = 901 }
  timeout  = each.value
}
module "none" {
  source  = "terraform-aws-modules/lambda/aws"
  count   = 0
  timeout = 999
}
`}, Options{})
	f := fn(t, p, "module.fn.aws_lambda_function.this")
	if f.Timeout.State != model.Conditional || len(f.Timeout.Candidates()) != 2 {
		t.Fatalf("timeout should have one path per instance, got %s", f.Timeout.State)
	}
	prod := f.Timeout.Alternatives[1]
	if n := num(t, prod); n != 901 || prod.When.String() != `each.key is "prod"` || prod.Range.Start.Line != 3 {
		t.Errorf("prod instance: %v when %q at line %d", n, prod.When, prod.Range.Start.Line)
	}
	for _, g := range p.Functions {
		if strings.HasPrefix(g.Name(), "module.none") {
			t.Error("a module with count = 0 creates nothing")
		}
	}
}

// Modules that call each other fan out: the run must stay bounded, and a
// module cycle is reported once.
func TestModuleCyclesAndFanOut(t *testing.T) {
	var calls strings.Builder
	for i := range 6 {
		fmt.Fprintf(&calls, "module \"a%d\" {\n  source = \"./m\"\n}\n", i)
	}
	cycle := strings.ReplaceAll(calls.String(), "./m", "../m")
	p := project(t, map[string]string{"main.tf": calls.String(), "m/main.tf": cycle}, Options{})
	if len(p.Errors) != 1 || !strings.Contains(p.Errors[0].Message, "already among its callers") {
		t.Fatalf("want one cycle error, got %v", p.Errors)
	}
	// Six calls of a module that makes six calls of a module …: 6^5 instances
	// without a bound.
	files := map[string]string{"main.tf": calls.String()}
	dir := "m"
	for range 5 {
		files[dir+"/main.tf"] = calls.String()
		dir += "/m"
	}
	files[dir+"/main.tf"] = "resource \"aws_lambda_function\" \"f\" {\n  memory_size = 128\n}\n"
	p = project(t, files, Options{})
	if len(p.Errors) != 1 || !strings.Contains(p.Errors[0].Message, "module instances") {
		t.Fatalf("want the instance bound reported, got %v", p.Errors)
	}
}

func TestDataSourceQueueVisibilityIsUnknown(t *testing.T) {
	p := project(t, map[string]string{"main.tf": `data "aws_sqs_queue" "ext" {
  name = "ext"
}
resource "aws_lambda_function" "f" {
  timeout = 60
}
resource "aws_lambda_event_source_mapping" "m" {
  event_source_arn = data.aws_sqs_queue.ext.arn
  function_name    = aws_lambda_function.f.arn
}
resource "aws_api_gateway_integration" "async" {
  type               = "AWS"
  uri                = aws_lambda_function.f.invoke_arn
  request_parameters = { "integration.request.header.X-Amz-Invocation-Type" = "'Event'" }
}
`}, Options{})
	f := fn(t, p, "aws_lambda_function.f")
	if len(f.Triggers) != 2 || f.Triggers[0].Kind != model.TriggerSQS || f.Triggers[0].VisibilityTimeout.State != model.Unknown ||
		f.Triggers[1].Kind != model.TriggerAsyncAPI {
		t.Fatalf("want one SQS trigger whose visibility is unknown (a data source) and the asynchronous integration, got %+v", f.Triggers)
	}
}

// merge, concat and lookup keep where each element was written.
func TestStructuralCallsKeepPositions(t *testing.T) {
	p := project(t, map[string]string{"main.tf": `variable "cfg" {
  default = {
    memory  = 128
    timeout = 1000
  }
}
locals {
  cfg = merge(var.cfg, { memory = 256 })
}
resource "aws_lambda_function" "f" {
  timeout     = local.cfg.timeout
  memory_size = lookup({ a = 10 }, "b", 20480)
  layers      = concat(var.extra, ["d"])
}
variable "extra" {
  default = ["a", "b"]
}
`}, Options{})
	f := fn(t, p, "aws_lambda_function.f")
	if num(t, f.Timeout) != 1000 || f.Timeout.Range.Start.Line != 4 || f.Timeout.Origin.String() != `variable "cfg" default` {
		t.Errorf("timeout at line %d (%q), want line 4 set by the variable default", f.Timeout.Range.Start.Line, f.Timeout.Origin)
	}
	if num(t, f.MemorySize) != 20480 || f.MemorySize.Range.Start.Column != 41 {
		t.Errorf("memory at column %d, want the lookup default (column 41)", f.MemorySize.Range.Start.Column)
	}
	if len(f.Layers.List) != 3 || f.Layers.List[0].Range.Start.Line != 16 {
		t.Errorf("concat should keep the elements' lines, got %+v", f.Layers.List)
	}
}

// TestOriginChain: a value set in a variable's default or a local and
// passed to a module names each hop, where it was set first.
func TestOriginChain(t *testing.T) {
	p := project(t, map[string]string{
		"main.tf": `variable "mem" {
  default = 2048
}
locals {
  timeout = 60
}
module "fn" {
  source  = "./fn"
  memory  = var.mem
  timeout = local.timeout
  arch    = "arm64"
}
`,
		"fn/main.tf": `variable "memory" {}
variable "timeout" {}
variable "arch" {}
resource "aws_lambda_function" "this" {
  function_name = "x"
  role          = "arn:aws:iam::123456789012:role/r"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  memory_size   = var.memory
  timeout       = var.timeout
  architectures = [var.arch]
}
`}, Options{})
	f := fn(t, p, "module.fn.aws_lambda_function.this")
	for _, c := range []struct {
		name string
		v    *model.Value
		want string
	}{
		{"memory_size", f.MemorySize, `variable "mem" default, via module "fn" argument memory`},
		{"timeout", f.Timeout, `local "timeout", via module "fn" argument timeout`},
	} {
		if c.v.Origin.String() != c.want {
			t.Errorf("%s from %q, want %q", c.name, c.v.Origin, c.want)
		}
	}
	if arch := f.Architectures.Items(); len(arch) != 1 || arch[0].Origin.String() != `module "fn" argument arch` {
		t.Errorf("architectures %+v, want one set by the module argument", arch)
	}
}

// TestConditionWithBackquote: a condition whose text holds a backquote
// (in a string) is named with a quote instead, so the path reads back as
// written, one subject with its two values, and the policies, which read
// the text, see what the Go rules see.
func TestConditionWithBackquote(t *testing.T) {
	p := project(t, map[string]string{"main.tf": "variable \"env\" {}\n" +
		"resource \"aws_lambda_function\" \"f\" {\n" +
		"  timeout = var.env == \"a`b\" ? 901 : 30\n" +
		"}\n"}, Options{})
	f := fn(t, p, "aws_lambda_function.f")
	alts := f.Timeout.Candidates()
	if len(alts) != 2 {
		t.Fatalf("timeout %+v, want one value per branch", f.Timeout)
	}
	for _, a := range alts {
		text := a.When.String()
		if back := model.ParseWhen(text); !back.Equal(a.When) {
			t.Errorf("the path %q reads back as %+v, want %+v", text, back, a.When)
		}
	}
	if model.CompatibleWhen(model.ParseWhen(alts[0].When.String()), model.ParseWhen(alts[1].When.String())) {
		t.Errorf("the two branches %q and %q read as compatible", alts[0].When, alts[1].When)
	}
	if got := alts[0].When.String(); got != "`var.env == \"a'b\"` is true" {
		t.Errorf("path %q, want the condition with its backquote a quote", got)
	}
}
