# LV204 with the VPC registry module: its public subnets route to its
# internet gateway.

module "vpc" {
  source = "terraform-aws-modules/vpc/aws"

  name               = "app"
  cidr               = "10.0.0.0/16"
  azs                = ["eu-west-1a", "eu-west-1b"]
  private_subnets    = ["10.0.1.0/24", "10.0.2.0/24"]
  public_subnets     = ["10.0.101.0/24", "10.0.102.0/24"]
  enable_nat_gateway = true
}

resource "aws_s3_bucket" "uploads" {}

module "uploader" {
  source = "terraform-aws-modules/lambda/aws"

  function_name = "uploader"
  handler       = "app.handler"
  runtime       = "python3.13"
  source_path   = "src"

  environment_variables = {
    BUCKET = aws_s3_bucket.uploads.id
  }
  vpc_subnet_ids         = module.vpc.public_subnets # want "module.uploader.aws_lambda_function.this cannot reach S3 \\(environment variable BUCKET\\): its subnet \"module.vpc.aws_subnet.public\" uses route table \"module.vpc.aws_route_table.public\", which sends its default route to internet gateway \"module.vpc.aws_internet_gateway.this\""
  vpc_security_group_ids = [module.vpc.default_security_group_id]
}

module "uploader_private" {
  source = "terraform-aws-modules/lambda/aws"

  function_name = "uploader-private"
  handler       = "app.handler"
  runtime       = "python3.13"
  source_path   = "src"

  environment_variables = {
    BUCKET = aws_s3_bucket.uploads.id
  }
  vpc_subnet_ids         = module.vpc.private_subnets
  vpc_security_group_ids = [module.vpc.default_security_group_id]
}
