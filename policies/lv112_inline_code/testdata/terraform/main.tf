# Terraform has no inline code: a function's code is a package (filename,
# s3_bucket, image_uri), whatever its runtime; the lambda module builds one
# from source_path.
resource "aws_lambda_function" "java" {
  function_name = "java"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "java21"
  handler       = "example.Handler::handleRequest"
  filename      = "app.jar"
}

data "archive_file" "inline" {
  type                    = "zip"
  output_path             = "inline.zip"
  source_content          = "def handler(event, context):\n    return {}\n"
  source_content_filename = "index.py"
}

resource "aws_lambda_function" "from_archive" {
  function_name = "from-archive"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "ruby3.4"
  handler       = "index.handler"
  filename      = data.archive_file.inline.output_path
}

module "registry_java" {
  source        = "terraform-aws-modules/lambda/aws"
  function_name = "registry-java"
  handler       = "example.Handler::handleRequest"
  runtime       = "java21"
  source_path   = "src"
}
