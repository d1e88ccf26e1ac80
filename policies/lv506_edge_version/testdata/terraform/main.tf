resource "aws_lambda_function" "published" {
  function_name = "published"
  role          = "arn:aws:iam::123456789012:role/edge"
  runtime       = "nodejs22.x"
  handler       = "index.handler"
  filename      = "edge.zip"
  publish       = true
}

resource "aws_lambda_function" "unpublished" {
  function_name = "unpublished"
  role          = "arn:aws:iam::123456789012:role/edge"
  runtime       = "nodejs22.x"
  handler       = "index.handler"
  filename      = "edge.zip"
}

resource "aws_lambda_alias" "live" {
  name             = "live"
  function_name    = aws_lambda_function.published.function_name
  function_version = aws_lambda_function.published.version
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
      lambda_arn = aws_lambda_function.published.qualified_arn
    }

    lambda_function_association {
      event_type = "viewer-response"
      lambda_arn = aws_lambda_function.unpublished.qualified_arn # want "aws_lambda_function.unpublished is associated with aws_cloudfront_distribution.cdn on viewer-response through \\$LATEST \\(qualified_arn of a function without publish = true\\), not a numbered version as Lambda@Edge requires \\(LV506\\)"
    }

    lambda_function_association {
      event_type = "origin-request"
      lambda_arn = aws_lambda_function.published.arn # want "aws_lambda_function.published is associated with aws_cloudfront_distribution.cdn on origin-request through its unqualified ARN \\(arn\\)"
    }

    lambda_function_association {
      event_type = "origin-response"
      lambda_arn = aws_lambda_alias.live.arn # want "aws_lambda_function.published is associated with aws_cloudfront_distribution.cdn on origin-response through alias \"live\""
    }
  }

  ordered_cache_behavior {
    path_pattern           = "/api/*"
    target_origin_id       = "api"
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]

    lambda_function_association {
      event_type = "origin-request"
      lambda_arn = "${aws_lambda_function.unpublished.arn}:${aws_lambda_function.unpublished.version}" # want "aws_lambda_function.unpublished is associated with aws_cloudfront_distribution.cdn on origin-request through \\$LATEST \\(the version of a function without publish = true\\)"
    }
  }
}
