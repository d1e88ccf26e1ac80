variable "memory" {
  type    = number
  default = 1024
}

variable "report_memory" {
  type    = number
  default = 10241 # want "aws_lambda_function.report sets memory_size 10241, above the Lambda maximum of 10240 MB \\(set by variable \"report_memory\" default\\)"
}

variable "unknown_memory" {
  type = number
}

variable "sizes" {
  default = {
    small = 128
    huge  = 20480 # want "aws_lambda_function.sized sets memory_size 20480, above the Lambda maximum of 10240 MB \\(when each.key is \"huge\"\\)"
  }
}

locals {
  defaults = { memory = 10240, timeout = 30 }
  settings = merge(local.defaults, { memory = 10300 }) # want "aws_lambda_function.merged sets memory_size 10300"
}

resource "aws_lambda_function" "at_minimum" {
  function_name = "at-minimum"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  memory_size   = 128
}

resource "aws_lambda_function" "at_maximum" {
  function_name = "at-maximum"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  memory_size   = local.defaults.memory
}

resource "aws_lambda_function" "below_minimum" {
  function_name = "below-minimum"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  memory_size   = 127 # want "aws_lambda_function.below_minimum sets memory_size 127, below the Lambda minimum of 128 MB"
}

resource "aws_lambda_function" "from_tfvars" {
  function_name = "from-tfvars"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  memory_size   = var.memory
}

resource "aws_lambda_function" "report" {
  function_name = "report"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  memory_size   = var.report_memory
}

resource "aws_lambda_function" "merged" {
  function_name = "merged"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  memory_size   = local.settings.memory
}

resource "aws_lambda_function" "sized" {
  for_each      = var.sizes
  function_name = "sized-${each.key}"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  memory_size   = each.value
}

resource "aws_lambda_function" "counted" {
  count         = 2
  function_name = "counted-${count.index}"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  memory_size   = 20000 # want "aws_lambda_function.counted sets memory_size 20000"
}

resource "aws_lambda_function" "never_created" {
  count         = 0
  function_name = "never"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  memory_size   = 99999
}

resource "aws_lambda_function" "not_known" {
  function_name = "not-known"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  memory_size   = var.unknown_memory
}

resource "aws_lambda_function" "managed_instances" {
  function_name = "managed"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  memory_size   = 32768
  capacity_provider_config {
    lambda_managed_instances_capacity_provider_config {
      capacity_provider_arn = "arn:aws:lambda:us-east-1:123456789012:capacity-provider:fleet"
    }
  }
}

module "worker" {
  source = "./modules/worker"
  memory = 16384 # want "module.worker.aws_lambda_function.this sets memory_size 16384.*\\(set by module \"worker\" argument memory\\)"
}

module "registry" {
  source        = "terraform-aws-modules/lambda/aws"
  version       = "~> 8.0"
  function_name = "registry"
  handler       = "index.handler"
  runtime       = "nodejs22.x"
  memory_size   = 10241 # want "module.registry.aws_lambda_function.this sets memory_size 10241"
}

module "registry_ok" {
  source        = "terraform-aws-modules/lambda/aws"
  function_name = "registry-ok"
  handler       = "index.handler"
  runtime       = "nodejs22.x"
  memory_size   = 10240
}
