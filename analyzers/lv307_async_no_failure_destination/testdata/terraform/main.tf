# LV307 in Terraform.

resource "aws_s3_bucket" "uploads" {
  bucket = "uploads"
}

resource "aws_s3_bucket_notification" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  lambda_function {
    lambda_function_arn = aws_lambda_function.on_upload.arn
    events              = ["s3:ObjectCreated:*"]
  }
}

resource "aws_lambda_function" "on_upload" { # want "aws_lambda_function.on_upload is invoked asynchronously \\(by S3 notification \"aws_s3_bucket_notification.uploads\"\\) .*add a dead_letter_config, or an aws_lambda_function_event_invoke_config with destination_config on_failure to keep the events that fail \\(LV307\\)$"
  function_name = "on-upload"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
}

resource "aws_sns_topic" "alerts" {
  name = "alerts"
}

resource "aws_sns_topic_subscription" "alerts" {
  topic_arn = aws_sns_topic.alerts.arn
  protocol  = "lambda"
  endpoint  = aws_lambda_function.on_alert.arn
}

resource "aws_lambda_function" "on_alert" {
  function_name = "on-alert"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  dead_letter_config {
    target_arn = "arn:aws:sqs:us-east-1:123456789012:failed"
  }
}

resource "aws_cloudwatch_event_rule" "changes" {
  event_pattern = jsonencode({ source = ["aws.ec2"] })
}

resource "aws_cloudwatch_event_target" "changes" {
  rule = aws_cloudwatch_event_rule.changes.name
  arn  = aws_lambda_function.on_change.arn
}

resource "aws_lambda_function" "on_change" {
  function_name = "on-change"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
}

resource "aws_lambda_function_event_invoke_config" "on_change" {
  function_name = aws_lambda_function.on_change.function_name
  destination_config {
    on_failure {
      destination = "arn:aws:sqs:us-east-1:123456789012:failed"
    }
  }
}

resource "aws_cloudwatch_event_rule" "nightly" {
  schedule_expression = "rate(1 day)"
}

resource "aws_cloudwatch_event_target" "nightly" {
  rule = aws_cloudwatch_event_rule.nightly.name
  arn  = module.nightly.lambda_function_arn
}

module "nightly" {
  source                 = "terraform-aws-modules/lambda/aws"
  function_name          = "nightly"
  handler                = "app.handler"
  runtime                = "python3.13"
  dead_letter_target_arn = "arn:aws:sqs:us-east-1:123456789012:failed"
}

resource "aws_cloudwatch_event_target" "hourly" {
  rule = aws_cloudwatch_event_rule.hourly.name
  arn  = module.hourly.lambda_function_arn
}

resource "aws_cloudwatch_event_rule" "hourly" {
  schedule_expression = "rate(1 hour)"
}

module "hourly" { # want "module.hourly.aws_lambda_function.this is invoked asynchronously \\(by schedule \"aws_cloudwatch_event_rule.hourly\"\\)"
  source        = "terraform-aws-modules/lambda/aws"
  function_name = "hourly"
  handler       = "app.handler"
  runtime       = "python3.13"
}

resource "aws_cloudwatch_event_target" "weekly" {
  rule = aws_cloudwatch_event_rule.weekly.name
  arn  = module.weekly.lambda_function_arn
}

resource "aws_cloudwatch_event_rule" "weekly" {
  schedule_expression = "rate(7 days)"
}

module "weekly" {
  source                    = "terraform-aws-modules/lambda/aws"
  function_name             = "weekly"
  handler                   = "app.handler"
  runtime                   = "python3.13"
  create_async_event_config = true
  destination_on_failure    = "arn:aws:sqs:us-east-1:123456789012:failed"
}
