package lambdavet.rules.lv102_test

import data.lambdavet.rules.lv102
import data.lambdavet.test

violations(timeout) := v if {
	v := lv102.violations with input as test.project([test.function({"timeout": timeout})])
}

# managed returns the violations of a function with a capacity provider.
managed(timeout) := v if {
	v := lv102.violations with input as test.project([test.function({
		"timeout": timeout,
		"capacity_provider": test.map({"Arn": test.str("arn:aws:lambda:us-east-1:123456789012:capacity-provider:cp")}),
	})])
}

message(v) := msg if {
	some x in v
	msg := x.message
}

test_success_minimum if count(violations(test.num(1))) == 0

test_success_maximum if count(violations(test.num(900))) == 0

test_fail_below_minimum if {
	violations(test.num(0)) == {{
		"resource": "Worker",
		"range": test.at(9),
		"message": "function \"Worker\" sets Timeout 0, below the Lambda minimum of 1 second",
	}}
}

test_fail_above_maximum if {
	violations(test.num(901)) == {{
		"resource": "Worker",
		"range": test.at(9),
		"message": "function \"Worker\" sets Timeout 901, above the Lambda maximum of 900 seconds",
	}}
}

test_fail_string_value if {
	msg := message(violations(test.str("3600")))
	msg == "function \"Worker\" sets Timeout 3600, above the Lambda maximum of 900 seconds"
}

test_success_string_value_in_range if count(violations(test.str("30"))) == 0

test_fail_not_whole_number if {
	message(violations(test.num(2.5))) == "function \"Worker\" sets Timeout 2.5, not a whole number of seconds"
}

test_success_managed_instances_maximum if count(managed(test.num(5400))) == 0

test_success_managed_instances_above_standard_maximum if count(managed(test.num(3600))) == 0

test_fail_managed_instances_above_maximum if {
	managed(test.num(5401)) == {{
		"resource": "Worker",
		"range": test.at(9),
		"message": "function \"Worker\" sets Timeout 5401, above the Lambda Managed Instances maximum of 5400 seconds",
	}}
}

test_fail_origin_in_message if {
	message(violations(test.origin(test.num(1000), "Globals"))) == concat("", [
		"function \"Worker\" sets Timeout 1000, above the Lambda maximum of 900 seconds",
		" (set by Globals)",
	])
}

test_fail_conditional_one_bad_alternative if {
	v := violations(test.conditional([
		test.when(test.known("number", 30, 11), "condition \"IsProd\" is false"),
		test.when(test.known("number", 1800, 12), "condition \"IsProd\" is true"),
	]))
	count(v) == 1
	some x in v
	x.range == test.at(12)
	x.message == concat("", [
		"function \"Worker\" sets Timeout 1800, above the Lambda maximum of 900 seconds",
		" (when condition \"IsProd\" is true)",
	])
}

test_fail_conditional_capacity_provider_path_without_it if {
	v := lv102.violations with input as test.project([test.function({
		"timeout": test.num(3600),
		"capacity_provider": test.conditional([
			test.when(test.map({}), "condition \"UseLMI\" is true"),
			test.when(test.absent, "condition \"UseLMI\" is false"),
		]),
	})])
	message(v) == concat("", [
		"function \"Worker\" sets Timeout 3600, above the Lambda maximum of 900 seconds",
		" (when condition \"UseLMI\" is false)",
	])
}

test_success_unknown if count(violations(test.unknown)) == 0

test_success_absent if count(violations(object.union(test.absent, {"default": test.num(3)}))) == 0

# organization returns the violations under an organization ceiling of
# limit seconds (limits: timeout-max in .lambdavet.yaml).
organization(fn, limit) := v if {
	v := lv102.violations with input as test.project([fn])
		with data.lambdavet.config as test.config({"timeout_max": limit})
}

test_fail_organization_maximum if {
	organization(test.function({"timeout": test.num(120)}), 60) == {{
		"resource": "Worker",
		"range": test.at(9),
		"message": concat("", [
			"function \"Worker\" sets Timeout 120, above the organization maximum of 60 seconds",
			" (limits.timeout-max in .lambdavet.yaml:4)",
		]),
	}}
}

test_success_organization_maximum if count(organization(test.function({"timeout": test.num(60)}), 60)) == 0

test_success_organization_limit_ignores_defaults if {
	count(organization(test.function({"timeout": object.union(test.absent, {"default": test.num(3)})}), 2)) == 0
}

test_fail_aws_maximum_below_organization_maximum if {
	message(organization(test.function({"timeout": test.num(1000)}), 3600)) == concat("", [
		"function \"Worker\" sets Timeout 1000, above the Lambda maximum of 900 seconds",
	])
}

test_fail_organization_maximum_on_managed_instances if {
	message(organization(
		test.function({
			"timeout": test.num(3600),
			"capacity_provider": test.map({}),
		}),
		1800,
	)) == concat("", [
		"function \"Worker\" sets Timeout 3600, above the organization maximum of 1800 seconds",
		" (limits.timeout-max in .lambdavet.yaml:4)",
	])
}

test_fail_organization_maximum_on_one_path if {
	v := organization(
		test.function({"timeout": test.conditional([
			test.when(test.known("number", 30, 11), "condition \"IsProd\" is false"),
			test.when(test.known("number", 300, 12), "condition \"IsProd\" is true"),
		])}),
		60,
	)
	count(v) == 1
	some x in v
	x.range == test.at(12)
	x.message == concat("", [
		"function \"Worker\" sets Timeout 300, above the organization maximum of 60 seconds",
		" (limits.timeout-max in .lambdavet.yaml:4) (when condition \"IsProd\" is true)",
	])
}

test_fail_fraction_above_organization_maximum_reported_once if {
	message(organization(test.function({"timeout": test.num(60.5)}), 60)) == concat("", [
		"function \"Worker\" sets Timeout 60.5, above the organization maximum of 60 seconds",
		" (limits.timeout-max in .lambdavet.yaml:4)",
	])
}
