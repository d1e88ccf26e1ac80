variable "mode" {
  type    = string
  default = "Auto"
}

resource "aws_lambda_function" "pinned" {
  function_name = "pinned"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
}

resource "aws_lambda_runtime_management_config" "pinned" {
  function_name       = aws_lambda_function.pinned.function_name
  update_runtime_on   = "Manual"
  runtime_version_arn = "arn:aws:lambda:us-east-1::runtime:edb5a058bfa782cb9cedc6d534ac8b8c193bc28e9a9879d9f5ebaaf619cd0fc0"
}

resource "aws_lambda_function" "unpinned" {
  function_name = "unpinned"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
}

resource "aws_lambda_runtime_management_config" "unpinned" {
  function_name     = aws_lambda_function.unpinned.function_name
  update_runtime_on = "Manual" # want "aws_lambda_function.unpinned sets update_runtime_on Manual without runtime_version_arn; Lambda needs the runtime version a Manual function keeps \\(LV115\\)"
}

resource "aws_lambda_function" "by_name" {
  function_name = "by-name"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
}

resource "aws_lambda_runtime_management_config" "by_name" {
  function_name = "by-name"
}

resource "aws_lambda_function" "mode_from_tfvars" {
  function_name = "mode-from-tfvars"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
}

resource "aws_lambda_runtime_management_config" "mode_from_tfvars" {
  function_name     = aws_lambda_function.mode_from_tfvars.function_name
  update_runtime_on = var.mode
}
