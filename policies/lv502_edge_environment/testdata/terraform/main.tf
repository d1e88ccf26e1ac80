resource "aws_lambda_function" "edge" {
  function_name = "edge"
  role          = "arn:aws:iam::123456789012:role/edge"
  runtime       = "nodejs22.x"
  handler       = "index.handler"
  filename      = "edge.zip"
  publish       = true

  environment {
    variables = { # want "aws_lambda_function.edge sets environment variables, which Lambda@Edge does not allow \\(aws_cloudfront_distribution.cdn runs it on viewer-request\\) \\(LV502\\)"
      STAGE = "prod"
    }
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

resource "aws_lambda_function" "regional" {
  function_name = "regional"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "nodejs22.x"
  handler       = "index.handler"
  filename      = "app.zip"

  environment {
    variables = {
      TABLE = "orders"
    }
  }
}

module "at_edge" {
  source         = "terraform-aws-modules/lambda/aws"
  function_name  = "at-edge"
  handler        = "index.handler"
  runtime        = "nodejs22.x"
  lambda_at_edge = true
  environment_variables = { # want "module.at_edge.aws_lambda_function.this sets environment variables, which Lambda@Edge does not allow \\(module.at_edge \\(lambda_at_edge = true\\) runs it at the edge\\)"
    STAGE = "prod"
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
