variable "runtime" {
  type = string
}

variable "handler" {
  type = string
}

resource "aws_lambda_function" "this" {
  function_name = "worker"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = var.runtime
  handler       = var.handler
  filename      = "app.zip"
}
