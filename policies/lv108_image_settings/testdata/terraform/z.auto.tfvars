handler      = "app.handler" # want "aws_lambda_function.handler_from_auto_tfvars is a container image \\(package_type Image\\) but sets handler; image functions take it from the image \\(set by z.auto.tfvars\\) \\(LV108\\)"
package_type = "Zip"
