# LV308 in Terraform.

resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}

resource "aws_lambda_function" "worker" {
  function_name = "worker"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  dead_letter_config {
    target_arn = "arn:aws:sqs:us-east-1:123456789012:failed" # want "aws_lambda_function.worker sets dead_letter_config, but nothing invokes it asynchronously \\(it is invoked by SQS queue \"aws_sqs_queue.jobs\"\\): .*for SQS, a redrive policy on the queue"
  }
}

resource "aws_lambda_event_source_mapping" "worker" {
  event_source_arn = aws_sqs_queue.jobs.arn
  function_name    = aws_lambda_function.worker.arn
}

resource "aws_lambda_function" "consumer" {
  function_name = "consumer"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
}

resource "aws_lambda_event_source_mapping" "consumer" {
  event_source_arn = aws_sqs_queue.jobs.arn
  function_name    = aws_lambda_function.consumer.arn
}

resource "aws_lambda_function_event_invoke_config" "consumer" {
  function_name = aws_lambda_function.consumer.function_name
  destination_config {
    on_failure {
      destination = "arn:aws:sqs:us-east-1:123456789012:failed" # want "aws_lambda_function.consumer sets destination_config on_failure \\(in aws_lambda_function_event_invoke_config.consumer\\), but nothing invokes it asynchronously"
    }
  }
}

resource "aws_lambda_function" "uploads" {
  function_name = "uploads"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  dead_letter_config {
    target_arn = "arn:aws:sqs:us-east-1:123456789012:failed"
  }
}

resource "aws_lambda_event_source_mapping" "uploads" {
  event_source_arn = aws_sqs_queue.jobs.arn
  function_name    = aws_lambda_function.uploads.arn
}

resource "aws_lambda_permission" "uploads" {
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.uploads.function_name
  principal      = "s3.amazonaws.com"
  source_arn     = "arn:aws:s3:::uploads"
  source_account = "123456789012"
}
