variable "default_env" {
  type = map(string)
  default = {
    STAGE      = "prod"
    AWS_REGION = "eu-west-1" # want "aws_lambda_function.from_default sets reserved environment variable \"AWS_REGION\"; Lambda sets it for the runtime and refuses a function that does \\(set by variable \"default_env\" default\\) \\(LV109\\)"
  }
}

variable "tfvars_env" {
  type    = map(string)
  default = { STAGE = "prod" }
}

variable "unknown_env" {
  type = map(string)
}

variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "tenants" {
  default = {
    small = { STAGE = "small" }
    odd   = { STAGE = "odd", AWS_LAMBDA_FUNCTION_NAME = "odd" } # want "aws_lambda_function.per_tenant sets reserved environment variable \"AWS_LAMBDA_FUNCTION_NAME\"; Lambda sets it for the runtime and refuses a function that does \\(when each.key is \"odd\"\\) \\(LV109\\)"
  }
}

locals {
  common_env = {
    STAGE              = "prod"
    AWS_DEFAULT_REGION = "eu-west-1" # want "aws_lambda_function.merged sets reserved environment variable \"AWS_DEFAULT_REGION\"; Lambda sets it for the runtime and refuses a function that does \\(set by local \"common_env\"\\) \\(LV109\\)"
  }
}

resource "aws_lambda_function" "fine" {
  function_name = "fine"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  environment {
    variables = {
      TZ                      = "Europe/Paris"
      AWS_LAMBDA_EXEC_WRAPPER = "/opt/wrapper"
      AWS_REGION_NAME         = var.region
    }
  }
}

resource "aws_lambda_function" "literal" {
  function_name = "literal"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  environment {
    variables = {
      TABLE                 = "orders"
      AWS_REGION            = var.region # want "aws_lambda_function.literal sets reserved environment variable \"AWS_REGION\"; Lambda sets it for the runtime and refuses a function that does \\(LV109\\)"
      "AWS_ACCESS_KEY_ID"   = "AKIAEXAMPLE" # want "aws_lambda_function.literal sets reserved environment variable \"AWS_ACCESS_KEY_ID\""
      AWS_SECRET_ACCESS_KEY = data.aws_ssm_parameter.secret.value # want "aws_lambda_function.literal sets reserved environment variable \"AWS_SECRET_ACCESS_KEY\""
    }
  }
}

data "aws_ssm_parameter" "secret" {
  name = "/lambda/secret"
}

resource "aws_lambda_function" "from_default" {
  function_name = "from-default"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  environment {
    variables = var.default_env
  }
}

resource "aws_lambda_function" "from_tfvars" {
  function_name = "from-tfvars"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  environment {
    variables = var.tfvars_env
  }
}

resource "aws_lambda_function" "merged" {
  function_name = "merged"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  environment {
    variables = merge(local.common_env, {
      TABLE            = "orders"
      LAMBDA_TASK_ROOT = "/var/task" # want "aws_lambda_function.merged sets reserved environment variable \"LAMBDA_TASK_ROOT\"; Lambda sets it for the runtime and refuses a function that does \\(LV109\\)"
    })
  }
}

resource "aws_lambda_function" "unknown" {
  function_name = "unknown"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  environment {
    variables = var.unknown_env
  }
}

resource "aws_lambda_function" "per_tenant" {
  for_each      = var.tenants
  function_name = "tenant-${each.key}"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  environment {
    variables = each.value
  }
}

resource "aws_lambda_function" "never_created" {
  count         = 0
  function_name = "never"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  environment {
    variables = { AWS_REGION = "eu-west-1" }
  }
}

module "worker" {
  source = "./modules/worker"
  env = {
    _HANDLER = "app.handler" # want "module.worker.aws_lambda_function.this sets reserved environment variable \"_HANDLER\"; Lambda sets it for the runtime and refuses a function that does \\(set by module \"worker\" argument env\\) \\(LV109\\)"
  }
}

module "worker_fine" {
  source = "./modules/worker"
  env    = { STAGE = "prod" }
}

module "registry" {
  source        = "terraform-aws-modules/lambda/aws"
  version       = "~> 8.0"
  function_name = "registry"
  handler       = "index.handler"
  runtime       = "nodejs22.x"
  environment_variables = {
    STAGE             = "prod"
    AWS_SESSION_TOKEN = "x" # want "module.registry.aws_lambda_function.this sets reserved environment variable \"AWS_SESSION_TOKEN\"; Lambda sets it for the runtime and refuses a function that does \\(set by module \"registry\" argument environment_variables\\) \\(LV109\\)"
  }
}

module "registry_fine" {
  source                = "terraform-aws-modules/lambda/aws"
  function_name         = "registry-fine"
  handler               = "index.handler"
  runtime               = "nodejs22.x"
  environment_variables = { TZ = "UTC" }
}
