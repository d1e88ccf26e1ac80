variable "unknown_handler" {
  type = string
}

variable "tfvars_runtime" {
  type    = string
  default = "python3.13"
}

variable "handlers" {
  default = {
    api    = "app.handler"
    worker = null # want "aws_lambda_function.per_service is a .zip package \\(package_type not set, so Zip\\) but sets no handler; Lambda requires handler and runtime for a .zip package \\(when each.key is \"worker\"\\) \\(LV110\\)"
  }
}

data "aws_ssm_parameter" "package_type" {
  name = "/lambda/package-type"
}

resource "aws_lambda_function" "complete" {
  function_name = "complete"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
}

resource "aws_lambda_function" "no_handler" { # want "aws_lambda_function.no_handler is a .zip package \\(package_type not set, so Zip\\) but sets no handler; Lambda requires handler and runtime for a .zip package \\(LV110\\)"
  function_name = "no-handler"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  filename      = "app.zip"
}

resource "aws_lambda_function" "no_runtime" { # want "aws_lambda_function.no_runtime is a .zip package but sets no runtime; Lambda requires handler and runtime for a .zip package \\(LV110\\)"
  function_name = "no-runtime"
  role          = "arn:aws:iam::123456789012:role/fn"
  package_type  = "Zip"
  handler       = "app.handler"
  s3_bucket     = "code"
  s3_key        = "app.zip"
}

resource "aws_lambda_function" "neither" { # want "aws_lambda_function.neither is a .zip package \\(package_type not set, so Zip\\) but sets neither handler nor runtime; Lambda requires both for a .zip package \\(LV110\\)"
  function_name = "neither"
  role          = "arn:aws:iam::123456789012:role/fn"
  filename      = "app.zip"
}

resource "aws_lambda_function" "null_handler" { # want "aws_lambda_function.null_handler is a .zip package \\(package_type not set, so Zip\\) but sets no handler; Lambda requires handler and runtime for a .zip package \\(LV110\\)"
  function_name = "null-handler"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = null
  filename      = "app.zip"
}

resource "aws_lambda_function" "empty_runtime" {
  function_name = "empty-runtime"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "" # want "aws_lambda_function.empty_runtime is a .zip package \\(package_type not set, so Zip\\) but sets an empty runtime; Lambda requires handler and runtime for a .zip package \\(LV110\\)"
  handler       = "app.handler"
  filename      = "app.zip"
}

resource "aws_lambda_function" "unknown_handler" {
  function_name = "unknown-handler"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = var.tfvars_runtime
  handler       = var.unknown_handler
  filename      = "app.zip"
}

resource "aws_lambda_function" "image" {
  function_name = "image"
  role          = "arn:aws:iam::123456789012:role/fn"
  package_type  = "Image"
  image_uri     = "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:latest"
}

resource "aws_lambda_function" "package_type_not_known" {
  function_name = "package-type-not-known"
  role          = "arn:aws:iam::123456789012:role/fn"
  package_type  = data.aws_ssm_parameter.package_type.value
  image_uri     = "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:latest"
}

resource "aws_lambda_function" "per_service" {
  for_each      = var.handlers
  function_name = "service-${each.key}"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = each.value
  filename      = "app.zip"
}

resource "aws_lambda_function" "never_created" {
  count         = 0
  function_name = "never"
  role          = "arn:aws:iam::123456789012:role/fn"
  filename      = "app.zip"
}

module "worker" {
  source  = "./modules/worker"
  runtime = "python3.13"
  handler = "app.handler"
}

module "registry_complete" {
  source        = "terraform-aws-modules/lambda/aws"
  version       = "~> 8.0"
  function_name = "registry-complete"
  handler       = "index.handler"
  runtime       = "nodejs22.x"
}

module "registry_no_runtime" { # want "module.registry_no_runtime.aws_lambda_function.this is a .zip package \\(package_type not set, so Zip\\) but sets no runtime; Lambda requires handler and runtime for a .zip package \\(LV110\\)"
  source        = "terraform-aws-modules/lambda/aws"
  function_name = "registry-no-runtime"
  handler       = "index.handler"
}

module "registry_image" {
  source         = "terraform-aws-modules/lambda/aws"
  function_name  = "registry-image"
  create_package = false
  package_type   = "Image"
  image_uri      = "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:latest"
}
