# LV305 in Terraform: aws_lambda_event_source_mapping from aws_sqs_queue.

variable "visibility" {
  type    = number
  default = 100 # want "queue \"aws_sqs_queue.from_variable\" has a visibility timeout of 100 seconds, under the 120 seconds AWS recommends for aws_lambda_function.worker \\(6 × timeout 20 \\+ batching window 0\\): .* \\(set by variable \"visibility\" default\\) \\(LV305\\)"
}

variable "unknown" {
  type = number
}

resource "aws_lambda_function" "worker" {
  function_name = "worker"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = 20
}

# 6 × 20 + 0 = 120.
resource "aws_sqs_queue" "at_guidance" {
  name                       = "at-guidance"
  visibility_timeout_seconds = 120
}

resource "aws_lambda_event_source_mapping" "at_guidance" {
  event_source_arn = aws_sqs_queue.at_guidance.arn
  function_name    = aws_lambda_function.worker.arn
}

resource "aws_sqs_queue" "just_under" {
  name                       = "just-under"
  visibility_timeout_seconds = 119 # want "queue \"aws_sqs_queue.just_under\" has a visibility timeout of 119 seconds, under the 120 seconds AWS recommends for aws_lambda_function.worker \\(6 × timeout 20 \\+ batching window 0\\): retried or throttled batches may be delivered again \\(LV305\\)"
}

resource "aws_lambda_event_source_mapping" "just_under" {
  event_source_arn = aws_sqs_queue.just_under.arn
  function_name    = aws_lambda_function.worker.arn
}

# 6 × 20 + 30 = 150.
resource "aws_sqs_queue" "window_at_guidance" {
  name                       = "window-at-guidance"
  visibility_timeout_seconds = 150
}

resource "aws_lambda_event_source_mapping" "window_at_guidance" {
  event_source_arn                   = aws_sqs_queue.window_at_guidance.arn
  function_name                      = aws_lambda_function.worker.arn
  batch_size                         = 100
  maximum_batching_window_in_seconds = 30
}

resource "aws_sqs_queue" "window_just_under" {
  name                       = "window-just-under"
  visibility_timeout_seconds = 149 # want "queue \"aws_sqs_queue.window_just_under\" has a visibility timeout of 149 seconds, under the 150 seconds AWS recommends for aws_lambda_function.worker \\(6 × timeout 20 \\+ batching window 30\\)"
}

resource "aws_lambda_event_source_mapping" "window_just_under" {
  event_source_arn                   = aws_sqs_queue.window_just_under.arn
  function_name                      = aws_lambda_function.worker.arn
  batch_size                         = 100
  maximum_batching_window_in_seconds = 30
}

# No visibility_timeout_seconds: the SQS default of 30 seconds, on the queue.
resource "aws_sqs_queue" "default" { # want "queue \"aws_sqs_queue.default\" has a visibility timeout of 30 seconds, the SQS default, under the 120 seconds AWS recommends for aws_lambda_function.worker"
  name = "default"
}

resource "aws_lambda_event_source_mapping" "default" {
  event_source_arn = aws_sqs_queue.default.arn
  function_name    = aws_lambda_function.worker.arn
}

resource "aws_sqs_queue" "from_variable" {
  name                       = "from-variable"
  visibility_timeout_seconds = var.visibility
}

resource "aws_lambda_event_source_mapping" "from_variable" {
  event_source_arn = aws_sqs_queue.from_variable.arn
  function_name    = aws_lambda_function.worker.arn
}

# The Lambda default (3 s) against the SQS default (30 s): 30 ≥ 18.
resource "aws_lambda_function" "default_timeout" {
  function_name = "default-timeout"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
}

resource "aws_sqs_queue" "plain" {
  name = "plain"
}

resource "aws_lambda_event_source_mapping" "default_timeout" {
  event_source_arn = aws_sqs_queue.plain.arn
  function_name    = aws_lambda_function.default_timeout.arn
}

# Not reported: LV302's case, unknown values, a disabled mapping.
resource "aws_lambda_function" "long" {
  function_name = "long"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = 121
}

resource "aws_lambda_event_source_mapping" "long" {
  event_source_arn = aws_sqs_queue.at_guidance.arn
  function_name    = aws_lambda_function.long.arn
}

resource "aws_sqs_queue" "not_known" {
  name                       = "not-known"
  visibility_timeout_seconds = var.unknown
}

resource "aws_lambda_event_source_mapping" "visibility_not_known" {
  event_source_arn = aws_sqs_queue.not_known.arn
  function_name    = aws_lambda_function.worker.arn
}

resource "aws_lambda_event_source_mapping" "window_not_known" {
  event_source_arn                   = aws_sqs_queue.at_guidance.arn
  function_name                      = aws_lambda_function.worker.arn
  maximum_batching_window_in_seconds = var.unknown
}

resource "aws_lambda_event_source_mapping" "disabled" {
  event_source_arn = aws_sqs_queue.plain.arn
  function_name    = aws_lambda_function.worker.arn
  enabled          = false
}
