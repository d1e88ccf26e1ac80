# LV309 in Terraform.

resource "aws_s3_bucket" "images" {
  bucket = "images-in"
}

resource "aws_iam_role" "resize" {
  name               = "resize"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy" "resize" {
  role = aws_iam_role.resize.id
  policy = jsonencode({
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:PutObject"]
      Resource = "${aws_s3_bucket.images.arn}/*"
    }]
  })
}

# Reported: it writes objects to the bucket whose notification invokes it.
resource "aws_lambda_function" "resize" {
  function_name = "resize"
  role          = aws_iam_role.resize.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
}

# Not reported: the notification filters keys, and the policy lets it
# write anywhere in the bucket.
resource "aws_lambda_function" "filtered" {
  function_name = "filtered"
  role          = aws_iam_role.resize.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
}

resource "aws_s3_bucket_notification" "images" {
  bucket = aws_s3_bucket.images.id
  lambda_function { # want "aws_lambda_function.resize is invoked by S3 bucket \"aws_s3_bucket.images\" and can write to it \\(aws_iam_role_policy.resize allows s3:PutObject on it, main.tf:17\\): each object it writes there invokes it again"
    lambda_function_arn = aws_lambda_function.resize.arn
    events              = ["s3:ObjectCreated:*"]
  }
  lambda_function {
    lambda_function_arn = aws_lambda_function.filtered.arn
    events              = ["s3:ObjectCreated:*"]
    filter_prefix       = "raw/"
  }
}

resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}

data "aws_iam_policy_document" "requeue" {
  statement {
    actions   = ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]
    resources = [aws_sqs_queue.jobs.arn]
  }
}

resource "aws_iam_role" "requeue" {
  name               = "requeue"
  assume_role_policy = "{}"
}

resource "aws_iam_policy" "requeue" {
  policy = data.aws_iam_policy_document.requeue.json
}

resource "aws_iam_role_policy_attachment" "requeue" {
  role       = aws_iam_role.requeue.name
  policy_arn = aws_iam_policy.requeue.arn
}

# Reported: it sends to the queue it is fed from.
resource "aws_lambda_function" "requeue" {
  function_name = "requeue"
  role          = aws_iam_role.requeue.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
}

resource "aws_lambda_event_source_mapping" "requeue" {
  event_source_arn = aws_sqs_queue.jobs.arn # want "aws_lambda_function.requeue is invoked by SQS queue \"aws_sqs_queue.jobs\" and can write to it \\(aws_iam_policy.requeue allows sqs:SendMessage on it, main.tf:61\\): each message it sends there"
  function_name    = aws_lambda_function.requeue.arn
}

# Not reported: the recursion is declared on purpose.
resource "aws_lambda_function" "retry" {
  function_name = "retry"
  role          = aws_iam_role.requeue.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
}

resource "aws_lambda_event_source_mapping" "retry" {
  event_source_arn = aws_sqs_queue.jobs.arn
  function_name    = aws_lambda_function.retry.arn
}

resource "aws_lambda_function_recursion_config" "retry" {
  function_name  = aws_lambda_function.retry.function_name
  recursive_loop = "Allow"
}

resource "aws_sns_topic" "events" {
  name = "events"
}

# Reported: the registry module's policy statements publish to its topic.
module "fanout" {
  source  = "terraform-aws-modules/lambda/aws"
  version = "~> 7.0"

  function_name = "fanout"
  handler       = "app.handler"
  runtime       = "python3.13"

  attach_policy_statements = true
  policy_statements = {
    publish = {
      effect    = "Allow"
      actions   = ["sns:Publish"]
      resources = ["arn:aws:sns:us-east-1:123456789012:events"]
    }
  }
}

resource "aws_sns_topic_subscription" "fanout" {
  topic_arn = aws_sns_topic.events.arn # want "module.fanout.aws_lambda_function.this is invoked by SNS topic \"aws_sns_topic.events\" and can write to it \\(policy_statements allows sns:Publish on it, main.tf:13\\d\\): each message it publishes there"
  protocol  = "lambda"
  endpoint  = module.fanout.lambda_function_arn
}

# Not reported: the subscription's filter policy narrows what reaches it.
resource "aws_sns_topic_subscription" "filtered" {
  topic_arn     = aws_sns_topic.events.arn
  protocol      = "lambda"
  endpoint      = module.fanout.lambda_function_arn
  filter_policy = jsonencode({ stage = ["raw"] })
}
