# LV203 in Terraform: resources, inline and separate routes, endpoints and
# the policy forms (jsonencode, heredoc, policy documents).

variable "subnet_ids" {
  type = list(string)
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "isolated" {
  count      = 2
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.${count.index}.0/24"
}

resource "aws_route_table" "isolated" {
  vpc_id = aws_vpc.main.id
}

resource "aws_route_table_association" "isolated" {
  count          = 2
  subnet_id      = aws_subnet.isolated[count.index].id
  route_table_id = aws_route_table.isolated.id
}

resource "aws_subnet" "public" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.10.0/24"
}

resource "aws_internet_gateway" "igw" {
  vpc_id = aws_vpc.main.id
}

resource "aws_nat_gateway" "nat" {
  subnet_id = aws_subnet.public.id
}

resource "aws_subnet" "private" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.20.0/24"
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id
  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.nat.id
  }
}

resource "aws_route_table_association" "private" {
  subnet_id      = aws_subnet.private.id
  route_table_id = aws_route_table.private.id
}

# A subnet without an association uses the main route table.
resource "aws_subnet" "unassociated" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.30.0/24"
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.main.id
  service_name      = "com.amazonaws.${data.aws_region.current.name}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [aws_route_table.isolated.id]
}

resource "aws_vpc_endpoint" "secrets" {
  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.eu-west-1.secretsmanager"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
}

data "aws_region" "current" {}

resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "id"
  attribute {
    name = "id"
    type = "S"
  }
}

resource "aws_sqs_queue" "jobs" {}
resource "aws_s3_bucket" "data" {}
resource "aws_secretsmanager_secret" "api_key" {}

resource "aws_iam_role" "fn" {
  name               = "fn"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy" "tables" {
  role = aws_iam_role.fn.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["dynamodb:GetItem", "dynamodb:PutItem"]
      Resource = aws_dynamodb_table.orders.arn
    }]
  })
}

resource "aws_iam_role" "queue" {
  name               = "queue"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy" "send" {
  role   = aws_iam_role.queue.name
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "${aws_sqs_queue.jobs.arn}"}]
    }
  EOT
}

resource "aws_iam_role" "reader" {
  name               = "reader"
  assume_role_policy = "{}"
}

data "aws_iam_policy_document" "read" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.data.arn}/*"]
  }
  statement {
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [aws_secretsmanager_secret.api_key.arn]
  }
}

resource "aws_iam_policy" "read" {
  policy = data.aws_iam_policy_document.read.json
}

resource "aws_iam_role_policy_attachment" "read" {
  role       = aws_iam_role.reader.name
  policy_arn = aws_iam_policy.read.arn
}

resource "aws_security_group" "fn" {
  vpc_id = aws_vpc.main.id
}

# NAT absent: DynamoDB cannot be reached.
resource "aws_lambda_function" "no_nat" {
  function_name = "no-nat"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  vpc_config {
    subnet_ids         = aws_subnet.isolated[*].id # want "aws_lambda_function.no_nat cannot reach DynamoDB \\(aws_iam_role_policy.tables\\): its subnet \"aws_subnet.isolated\" uses route table \"aws_route_table.isolated\", which has no default route to a NAT gateway .* or a gateway VPC endpoint for DynamoDB \\(com.amazonaws.<region>.dynamodb\\) on route table \"aws_route_table.isolated\" \\(LV203\\)"
    security_group_ids = [aws_security_group.fn.id]
  }
}

# NAT present.
resource "aws_lambda_function" "behind_nat" {
  function_name = "behind-nat"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  vpc_config {
    subnet_ids         = [aws_subnet.private.id]
    security_group_ids = [aws_security_group.fn.id]
  }
}

# SQS through a heredoc policy, from the main route table.
resource "aws_lambda_function" "main_table" {
  function_name = "main-table"
  role          = aws_iam_role.queue.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  vpc_config {
    subnet_ids         = [aws_subnet.unassociated.id] # want "aws_lambda_function.main_table cannot reach SQS \\(aws_iam_role_policy.send\\): its subnet \"aws_subnet.unassociated\" uses the main route table of VPC \"aws_vpc.main\" \\(only the local route\\)"
    security_group_ids = [aws_security_group.fn.id]
  }
}

# S3 by its gateway endpoint, Secrets Manager by its interface endpoint.
resource "aws_lambda_function" "endpoints" {
  function_name = "endpoints"
  role          = aws_iam_role.reader.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  vpc_config {
    subnet_ids         = [aws_subnet.isolated[0].id]
    security_group_ids = [aws_security_group.fn.id]
  }
}

# Subnets from a variable without a value: silent.
resource "aws_lambda_function" "variable_subnets" {
  function_name = "variable-subnets"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  vpc_config {
    subnet_ids         = var.subnet_ids
    security_group_ids = [aws_security_group.fn.id]
  }
}

# One function per subnet: the instance in the unassociated subnet is cut off.
resource "aws_lambda_function" "per_subnet" {
  for_each = {
    private      = aws_subnet.private.id
    unassociated = aws_subnet.unassociated.id
  }
  function_name = "per-subnet-${each.key}"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  vpc_config { # want "aws_lambda_function.per_subnet cannot reach DynamoDB \\(aws_iam_role_policy.tables\\): its subnet \"aws_subnet.unassociated\" uses the main route table of VPC \"aws_vpc.main\""
    subnet_ids         = [each.value]
    security_group_ids = [aws_security_group.fn.id]
  }
}
