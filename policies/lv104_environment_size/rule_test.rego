package lambdavet.rules.lv104_test

import data.lambdavet.rules.lv104
import data.lambdavet.test

environment := test.known("map", {"TABLE": test.str("orders")}, 14)

violations(size, exact) := v if {
	v := lv104.violations with input as test.project([test.function({
		"environment": environment,
		"environment_size": size,
		"environment_size_exact": exact,
	})])
}

test_success_at_limit if count(violations(4096, true)) == 0

test_success_small if count(violations(20, true)) == 0

test_fail_above_limit if {
	violations(4097, true) == {{
		"resource": "Worker",
		"range": test.at(14),
		"message": concat("", [
			"function \"Worker\" has environment variables of 4097 bytes, above the Lambda limit of 4096 bytes",
			" (4 KB, measured as the compact JSON of the Variables map)",
		]),
	}}
}

test_fail_lower_bound_says_at_least if {
	some v in violations(4200, false)
	v.message == concat("", [
		"function \"Worker\" has environment variables of at least 4200 bytes, above the Lambda limit of 4096 bytes",
		" (4 KB, measured as the compact JSON of the Variables map)",
	])
}

test_success_lower_bound_under_limit if count(violations(4000, false)) == 0

test_fail_origin_in_message if {
	some v in lv104.violations with input as test.project([test.function({
		"environment": test.origin(environment, "Globals"),
		"environment_size": 5000,
		"environment_size_exact": true,
	})])
	endswith(v.message, "(4 KB, measured as the compact JSON of the Variables map) (set by Globals)")
}

test_fail_without_environment_range_points_at_function if {
	some v in lv104.violations with input as test.project([test.function({
		"environment": test.conditional([
			test.when(environment, "condition \"IsProd\" is true"),
			test.when(test.absent, "condition \"IsProd\" is false"),
		]),
		"environment_size": 5000,
		"environment_size_exact": true,
	})])
	v.range == test.at(5)
}

test_success_absent if {
	count(lv104.violations) == 0 with input as test.project([test.function({
		"environment": test.absent,
		"environment_size": 0,
		"environment_size_exact": true,
	})])
}

test_success_size_missing_from_model if count(lv104.violations) == 0 with input as test.project([test.function({})])
