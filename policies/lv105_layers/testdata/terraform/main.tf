variable "layers" {
  type    = list(string)
  default = []
}

variable "tfvars_layers" {
  type    = list(string)
  default = []
}

variable "overridden_layers" {
  type    = list(string)
  default = []
}

variable "report_layers" {
  type = list(string)
  default = [ # want "aws_lambda_function\\.report uses 6 layers, above the Lambda maximum of 5 \\(set by variable \"report_layers\" default\\) \\(LV105\\)"
    "arn:aws:lambda:us-east-1:123456789012:layer:a:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:b:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:c:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:d:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:e:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:f:1",
  ]
}

variable "unknown_layers" {
  type = list(string)
}

variable "enable_insights" {
  type = bool
}

variable "layer_sets" {
  default = {
    small = [
      "arn:aws:lambda:us-east-1:123456789012:layer:a:1",
    ]
    full = [
      "arn:aws:lambda:us-east-1:123456789012:layer:a:1",
      "arn:aws:lambda:us-east-1:123456789012:layer:b:1",
      "arn:aws:lambda:us-east-1:123456789012:layer:c:1",
      "arn:aws:lambda:us-east-1:123456789012:layer:d:1",
      "arn:aws:lambda:us-east-1:123456789012:layer:e:1",
    ]
    huge = [ # want "aws_lambda_function\\.per_set uses 6 layers, above the Lambda maximum of 5 \\(when each\\.key is \\\"huge\\\"\\) \\(LV105\\)"
      "arn:aws:lambda:us-east-1:123456789012:layer:a:1",
      "arn:aws:lambda:us-east-1:123456789012:layer:b:1",
      "arn:aws:lambda:us-east-1:123456789012:layer:c:1",
      "arn:aws:lambda:us-east-1:123456789012:layer:d:1",
      "arn:aws:lambda:us-east-1:123456789012:layer:e:1",
      "arn:aws:lambda:us-east-1:123456789012:layer:f:1",
    ]
  }
}

locals {
  base_layers = [
    "arn:aws:lambda:us-east-1:123456789012:layer:a:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:b:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:c:1",
  ]
  app_layers = [
    "arn:aws:lambda:us-east-1:123456789012:layer:d:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:e:1",
  ]
  more_layers = [
    "arn:aws:lambda:us-east-1:123456789012:layer:d:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:e:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:f:1",
  ]
  five_layers = concat(local.base_layers, local.app_layers)
  all_layers  = concat(local.base_layers, local.more_layers) # want "aws_lambda_function\\.concatenated uses 6 layers, above the Lambda maximum of 5 \\(set by local \"all_layers\"\\) \\(LV105\\)"
}

data "aws_lambda_layer_version" "shared" {
  layer_name = "shared"
}

data "aws_ssm_parameter" "layers" {
  name = "/lambda/layers"
}

resource "aws_lambda_function" "at_maximum" {
  function_name = "at-maximum"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  layers = [
    "arn:aws:lambda:us-east-1:123456789012:layer:a:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:b:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:c:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:d:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:e:1",
  ]
}

resource "aws_lambda_function" "above_maximum" {
  function_name = "above-maximum"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  layers = [ # want "aws_lambda_function\\.above_maximum uses 6 layers, above the Lambda maximum of 5 \\(LV105\\)"
    "arn:aws:lambda:us-east-1:123456789012:layer:a:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:b:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:c:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:d:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:e:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:f:1",
  ]
}

resource "aws_lambda_function" "empty" {
  function_name = "empty"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  layers        = []
}

resource "aws_lambda_function" "from_tfvars" {
  function_name = "from-tfvars"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  layers        = var.tfvars_layers
}

resource "aws_lambda_function" "from_auto_tfvars" {
  function_name = "from-auto-tfvars"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  layers        = var.layers
}

resource "aws_lambda_function" "auto_tfvars_wins" {
  function_name = "auto-tfvars-wins"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  layers        = var.overridden_layers
}

resource "aws_lambda_function" "report" {
  function_name = "report"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  layers        = var.report_layers
}

resource "aws_lambda_function" "concatenated" {
  function_name = "concatenated"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  layers        = local.all_layers
}

resource "aws_lambda_function" "concatenated_at_maximum" {
  function_name = "concatenated-at-maximum"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  layers        = local.five_layers
}

resource "aws_lambda_function" "per_set" {
  for_each      = var.layer_sets
  function_name = "per-set-${each.key}"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  layers        = each.value
}

resource "aws_lambda_function" "counted" {
  count         = 2
  function_name = "counted-${count.index}"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  layers = [ # want "aws_lambda_function\\.counted uses 6 layers, above the Lambda maximum of 5 \\(LV105\\)"
    "arn:aws:lambda:us-east-1:123456789012:layer:a:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:b:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:c:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:d:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:e:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:f:1",
  ]
}

resource "aws_lambda_function" "never_created" {
  count         = 0
  function_name = "never-created-${count.index}"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  layers = [
    "arn:aws:lambda:us-east-1:123456789012:layer:a:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:b:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:c:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:d:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:e:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:f:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:g:1",
  ]
}

resource "aws_lambda_function" "not_known" {
  function_name = "not-known"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  layers        = var.unknown_layers
}

resource "aws_lambda_function" "from_data_source" {
  function_name = "from-data-source"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  layers        = split(",", data.aws_ssm_parameter.layers.value)
}

# a layer whose ARN is known only at plan time is still a layer
resource "aws_lambda_function" "one_arn_not_known" {
  function_name = "one-arn-not-known"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  layers = [ # want "aws_lambda_function\\.one_arn_not_known uses 6 layers, above the Lambda maximum of 5 \\(LV105\\)"
    "arn:aws:lambda:us-east-1:123456789012:layer:a:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:b:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:c:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:d:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:e:1",
    data.aws_lambda_layer_version.shared.arn,
  ]
}

resource "aws_lambda_function" "one_arn_not_known_at_maximum" {
  function_name = "one-arn-not-known-at-maximum"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  layers = [
    "arn:aws:lambda:us-east-1:123456789012:layer:a:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:b:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:c:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:d:1",
    data.aws_lambda_layer_version.shared.arn,
  ]
}

resource "aws_lambda_function" "sixth_on_one_path" {
  function_name = "sixth-on-one-path"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  layers        = var.enable_insights ? concat(local.five_layers, ["arn:aws:lambda:us-east-1:580247275435:layer:LambdaInsightsExtension:53"]) : local.five_layers # want "aws_lambda_function\\.sixth_on_one_path uses 6 layers, above the Lambda maximum of 5 \\(when `var\\.enable_insights` is true\\) \\(LV105\\)"
}

resource "aws_lambda_function" "conditional_at_maximum" {
  function_name = "conditional-at-maximum"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  layers        = var.enable_insights ? concat(local.base_layers, ["arn:aws:lambda:us-east-1:580247275435:layer:LambdaInsightsExtension:53"]) : local.base_layers
}

module "worker" {
  source = "./modules/worker"
  layers = [ # want "module\\.worker\\.aws_lambda_function\\.this uses 6 layers, above the Lambda maximum of 5 \\(set by module \"worker\" argument layers\\) \\(LV105\\)"
    "arn:aws:lambda:us-east-1:123456789012:layer:a:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:b:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:c:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:d:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:e:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:f:1",
  ]
}

module "worker_ok" {
  source = "./modules/worker"
  layers = [
    "arn:aws:lambda:us-east-1:123456789012:layer:a:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:b:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:c:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:d:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:e:1",
  ]
}

module "registry" {
  source        = "terraform-aws-modules/lambda/aws"
  version       = "~> 8.0"
  function_name = "registry"
  handler       = "index.handler"
  runtime       = "nodejs22.x"
  layers = [ # want "module\\.registry\\.aws_lambda_function\\.this uses 6 layers, above the Lambda maximum of 5 \\(set by module \"registry\" argument layers\\) \\(LV105\\)"
    "arn:aws:lambda:us-east-1:123456789012:layer:a:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:b:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:c:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:d:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:e:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:f:1",
  ]
}

module "registry_ok" {
  source        = "terraform-aws-modules/lambda/aws"
  function_name = "registry-ok"
  handler       = "index.handler"
  runtime       = "nodejs22.x"
  layers = [
    "arn:aws:lambda:us-east-1:123456789012:layer:a:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:b:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:c:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:d:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:e:1",
  ]
}

module "registry_not_created" {
  source        = "terraform-aws-modules/lambda/aws"
  count         = 0
  function_name = "registry-not-created"
  handler       = "index.handler"
  runtime       = "nodejs22.x"
  layers = [
    "arn:aws:lambda:us-east-1:123456789012:layer:a:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:b:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:c:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:d:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:e:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:f:1",
    "arn:aws:lambda:us-east-1:123456789012:layer:g:1",
  ]
}
