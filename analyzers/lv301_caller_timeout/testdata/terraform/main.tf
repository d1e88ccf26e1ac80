# LV301 in Terraform: REST and HTTP API integrations, AppSync, Cognito.

variable "slow_timeout" {
  type    = number
  default = 45 # want "aws_lambda_function.from_variable sets timeout 45, but its caller API Gateway REST API \\(\"aws_api_gateway_integration.from_variable\"\\) stops waiting after 29 seconds: .* \\(set by variable \"slow_timeout\" default\\) \\(LV301\\)"
}

variable "unknown_timeout" {
  type = number
}

resource "aws_api_gateway_rest_api" "api" {
  name = "rest"
  endpoint_configuration {
    types = ["REGIONAL"]
  }
}

# REST API: 29 seconds, unless timeout_milliseconds says otherwise.

resource "aws_lambda_function" "rest_at_limit" {
  function_name = "rest-at-limit"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = 29
}

resource "aws_api_gateway_integration" "rest_at_limit" {
  rest_api_id             = aws_api_gateway_rest_api.api.id
  resource_id             = aws_api_gateway_rest_api.api.root_resource_id
  http_method             = "GET"
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = aws_lambda_function.rest_at_limit.invoke_arn
}

resource "aws_lambda_function" "rest_over_limit" {
  function_name = "rest-over-limit"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = 30 # want "aws_lambda_function.rest_over_limit sets timeout 30, but its caller API Gateway REST API \\(\"aws_api_gateway_integration.rest_over_limit\"\\) stops waiting after 29 seconds: the client gets an error while the function runs on, and is billed, for up to 1 more second \\(LV301\\)"
}

resource "aws_api_gateway_integration" "rest_over_limit" {
  rest_api_id             = aws_api_gateway_rest_api.api.id
  resource_id             = aws_api_gateway_rest_api.api.root_resource_id
  http_method             = "POST"
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = aws_lambda_function.rest_over_limit.invoke_arn
}

resource "aws_lambda_function" "rest_default" {
  function_name = "rest-default"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
}

resource "aws_api_gateway_integration" "rest_default" {
  rest_api_id             = aws_api_gateway_rest_api.api.id
  resource_id             = aws_api_gateway_rest_api.api.root_resource_id
  http_method             = "PATCH"
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = aws_lambda_function.rest_default.invoke_arn
}

resource "aws_lambda_function" "raised_at_limit" {
  function_name = "raised-at-limit"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = 60
}

resource "aws_api_gateway_integration" "raised_at_limit" {
  rest_api_id             = aws_api_gateway_rest_api.api.id
  resource_id             = aws_api_gateway_rest_api.api.root_resource_id
  http_method             = "PUT"
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = aws_lambda_function.raised_at_limit.invoke_arn
  timeout_milliseconds    = 60000
}

resource "aws_lambda_function" "raised_over_limit" {
  function_name = "raised-over-limit"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = 61 # want "aws_lambda_function.raised_over_limit sets timeout 61, but its caller API Gateway REST API \\(\"aws_api_gateway_integration.raised_over_limit\"\\) stops waiting after 60 seconds \\(its integration timeout\\): .* for up to 1 more second"
}

resource "aws_api_gateway_integration" "raised_over_limit" {
  rest_api_id             = aws_api_gateway_rest_api.api.id
  resource_id             = aws_api_gateway_rest_api.api.root_resource_id
  http_method             = "DELETE"
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = aws_lambda_function.raised_over_limit.invoke_arn
  timeout_milliseconds    = 60000
}

resource "aws_lambda_function" "from_variable" {
  function_name = "from-variable"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = var.slow_timeout
}

resource "aws_api_gateway_integration" "from_variable" {
  rest_api_id             = aws_api_gateway_rest_api.api.id
  resource_id             = aws_api_gateway_rest_api.api.root_resource_id
  http_method             = "HEAD"
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = aws_lambda_function.from_variable.invoke_arn
}

resource "aws_lambda_function" "not_known" {
  function_name = "not-known"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = var.unknown_timeout
}

resource "aws_api_gateway_integration" "not_known" {
  rest_api_id             = aws_api_gateway_rest_api.api.id
  resource_id             = aws_api_gateway_rest_api.api.root_resource_id
  http_method             = "OPTIONS"
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = aws_lambda_function.not_known.invoke_arn
}

# Through an alias.
resource "aws_lambda_function" "aliased" {
  function_name = "aliased"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  publish       = true
  timeout       = 40 # want "aws_lambda_function.aliased sets timeout 40, but its caller API Gateway REST API \\(\"aws_api_gateway_integration.aliased\"\\) stops waiting after 29 seconds"
}

resource "aws_lambda_alias" "live" {
  name             = "live"
  function_name    = aws_lambda_function.aliased.function_name
  function_version = aws_lambda_function.aliased.version
}

resource "aws_api_gateway_integration" "aliased" {
  rest_api_id             = aws_api_gateway_rest_api.api.id
  resource_id             = aws_api_gateway_rest_api.api.root_resource_id
  http_method             = "ANY"
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = aws_lambda_alias.live.invoke_arn
}

# HTTP API: 30 seconds, or less when timeout_milliseconds says so.

resource "aws_apigatewayv2_api" "http" {
  name          = "http"
  protocol_type = "HTTP"
}

resource "aws_lambda_function" "http_at_limit" {
  function_name = "http-at-limit"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = 30
}

resource "aws_apigatewayv2_integration" "http_at_limit" {
  api_id                 = aws_apigatewayv2_api.http.id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_function.http_at_limit.invoke_arn
  payload_format_version = "2.0"
}

resource "aws_lambda_function" "http_over_limit" {
  function_name = "http-over-limit"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = 31 # want "aws_lambda_function.http_over_limit sets timeout 31, but its caller API Gateway HTTP API \\(\"aws_apigatewayv2_integration.http_over_limit\"\\) stops waiting after 30 seconds: .* for up to 1 more second"
}

resource "aws_apigatewayv2_integration" "http_over_limit" {
  api_id                 = aws_apigatewayv2_api.http.id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_function.http_over_limit.arn
  payload_format_version = "2.0"
}

resource "aws_lambda_function" "http_lowered_at_limit" {
  function_name = "http-lowered-at-limit"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = 10
}

resource "aws_apigatewayv2_integration" "http_lowered_at_limit" {
  api_id                 = aws_apigatewayv2_api.http.id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_function.http_lowered_at_limit.invoke_arn
  payload_format_version = "2.0"
  timeout_milliseconds   = 10000
}

resource "aws_lambda_function" "http_lowered_over_limit" {
  function_name = "http-lowered-over-limit"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = 11 # want "aws_lambda_function.http_lowered_over_limit sets timeout 11, but its caller API Gateway HTTP API \\(\"aws_apigatewayv2_integration.http_lowered_over_limit\"\\) stops waiting after 10 seconds \\(its integration timeout\\)"
}

resource "aws_apigatewayv2_integration" "http_lowered_over_limit" {
  api_id                 = aws_apigatewayv2_api.http.id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_function.http_lowered_over_limit.invoke_arn
  payload_format_version = "2.0"
  timeout_milliseconds   = 10000
}

# The terraform-aws-modules/lambda module: the finding lands on its input.
module "http_module" {
  source        = "terraform-aws-modules/lambda/aws"
  version       = "~> 8.0"
  function_name = "http-module"
  handler       = "index.handler"
  runtime       = "nodejs22.x"
  timeout       = 31 # want "module.http_module.aws_lambda_function.this sets timeout 31, but its caller API Gateway HTTP API \\(\"aws_apigatewayv2_integration.http_module\"\\) stops waiting after 30 seconds"
}

resource "aws_apigatewayv2_integration" "http_module" {
  api_id                 = aws_apigatewayv2_api.http.id
  integration_type       = "AWS_PROXY"
  integration_uri        = module.http_module.lambda_function_invoke_arn
  payload_format_version = "2.0"
}

# AppSync: 30 seconds.

resource "aws_lambda_function" "resolver_at_limit" {
  function_name = "resolver-at-limit"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = 30
}

resource "aws_appsync_datasource" "at_limit" {
  api_id           = "graphql-api-id"
  name             = "at_limit"
  type             = "AWS_LAMBDA"
  service_role_arn = "arn:aws:iam::123456789012:role/appsync"
  lambda_config {
    function_arn = aws_lambda_function.resolver_at_limit.arn
  }
}

resource "aws_lambda_function" "resolver_over_limit" {
  function_name = "resolver-over-limit"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = 31 # want "aws_lambda_function.resolver_over_limit sets timeout 31, but its caller AppSync \\(\"aws_appsync_datasource.over_limit\"\\) stops waiting after 30 seconds"
}

resource "aws_appsync_datasource" "over_limit" {
  api_id           = "graphql-api-id"
  name             = "over_limit"
  type             = "AWS_LAMBDA"
  service_role_arn = "arn:aws:iam::123456789012:role/appsync"
  lambda_config {
    function_arn = aws_lambda_function.resolver_over_limit.arn
  }
}

# Cognito user pool triggers: 5 seconds; custom senders are left out.

resource "aws_lambda_function" "pre_sign_up" {
  function_name = "pre-sign-up"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = 5
}

resource "aws_lambda_function" "pre_token" {
  function_name = "pre-token"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = 6 # want "aws_lambda_function.pre_token sets timeout 6, but its caller Cognito user pool trigger \\(\"aws_cognito_user_pool.users pre_token_generation\"\\) stops waiting after 5 seconds: .* for up to 1 more second"
}

resource "aws_lambda_function" "sms_sender" {
  function_name = "sms-sender"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = 30
}

resource "aws_cognito_user_pool" "users" {
  name = "users"
  lambda_config {
    pre_sign_up          = aws_lambda_function.pre_sign_up.arn
    pre_token_generation = aws_lambda_function.pre_token.arn
    custom_sms_sender {
      lambda_arn     = aws_lambda_function.sms_sender.arn
      lambda_version = "V1_0"
    }
  }
}

# A URI written as a string template.
variable "region" {
  default = "us-east-1"
}

resource "aws_lambda_function" "interpolated" {
  function_name = "interpolated"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = 30 # want "aws_lambda_function.interpolated sets timeout 30, but its caller API Gateway REST API \\(\"aws_api_gateway_integration.interpolated\"\\) stops waiting after 29 seconds"
}

resource "aws_api_gateway_integration" "interpolated" {
  rest_api_id             = aws_api_gateway_rest_api.api.id
  resource_id             = aws_api_gateway_rest_api.api.root_resource_id
  http_method             = "GET"
  type                    = "AWS"
  integration_http_method = "POST"
  uri                     = "arn:aws:apigateway:${var.region}:lambda:path/2015-03-31/functions/${aws_lambda_function.interpolated.arn}/invocations"
}
