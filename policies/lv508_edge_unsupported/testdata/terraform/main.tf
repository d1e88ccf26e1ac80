resource "aws_lambda_function" "edge" {
  function_name                  = "edge"
  role                           = "arn:aws:iam::123456789012:role/edge"
  runtime                        = "nodejs22.x"
  handler                        = "index.handler"
  filename                       = "edge.zip"
  publish                        = true
  reserved_concurrent_executions = 20 # want "aws_lambda_function.edge sets reserved_concurrent_executions 20, which Lambda@Edge does not support \\(aws_cloudfront_distribution.cdn runs it on viewer-request\\) \\(LV508\\)"

  tracing_config {
    mode = "Active" # want "aws_lambda_function.edge sets tracing_config mode \"Active\", which Lambda@Edge does not support"
  }

  dead_letter_config { # want "aws_lambda_function.edge sets dead_letter_config, which Lambda@Edge does not support"
    target_arn = "arn:aws:sqs:us-east-1:123456789012:dlq"
  }
}

resource "aws_lambda_function" "clean" {
  function_name                  = "clean"
  role                           = "arn:aws:iam::123456789012:role/edge"
  runtime                        = "nodejs22.x"
  handler                        = "index.handler"
  filename                       = "edge.zip"
  publish                        = true
  reserved_concurrent_executions = -1

  tracing_config {
    mode = "PassThrough"
  }
}

resource "aws_lambda_function" "regional" {
  function_name                  = "regional"
  role                           = "arn:aws:iam::123456789012:role/fn"
  runtime                        = "nodejs22.x"
  handler                        = "index.handler"
  filename                       = "app.zip"
  reserved_concurrent_executions = 20

  tracing_config {
    mode = "Active"
  }
}

resource "aws_cloudfront_distribution" "cdn" {
  enabled = true

  default_cache_behavior {
    target_origin_id       = "site"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]

    lambda_function_association {
      event_type = "viewer-request"
      lambda_arn = aws_lambda_function.edge.qualified_arn
    }

    lambda_function_association {
      event_type = "origin-request"
      lambda_arn = aws_lambda_function.clean.qualified_arn
    }
  }
}
