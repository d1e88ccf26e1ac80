variable "log_format" {
  type    = string
  default = "Text"
}

variable "unknown_format" {
  type = string
}

resource "aws_lambda_function" "json" {
  function_name = "json"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  logging_config {
    log_format            = "JSON"
    application_log_level = "INFO"
    system_log_level      = "WARN"
  }
}

resource "aws_lambda_function" "text" {
  function_name = "text"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  logging_config {
    log_format       = "Text" # want "aws_lambda_function.text sets log_format Text with system_log_level; Lambda filters logs by level only with log_format JSON \\(LV114\\)"
    system_log_level = "WARN"
  }
}

resource "aws_lambda_function" "text_from_variable" {
  function_name = "text-from-variable"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  logging_config {
    log_format            = var.log_format
    application_log_level = "DEBUG"
  }
}

resource "aws_lambda_function" "text_with_null_levels" {
  function_name = "text-with-null-levels"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  logging_config {
    log_format            = "Text"
    application_log_level = null
    system_log_level      = null
  }
}

resource "aws_lambda_function" "format_not_known" {
  function_name = "format-not-known"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  logging_config {
    log_format            = var.unknown_format
    application_log_level = "DEBUG"
  }
}

# the module passes the log levels only with a format other than Text
module "registry_text" {
  source                        = "terraform-aws-modules/lambda/aws"
  version                       = "~> 8.0"
  function_name                 = "registry-text"
  handler                       = "index.handler"
  runtime                       = "nodejs22.x"
  logging_log_format            = "Text"
  logging_application_log_level = "DEBUG"
}

module "registry_json" {
  source                   = "terraform-aws-modules/lambda/aws"
  function_name            = "registry-json"
  handler                  = "index.handler"
  runtime                  = "nodejs22.x"
  logging_log_format       = "JSON"
  logging_system_log_level = "WARN"
}
