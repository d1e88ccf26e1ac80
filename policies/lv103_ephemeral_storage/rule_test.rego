package lambdavet.rules.lv103_test

import data.lambdavet.rules.lv103
import data.lambdavet.test

violations(size) := v if {
	v := lv103.violations with input as test.project([test.function({"ephemeral_storage": size})])
}

message(v) := msg if {
	some x in v
	msg := x.message
}

test_success_minimum if count(violations(test.num(512))) == 0

test_success_maximum if count(violations(test.num(10240))) == 0

test_fail_below_minimum if {
	violations(test.num(511)) == {{
		"resource": "Worker",
		"range": test.at(9),
		"message": "function \"Worker\" sets EphemeralStorage size 511, below the Lambda minimum of 512 MB",
	}}
}

test_fail_above_maximum if {
	violations(test.num(10241)) == {{
		"resource": "Worker",
		"range": test.at(9),
		"message": "function \"Worker\" sets EphemeralStorage size 10241, above the Lambda maximum of 10240 MB",
	}}
}

test_fail_string_value if {
	message(violations(test.str("20000"))) == concat("", [
		"function \"Worker\" sets EphemeralStorage size 20000, above the Lambda maximum of 10240 MB",
	])
}

test_fail_not_whole_number if {
	msg := message(violations(test.num(1024.5)))
	msg == "function \"Worker\" sets EphemeralStorage size 1024.5, not a whole number of MB"
}

test_success_capacity_provider_does_not_raise_the_limit if {
	count(lv103.violations) == 1 with input as test.project([test.function({
		"ephemeral_storage": test.num(20000),
		"capacity_provider": test.map({}),
	})])
}

test_fail_origin_in_message if {
	message(violations(test.origin(test.num(20000), "Globals"))) == concat("", [
		"function \"Worker\" sets EphemeralStorage size 20000, above the Lambda maximum of 10240 MB",
		" (set by Globals)",
	])
}

test_fail_conditional_one_bad_alternative if {
	v := violations(test.conditional([
		test.when(test.known("number", 512, 11), "condition \"IsProd\" is false"),
		test.when(test.known("number", 20000, 12), "condition \"IsProd\" is true"),
	]))
	count(v) == 1
	some x in v
	x.range == test.at(12)
	endswith(x.message, "above the Lambda maximum of 10240 MB (when condition \"IsProd\" is true)")
}

test_success_unknown if count(violations(test.unknown)) == 0

test_success_absent if count(violations(object.union(test.absent, {"default": test.num(512)}))) == 0
