memory = 10242 # want "aws_lambda_function.from_tfvars sets memory_size 10242, above the Lambda maximum of 10240 MB \\(set by z.auto.tfvars\\)"
