# LV604 in Terraform: environment variables of aws_lambda_function.

variable "webhook_secret" {
  type      = string
  sensitive = true
  default   = "Wn5Rq8Lz2Xt7Vb4Km9Pc" # want "aws_lambda_function.worker sets environment variable \"WEBHOOK_SECRET\" to what looks like a literal secret .* \\(set by variable \"webhook_secret\" default\\)"
}

variable "external_token" {
  type      = string
  sensitive = true
}

resource "aws_secretsmanager_secret" "db" {
  name = "prod/orders/db"
}

resource "random_password" "api" {
  length = 32
}

resource "aws_lambda_function" "worker" {
  function_name = "worker"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"

  environment {
    variables = {
      GITHUB_TOKEN   = "Tz6Kq1Lm8Xr3Vb7Wn2Pc5Yd" # want "aws_lambda_function.worker sets environment variable \"GITHUB_TOKEN\" to what looks like a literal secret .*\\(LV604\\)$"
      WEBHOOK_SECRET = var.webhook_secret
      EXTERNAL_TOKEN = var.external_token
      DB_SECRET_ARN  = aws_secretsmanager_secret.db.arn
      API_KEY        = random_password.api.result
      API_KEY_NAME   = "orders-api-key"
      DB_PASSWORD    = "REPLACE_ME_IN_CONSOLE_1234"
      LOG_LEVEL      = "INFO"
    }
  }
}
