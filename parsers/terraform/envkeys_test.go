package terraform

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// TestEnvironmentKeys checks that each variable name is placed on its key,
// column included: in the block's object, a quoted key, a variable
// default, a merge() of a local and an object, a module argument.
func TestEnvironmentKeys(t *testing.T) {
	main := `variable "env" {
  default = { FROM_DEFAULT = "d" }
}
locals {
  base = {
    FROM_LOCAL = "l"
    VIA_VAR    = var.region
  }
}
variable "region" {
  default = "eu-west-1"
}
resource "aws_lambda_function" "literal" {
  environment {
    variables = {
      PLAIN    = "p"
      "QUOTED" = "q"
    }
  }
}
resource "aws_lambda_function" "from_default" {
  environment {
    variables = var.env
  }
}
resource "aws_lambda_function" "merged" {
  environment {
    variables = merge(local.base, { OWN = "o" })
  }
}
module "registry" {
  source                = "terraform-aws-modules/lambda/aws"
  environment_variables = { MODULE_ARG = "m" }
}
`
	p := project(t, map[string]string{"main.tf": main}, Options{})
	lines := strings.Split(main, "\n")
	got := map[string][]string{}
	for _, f := range p.Functions {
		for _, k := range f.EnvironmentKeys {
			line := lines[k.Range.Start.Line-1]
			at := line[k.Range.Start.Column-1 : k.Range.End.Column-1]
			if filepath.Base(k.Range.File) != "main.tf" {
				at = "in " + k.Range.File
			}
			got[f.Name()] = append(got[f.Name()], fmt.Sprintf("%s@%d:%s origin=%q", k.Name, k.Range.Start.Line, at, k.Origin))
		}
	}
	want := map[string][]string{
		"aws_lambda_function.literal":      {`PLAIN@16:PLAIN origin=""`, `QUOTED@17:"QUOTED" origin=""`},
		"aws_lambda_function.from_default": {`FROM_DEFAULT@2:FROM_DEFAULT origin="variable \"env\" default"`},
		// VIA_VAR's value comes from the variable: the merge() stands in
		"aws_lambda_function.merged": {
			`FROM_LOCAL@6:FROM_LOCAL origin="local \"base\""`,
			`VIA_VAR@28:merge(local.base, { OWN = "o" }) origin=""`,
			`OWN@28:OWN origin=""`,
		},
		"module.registry.aws_lambda_function.this": {`MODULE_ARG@33:MODULE_ARG origin="module \"registry\" argument environment_variables"`},
	}
	for name, w := range want {
		if fmt.Sprint(got[name]) != fmt.Sprint(w) {
			t.Errorf("%s: names\n got %q\nwant %q", name, got[name], w)
		}
	}
}
