variable "image_runtime" {
  type    = string
  default = "python3.13" # want "aws_lambda_function.runtime_from_default is a container image \\(package_type Image\\) but sets runtime; image functions take it from the image \\(set by variable \"image_runtime\" default\\) \\(LV108\\)"
}

variable "tfvars_handler" {
  type    = string
  default = null
}

variable "handler" {
  type    = string
  default = null
}

variable "package_type" {
  type    = string
  default = "Zip"
}

variable "unknown_package_type" {
  type = string
}

variable "packaging" {
  default = {
    api    = "Zip"
    worker = "Image"
  }
}

locals {
  zip_settings   = { runtime = "python3.13", handler = "app.handler" } # want "aws_lambda_function.merged is a container image \\(package_type Image\\) but sets runtime; image functions take it from the image \\(set by local \"zip_settings\"\\) \\(LV108\\)"
  image_settings = merge(local.zip_settings, { image_uri = "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:latest" })
  common_layers  = ["arn:aws:lambda:us-east-1:123456789012:layer:deps:3"]
  tracing_layers = ["arn:aws:lambda:us-east-1:580247275435:layer:LambdaInsightsExtension:53"]
  all_layers     = concat(local.common_layers, local.tracing_layers) # want "aws_lambda_function.concatenated is a container image \\(package_type Image\\) but sets layers; image functions cannot use layers, build their content into the image \\(set by local \"all_layers\"\\) \\(LV108\\)"
}

data "aws_ssm_parameter" "packaging" {
  name = "/lambda/package-type"
}

resource "aws_lambda_function" "zip_with_everything" {
  function_name = "zip-with-everything"
  role          = "arn:aws:iam::123456789012:role/fn"
  package_type  = "Zip"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  layers        = ["arn:aws:lambda:us-east-1:123456789012:layer:deps:3"]
}

resource "aws_lambda_function" "default_package_type" {
  function_name = "default-package-type"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  layers        = ["arn:aws:lambda:us-east-1:123456789012:layer:deps:3"]
}

resource "aws_lambda_function" "image_alone" {
  function_name = "image-alone"
  role          = "arn:aws:iam::123456789012:role/fn"
  package_type  = "Image"
  image_uri     = "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:latest"
}

resource "aws_lambda_function" "image_with_empty_layers" {
  function_name = "image-with-empty-layers"
  role          = "arn:aws:iam::123456789012:role/fn"
  package_type  = "Image"
  image_uri     = "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:latest"
  layers        = []
}

resource "aws_lambda_function" "image_with_null_runtime" {
  function_name = "image-with-null-runtime"
  role          = "arn:aws:iam::123456789012:role/fn"
  package_type  = "Image"
  image_uri     = "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:latest"
  runtime       = null
}

resource "aws_lambda_function" "image_with_runtime" {
  function_name = "image-with-runtime"
  role          = "arn:aws:iam::123456789012:role/fn"
  package_type  = "Image"
  image_uri     = "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:latest"
  runtime       = "python3.13" # want "aws_lambda_function.image_with_runtime is a container image \\(package_type Image\\) but sets runtime; image functions take it from the image \\(LV108\\)"
}

resource "aws_lambda_function" "image_with_handler" {
  function_name = "image-with-handler"
  role          = "arn:aws:iam::123456789012:role/fn"
  package_type  = "Image"
  image_uri     = "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:latest"
  handler       = "app.handler" # want "aws_lambda_function.image_with_handler is a container image \\(package_type Image\\) but sets handler; image functions take it from the image \\(LV108\\)"
}

resource "aws_lambda_function" "image_with_layers" {
  function_name = "image-with-layers"
  role          = "arn:aws:iam::123456789012:role/fn"
  package_type  = "Image"
  image_uri     = "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:latest"
  layers        = ["arn:aws:lambda:us-east-1:123456789012:layer:deps:3"] # want "aws_lambda_function.image_with_layers is a container image \\(package_type Image\\) but sets layers; image functions cannot use layers, build their content into the image \\(LV108\\)"
}

resource "aws_lambda_function" "image_with_all_three" {
  function_name = "image-with-all-three"
  role          = "arn:aws:iam::123456789012:role/fn"
  package_type  = "Image"
  image_uri     = "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:latest"
  runtime       = "python3.13"                                           # want "aws_lambda_function.image_with_all_three is a container image \\(package_type Image\\) but sets runtime; image functions take it from the image \\(LV108\\)"
  handler       = "app.handler"                                          # want "aws_lambda_function.image_with_all_three is a container image \\(package_type Image\\) but sets handler; image functions take it from the image \\(LV108\\)"
  layers        = ["arn:aws:lambda:us-east-1:123456789012:layer:deps:3"] # want "aws_lambda_function.image_with_all_three is a container image \\(package_type Image\\) but sets layers; image functions cannot use layers, build their content into the image \\(LV108\\)"
}

resource "aws_lambda_function" "runtime_from_default" {
  function_name = "runtime-from-default"
  role          = "arn:aws:iam::123456789012:role/fn"
  package_type  = "Image"
  image_uri     = "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:latest"
  runtime       = var.image_runtime
}

resource "aws_lambda_function" "handler_from_tfvars" {
  function_name = "handler-from-tfvars"
  role          = "arn:aws:iam::123456789012:role/fn"
  package_type  = "Image"
  image_uri     = "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:latest"
  handler       = var.tfvars_handler
}

resource "aws_lambda_function" "handler_from_auto_tfvars" {
  function_name = "handler-from-auto-tfvars"
  role          = "arn:aws:iam::123456789012:role/fn"
  package_type  = "Image"
  image_uri     = "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:latest"
  handler       = var.handler
}

# terraform.tfvars says Image, z.auto.tfvars (read later) says Zip
resource "aws_lambda_function" "package_type_from_tfvars" {
  function_name = "package-type-from-tfvars"
  role          = "arn:aws:iam::123456789012:role/fn"
  package_type  = var.package_type
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
}

resource "aws_lambda_function" "merged" {
  function_name = "merged"
  role          = "arn:aws:iam::123456789012:role/fn"
  package_type  = "Image"
  image_uri     = local.image_settings.image_uri
  runtime       = local.image_settings.runtime
}

resource "aws_lambda_function" "concatenated" {
  function_name = "concatenated"
  role          = "arn:aws:iam::123456789012:role/fn"
  package_type  = "Image"
  image_uri     = "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:latest"
  layers        = local.all_layers
}

resource "aws_lambda_function" "per_service" {
  for_each      = var.packaging
  function_name = "service-${each.key}"
  role          = "arn:aws:iam::123456789012:role/fn"
  package_type  = each.value
  image_uri     = "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:latest"
  runtime       = "python3.13"  # want "aws_lambda_function.per_service is a container image \\(package_type Image\\) but sets runtime; image functions take it from the image \\(when each.key is \"worker\"\\) \\(LV108\\)"
  handler       = "app.handler" # want "aws_lambda_function.per_service is a container image \\(package_type Image\\) but sets handler; image functions take it from the image \\(when each.key is \"worker\"\\) \\(LV108\\)"
}

resource "aws_lambda_function" "counted" {
  count         = 2
  function_name = "counted-${count.index}"
  role          = "arn:aws:iam::123456789012:role/fn"
  package_type  = "Image"
  image_uri     = "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:latest"
  handler       = "app.handler" # want "aws_lambda_function.counted is a container image \\(package_type Image\\) but sets handler; image functions take it from the image \\(LV108\\)"
}

resource "aws_lambda_function" "never_created" {
  count         = 0
  function_name = "never"
  role          = "arn:aws:iam::123456789012:role/fn"
  package_type  = "Image"
  image_uri     = "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:latest"
  runtime       = "python3.13"
  handler       = "app.handler"
}

resource "aws_lambda_function" "package_type_not_known" {
  function_name = "package-type-not-known"
  role          = "arn:aws:iam::123456789012:role/fn"
  package_type  = var.unknown_package_type
  image_uri     = "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:latest"
  runtime       = "python3.13"
  handler       = "app.handler"
}

resource "aws_lambda_function" "package_type_from_data_source" {
  function_name = "package-type-from-data-source"
  role          = "arn:aws:iam::123456789012:role/fn"
  package_type  = data.aws_ssm_parameter.packaging.value
  image_uri     = "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:latest"
  runtime       = "python3.13"
  handler       = "app.handler"
}

module "worker" {
  source       = "./modules/worker"
  package_type = "Image"
  runtime      = "python3.13" # want "module.worker.aws_lambda_function.this is a container image \\(package_type Image\\) but sets runtime; image functions take it from the image \\(set by module \"worker\" argument runtime\\) \\(LV108\\)"
}

module "worker_image_ok" {
  source       = "./modules/worker"
  package_type = "Image"
}

module "worker_zip" {
  source  = "./modules/worker"
  runtime = "python3.13"
  handler = "app.handler"
  layers  = ["arn:aws:lambda:us-east-1:123456789012:layer:deps:3"]
}

module "registry" {
  source         = "terraform-aws-modules/lambda/aws"
  version        = "~> 8.0"
  function_name  = "registry"
  create_package = false
  package_type   = "Image"
  image_uri      = "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:latest"
  layers         = ["arn:aws:lambda:us-east-1:123456789012:layer:deps:3"] # want "module.registry.aws_lambda_function.this is a container image \\(package_type Image\\) but sets layers; image functions cannot use layers, build their content into the image \\(set by module \"registry\" argument layers\\) \\(LV108\\)"
}

# the module passes no runtime or handler to an image function
module "registry_image_with_runtime" {
  source         = "terraform-aws-modules/lambda/aws"
  function_name  = "registry-image-with-runtime"
  create_package = false
  package_type   = "Image"
  image_uri      = "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:latest"
  runtime        = "python3.13"
  handler        = "app.handler"
}

module "registry_zip" {
  source        = "terraform-aws-modules/lambda/aws"
  function_name = "registry-zip"
  handler       = "index.handler"
  runtime       = "nodejs22.x"
  layers        = ["arn:aws:lambda:us-east-1:123456789012:layer:deps:3"]
}

module "registry_not_created" {
  source         = "terraform-aws-modules/lambda/aws"
  count          = 0
  function_name  = "registry-not-created"
  create_package = false
  package_type   = "Image"
  image_uri      = "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:latest"
  layers         = ["arn:aws:lambda:us-east-1:123456789012:layer:deps:3"]
}
