package lambdavet.rules.lv104_test

import data.lambdavet.rules.lv104
import data.lambdavet.test

environment := test.known("map", {"TABLE": test.str("orders")}, 14)

size(bytes, exact) := {"when": "", "bytes": bytes, "exact": exact, "largest": "TABLE", "at": environment}

violations(sizes) := vs if {
	vs := lv104.violations with input as test.project([test.function({
		"environment": environment,
		"environment_sizes": sizes,
	})])
}

measured := " (4 KB, measured as the compact JSON of the Variables map); the largest is TABLE"

test_success_at_limit if count(violations([size(4096, true)])) == 0

test_success_small if count(violations([size(20, true)])) == 0

test_fail_above_limit if {
	violations([size(4097, true)]) == {{
		"resource": "Worker",
		"range": test.at(14),
		"message": concat("", [
			"function \"Worker\" has environment variables of 4097 bytes, above the Lambda limit of 4096 bytes",
			measured,
		]),
	}}
}

test_fail_lower_bound_says_at_least if {
	some v in violations([size(4200, false)])
	startswith(v.message, "function \"Worker\" has environment variables of at least 4200 bytes")
}

test_success_lower_bound_under_limit if count(violations([size(4000, false)])) == 0

test_fail_points_at_the_value_set_elsewhere if {
	param := test.origin(test.known("string", "xxxx", 3), "parameter \"Cert\" default")
	some v in violations([{"when": "", "bytes": 5000, "exact": true, "largest": "CERT", "at": param}])
	v.range == test.at(3)
	endswith(v.message, "; the largest is CERT (set by parameter \"Cert\" default)")
}

test_fail_names_the_path if {
	vs := violations([
		object.union(size(5000, true), {"when": "condition \"IsProd\" is true"}),
		object.union(size(100, true), {"when": "condition \"IsProd\" is false"}),
	])
	count(vs) == 1
	some v in vs
	endswith(v.message, " (when condition \"IsProd\" is true)")
}

test_fail_without_range_points_at_function if {
	some v in violations([{"when": "", "bytes": 5000, "exact": true, "largest": "TABLE", "at": {"state": "unknown", "reason": "x"}}])
	v.range == test.at(5)
}

test_success_absent if {
	count(lv104.violations) == 0 with input as test.project([test.function({
		"environment": test.absent,
		"environment_sizes": [],
	})])
}

test_success_size_missing_from_model if count(lv104.violations) == 0 with input as test.project([test.function({})])
