timeout            = 5401 # want "aws_lambda_function.from_auto_tfvars sets timeout 5401, above the Lambda maximum of 900 seconds \\(set by z.auto.tfvars\\) \\(LV102\\)"
overridden_timeout = 900
