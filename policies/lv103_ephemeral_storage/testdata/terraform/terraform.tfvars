storage            = 511
tfvars_storage     = 10241 # want "aws_lambda_function.from_tfvars sets ephemeral_storage size 10241, above the Lambda maximum of 10240 MB \\(set by terraform.tfvars\\) \\(LV103\\)"
overridden_storage = 511
