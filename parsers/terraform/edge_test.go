package terraform

import (
	"fmt"
	"strings"
	"testing"

	"github.com/lambdavet/lambdavet/parsers/model"
)

// edges renders a function's edge associations as
// "subject behavior event target detail [when]" lines, in order.
func edges(f *model.Function) string {
	var lines []string
	for _, a := range f.Edge {
		line := strings.TrimSpace(fmt.Sprintf("%s %s %s %s %s", a.Subject, a.CacheBehavior, a.EventType, a.Target, a.Detail))
		if len(a.When) > 0 {
			line += " [" + a.When.String() + "]"
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

func TestEdgeAssociations(t *testing.T) {
	p := project(t, map[string]string{"main.tf": `
variable "edge_arn" {
  default = "arn:aws:lambda:us-east-1:123456789012:function:plain:$LATEST"
}

variable "event" {}

resource "aws_lambda_function" "edge" {
  function_name = "edge"
  runtime       = "nodejs22.x"
  handler       = "index.handler"
  filename      = "f.zip"
  role          = "arn:aws:iam::123456789012:role/r"
  publish       = true
}

resource "aws_lambda_function" "plain" {
  count         = 1
  function_name = "plain"
  runtime       = "nodejs22.x"
  handler       = "index.handler"
  filename      = "f.zip"
  role          = "arn:aws:iam::123456789012:role/r"
}

resource "aws_lambda_alias" "live" {
  name             = "live"
  function_name    = aws_lambda_function.edge.function_name
  function_version = aws_lambda_function.edge.version
}

module "at_edge" {
  source         = "terraform-aws-modules/lambda/aws"
  function_name  = "at-edge"
  runtime        = "python3.12"
  handler        = "index.handler"
  lambda_at_edge = true
}

module "declared" {
  source         = "terraform-aws-modules/lambda/aws"
  function_name  = "declared"
  runtime        = "python3.12"
  handler        = "index.handler"
  lambda_at_edge = true
}

resource "aws_cloudfront_distribution" "cdn" {
  enabled = true
  default_cache_behavior {
    lambda_function_association {
      event_type = "viewer-request"
      lambda_arn = aws_lambda_function.edge.qualified_arn
    }
    lambda_function_association {
      event_type = "viewer-response"
      lambda_arn = "${aws_lambda_function.edge.arn}:${aws_lambda_function.edge.version}"
    }
    lambda_function_association {
      event_type = "origin-request"
      lambda_arn = aws_lambda_function.plain[0].qualified_arn
    }
    lambda_function_association {
      event_type = "origin-response"
      lambda_arn = aws_lambda_alias.live.arn
    }
  }
  ordered_cache_behavior {
    path_pattern = "/a/*"
    lambda_function_association {
      event_type = "origin-request"
      lambda_arn = module.at_edge.lambda_function_qualified_arn
    }
    lambda_function_association {
      event_type = "viewer-request"
      lambda_arn = "${aws_lambda_function.edge.arn}:$LATEST"
    }
    lambda_function_association {
      event_type = "viewer-response"
      lambda_arn = "arn:aws:lambda:us-east-1:123456789012:function:edge:7"
    }
    lambda_function_association {
      event_type = "origin-response"
      lambda_arn = aws_lambda_function.plain[0].arn
    }
  }
  ordered_cache_behavior {
    path_pattern = "/b/*"
    lambda_function_association {
      event_type = var.event
      lambda_arn = var.edge_arn
    }
    dynamic "lambda_function_association" {
      for_each = ["viewer-request"]
      content {
        event_type = lambda_function_association.value
        lambda_arn = join(":", [aws_lambda_function.edge.arn, aws_lambda_function.edge.version])
      }
    }
  }
}
`}, Options{})
	want := map[string]string{
		"aws_lambda_function.edge": `aws_cloudfront_distribution.cdn default viewer-request version
aws_cloudfront_distribution.cdn default viewer-response version
aws_cloudfront_distribution.cdn default origin-response alias alias "live"
aws_cloudfront_distribution.cdn /a/* viewer-request latest $LATEST
aws_cloudfront_distribution.cdn /a/* viewer-response version
aws_cloudfront_distribution.cdn /b/* viewer-request version`,
		"aws_lambda_function.plain": `aws_cloudfront_distribution.cdn default origin-request latest $LATEST (qualified_arn of a function without publish = true)
aws_cloudfront_distribution.cdn /a/* origin-response unqualified its unqualified ARN (arn)
aws_cloudfront_distribution.cdn /b/*  latest $LATEST`,
		"module.at_edge.aws_lambda_function.this":  `aws_cloudfront_distribution.cdn /a/* origin-request version`,
		"module.declared.aws_lambda_function.this": `module.declared (lambda_at_edge = true)   version`,
	}
	for name, w := range want {
		if got := edges(fn(t, p, name)); got != w {
			t.Errorf("%s:\ngot\n%s\nwant\n%s", name, got, w)
		}
	}
}

func TestEdgeInModule(t *testing.T) {
	p := project(t, map[string]string{
		"main.tf": `
module "site" {
  source = "./site"
}
`,
		"site/main.tf": `
resource "aws_lambda_function" "edge" {
  function_name = "edge"
  runtime       = "nodejs22.x"
  handler       = "index.handler"
  filename      = "f.zip"
  role          = "arn:aws:iam::123456789012:role/r"
}

resource "aws_cloudfront_distribution" "cdn" {
  enabled = true
  default_cache_behavior {
    lambda_function_association {
      event_type = "viewer-request"
      lambda_arn = "${aws_lambda_function.edge.arn}:3"
    }
  }
}
`,
	}, Options{})
	if got, want := edges(fn(t, p, "module.site.aws_lambda_function.edge")), "module.site.aws_cloudfront_distribution.cdn default viewer-request version"; got != want {
		t.Errorf("module: got %q, want %q", got, want)
	}
}
