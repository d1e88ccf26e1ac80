# LV601 on the function URL of terraform-aws-modules/lambda, whose
# authorization_type defaults to NONE.

module "default_auth" {
  source                     = "terraform-aws-modules/lambda/aws"
  function_name              = "default-auth"
  handler                    = "app.handler"
  runtime                    = "python3.13"
  create_lambda_function_url = true # want "module.default_auth.aws_lambda_function_url.this sets authorization_type \"NONE\" \\(set by the lambda module's default\\): anyone on the internet"
}

module "public" {
  source                     = "terraform-aws-modules/lambda/aws"
  function_name              = "public"
  handler                    = "app.handler"
  runtime                    = "python3.13"
  create_lambda_function_url = true
  authorization_type         = "NONE" # want "module.public.aws_lambda_function_url.this sets authorization_type \"NONE\" \\(set by module \"public\" argument authorization_type\\): anyone on the internet"
}

module "signed" {
  source                     = "terraform-aws-modules/lambda/aws"
  function_name              = "signed"
  handler                    = "app.handler"
  runtime                    = "python3.13"
  create_lambda_function_url = true
  authorization_type         = "AWS_IAM"
}

module "no_url" {
  source        = "terraform-aws-modules/lambda/aws"
  function_name = "no-url"
  handler       = "app.handler"
  runtime       = "python3.13"
}
