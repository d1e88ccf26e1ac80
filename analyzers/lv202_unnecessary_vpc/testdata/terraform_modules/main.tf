# LV202 with registry modules: a lambda module in the VPC module's subnets.

module "vpc" {
  source = "terraform-aws-modules/vpc/aws"

  name               = "app"
  cidr               = "10.0.0.0/16"
  azs                = ["eu-west-1a", "eu-west-1b"]
  private_subnets    = ["10.0.1.0/24", "10.0.2.0/24"]
  public_subnets     = ["10.0.101.0/24", "10.0.102.0/24"]
  enable_nat_gateway = true
}

module "bucket" {
  source = "terraform-aws-modules/s3-bucket/aws"
  bucket = "uploads"
}

module "db" {
  source     = "terraform-aws-modules/rds/aws"
  identifier = "app"
}

module "thumbnails" {
  source = "terraform-aws-modules/lambda/aws"

  function_name = "thumbnails"
  handler       = "app.handler"
  runtime       = "python3.13"
  source_path   = "src"

  environment_variables = {
    BUCKET = module.bucket.s3_bucket_id
  }
  vpc_subnet_ids         = module.vpc.private_subnets # want "module.thumbnails.aws_lambda_function.this is attached to a VPC, but what it uses is outside any VPC: S3 \\(environment variable BUCKET\\)"
  vpc_security_group_ids = [module.vpc.default_security_group_id]
}

module "reports" {
  source = "terraform-aws-modules/lambda/aws"

  function_name = "reports"
  handler       = "app.handler"
  runtime       = "python3.13"
  source_path   = "src"

  environment_variables = {
    BUCKET = module.bucket.s3_bucket_id
    DB     = module.db.db_instance_address
  }
  vpc_subnet_ids         = module.vpc.private_subnets
  vpc_security_group_ids = [module.vpc.default_security_group_id]
}
