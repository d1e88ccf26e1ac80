layers = [ # want "aws_lambda_function\\.from_auto_tfvars uses 6 layers, above the Lambda maximum of 5 \\(set by z\\.auto\\.tfvars\\) \\(LV105\\)"
  "arn:aws:lambda:us-east-1:123456789012:layer:a:1",
  "arn:aws:lambda:us-east-1:123456789012:layer:b:1",
  "arn:aws:lambda:us-east-1:123456789012:layer:c:1",
  "arn:aws:lambda:us-east-1:123456789012:layer:d:1",
  "arn:aws:lambda:us-east-1:123456789012:layer:e:1",
  "arn:aws:lambda:us-east-1:123456789012:layer:f:1",
]
overridden_layers = [
  "arn:aws:lambda:us-east-1:123456789012:layer:a:1",
  "arn:aws:lambda:us-east-1:123456789012:layer:b:1",
  "arn:aws:lambda:us-east-1:123456789012:layer:c:1",
  "arn:aws:lambda:us-east-1:123456789012:layer:d:1",
  "arn:aws:lambda:us-east-1:123456789012:layer:e:1",
]
