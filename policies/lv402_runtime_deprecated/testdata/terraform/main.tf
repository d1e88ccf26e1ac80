# judged on 2026-06-15 (analyzers/policy fixtureDate)

variable "runtime" {
  type    = string
  default = "python3.9" # want "aws_lambda_function.from_variable sets runtime \"python3.9\", deprecated since 2025-12-15; creating functions on it is blocked from 2027-02-01 and updating them from 2027-03-03: move to \"python3.14\" \\(set by variable \"runtime\" default\\)"
}

variable "unknown_runtime" {
  type = string
}

resource "aws_lambda_function" "current" {
  function_name = "current"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
}

resource "aws_lambda_function" "from_variable" {
  function_name = "from-variable"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = var.runtime
  handler       = "app.handler"
  filename      = "app.zip"
}

resource "aws_lambda_function" "not_known" {
  function_name = "not-known"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = var.unknown_runtime
  handler       = "app.handler"
  filename      = "app.zip"
}

resource "aws_lambda_function" "go" {
  function_name = "go"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "go1.x" # want "aws_lambda_function.go sets runtime \"go1.x\", deprecated since 2024-01-08; creating functions on it is blocked since 2024-02-08 and updating them from 2027-03-03: move to \"provided.al2023\" \\(LV402\\)"
  handler       = "main"
  filename      = "app.zip"
}

module "registry" {
  source        = "terraform-aws-modules/lambda/aws"
  function_name = "registry"
  handler       = "index.handler"
  runtime       = "nodejs16.x" # want "module.registry.aws_lambda_function.this sets runtime \"nodejs16.x\", deprecated since 2024-06-12; .*: move to \"nodejs24.x\""
}
