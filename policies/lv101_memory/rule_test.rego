package lambdavet.rules.lv101_test

import data.lambdavet.rules.lv101
import data.lambdavet.test

violations(memory_size) := v if {
	v := lv101.violations with input as test.project([test.function({"memory_size": memory_size})])
}

# managed returns the violations of a function with a capacity provider.
managed(memory_size) := v if {
	v := lv101.violations with input as test.project([test.function({
		"memory_size": memory_size,
		"capacity_provider": test.map({"Arn": test.str("arn:aws:lambda:us-east-1:123456789012:capacity-provider:cp")}),
	})])
}

message(v) := msg if {
	some x in v
	msg := x.message
}

test_success_minimum if count(violations(test.num(128))) == 0

test_success_maximum if count(violations(test.num(10240))) == 0

test_success_default if count(violations(test.num(1024))) == 0

test_fail_below_minimum if {
	violations(test.num(127)) == {{
		"resource": "Worker",
		"range": test.at(9),
		"message": "function \"Worker\" sets MemorySize 127, below the Lambda minimum of 128 MB",
	}}
}

test_fail_above_maximum if {
	violations(test.num(10241)) == {{
		"resource": "Worker",
		"range": test.at(9),
		"message": "function \"Worker\" sets MemorySize 10241, above the Lambda maximum of 10240 MB",
	}}
}

test_fail_zero if {
	message(violations(test.num(0))) == "function \"Worker\" sets MemorySize 0, below the Lambda minimum of 128 MB"
}

test_fail_string_value if {
	msg := message(violations(test.str("20480")))
	msg == "function \"Worker\" sets MemorySize 20480, above the Lambda maximum of 10240 MB"
}

test_success_string_value_in_range if count(violations(test.str("1024"))) == 0

test_success_non_numeric_string if count(violations(test.str("lots"))) == 0

test_fail_not_whole_number if {
	message(violations(test.num(1024.5))) == "function \"Worker\" sets MemorySize 1024.5, not a whole number of MB"
}

test_fail_not_whole_number_above_maximum_reported_once if {
	violations(test.num(10240.5)) == {{
		"resource": "Worker",
		"range": test.at(9),
		"message": "function \"Worker\" sets MemorySize 10240.5, above the Lambda maximum of 10240 MB",
	}}
}

test_success_managed_instances_maximum if count(managed(test.num(32768))) == 0

test_success_managed_instances_above_standard_maximum if count(managed(test.num(20480))) == 0

test_fail_managed_instances_above_maximum if {
	managed(test.num(32769)) == {{
		"resource": "Worker",
		"range": test.at(9),
		"message": "function \"Worker\" sets MemorySize 32769, above the Lambda Managed Instances maximum of 32768 MB",
	}}
}

test_fail_managed_instances_below_minimum if {
	message(managed(test.num(64))) == "function \"Worker\" sets MemorySize 64, below the Lambda minimum of 128 MB"
}

test_success_unknown_capacity_provider_counts_as_set if {
	count(lv101.violations) == 0 with input as test.project([test.function({
		"memory_size": test.num(20480),
		"capacity_provider": test.unknown,
	})])
}

test_success_null_capacity_provider_counts_as_unset if {
	count(lv101.violations) == 1 with input as test.project([test.function({
		"memory_size": test.num(20480),
		"capacity_provider": test.known("null", null, 12),
	})])
}

test_fail_origin_in_message if {
	message(violations(test.origin(test.num(20480), "Globals"))) == concat("", [
		"function \"Worker\" sets MemorySize 20480, above the Lambda maximum of 10240 MB",
		" (set by Globals)",
	])
}

test_fail_conditional_one_bad_alternative if {
	v := violations(test.conditional([
		test.when(test.known("number", 1024, 11), "condition \"IsProd\" is false"),
		test.when(test.known("number", 20480, 12), "condition \"IsProd\" is true"),
	]))
	count(v) == 1
	some x in v
	x.range == test.at(12)
	contains(x.message, "sets MemorySize 20480, above the Lambda maximum of 10240 MB")
	endswith(x.message, " (when condition \"IsProd\" is true)")
}

test_success_conditional_all_good if {
	count(violations(test.conditional([
		test.when(test.num(128), "condition \"IsProd\" is false"),
		test.when(test.num(10240), "condition \"IsProd\" is true"),
	]))) == 0
}

test_fail_parameter_default_origin if {
	v := violations(test.origin(test.known("string", "20480", 3), "parameter \"Mem\" default"))
	v == {{
		"resource": "Worker",
		"range": test.at(3),
		"message": concat("", [
			"function \"Worker\" sets MemorySize 20480, above the Lambda maximum of 10240 MB",
			" (set by parameter \"Mem\" default)",
		]),
	}}
}

test_fail_conditional_capacity_provider_path_without_it if {
	v := lv101.violations with input as test.project([test.function({
		"memory_size": test.num(20480),
		"capacity_provider": test.conditional([
			test.when(test.map({}), "condition \"UseLMI\" is true"),
			test.when(test.absent, "condition \"UseLMI\" is false"),
		]),
	})])
	message(v) == concat("", [
		"function \"Worker\" sets MemorySize 20480, above the Lambda maximum of 10240 MB",
		" (when condition \"UseLMI\" is false)",
	])
}

test_success_memory_and_capacity_provider_on_same_condition if {
	count(lv101.violations) == 0 with input as test.project([test.function({
		"memory_size": test.conditional([
			test.when(test.num(20480), "condition \"UseLMI\" is true"),
			test.when(test.num(1024), "condition \"UseLMI\" is false"),
		]),
		"capacity_provider": test.conditional([
			test.when(test.map({}), "condition \"UseLMI\" is true"),
			test.when(test.absent, "condition \"UseLMI\" is false"),
		]),
	})])
}

test_success_unknown if count(violations(test.unknown)) == 0

test_success_absent if count(violations(object.union(test.absent, {"default": test.num(128)}))) == 0

test_success_setting_missing_from_model if count(lv101.violations) == 0 with input as test.project([test.function({})])

test_fail_each_function_reported if {
	count(lv101.violations) == 2 with input as test.project([
		test.function({"memory_size": test.num(64)}),
		object.union(test.function({"memory_size": test.num(20000)}), {"name": "Other"}),
		object.union(test.function({"memory_size": test.num(512)}), {"name": "Fine"}),
	])
}

# organization returns the violations under an organization ceiling of
# limit MB (limits: memory-max in .lambdavet.yaml).
organization(fn, limit) := v if {
	v := lv101.violations with input as test.project([fn])
		with data.lambdavet.config as test.config({"memory_max": limit})
}

test_fail_organization_maximum if {
	organization(test.function({"memory_size": test.num(4096)}), 3008) == {{
		"resource": "Worker",
		"range": test.at(9),
		"message": concat("", [
			"function \"Worker\" sets MemorySize 4096, above the organization maximum of 3008 MB",
			" (limits.memory-max in .lambdavet.yaml:4)",
		]),
	}}
}

test_success_organization_maximum if {
	count(organization(test.function({"memory_size": test.num(3008)}), 3008)) == 0
}

test_success_organization_limit_ignores_defaults if {
	count(organization(test.function({"memory_size": object.union(test.absent, {"default": test.num(128)})}), 256)) == 0
}

test_fail_aws_maximum_below_organization_maximum if {
	message(organization(test.function({"memory_size": test.num(12288)}), 20480)) == concat("", [
		"function \"Worker\" sets MemorySize 12288, above the Lambda maximum of 10240 MB",
	])
}

test_fail_organization_maximum_on_managed_instances if {
	message(organization(
		test.function({
			"memory_size": test.num(20480),
			"capacity_provider": test.map({}),
		}),
		16384,
	)) == concat("", [
		"function \"Worker\" sets MemorySize 20480, above the organization maximum of 16384 MB",
		" (limits.memory-max in .lambdavet.yaml:4)",
	])
}

test_fail_organization_maximum_keeps_notes if {
	message(organization(test.function({"memory_size": test.origin(test.num(4096), "Globals")}), 3008)) == concat("", [
		"function \"Worker\" sets MemorySize 4096, above the organization maximum of 3008 MB",
		" (limits.memory-max in .lambdavet.yaml:4) (set by Globals)",
	])
}

test_fail_organization_maximum_without_origin if {
	v := lv101.violations with input as test.project([test.function({"memory_size": test.num(4096)})])
		with data.lambdavet.config as {"limits": {"memory_max": 3008}}
	message(v) == "function \"Worker\" sets MemorySize 4096, above the organization maximum of 3008 MB"
}

test_fail_fraction_above_organization_maximum_reported_once if {
	message(organization(test.function({"memory_size": test.num(3008.5)}), 3008)) == concat("", [
		"function \"Worker\" sets MemorySize 3008.5, above the organization maximum of 3008 MB",
		" (limits.memory-max in .lambdavet.yaml:4)",
	])
}

test_success_other_limit_ignored if {
	v := lv101.violations with input as test.project([test.function({"memory_size": test.num(4096)})])
		with data.lambdavet.config as test.config({"timeout_max": 60})
	count(v) == 0
}
