# LV603 on the allowed_triggers of terraform-aws-modules/lambda.

module "worker" {
  source        = "terraform-aws-modules/lambda/aws"
  function_name = "worker"
  handler       = "app.handler"
  runtime       = "python3.13"

  allowed_triggers = {
    AnyTopic = {
      service = "sns" # want "module.worker.aws_lambda_permission.unqualified_alias_triggers\\[\"AnyTopic\"\\] lets \"sns.amazonaws.com\" invoke module.worker.aws_lambda_function.this with no source_arn or source_account condition: any SNS topic"
    }
    Api = {
      service    = "apigateway"
      source_arn = "arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/*/*/*"
    }
    Bucket = {
      principal  = "s3.amazonaws.com" # want "module.worker.aws_lambda_permission.unqualified_alias_triggers\\[\"Bucket\"\\] lets \"s3.amazonaws.com\" invoke module.worker.aws_lambda_function.this with source_arn but no source_account"
      source_arn = "arn:aws:s3:::uploads"
    }
    OwnBucket = {
      principal      = "s3.amazonaws.com"
      source_arn     = "arn:aws:s3:::uploads"
      source_account = "123456789012"
    }
  }
}
