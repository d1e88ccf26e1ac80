# LV601 in Terraform: aws_lambda_function_url.

variable "auth" {
  type    = string
  default = "NONE" # want "aws_lambda_function_url.from_variable sets authorization_type \"NONE\" \\(set by variable \"auth\" default\\)"
}

variable "unknown" {
  type = string
}

resource "aws_lambda_function" "worker" {
  function_name = "worker"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
}

resource "aws_lambda_function_url" "public" {
  function_name      = aws_lambda_function.worker.function_name
  authorization_type = "NONE" # want "aws_lambda_function_url.public \\(of aws_lambda_function.worker\\) sets authorization_type \"NONE\": anyone on the internet .*set authorization_type \"AWS_IAM\" .*# lambdavet:ignore LV601 <reason>\\) \\(LV601\\)"
}

resource "aws_lambda_function_url" "signed" {
  function_name      = aws_lambda_function.worker.function_name
  qualifier          = "live"
  authorization_type = "AWS_IAM"
}

resource "aws_lambda_function_url" "from_variable" {
  function_name      = aws_lambda_function.worker.function_name
  qualifier          = "blue"
  authorization_type = var.auth
}

resource "aws_lambda_function_url" "not_known" {
  function_name      = aws_lambda_function.worker.function_name
  qualifier          = "green"
  authorization_type = var.unknown
}

resource "aws_lambda_function_url" "by_name" {
  function_name      = "worker"
  qualifier          = "red"
  authorization_type = var.unknown == "x" ? "NONE" : "AWS_IAM" # want "aws_lambda_function_url.by_name \\(of aws_lambda_function.worker\\) sets authorization_type \"NONE\" \\(when"
}

# The URL's own permission is not a second finding.
resource "aws_lambda_permission" "public_url" {
  statement_id           = "FunctionURLAllowPublicAccess"
  action                 = "lambda:InvokeFunctionUrl"
  function_name          = aws_lambda_function.worker.function_name
  principal              = "*"
  function_url_auth_type = "NONE"
}
