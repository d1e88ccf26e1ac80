# METADATA
# title: reserved environment variable
# description: >-
#   Reports an environment variable whose name Lambda reserves for its
#   runtime (AWS_REGION, AWS_DEFAULT_REGION, _HANDLER, AWS_ACCESS_KEY_ID,
#   LAMBDA_TASK_ROOT and the others the Lambda documentation lists as
#   reserved): Lambda refuses to create or update the function. Variables
#   inherited from SAM Globals count. The finding points at the name, where
#   it is written; a name set only on some condition paths is reported with
#   the path named. Names Lambda documents as not reserved (TZ, LANG, PATH,
#   AWS_LAMBDA_EXEC_WRAPPER, ...) are not reported.
# related_resources:
#   - description: Lambda environment variables (defined runtime environment variables)
#     ref: https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html
#   - description: cfn-lint E3663, the same eighteen names for AWS::Lambda::Function
#     ref: https://github.com/aws-cloudformation/cfn-lint/blob/main/src/cfnlint/data/schemas/extensions/aws_lambda_function/environment_variable_keys.json
# custom:
#   id: LV109
#   severity: error
package lambdavet.rules.lv109

import data.lambdavet.lib

# the reserved names, as the Lambda documentation lists them (TZ, listed in
# some older copies, is documented as unreserved and Lambda accepts it)
reserved := {
	"_HANDLER",
	"_X_AMZN_TRACE_ID",
	"AWS_DEFAULT_REGION",
	"AWS_REGION",
	"AWS_EXECUTION_ENV",
	"AWS_LAMBDA_FUNCTION_NAME",
	"AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
	"AWS_LAMBDA_FUNCTION_VERSION",
	"AWS_LAMBDA_INITIALIZATION_TYPE",
	"AWS_LAMBDA_LOG_GROUP_NAME",
	"AWS_LAMBDA_LOG_STREAM_NAME",
	"AWS_ACCESS_KEY",
	"AWS_ACCESS_KEY_ID",
	"AWS_SECRET_ACCESS_KEY",
	"AWS_SESSION_TOKEN",
	"AWS_LAMBDA_RUNTIME_API",
	"LAMBDA_TASK_ROOT",
	"LAMBDA_RUNTIME_DIR",
}

violations contains lib.violation(fn, key, msg) if {
	some fn in input.functions
	some key in fn.environment_keys
	key.name in reserved
	msg := sprintf("%s sets reserved environment variable %q; Lambda sets it for the runtime and refuses a function that does", [
		lib.subject(fn), key.name,
	])
}
