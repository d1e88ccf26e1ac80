variable "timeout" {
  type    = number
  default = 30
}

variable "tfvars_timeout" {
  type    = number
  default = 30
}

variable "overridden_timeout" {
  type    = number
  default = 30
}

variable "report_timeout" {
  type    = number
  default = 901 # want "aws_lambda_function.report sets timeout 901, above the Lambda maximum of 900 seconds \\(set by variable \"report_timeout\" default\\) \\(LV102\\)"
}

variable "unknown_timeout" {
  type = number
}

variable "timeouts" {
  default = {
    quick = 1
    slow  = 901 # want "aws_lambda_function.per_queue sets timeout 901, above the Lambda maximum of 900 seconds \\(when each.key is \"slow\"\\) \\(LV102\\)"
    zero  = 0   # want "aws_lambda_function.per_queue sets timeout 0, below the Lambda minimum of 1 second \\(when each.key is \"zero\"\\) \\(LV102\\)"
  }
}

variable "fleets" {
  default = {
    east = "arn:aws:lambda:us-east-1:123456789012:capacity-provider:east"
    west = "arn:aws:lambda:us-west-2:123456789012:capacity-provider:west"
  }
}

locals {
  defaults = { memory = 1024, timeout = 900 }
  settings = merge(local.defaults, { timeout = 901 }) # want "aws_lambda_function.merged sets timeout 901, above the Lambda maximum of 900 seconds \\(set by local \"settings\"\\) \\(LV102\\)"
}

data "aws_ssm_parameter" "timeout" {
  name = "/lambda/timeout"
}

resource "aws_lambda_function" "at_minimum" {
  function_name = "at-minimum"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = 1
}

resource "aws_lambda_function" "at_maximum" {
  function_name = "at-maximum"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = local.defaults.timeout
}

resource "aws_lambda_function" "below_minimum" {
  function_name = "below-minimum"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = 0 # want "aws_lambda_function.below_minimum sets timeout 0, below the Lambda minimum of 1 second \\(LV102\\)"
}

resource "aws_lambda_function" "above_maximum" {
  function_name = "above-maximum"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = 901 # want "aws_lambda_function.above_maximum sets timeout 901, above the Lambda maximum of 900 seconds \\(LV102\\)"
}

resource "aws_lambda_function" "from_tfvars" {
  function_name = "from-tfvars"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = var.tfvars_timeout
}

resource "aws_lambda_function" "from_auto_tfvars" {
  function_name = "from-auto-tfvars"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = var.timeout
}

resource "aws_lambda_function" "auto_tfvars_wins" {
  function_name = "auto-tfvars-wins"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = var.overridden_timeout
}

resource "aws_lambda_function" "report" {
  function_name = "report"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = var.report_timeout
}

resource "aws_lambda_function" "merged" {
  function_name = "merged"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = local.settings.timeout
}

resource "aws_lambda_function" "per_queue" {
  for_each      = var.timeouts
  function_name = "per-queue-${each.key}"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = each.value
}

resource "aws_lambda_function" "counted" {
  count         = 2
  function_name = "counted-${count.index}"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = 901 # want "aws_lambda_function.counted sets timeout 901, above the Lambda maximum of 900 seconds \\(LV102\\)"
}

resource "aws_lambda_function" "never_created" {
  count         = 0
  function_name = "never"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = 99999
}

resource "aws_lambda_function" "not_known" {
  function_name = "not-known"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = var.unknown_timeout
}

resource "aws_lambda_function" "from_data_source" {
  function_name = "from-data-source"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = data.aws_ssm_parameter.timeout.value
}

resource "aws_lambda_function" "managed_at_maximum" {
  function_name = "managed-at-maximum"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = 5400
  capacity_provider_config {
    lambda_managed_instances_capacity_provider_config {
      capacity_provider_arn = "arn:aws:lambda:us-east-1:123456789012:capacity-provider:fleet"
    }
  }
}

resource "aws_lambda_function" "managed_above_maximum" {
  function_name = "managed-above-maximum"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = 5401 # want "aws_lambda_function.managed_above_maximum sets timeout 5401, above the Lambda Managed Instances maximum of 5400 seconds \\(LV102\\)"
  capacity_provider_config {
    lambda_managed_instances_capacity_provider_config {
      capacity_provider_arn = "arn:aws:lambda:us-east-1:123456789012:capacity-provider:fleet"
    }
  }
}

# every instance has a capacity provider, each its own
resource "aws_lambda_function" "managed_per_fleet" {
  for_each      = var.fleets
  function_name = "managed-${each.key}"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = 5400
  capacity_provider_config {
    lambda_managed_instances_capacity_provider_config {
      capacity_provider_arn = each.value
    }
  }
}

resource "aws_lambda_function" "fraction" {
  function_name = "fraction"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = 2.5 # want "aws_lambda_function.fraction sets timeout 2.5, not a whole number of seconds \\(LV102\\)"
}

module "worker" {
  source  = "./modules/worker"
  timeout = 901 # want "module.worker.aws_lambda_function.this sets timeout 901, above the Lambda maximum of 900 seconds \\(set by module \"worker\" argument timeout\\) \\(LV102\\)"
}

module "worker_ok" {
  source  = "./modules/worker"
  timeout = 900
}

module "registry" {
  source        = "terraform-aws-modules/lambda/aws"
  version       = "~> 8.0"
  function_name = "registry"
  handler       = "index.handler"
  runtime       = "nodejs22.x"
  timeout       = 901 # want "module.registry.aws_lambda_function.this sets timeout 901, above the Lambda maximum of 900 seconds \\(set by module \"registry\" argument timeout\\) \\(LV102\\)"
}

module "registry_ok" {
  source        = "terraform-aws-modules/lambda/aws"
  function_name = "registry-ok"
  handler       = "index.handler"
  runtime       = "nodejs22.x"
  timeout       = 900
}

module "registry_below_minimum" {
  source        = "terraform-aws-modules/lambda/aws"
  function_name = "registry-below-minimum"
  handler       = "index.handler"
  runtime       = "nodejs22.x"
  timeout       = 0 # want "module.registry_below_minimum.aws_lambda_function.this sets timeout 0, below the Lambda minimum of 1 second \\(set by module \"registry_below_minimum\" argument timeout\\) \\(LV102\\)"
}

module "registry_managed_ok" {
  source                                  = "terraform-aws-modules/lambda/aws"
  function_name                           = "registry-managed-ok"
  handler                                 = "index.handler"
  runtime                                 = "nodejs22.x"
  timeout                                 = 5400
  managed_instances_capacity_provider_arn = "arn:aws:lambda:us-east-1:123456789012:capacity-provider:fleet"
}

module "registry_not_created" {
  source        = "terraform-aws-modules/lambda/aws"
  count         = 0
  function_name = "registry-not-created"
  handler       = "index.handler"
  runtime       = "nodejs22.x"
  timeout       = 99999
}

module "registry_managed_above_maximum" {
  source                                  = "terraform-aws-modules/lambda/aws"
  function_name                           = "registry-managed-above-maximum"
  handler                                 = "index.handler"
  runtime                                 = "nodejs22.x"
  timeout                                 = 5401 # want "module.registry_managed_above_maximum.aws_lambda_function.this sets timeout 5401, above the Lambda Managed Instances maximum of 5400 seconds \\(set by module \"registry_managed_above_maximum\" argument timeout\\) \\(LV102\\)"
  managed_instances_capacity_provider_arn = "arn:aws:lambda:us-east-1:123456789012:capacity-provider:fleet"
}

# Lambda@Edge: the module sets min(var.timeout, 30).
module "registry_at_edge" {
  source         = "terraform-aws-modules/lambda/aws"
  function_name  = "registry-at-edge"
  handler        = "index.handler"
  runtime        = "nodejs22.x"
  lambda_at_edge = true
  timeout        = 901
}
