# LV603 in Terraform: aws_lambda_permission with service principals.

variable "principal" {
  type = string
}

variable "triggers" {
  type = map(object({ service = string, source_arn = optional(string) }))
  default = {
    rule = { service = "events", source_arn = "arn:aws:events:us-east-1:123456789012:rule/nightly" }
    sns  = { service = "sns" }
  }
}

resource "aws_s3_bucket" "uploads" {
  bucket = "uploads"
}

resource "aws_sns_topic" "jobs" {
  name = "jobs"
}

resource "aws_lambda_function" "worker" {
  function_name = "worker"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
}

resource "aws_lambda_permission" "bucket_name_only" {
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.worker.function_name
  principal     = "s3.amazonaws.com" # want "aws_lambda_permission.bucket_name_only lets \"s3.amazonaws.com\" invoke aws_lambda_function.worker with source_arn but no source_account: .*add source_account with the bucket owner's account id \\(LV603\\)$"
  source_arn    = aws_s3_bucket.uploads.arn
}

resource "aws_lambda_permission" "own_bucket" {
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.worker.function_name
  principal      = "s3.amazonaws.com"
  source_arn     = aws_s3_bucket.uploads.arn
  source_account = "123456789012"
}

resource "aws_lambda_permission" "any_topic" {
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.worker.arn
  principal     = "sns.amazonaws.com" # want "aws_lambda_permission.any_topic lets \"sns.amazonaws.com\" invoke aws_lambda_function.worker with no source_arn or source_account condition: any SNS topic, .*; add source_arn with the ARN of the SNS topic that invokes it \\(LV603\\)$"
}

resource "aws_lambda_permission" "jobs" {
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.worker.arn
  principal     = "sns.amazonaws.com"
  source_arn    = aws_sns_topic.jobs.arn
}

resource "aws_lambda_permission" "not_known" {
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.worker.arn
  principal     = var.principal
}

resource "aws_lambda_permission" "triggers" {
  for_each      = var.triggers
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.worker.function_name
  principal     = "${each.value.service}.amazonaws.com" # want "aws_lambda_permission.triggers lets \"sns.amazonaws.com\" invoke aws_lambda_function.worker with no source_arn or source_account condition \\(when each.key is \"sns\"\\)"
  source_arn    = try(each.value.source_arn, null)
}
