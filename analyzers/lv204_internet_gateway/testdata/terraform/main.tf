# LV204 in Terraform: an aws_route to an internet gateway, and the default VPC.

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_internet_gateway" "igw" {
  vpc_id = aws_vpc.main.id
}

resource "aws_subnet" "public" {
  for_each = { a = "10.0.0.0/24", b = "10.0.1.0/24" }

  vpc_id                  = aws_vpc.main.id
  cidr_block              = each.value
  map_public_ip_on_launch = true
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id
}

resource "aws_route" "public_default" {
  route_table_id         = aws_route_table.public.id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.igw.id
}

resource "aws_route_table_association" "public" {
  for_each       = aws_subnet.public
  subnet_id      = each.value.id
  route_table_id = aws_route_table.public.id
}

resource "aws_default_vpc" "default" {}

resource "aws_default_subnet" "a" {
  availability_zone = "eu-west-1a"
}

resource "aws_sqs_queue" "out" {}

resource "aws_iam_role" "fn" {
  name               = "fn"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy" "send" {
  role = aws_iam_role.fn.id
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "sqs:SendMessage", Resource = aws_sqs_queue.out.arn }]
  })
}

resource "aws_lambda_function" "public" {
  function_name = "public"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  environment {
    variables = { QUEUE_URL = aws_sqs_queue.out.url }
  }
  vpc_config {
    subnet_ids         = [aws_subnet.public["a"].id, aws_subnet.public["b"].id] # want "aws_lambda_function.public cannot reach SQS \\(environment variable QUEUE_URL\\): its subnet \"aws_subnet.public\" uses route table \"aws_route_table.public\", which sends its default route to internet gateway \"aws_internet_gateway.igw\""
    security_group_ids = ["sg-0123456789abcdef0"]
  }
}

# The default VPC's subnets route to its internet gateway.
resource "aws_lambda_function" "default_vpc" {
  function_name = "default-vpc"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  vpc_config {
    subnet_ids         = [aws_default_subnet.a.id] # want "aws_lambda_function.default_vpc cannot reach SQS \\(aws_iam_role_policy.send\\): its subnet \"aws_default_subnet.a\" uses the main route table of VPC \"aws_default_vpc.default\", which sends its default route to the internet gateway of default VPC"
    security_group_ids = ["sg-0123456789abcdef0"]
  }
}
