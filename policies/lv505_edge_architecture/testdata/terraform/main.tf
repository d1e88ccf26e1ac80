resource "aws_lambda_function" "edge" {
  function_name = "edge"
  role          = "arn:aws:iam::123456789012:role/edge"
  runtime       = "nodejs22.x"
  handler       = "index.handler"
  filename      = "edge.zip"
  publish       = true
  architectures = ["arm64"] # want "aws_lambda_function.edge sets architectures \"arm64\", which Lambda@Edge does not allow: it runs x86_64 functions only \\(aws_cloudfront_distribution.cdn runs it on viewer-request\\) \\(LV505\\)"
}

resource "aws_lambda_function" "x86" {
  function_name = "x86"
  role          = "arn:aws:iam::123456789012:role/edge"
  runtime       = "nodejs22.x"
  handler       = "index.handler"
  filename      = "edge.zip"
  publish       = true
  architectures = ["x86_64"]
}

resource "aws_lambda_function" "regional" {
  function_name = "regional"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "nodejs22.x"
  handler       = "index.handler"
  filename      = "app.zip"
  architectures = ["arm64"]
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
      event_type = "viewer-response"
      lambda_arn = aws_lambda_function.x86.qualified_arn
    }
  }
}
