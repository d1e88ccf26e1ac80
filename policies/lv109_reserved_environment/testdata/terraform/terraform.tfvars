tfvars_env = {
  STAGE               = "prod"
  AWS_EXECUTION_ENV   = "custom" # want "aws_lambda_function.from_tfvars sets reserved environment variable \"AWS_EXECUTION_ENV\"; Lambda sets it for the runtime and refuses a function that does \\(set by terraform.tfvars\\) \\(LV109\\)"
}
