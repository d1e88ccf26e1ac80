# LV202 in Terraform.

variable "subnet_ids" {
  type    = list(string)
  default = ["subnet-0123456789abcdef0"]
}

variable "db_host" {
  type = string
}

resource "aws_sns_topic" "alerts" {}

resource "aws_db_instance" "main" {
  engine            = "postgres"
  instance_class    = "db.t4g.micro"
  allocated_storage = 20
}

resource "aws_iam_role" "fn" {
  name               = "fn"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy_attachment" "vpc" {
  role       = aws_iam_role.fn.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"
}

resource "aws_iam_role_policy" "publish" {
  role = aws_iam_role.fn.id
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = ["sns:Publish"], Resource = [aws_sns_topic.alerts.arn] }]
  })
}

# SNS only.
resource "aws_lambda_function" "alerts" {
  function_name = "alerts"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  environment {
    variables = { TOPIC_ARN = aws_sns_topic.alerts.arn }
  }
  vpc_config { # want "aws_lambda_function.alerts is attached to a VPC, but what it uses is outside any VPC: SNS \\(environment variable TOPIC_ARN\\); .* remove vpc_config unless something private needs it \\(LV202\\)"
    subnet_ids         = var.subnet_ids
    security_group_ids = ["sg-0123456789abcdef0"]
  }
}

# A database host from a variable: may be private.
resource "aws_lambda_function" "db_from_variable" {
  function_name = "db-from-variable"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  environment {
    variables = { TOPIC_ARN = aws_sns_topic.alerts.arn, DB_HOST = var.db_host }
  }
  vpc_config {
    subnet_ids         = var.subnet_ids
    security_group_ids = ["sg-0123456789abcdef0"]
  }
}

# RDS in the project.
resource "aws_lambda_function" "rds" {
  function_name = "rds"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  environment {
    variables = { TOPIC_ARN = aws_sns_topic.alerts.arn, DATABASE = aws_db_instance.main.address }
  }
  vpc_config {
    subnet_ids         = var.subnet_ids
    security_group_ids = ["sg-0123456789abcdef0"]
  }
}

# Detached with empty lists.
resource "aws_lambda_function" "detached" {
  function_name = "detached"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  vpc_config {
    subnet_ids         = []
    security_group_ids = []
  }
}

# A private REST API is reached only from a VPC: the VPC is needed.
resource "aws_api_gateway_rest_api" "private" {
  name = "private"
  endpoint_configuration {
    types = ["PRIVATE"]
  }
}

resource "aws_lambda_function" "private_api_caller" {
  function_name = "private-api-caller"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  environment {
    variables = { API_ID = aws_api_gateway_rest_api.private.id }
  }
  vpc_config {
    subnet_ids         = var.subnet_ids
    security_group_ids = ["sg-0123456789abcdef0"]
  }
}
