storage            = 511 # want "aws_lambda_function.from_auto_tfvars sets ephemeral_storage size 511, below the Lambda minimum of 512 MB \\(set by z.auto.tfvars\\) \\(LV103\\)"
overridden_storage = 10240
