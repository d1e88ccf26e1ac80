# LV302 in Terraform: aws_lambda_event_source_mapping from aws_sqs_queue.

variable "worker_timeout" {
  type    = number
  default = 50 # want "aws_lambda_function.from_variable sets timeout 50, longer than the visibility timeout of queue \"aws_sqs_queue.default\" \\(30 seconds, the SQS default\\): .* \\(set by variable \"worker_timeout\" default\\) \\(LV302\\)"
}

variable "unknown" {
  type = number
}

# No visibility_timeout_seconds: the SQS default of 30 seconds.
resource "aws_sqs_queue" "default" {
  name = "default"
}

resource "aws_sqs_queue" "long" {
  name                       = "long"
  visibility_timeout_seconds = 120
}

resource "aws_sqs_queue" "short" {
  name                       = "short"
  visibility_timeout_seconds = 2 # want "aws_lambda_function.default_timeout_short .*timeout 3.*, longer than the visibility timeout of queue \"aws_sqs_queue.short\" \\(2 seconds\\)"
}

resource "aws_sqs_queue" "not_known" {
  name                       = "not-known"
  visibility_timeout_seconds = var.unknown
}

resource "aws_lambda_function" "default_timeout" {
  function_name = "default-timeout"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
}

resource "aws_lambda_event_source_mapping" "default_timeout" {
  event_source_arn = aws_sqs_queue.default.arn
  function_name    = aws_lambda_function.default_timeout.arn
}

resource "aws_lambda_function" "at_default" {
  function_name = "at-default"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = 30
}

resource "aws_lambda_event_source_mapping" "at_default" {
  event_source_arn = aws_sqs_queue.default.arn
  function_name    = aws_lambda_function.at_default.arn
}

resource "aws_lambda_function" "over_default" {
  function_name = "over-default"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = 31 # want "aws_lambda_function.over_default sets timeout 31, longer than the visibility timeout of queue \"aws_sqs_queue.default\" \\(30 seconds, the SQS default\\): AWS refuses to create the event source mapping, and a message would be delivered again while its first invocation still runs \\(LV302\\)"
}

resource "aws_lambda_event_source_mapping" "over_default" {
  event_source_arn = aws_sqs_queue.default.arn
  function_name    = aws_lambda_function.over_default.function_name
}

resource "aws_lambda_function" "at_set" {
  function_name = "at-set"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = 120
}

resource "aws_lambda_event_source_mapping" "at_set" {
  event_source_arn = aws_sqs_queue.long.arn
  function_name    = aws_lambda_function.at_set.arn
}

resource "aws_lambda_function" "over_set" {
  function_name = "over-set"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = 121 # want "aws_lambda_function.over_set sets timeout 121, longer than the visibility timeout of queue \"aws_sqs_queue.long\" \\(120 seconds\\)"
}

resource "aws_lambda_event_source_mapping" "over_set" {
  event_source_arn = aws_sqs_queue.long.arn
  function_name    = aws_lambda_function.over_set.arn
}

resource "aws_lambda_function" "default_timeout_short" {
  function_name = "default-timeout-short"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
}

resource "aws_lambda_event_source_mapping" "default_timeout_short" {
  event_source_arn = aws_sqs_queue.short.arn
  function_name    = aws_lambda_function.default_timeout_short.arn
}

resource "aws_lambda_function" "from_variable" {
  function_name = "from-variable"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = var.worker_timeout
}

resource "aws_lambda_event_source_mapping" "from_variable" {
  event_source_arn = aws_sqs_queue.default.arn
  function_name    = aws_lambda_function.from_variable.arn
}

# Not reported: unknown values, a disabled mapping, a queue defined elsewhere.

resource "aws_lambda_function" "timeout_not_known" {
  function_name = "timeout-not-known"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = var.unknown
}

resource "aws_lambda_event_source_mapping" "timeout_not_known" {
  event_source_arn = aws_sqs_queue.default.arn
  function_name    = aws_lambda_function.timeout_not_known.arn
}

resource "aws_lambda_function" "slow" {
  function_name = "slow"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = 600
}

resource "aws_lambda_event_source_mapping" "visibility_not_known" {
  event_source_arn = aws_sqs_queue.not_known.arn
  function_name    = aws_lambda_function.slow.arn
}

resource "aws_lambda_event_source_mapping" "disabled" {
  event_source_arn = aws_sqs_queue.default.arn
  function_name    = aws_lambda_function.slow.arn
  enabled          = false
}

resource "aws_lambda_event_source_mapping" "external" {
  event_source_arn = "arn:aws:sqs:us-east-1:123456789012:elsewhere"
  function_name    = aws_lambda_function.slow.arn
}
