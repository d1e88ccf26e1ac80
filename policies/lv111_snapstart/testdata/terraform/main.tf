variable "storage" {
  type    = number
  default = 512
}

variable "snap_start" {
  type = bool
}

resource "aws_lambda_function" "published" {
  function_name = "published"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "java21"
  handler       = "example.Handler::handleRequest"
  filename      = "app.jar"
  publish       = true
  ephemeral_storage {
    size = var.storage
  }
  snap_start {
    apply_on = "PublishedVersions" # want "aws_lambda_function.published turns on snap_start with ephemeral_storage size 1024 MB \\(set by terraform.tfvars\\); SnapStart supports at most 512 MB of ephemeral storage \\(LV111\\)"
  }
}

resource "aws_lambda_function" "unpublished" {
  function_name = "unpublished"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "java21"
  handler       = "example.Handler::handleRequest"
  filename      = "app.jar"
  snap_start {
    apply_on = "PublishedVersions" # want "aws_lambda_function.unpublished turns on snap_start but publishes no version \\(publish is not true\\); SnapStart snapshots published versions only, \\$LATEST runs without it \\(LV111\\)"
  }
}

resource "aws_lambda_function" "on_node" {
  function_name = "on-node"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "nodejs22.x"
  handler       = "index.handler"
  filename      = "app.zip"
  publish       = true
  snap_start {
    apply_on = "PublishedVersions" # want "aws_lambda_function.on_node turns on snap_start with runtime \"nodejs22.x\"; SnapStart supports Java 11\\+, Python 3.12\\+ and .NET 8\\+ runtimes only \\(LV111\\)"
  }
}

resource "aws_lambda_function" "with_efs" {
  function_name = "with-efs"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  publish       = true
  ephemeral_storage {
    size = 2048
  }
  vpc_config {
    subnet_ids         = ["subnet-0a1b2c3d"]
    security_group_ids = ["sg-0a1b2c3d"]
  }
  file_system_config {
    arn              = "arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-0a1b2c3d4e5f67890"
    local_mount_path = "/mnt/data"
  }
  snap_start {
    apply_on = "PublishedVersions" # want "aws_lambda_function.with_efs turns on snap_start with an EFS file system \\(file_system_config\\); SnapStart does not support Amazon EFS \\(LV111\\)" "aws_lambda_function.with_efs turns on snap_start with ephemeral_storage size 2048 MB; SnapStart supports at most 512 MB of ephemeral storage \\(LV111\\)"
  }
}

resource "aws_lambda_function" "provisioned" {
  function_name = "provisioned"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "java21"
  handler       = "example.Handler::handleRequest"
  filename      = "app.jar"
  publish       = true
  snap_start {
    apply_on = "PublishedVersions" # want "aws_lambda_function.provisioned turns on snap_start with provisioned concurrency \\(aws_lambda_provisioned_concurrency_config\\); SnapStart does not support provisioned concurrency \\(LV111\\)"
  }
}

resource "aws_lambda_provisioned_concurrency_config" "provisioned" {
  function_name                     = aws_lambda_function.provisioned.function_name
  qualifier                         = aws_lambda_function.provisioned.version
  provisioned_concurrent_executions = 2
}

resource "aws_lambda_function" "off" {
  function_name = "off"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "nodejs22.x"
  handler       = "index.handler"
  filename      = "app.zip"
  snap_start {
    apply_on = "None"
  }
}

# the module publishes a version whenever snap_start is true
module "registry_java" {
  source        = "terraform-aws-modules/lambda/aws"
  version       = "~> 8.0"
  function_name = "registry-java"
  handler       = "example.Handler::handleRequest"
  runtime       = "java21"
  snap_start    = true
}

module "registry_python311" {
  source        = "terraform-aws-modules/lambda/aws"
  function_name = "registry-python311"
  handler       = "app.handler"
  runtime       = "python3.11"
  snap_start    = true # want "module.registry_python311.aws_lambda_function.this turns on snap_start with runtime \"python3.11\"; SnapStart supports Java 11\\+, Python 3.12\\+ and .NET 8\\+ runtimes only \\(set by module \"registry_python311\" argument snap_start\\) \\(LV111\\)"
}

module "registry_provisioned" {
  source                            = "terraform-aws-modules/lambda/aws"
  function_name                     = "registry-provisioned"
  handler                           = "app.handler"
  runtime                           = "python3.13"
  snap_start                        = true # want "module.registry_provisioned.aws_lambda_function.this turns on snap_start with provisioned concurrency \\(aws_lambda_provisioned_concurrency_config\\); SnapStart does not support provisioned concurrency \\(set by module \"registry_provisioned\" argument snap_start\\) \\(LV111\\)"
  provisioned_concurrent_executions = 2
}

module "registry_not_provisioned" {
  source                            = "terraform-aws-modules/lambda/aws"
  function_name                     = "registry-not-provisioned"
  handler                           = "app.handler"
  runtime                           = "python3.13"
  snap_start                        = true
  provisioned_concurrent_executions = -1
}

module "registry_snap_start_not_known" {
  source        = "terraform-aws-modules/lambda/aws"
  function_name = "registry-snap-start-not-known"
  handler       = "index.handler"
  runtime       = "nodejs22.x"
  snap_start    = var.snap_start
}

resource "aws_lambda_function" "provisioned_by_name" {
  function_name = "provisioned-by-name"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "java21"
  handler       = "example.Handler::handleRequest"
  filename      = "app.jar"
  publish       = true
  snap_start {
    apply_on = "PublishedVersions" # want "aws_lambda_function.provisioned_by_name turns on snap_start with provisioned concurrency \\(aws_lambda_provisioned_concurrency_config\\); SnapStart does not support provisioned concurrency \\(LV111\\)"
  }
}

resource "aws_lambda_provisioned_concurrency_config" "by_name" {
  function_name                     = "provisioned-by-name"
  qualifier                         = "1"
  provisioned_concurrent_executions = 1
}

module "registry_with_own_config" {
  source        = "terraform-aws-modules/lambda/aws"
  function_name = "registry-with-own-config"
  handler       = "app.handler"
  runtime       = "python3.13"
  snap_start    = true # want "module.registry_with_own_config.aws_lambda_function.this turns on snap_start with provisioned concurrency \\(aws_lambda_provisioned_concurrency_config\\); SnapStart does not support provisioned concurrency \\(set by module \"registry_with_own_config\" argument snap_start\\) \\(LV111\\)"
}

resource "aws_lambda_provisioned_concurrency_config" "registry_with_own_config" {
  function_name                     = module.registry_with_own_config.lambda_function_name
  qualifier                         = module.registry_with_own_config.lambda_function_version
  provisioned_concurrent_executions = 3
}
