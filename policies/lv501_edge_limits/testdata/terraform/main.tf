variable "viewer_memory" {
  type    = number
  default = 256 # want "aws_lambda_function.viewer sets memory_size 256, above the Lambda@Edge maximum of 128 MB for viewer events \\(aws_cloudfront_distribution.cdn runs it on viewer-request\\) \\(set by variable \"viewer_memory\" default\\)"
}

resource "aws_lambda_function" "viewer" {
  function_name = "viewer"
  role          = "arn:aws:iam::123456789012:role/edge"
  runtime       = "nodejs22.x"
  handler       = "index.handler"
  filename      = "viewer.zip"
  publish       = true
  memory_size   = var.viewer_memory
}

resource "aws_lambda_function" "origin" {
  function_name = "origin"
  role          = "arn:aws:iam::123456789012:role/edge"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "origin.zip"
  publish       = true
  memory_size   = 1024
  timeout       = 40 # want "aws_lambda_function.origin sets timeout 40, above the Lambda@Edge maximum of 30 s for origin events \\(aws_cloudfront_distribution.cdn runs it on origin-request\\) \\(LV501\\)"

  ephemeral_storage {
    size = 2048 # want "aws_lambda_function.origin sets ephemeral_storage size 2048, above the Lambda@Edge maximum of 512 MB"
  }
}

resource "aws_lambda_function" "fine" {
  function_name = "fine"
  role          = "arn:aws:iam::123456789012:role/edge"
  runtime       = "nodejs22.x"
  handler       = "index.handler"
  filename      = "fine.zip"
  publish       = true
  timeout       = 5
}

resource "aws_lambda_function" "regional" {
  function_name = "regional"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "nodejs22.x"
  handler       = "index.handler"
  filename      = "regional.zip"
  memory_size   = 4096
  timeout       = 300
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
      lambda_arn = aws_lambda_function.viewer.qualified_arn
    }

    lambda_function_association {
      event_type = "viewer-response"
      lambda_arn = aws_lambda_function.fine.qualified_arn
    }
  }

  ordered_cache_behavior {
    path_pattern           = "/api/*"
    target_origin_id       = "api"
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]

    lambda_function_association {
      event_type   = "origin-request"
      lambda_arn   = aws_lambda_function.origin.qualified_arn
      include_body = true
    }
  }
}
