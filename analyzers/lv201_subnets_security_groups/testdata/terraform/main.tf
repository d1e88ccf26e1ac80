# LV201 in Terraform.

data "aws_subnets" "private" {}

resource "aws_lambda_function" "subnets_only" {
  function_name = "subnets-only"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  vpc_config { # want "aws_lambda_function.subnets_only sets vpc_config subnet_ids but no security_group_ids: Lambda rejects a VPC configuration with one list and not the other; add the security groups, or remove subnet_ids to leave the VPC \\(LV201\\)"
    subnet_ids = ["subnet-0123456789abcdef0"]
  }
}

resource "aws_lambda_function" "empty_subnets" {
  function_name = "empty-subnets"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  vpc_config { # want "aws_lambda_function.empty_subnets sets vpc_config security_group_ids but no subnet_ids"
    subnet_ids         = []
    security_group_ids = ["sg-0123456789abcdef0"]
  }
}

resource "aws_lambda_function" "from_data_source" {
  function_name = "from-data-source"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  vpc_config {
    subnet_ids         = data.aws_subnets.private.ids
    security_group_ids = ["sg-0123456789abcdef0"]
  }
}

resource "aws_lambda_function" "detached" {
  function_name = "detached"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  vpc_config {
    subnet_ids         = []
    security_group_ids = []
  }
}

# The registry module sets vpc_config only when both lists are given.
module "half" {
  source = "terraform-aws-modules/lambda/aws"

  function_name  = "half"
  handler        = "app.handler"
  runtime        = "python3.13"
  source_path    = "src"
  vpc_subnet_ids = ["subnet-0123456789abcdef0"]
}
