package lambdavet.rules.lv115_test

import data.lambdavet.rules.lv115
import data.lambdavet.test

config(fields) := test.known("map", fields, 10)

manual := test.known("string", "Manual", 11)

arn := test.known("string", "arn:aws:lambda:us-east-1::runtime:0b4f4d5bde3a9b2f8e1c6a7d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f", 12)

violations(fields) := v if {
	v := lv115.violations with input as test.project([test.function({"runtime_management_config": config(fields)})])
}

test_fail_empty_config if {
	violations({}) == {{
		"resource": "Worker",
		"range": test.at(10),
		"message": concat("", [
			"function \"Worker\" sets RuntimeManagementConfig without UpdateRuntimeOn;",
			" Lambda requires the update mode (Auto, FunctionUpdate or Manual)",
		]),
	}}
}

test_fail_manual_without_arn if {
	violations({"UpdateRuntimeOn": manual}) == {{
		"resource": "Worker",
		"range": test.at(11),
		"message": concat("", [
			"function \"Worker\" sets UpdateRuntimeOn Manual without RuntimeVersionArn;",
			" Lambda needs the runtime version a Manual function keeps",
		]),
	}}
}

test_success_manual_with_arn if {
	count(violations({"UpdateRuntimeOn": manual, "RuntimeVersionArn": arn})) == 0
}

test_success_auto if {
	count(violations({"UpdateRuntimeOn": test.known("string", "Auto", 11)})) == 0
	count(violations({"UpdateRuntimeOn": test.known("string", "FunctionUpdate", 11)})) == 0
}

test_success_absent_or_unknown if {
	count(lv115.violations) == 0 with input as test.project([test.function({})])
	count(lv115.violations) == 0 with input as test.project([test.function({"runtime_management_config": test.unknown})])
	count(violations({"UpdateRuntimeOn": test.unknown})) == 0
	count(violations({"UpdateRuntimeOn": manual, "RuntimeVersionArn": test.unknown})) == 0
}

test_fail_arn_on_one_path if {
	v := violations({"UpdateRuntimeOn": manual, "RuntimeVersionArn": test.conditional([
		test.when(arn, "condition \"Pinned\" is true"),
		test.when(test.absent, "condition \"Pinned\" is false"),
	])})
	count(v) == 1
	some x in v
	endswith(x.message, "a Manual function keeps (when condition \"Pinned\" is false)")
}

terraform(fields) := object.union(test.function({"runtime_management_config": config(fields)}), {
	"subject": "aws_lambda_function.worker",
	"property_names": {"runtime_management_config": "aws_lambda_runtime_management_config"},
})

test_success_terraform_without_mode if {
	count(lv115.violations) == 0 with input as test.project([terraform({})])
}

test_fail_terraform_manual if {
	some x in lv115.violations with input as test.project([terraform({"update_runtime_on": manual})])
	x.message == concat("", [
		"aws_lambda_function.worker sets update_runtime_on Manual without runtime_version_arn;",
		" Lambda needs the runtime version a Manual function keeps",
	])
}
