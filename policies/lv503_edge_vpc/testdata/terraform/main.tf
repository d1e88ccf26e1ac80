variable "subnet_ids" {
  type = list(string)
}

resource "aws_lambda_function" "edge" {
  function_name = "edge"
  role          = "arn:aws:iam::123456789012:role/edge"
  runtime       = "nodejs22.x"
  handler       = "index.handler"
  filename      = "edge.zip"
  publish       = true

  vpc_config { # want "aws_lambda_function.edge sets vpc_config, which Lambda@Edge does not allow \\(aws_cloudfront_distribution.cdn runs it on origin-request\\) \\(LV503\\)"
    subnet_ids         = var.subnet_ids
    security_group_ids = ["sg-0a"]
  }
}

resource "aws_lambda_function" "clean" {
  function_name = "clean"
  role          = "arn:aws:iam::123456789012:role/edge"
  runtime       = "nodejs22.x"
  handler       = "index.handler"
  filename      = "edge.zip"
  publish       = true
}

resource "aws_lambda_function" "private" {
  function_name = "private"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "nodejs22.x"
  handler       = "index.handler"
  filename      = "app.zip"

  vpc_config {
    subnet_ids         = var.subnet_ids
    security_group_ids = ["sg-0a"]
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
      event_type = "origin-request"
      lambda_arn = aws_lambda_function.edge.qualified_arn
    }

    lambda_function_association {
      event_type = "viewer-request"
      lambda_arn = aws_lambda_function.clean.qualified_arn
    }
  }
}
