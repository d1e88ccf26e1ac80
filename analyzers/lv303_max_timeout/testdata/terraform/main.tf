# LV303 in Terraform.

variable "long_timeout" {
  type    = number
  default = 900 # want "aws_lambda_function.from_variable sets timeout 900, the Lambda maximum: .* \\(set by variable \"long_timeout\" default\\) \\(LV303\\)"
}

variable "unknown_timeout" {
  type = number
}

resource "aws_lambda_function" "default_timeout" {
  function_name = "default-timeout"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
}

resource "aws_lambda_function" "just_under" {
  function_name = "just-under"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = 899
}

resource "aws_lambda_function" "at_maximum" {
  function_name = "at-maximum"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = 900 # want "aws_lambda_function.at_maximum sets timeout 900, the Lambda maximum: work that needs this long may not fit Lambda; consider Step Functions, ECS/Fargate or AWS Batch \\(LV303\\)"
}

resource "aws_lambda_function" "from_variable" {
  function_name = "from-variable"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = var.long_timeout
}

resource "aws_lambda_function" "not_known" {
  function_name = "not-known"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = var.unknown_timeout
}

resource "aws_lambda_function" "managed_at_maximum" {
  function_name = "managed-at-maximum"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = 5400 # want "aws_lambda_function.managed_at_maximum sets timeout 5400, the Lambda Managed Instances maximum"
  capacity_provider_config {
    lambda_managed_instances_capacity_provider_config {
      capacity_provider_arn = "arn:aws:lambda:us-east-1:123456789012:capacity-provider:fleet"
    }
  }
}

resource "aws_lambda_function" "managed_at_900" {
  function_name = "managed-at-900"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = 900
  capacity_provider_config {
    lambda_managed_instances_capacity_provider_config {
      capacity_provider_arn = "arn:aws:lambda:us-east-1:123456789012:capacity-provider:fleet"
    }
  }
}

module "registry" {
  source        = "terraform-aws-modules/lambda/aws"
  version       = "~> 8.0"
  function_name = "registry"
  handler       = "index.handler"
  runtime       = "nodejs22.x"
  timeout       = 900 # want "module.registry.aws_lambda_function.this sets timeout 900, the Lambda maximum"
}
