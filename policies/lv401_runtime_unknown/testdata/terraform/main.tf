variable "runtime" {
  type    = string
  default = "python3.12"
}

variable "typo_runtime" {
  type    = string
  default = "nodejs20" # want "aws_lambda_function.from_variable sets runtime \"nodejs20\", not a Lambda runtime; did you mean \"nodejs20.x\"\\? \\(deprecated: the newest Node.js runtime is \"nodejs24.x\"\\) \\(set by variable \"typo_runtime\" default\\)"
}

variable "unknown_runtime" {
  type = string
}

variable "runtimes" {
  default = {
    api    = "python3.13"
    worker = "pyton3.13" # want "aws_lambda_function.per_key sets runtime \"pyton3.13\", not a Lambda runtime; did you mean \"python3.13\"\\? \\(when each.key is \"worker\"\\)"
  }
}

resource "aws_lambda_function" "good" {
  function_name = "good"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = var.runtime
  handler       = "app.handler"
  filename      = "app.zip"
}

resource "aws_lambda_function" "typo" {
  function_name = "typo"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "provided.al2023023" # want "aws_lambda_function.typo sets runtime \"provided.al2023023\", not a Lambda runtime; did you mean \"provided.al2023\"\\? \\(LV401\\)"
  handler       = "bootstrap"
  filename      = "app.zip"
}

resource "aws_lambda_function" "from_variable" {
  function_name = "from-variable"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = var.typo_runtime
  handler       = "index.handler"
  filename      = "app.zip"
}

resource "aws_lambda_function" "not_known" {
  function_name = "not-known"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = var.unknown_runtime
  handler       = "index.handler"
  filename      = "app.zip"
}

resource "aws_lambda_function" "per_key" {
  for_each      = var.runtimes
  function_name = each.key
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = each.value
  handler       = "app.handler"
  filename      = "app.zip"
}

module "registry" {
  source        = "terraform-aws-modules/lambda/aws"
  version       = "~> 8.0"
  function_name = "registry"
  handler       = "index.handler"
  runtime       = "nodejs" # no finding: the first Node.js runtime (LV402 reports it)
}

module "registry_typo" {
  source        = "terraform-aws-modules/lambda/aws"
  function_name = "registry-typo"
  handler       = "index.handler"
  runtime       = "nodjs22.x" # want "module.registry_typo.aws_lambda_function.this sets runtime \"nodjs22.x\", not a Lambda runtime; did you mean \"nodejs22.x\"\\?"
}
