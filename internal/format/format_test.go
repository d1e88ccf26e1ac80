package format

import (
	"os"
	"path/filepath"
	"testing"
)

// TestOf: each file is claimed by one format, Terraform's before the
// templates' (a .tf.json is Terraform), and variable files are companions
// of Terraform, not projects.
func TestOf(t *testing.T) {
	for name, want := range map[string]*Format{
		"main.tf": Terraform, "main.tf.json": Terraform, "template.yaml": Template, "t.YML": Template,
		"stack.template": Template, "cdk.json": Template, "terraform.tfvars.json": nil, "prod.tfvars": nil,
		"README.md": nil, "main.go": nil,
	} {
		if got := Of(name); got != want {
			t.Errorf("Of(%q) = %v, want %v", name, got, want)
		}
	}
	for name, want := range map[string]bool{"terraform.tfvars": true, "x.auto.tfvars.json": true, "prod.tfvars": false, "main.tf": true, "a.json": true, "a.md": false} {
		if got := Read(name); got != want {
			t.Errorf("Read(%q) = %v, want %v", name, got, want)
		}
	}
	if got := ForFiles([]string{"mod/variables.tf", "terraform.tfvars"}); got != Terraform {
		t.Errorf("ForFiles of a module = %v", got)
	}
	if got := ForFiles([]string{"-"}); got != nil {
		t.Errorf("ForFiles of an unclaimed name = %v, want nil", got)
	}
}

// TestLoadThroughFormat: a project loads through its format's Load, with
// the template format skipping YAML that is no template.
func TestLoadThroughFormat(t *testing.T) {
	dir := t.TempDir()
	tpl := filepath.Join(dir, "template.yaml")
	other := filepath.Join(dir, "workflow.yml")
	os.WriteFile(tpl, []byte("Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties: {MemorySize: 256}\n"), 0o644)
	os.WriteFile(other, []byte("on: push\njobs: {}\n"), 0o644)
	p := Template.Load(Request{Root: tpl, Files: []string{tpl, other}, Read: os.ReadFile})
	if len(p.Functions) != 1 || len(p.Files) != 1 || p.Root != tpl {
		t.Errorf("template project: %d functions, files %v, root %s", len(p.Functions), p.Files, p.Root)
	}
	tf := filepath.Join(dir, "main.tf")
	os.WriteFile(tf, []byte("resource \"aws_lambda_function\" \"f\" {\n  function_name = \"f\"\n  memory_size = 256\n}\n"), 0o644)
	p = Terraform.Load(Request{Root: dir, Files: []string{tf}, Read: os.ReadFile})
	if len(p.Functions) != 1 || p.Budget == nil {
		t.Errorf("terraform project: %d functions, budget %v", len(p.Functions), p.Budget)
	}
}

// TestServerlessNamedTemplate: a serverless.yml that is no service but a
// template is linted as the template it is.
func TestServerlessNamedTemplate(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "serverless.yml")
	src := "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties: {MemorySize: 256}\n"
	if err := os.WriteFile(name, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	p := Of(name).Load(Request{Root: name, Files: []string{name}, Read: os.ReadFile})
	if len(p.Functions) != 1 {
		t.Errorf("a template named serverless.yml: %d functions, errors %v", len(p.Functions), p.Errors)
	}
}
