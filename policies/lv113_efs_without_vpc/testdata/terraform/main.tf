variable "subnet_ids" {
  type = list(string)
}

variable "attach_vpc" {
  type    = bool
  default = true
}

resource "aws_lambda_function" "in_vpc" {
  function_name = "in-vpc"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  vpc_config {
    subnet_ids         = ["subnet-0123456789abcdef0"]
    security_group_ids = ["sg-0123456789abcdef0"]
  }
  file_system_config {
    arn              = "arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-0123456789abcdef0"
    local_mount_path = "/mnt/data"
  }
}

resource "aws_lambda_function" "no_vpc" {
  function_name = "no-vpc"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  file_system_config { # want "aws_lambda_function.no_vpc mounts an EFS file system \\(file_system_config\\) but is not connected to a VPC \\(no vpc_config\\); Lambda reaches EFS only from inside a VPC \\(LV113\\)"
    arn              = "arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-0123456789abcdef0"
    local_mount_path = "/mnt/data"
  }
}

resource "aws_lambda_function" "empty_subnets" {
  function_name = "empty-subnets"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  vpc_config {
    subnet_ids         = []
    security_group_ids = []
  }
  file_system_config { # want "aws_lambda_function.empty_subnets mounts an EFS file system \\(file_system_config\\) but its vpc_config gives no subnets \\(subnet_ids empty\\); Lambda reaches EFS only from inside a VPC \\(LV113\\)"
    arn              = "arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-0123456789abcdef0"
    local_mount_path = "/mnt/data"
  }
}

resource "aws_lambda_function" "subnets_not_known" {
  function_name = "subnets-not-known"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  vpc_config {
    subnet_ids         = var.subnet_ids
    security_group_ids = ["sg-0123456789abcdef0"]
  }
  file_system_config {
    arn              = "arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-0123456789abcdef0"
    local_mount_path = "/mnt/data"
  }
}

resource "aws_lambda_function" "dynamic_vpc" {
  function_name = "dynamic-vpc"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  dynamic "vpc_config" {
    for_each = var.attach_vpc ? [1] : []
    content {
      subnet_ids         = ["subnet-0123456789abcdef0"]
      security_group_ids = ["sg-0123456789abcdef0"]
    }
  }
  file_system_config {
    arn              = "arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-0123456789abcdef0"
    local_mount_path = "/mnt/data"
  }
}

resource "aws_lambda_function" "no_file_system" {
  function_name = "no-file-system"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
}

module "registry_in_vpc" {
  source                       = "terraform-aws-modules/lambda/aws"
  version                      = "~> 8.0"
  function_name                = "registry-in-vpc"
  handler                      = "index.handler"
  runtime                      = "nodejs22.x"
  vpc_subnet_ids               = ["subnet-0123456789abcdef0"]
  vpc_security_group_ids       = ["sg-0123456789abcdef0"]
  attach_network_policy        = true
  file_system_arn              = "arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-0123456789abcdef0"
  file_system_local_mount_path = "/mnt/data"
}

module "registry_no_vpc" { # want "module.registry_no_vpc.aws_lambda_function.this mounts an EFS file system \\(file_system_config\\) but is not connected to a VPC \\(no vpc_config\\); Lambda reaches EFS only from inside a VPC \\(LV113\\)"
  source                       = "terraform-aws-modules/lambda/aws"
  function_name                = "registry-no-vpc"
  handler                      = "index.handler"
  runtime                      = "nodejs22.x"
  file_system_arn              = "arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-0123456789abcdef0"
  file_system_local_mount_path = "/mnt/data"
}

module "worker" {
  source = "./modules/worker"
}
