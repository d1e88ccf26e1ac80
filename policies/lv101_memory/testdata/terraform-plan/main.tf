# A root module whose settings Terraform knows only at plan time: a
# variable with no default (given with -var or TF_VAR_), a data source, and
# instances named by a variable. plan.json is `terraform show -json` of its
# plan; without it, these values are unknown and lambdavet stays silent.

variable "memory_size" {
  type = number
}

variable "shards" {
  type = set(string)
}

variable "shard_memory" {
  type = map(number)
}

variable "secret_memory" {
  type      = number
  sensitive = true
}

data "aws_ssm_parameter" "report_memory" {
  name = "/lambda/report/memory"
}

resource "aws_lambda_function" "worker" {
  function_name = "worker"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  memory_size   = var.memory_size # want "aws_lambda_function.worker sets memory_size 20480, above the Lambda maximum of 10240 MB \\(set by the plan plan.json\\)"
}

resource "aws_lambda_function" "report" {
  function_name = "report"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  memory_size   = tonumber(data.aws_ssm_parameter.report_memory.value) # want "aws_lambda_function.report sets memory_size 127, below the Lambda minimum of 128 MB \\(set by the plan plan.json\\)"
}

resource "aws_lambda_function" "shards" {
  for_each      = var.shards
  function_name = "shard-${each.key}"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  memory_size   = var.shard_memory[each.key] # want "aws_lambda_function.shards sets memory_size 10241, above the Lambda maximum of 10240 MB \\(set by the plan plan.json\\) \\(when each.key is \"big\"\\)"
}

# Known in the files: the plan agrees, and the finding is made once, here.
resource "aws_lambda_function" "literal" {
  function_name = "literal"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  memory_size   = 10300 # want "aws_lambda_function.literal sets memory_size 10300, above the Lambda maximum of 10240 MB"
}

# Sensitive in the plan: never read, never repeated in a finding.
resource "aws_lambda_function" "secret" {
  function_name = "secret"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  memory_size   = var.secret_memory
}
