timeout            = 0
tfvars_timeout     = 901 # want "aws_lambda_function.from_tfvars sets timeout 901, above the Lambda maximum of 900 seconds \\(set by terraform.tfvars\\) \\(LV102\\)"
overridden_timeout = 0
