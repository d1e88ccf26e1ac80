package lambdavet.rules.lv508_test

import data.lambdavet.edgetest
import data.lambdavet.rules.lv508
import data.lambdavet.test

violations(props) := v if {
	v := lv508.violations with input as edgetest.project({"properties": test.map(props)}, ["viewer-request"])
}

message(props) := msg if {
	v := violations(props)
	count(v) == 1
	some x in v
	msg := x.message
}

test_fail_sam_dead_letter_queue if {
	violations({"DeadLetterQueue": test.map({"Type": test.str("SQS"), "TargetArn": test.str("arn")})}) == {{
		"resource": "Worker",
		"range": test.at(9),
		"message": concat("", [
			"function \"Worker\" sets DeadLetterQueue, which Lambda@Edge does not support",
			" (distribution \"Cdn\" runs it on viewer-request)",
		]),
	}}
}

test_fail_cloudformation_dead_letter_config if {
	startswith(message({"DeadLetterConfig": test.map({"TargetArn": test.str("arn")})}), "function \"Worker\" sets DeadLetterConfig,")
}

test_fail_terraform_dead_letter_config if {
	startswith(message({"dead_letter_config": test.list([test.map({"target_arn": test.str("arn")})])}), "function \"Worker\" sets dead_letter_config,")
}

test_success_empty_dead_letter_config if count(violations({"DeadLetterConfig": test.map({})})) == 0

test_fail_sam_tracing if {
	startswith(message({"Tracing": test.str("Active")}), "function \"Worker\" sets Tracing \"Active\", which Lambda@Edge does not support")
}

test_success_sam_tracing_passthrough if count(violations({"Tracing": test.str("PassThrough")})) == 0

test_fail_cloudformation_tracing if {
	v := violations({"TracingConfig": test.map({"Mode": test.known("string", "Active", 14)})})
	some x in v
	x.range == test.at(14)
	startswith(x.message, "function \"Worker\" sets TracingConfig Mode \"Active\", which Lambda@Edge does not support")
}

test_fail_terraform_tracing if {
	startswith(message({"tracing_config": test.list([test.map({"mode": test.str("Active")})])}), "function \"Worker\" sets tracing_config mode \"Active\",")
}

test_fail_reserved_concurrency if {
	startswith(message({"ReservedConcurrentExecutions": test.num(10)}), "function \"Worker\" sets ReservedConcurrentExecutions 10, which Lambda@Edge does not support")
}

test_fail_reserved_concurrency_zero if count(violations({"ReservedConcurrentExecutions": test.num(0)})) == 1

test_success_terraform_unreserved if count(violations({"reserved_concurrent_executions": test.num(-1)})) == 0

test_fail_provisioned_concurrency if {
	startswith(message({"ProvisionedConcurrencyConfig": test.map({"ProvisionedConcurrentExecutions": test.num(2)})}), "function \"Worker\" sets ProvisionedConcurrencyConfig,")
}

test_fail_runtime_management_manual if {
	startswith(message({"RuntimeManagementConfig": test.map({"UpdateRuntimeOn": test.str("Manual")})}), "function \"Worker\" sets RuntimeManagementConfig UpdateRuntimeOn \"Manual\", which Lambda@Edge does not support (only Auto)")
}

test_success_runtime_management_auto if count(violations({"RuntimeManagementConfig": test.map({"UpdateRuntimeOn": test.str("Auto")})})) == 0

test_success_supported_settings if count(violations({"MemorySize": test.num(128), "Tracing": test.str("Disabled")})) == 0

test_success_not_at_edge if {
	count(lv508.violations) == 0 with input as test.project([test.function({"properties": test.map({"Tracing": test.str("Active")})})])
}

test_success_properties_missing if {
	count(lv508.violations) == 0 with input as edgetest.project({}, ["viewer-request"])
}
