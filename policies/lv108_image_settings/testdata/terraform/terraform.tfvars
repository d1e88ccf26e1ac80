tfvars_handler = "app.handler" # want "aws_lambda_function.handler_from_tfvars is a container image \\(package_type Image\\) but sets handler; image functions take it from the image \\(set by terraform.tfvars\\) \\(LV108\\)"
handler        = "main.handler"
package_type   = "Image"
