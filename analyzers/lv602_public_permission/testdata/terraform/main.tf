# LV602 in Terraform: aws_lambda_permission.

variable "caller" {
  type = string
}

variable "callers" {
  type = map(string)
  default = {
    partner = "210987654321" # want "aws_lambda_permission.callers lets the whole account \"210987654321\" \\(principal \"210987654321\"\\) invoke aws_lambda_function.worker .* \\(when each.key is \"partner\"\\)"
    role    = "arn:aws:iam::210987654321:role/caller"
  }
}

resource "aws_lambda_function" "worker" {
  function_name = "worker"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
}

resource "aws_lambda_permission" "open" {
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.worker.function_name
  principal     = "*" # want "aws_lambda_permission.open lets any AWS account \\(principal \"\\*\"\\) invoke aws_lambda_function.worker \\(lambda:InvokeFunction\\) with no source_arn, source_account or principal_org_id condition: .*, or keep it to your organization with principal_org_id \\(LV602\\)$"
}

resource "aws_lambda_permission" "organization" {
  action           = "lambda:InvokeFunction"
  function_name    = aws_lambda_function.worker.function_name
  principal        = "*"
  principal_org_id = "o-a1b2c3d4e5"
}

resource "aws_lambda_permission" "not_known" {
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.worker.function_name
  principal     = var.caller
}

resource "aws_lambda_permission" "callers" {
  for_each      = var.callers
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.worker.function_name
  principal     = each.value
}

resource "aws_lambda_permission" "public_url" {
  action                 = "lambda:InvokeFunctionUrl"
  function_name          = aws_lambda_function.worker.function_name
  principal              = "*"
  function_url_auth_type = "NONE"
}

resource "aws_lambda_permission" "public_url_invoke" {
  action                   = "lambda:InvokeFunction"
  function_name            = aws_lambda_function.worker.function_name
  principal                = "*"
  invoked_via_function_url = true
}
