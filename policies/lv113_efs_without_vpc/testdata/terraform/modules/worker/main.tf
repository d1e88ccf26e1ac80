variable "subnet_ids" {
  type    = list(string)
  default = ["subnet-0123456789abcdef0"]
}

resource "aws_lambda_function" "this" {
  function_name = "worker"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  vpc_config {
    subnet_ids         = var.subnet_ids
    security_group_ids = ["sg-0123456789abcdef0"]
  }
  file_system_config {
    arn              = "arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-0123456789abcdef0"
    local_mount_path = "/mnt/data"
  }
}
