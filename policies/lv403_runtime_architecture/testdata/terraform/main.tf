variable "architecture" {
  type    = string
  default = "arm64" # want "aws_lambda_function.from_variable sets architectures \"arm64\", which runtime \"python3.7\" does not support: it runs on x86_64 only \\(set by variable \"architecture\" default\\)"
}

resource "aws_lambda_function" "modern" {
  function_name = "modern"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "nodejs22.x"
  handler       = "index.handler"
  filename      = "app.zip"
  architectures = ["arm64"]
}

resource "aws_lambda_function" "go" {
  function_name = "go"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "go1.x"
  handler       = "main"
  filename      = "app.zip"
  architectures = ["arm64"] # want "aws_lambda_function.go sets architectures \"arm64\", which runtime \"go1.x\" does not support: it runs on x86_64 only \\(LV403\\)"
}

resource "aws_lambda_function" "from_variable" {
  function_name = "from-variable"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.7"
  handler       = "app.handler"
  filename      = "app.zip"
  architectures = [var.architecture]
}

resource "aws_lambda_function" "default_architecture" {
  function_name = "default-architecture"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "go1.x"
  handler       = "main"
  filename      = "app.zip"
}

module "registry" {
  source        = "terraform-aws-modules/lambda/aws"
  function_name = "registry"
  handler       = "main"
  runtime       = "provided"
  architectures = ["arm64"] # want "module.registry.aws_lambda_function.this sets architectures \"arm64\", which runtime \"provided\" does not support"
}
