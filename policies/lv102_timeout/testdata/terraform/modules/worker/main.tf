variable "timeout" {
  type    = number
  default = 3
}

resource "aws_lambda_function" "this" {
  function_name = "worker"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = var.timeout
}
