# LV203 with the terraform-aws-modules registry modules, modeled from their
# inputs: vpc (with and without NAT), vpc-endpoints and lambda.

module "vpc_without_nat" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "~> 5.0"

  name               = "no-nat"
  cidr               = "10.0.0.0/16"
  azs                = ["eu-west-1a", "eu-west-1b"]
  private_subnets    = ["10.0.1.0/24", "10.0.2.0/24"]
  public_subnets     = ["10.0.101.0/24", "10.0.102.0/24"]
  enable_nat_gateway = false
}

module "vpc_with_nat" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "~> 5.0"

  name               = "nat"
  cidr               = "10.1.0.0/16"
  azs                = ["eu-west-1a", "eu-west-1b"]
  private_subnets    = ["10.1.1.0/24", "10.1.2.0/24"]
  public_subnets     = ["10.1.101.0/24", "10.1.102.0/24"]
  intra_subnets      = ["10.1.51.0/24", "10.1.52.0/24"]
  enable_nat_gateway = true
  single_nat_gateway = true
}

module "endpoints" {
  source  = "terraform-aws-modules/vpc/aws//modules/vpc-endpoints"
  version = "~> 5.0"

  vpc_id = module.vpc_with_nat.vpc_id
  endpoints = {
    dynamodb = {
      service         = "dynamodb"
      service_type    = "Gateway"
      route_table_ids = module.vpc_with_nat.intra_route_table_ids
    }
  }
}

resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "id"
  attribute {
    name = "id"
    type = "S"
  }
}

# Private subnets without NAT.
module "worker" {
  source  = "terraform-aws-modules/lambda/aws"
  version = "~> 7.0"

  function_name = "worker"
  handler       = "app.handler"
  runtime       = "python3.13"
  source_path   = "src"

  vpc_subnet_ids         = module.vpc_without_nat.private_subnets # want "module.worker.aws_lambda_function.this cannot reach DynamoDB \\(policy_statements\\): its subnet \"module.vpc_without_nat.aws_subnet.private\" uses route table \"module.vpc_without_nat.aws_route_table.private\", which has no default route to a NAT gateway"
  vpc_security_group_ids = [module.vpc_without_nat.default_security_group_id]
  attach_network_policy  = true

  attach_policy_statements = true
  policy_statements = {
    orders = {
      effect    = "Allow"
      actions   = ["dynamodb:PutItem"]
      resources = [aws_dynamodb_table.orders.arn]
    }
  }
}

# Private subnets with NAT.
module "worker_nat" {
  source  = "terraform-aws-modules/lambda/aws"
  version = "~> 7.0"

  function_name = "worker-nat"
  handler       = "app.handler"
  runtime       = "python3.13"
  source_path   = "src"

  vpc_subnet_ids         = module.vpc_with_nat.private_subnets
  vpc_security_group_ids = [module.vpc_with_nat.default_security_group_id]

  attach_policy_statements = true
  policy_statements = {
    orders = {
      effect    = "Allow"
      actions   = ["dynamodb:PutItem"]
      resources = [aws_dynamodb_table.orders.arn]
    }
  }
}

# Intra subnets (no internet by design), DynamoDB by the endpoint module.
module "worker_intra" {
  source  = "terraform-aws-modules/lambda/aws"
  version = "~> 7.0"

  function_name = "worker-intra"
  handler       = "app.handler"
  runtime       = "python3.13"
  source_path   = "src"

  vpc_subnet_ids         = module.vpc_with_nat.intra_subnets
  vpc_security_group_ids = [module.vpc_with_nat.default_security_group_id]

  attach_policy_statements = true
  policy_statements = {
    orders = {
      effect    = "Allow"
      actions   = ["dynamodb:PutItem"]
      resources = [aws_dynamodb_table.orders.arn]
    }
  }
}
