variable "package_type" {
  type    = string
  default = "Zip"
}

variable "runtime" {
  type    = string
  default = null
}

variable "handler" {
  type    = string
  default = null
}

variable "layers" {
  type    = list(string)
  default = []
}

resource "aws_lambda_function" "this" {
  function_name = "worker"
  role          = "arn:aws:iam::123456789012:role/fn"
  package_type  = var.package_type
  image_uri     = var.package_type == "Image" ? "123456789012.dkr.ecr.us-east-1.amazonaws.com/worker:latest" : null
  filename      = var.package_type == "Zip" ? "app.zip" : null
  runtime       = var.runtime
  handler       = var.handler
  layers        = var.layers
}
