variable "storage" {
  type    = number
  default = 512
}

variable "tfvars_storage" {
  type    = number
  default = 512
}

variable "overridden_storage" {
  type    = number
  default = 512
}

variable "report_storage" {
  type    = number
  default = 10241 # want "aws_lambda_function.report sets ephemeral_storage size 10241, above the Lambda maximum of 10240 MB \\(set by variable \"report_storage\" default\\) \\(LV103\\)"
}

variable "unknown_storage" {
  type = number
}

variable "storage_sizes" {
  default = {
    small = 512
    large = 10240
    huge  = 10241 # want "aws_lambda_function.sized sets ephemeral_storage size 10241, above the Lambda maximum of 10240 MB \\(when each.key is \"huge\"\\) \\(LV103\\)"
    tiny  = 511   # want "aws_lambda_function.sized sets ephemeral_storage size 511, below the Lambda minimum of 512 MB \\(when each.key is \"tiny\"\\) \\(LV103\\)"
  }
}

locals {
  defaults = { memory = 1024, storage = 10240 }
  settings = merge(local.defaults, { storage = 10241 }) # want "aws_lambda_function.merged sets ephemeral_storage size 10241, above the Lambda maximum of 10240 MB \\(set by local \"settings\"\\) \\(LV103\\)"
}

data "aws_ssm_parameter" "storage" {
  name = "/lambda/ephemeral-storage"
}

resource "aws_lambda_function" "at_minimum" {
  function_name = "at-minimum"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  ephemeral_storage {
    size = 512
  }
}

resource "aws_lambda_function" "at_maximum" {
  function_name = "at-maximum"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  ephemeral_storage {
    size = local.defaults.storage
  }
}

resource "aws_lambda_function" "below_minimum" {
  function_name = "below-minimum"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  ephemeral_storage {
    size = 511 # want "aws_lambda_function.below_minimum sets ephemeral_storage size 511, below the Lambda minimum of 512 MB \\(LV103\\)"
  }
}

resource "aws_lambda_function" "above_maximum" {
  function_name = "above-maximum"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  ephemeral_storage {
    size = 10241 # want "aws_lambda_function.above_maximum sets ephemeral_storage size 10241, above the Lambda maximum of 10240 MB \\(LV103\\)"
  }
}

resource "aws_lambda_function" "fraction" {
  function_name = "fraction"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  ephemeral_storage {
    size = 1024.5 # want "aws_lambda_function.fraction sets ephemeral_storage size 1024.5, not a whole number of MB \\(LV103\\)"
  }
}

resource "aws_lambda_function" "from_tfvars" {
  function_name = "from-tfvars"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  ephemeral_storage {
    size = var.tfvars_storage
  }
}

resource "aws_lambda_function" "from_auto_tfvars" {
  function_name = "from-auto-tfvars"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  ephemeral_storage {
    size = var.storage
  }
}

resource "aws_lambda_function" "auto_tfvars_wins" {
  function_name = "auto-tfvars-wins"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  ephemeral_storage {
    size = var.overridden_storage
  }
}

resource "aws_lambda_function" "report" {
  function_name = "report"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  ephemeral_storage {
    size = var.report_storage
  }
}

resource "aws_lambda_function" "merged" {
  function_name = "merged"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  ephemeral_storage {
    size = local.settings.storage
  }
}

resource "aws_lambda_function" "sized" {
  for_each      = var.storage_sizes
  function_name = "sized-${each.key}"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  ephemeral_storage {
    size = each.value
  }
}

resource "aws_lambda_function" "counted" {
  count         = 2
  function_name = "counted-${count.index}"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  ephemeral_storage {
    size = 20480 # want "aws_lambda_function.counted sets ephemeral_storage size 20480, above the Lambda maximum of 10240 MB \\(LV103\\)"
  }
}

resource "aws_lambda_function" "never_created" {
  count         = 0
  function_name = "never"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  ephemeral_storage {
    size = 99999
  }
}

resource "aws_lambda_function" "not_known" {
  function_name = "not-known"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  ephemeral_storage {
    size = var.unknown_storage
  }
}

resource "aws_lambda_function" "from_data_source" {
  function_name = "from-data-source"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  ephemeral_storage {
    size = data.aws_ssm_parameter.storage.value
  }
}

resource "aws_lambda_function" "dynamic_block" {
  function_name = "dynamic-block"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  dynamic "ephemeral_storage" {
    for_each = [10241] # want "aws_lambda_function.dynamic_block sets ephemeral_storage size 10241, above the Lambda maximum of 10240 MB \\(LV103\\)"
    content {
      size = ephemeral_storage.value
    }
  }
}

module "worker" {
  source  = "./modules/worker"
  storage = 511 # want "module.worker.aws_lambda_function.this sets ephemeral_storage size 511, below the Lambda minimum of 512 MB \\(set by module \"worker\" argument storage\\) \\(LV103\\)"
}

module "worker_ok" {
  source  = "./modules/worker"
  storage = 10240
}

module "registry" {
  source                 = "terraform-aws-modules/lambda/aws"
  version                = "~> 8.0"
  function_name          = "registry"
  handler                = "index.handler"
  runtime                = "nodejs22.x"
  ephemeral_storage_size = 10241 # want "module.registry.aws_lambda_function.this sets ephemeral_storage size 10241, above the Lambda maximum of 10240 MB \\(set by module \"registry\" argument ephemeral_storage_size\\) \\(LV103\\)"
}

module "registry_below_minimum" {
  source                 = "terraform-aws-modules/lambda/aws"
  function_name          = "registry-below-minimum"
  handler                = "index.handler"
  runtime                = "nodejs22.x"
  ephemeral_storage_size = 511 # want "module.registry_below_minimum.aws_lambda_function.this sets ephemeral_storage size 511, below the Lambda minimum of 512 MB \\(set by module \"registry_below_minimum\" argument ephemeral_storage_size\\) \\(LV103\\)"
}

module "registry_ok" {
  source                 = "terraform-aws-modules/lambda/aws"
  function_name          = "registry-ok"
  handler                = "index.handler"
  runtime                = "nodejs22.x"
  ephemeral_storage_size = 10240
}

module "registry_at_minimum" {
  source                 = "terraform-aws-modules/lambda/aws"
  function_name          = "registry-at-minimum"
  handler                = "index.handler"
  runtime                = "nodejs22.x"
  ephemeral_storage_size = 512
}

module "registry_not_created" {
  source                 = "terraform-aws-modules/lambda/aws"
  create_function        = false
  function_name          = "registry-not-created"
  handler                = "index.handler"
  runtime                = "nodejs22.x"
  ephemeral_storage_size = 99999
}
