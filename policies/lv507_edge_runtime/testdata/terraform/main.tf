resource "aws_lambda_function" "ruby" {
  function_name = "ruby"
  role          = "arn:aws:iam::123456789012:role/edge"
  runtime       = "ruby3.4" # want "aws_lambda_function.ruby sets runtime \"ruby3.4\", which Lambda@Edge does not support: it runs Node.js and Python only \\(aws_cloudfront_distribution.cdn runs it on viewer-request\\) \\(LV507\\)"
  handler       = "app.handler"
  filename      = "edge.zip"
  publish       = true
}

resource "aws_lambda_function" "node" {
  function_name = "node"
  role          = "arn:aws:iam::123456789012:role/edge"
  runtime       = "nodejs22.x"
  handler       = "index.handler"
  filename      = "edge.zip"
  publish       = true
}

resource "aws_lambda_function" "image" {
  function_name = "image"
  role          = "arn:aws:iam::123456789012:role/edge"
  package_type  = "Image" # want "aws_lambda_function.image sets package_type \"Image\", which Lambda@Edge does not support: it runs Node.js and Python .zip functions only"
  image_uri     = "123456789012.dkr.ecr.us-east-1.amazonaws.com/edge:1"
  publish       = true
}

resource "aws_lambda_function" "regional" {
  function_name = "regional"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "java21"
  handler       = "example.Handler::handleRequest"
  filename      = "app.zip"
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
      lambda_arn = aws_lambda_function.ruby.qualified_arn
    }

    lambda_function_association {
      event_type = "viewer-response"
      lambda_arn = aws_lambda_function.node.qualified_arn
    }

    lambda_function_association {
      event_type = "origin-request"
      lambda_arn = aws_lambda_function.image.qualified_arn
    }
  }
}
