package lambdavet.rules.lv105_test

import data.lambdavet.rules.lv105
import data.lambdavet.test

layer(i) := test.known("string", sprintf("arn:aws:lambda:us-east-1:123456789012:layer:l%d:1", [i]), 20 + i)

layers(n) := [layer(i) | some i in numbers.range(1, n)]

violations(v) := result if {
	result := lv105.violations with input as test.project([test.function({"layers": v})])
}

test_success_five_layers if count(violations(test.list(layers(5)))) == 0

test_success_no_layers if count(violations(test.list([]))) == 0

test_fail_six_layers if {
	violations(test.list(layers(6))) == {{
		"resource": "Worker",
		"range": test.at(9),
		"message": "function \"Worker\" uses 6 layers, above the Lambda maximum of 5",
	}}
}

test_fail_globals_merged_list if {
	some v in violations(test.origin(test.list(layers(7)), "Globals"))
	v.message == "function \"Worker\" uses 7 layers, above the Lambda maximum of 5 (set by Globals)"
}

test_fail_unknown_items_count if {
	count(violations(test.list(array.concat(layers(5), [test.unknown])))) == 1
}

test_fail_conditional_item_gives_lower_bound if {
	maybe := test.conditional([
		test.when(layer(9), "condition \"Tracing\" is true"),
		test.when(test.absent, "condition \"Tracing\" is false"),
	])
	some v in violations(test.list(array.concat(layers(6), [maybe])))
	v.message == "function \"Worker\" uses at least 6 layers, above the Lambda maximum of 5"
}

test_fail_conditional_one_bad_alternative if {
	v := violations(test.conditional([
		test.when(test.list(layers(2)), "condition \"IsProd\" is false"),
		test.when(test.known("list", layers(6), 12), "condition \"IsProd\" is true"),
	]))
	v == {{
		"resource": "Worker",
		"range": test.at(12),
		"message": concat("", [
			"function \"Worker\" uses 6 layers, above the Lambda maximum of 5",
			" (when condition \"IsProd\" is true)",
		]),
	}}
}

test_success_unknown if count(violations(test.unknown)) == 0

test_success_absent if count(violations(test.absent)) == 0

test_fail_conditional_sixth_layer_names_the_path if {
	five := [test.known("string", sprintf("arn:l%d", [i]), 20 + i) | some i in numbers.range(1, 5)]
	sixth := test.conditional([
		test.when(test.known("string", "arn:l6", 26), "condition \"Extra\" is true"),
		test.when(test.absent, "condition \"Extra\" is false"),
	])
	vs := lv105.violations with input as test.project([test.function({"layers": test.known("list", array.concat(five, [sixth]), 19)})])
	count(vs) == 1
	some v in vs
	v.message == "function \"Worker\" uses 6 layers, above the Lambda maximum of 5 (when condition \"Extra\" is true)"
	v.range == test.at(19)
}

test_success_conditional_layer_within_limit if {
	four := [test.known("string", sprintf("arn:l%d", [i]), 20 + i) | some i in numbers.range(1, 4)]
	fifth := test.conditional([
		test.when(test.known("string", "arn:l5", 25), "condition \"Extra\" is true"),
		test.when(test.absent, "condition \"Extra\" is false"),
	])
	count(lv105.violations) == 0 with input as test.project([test.function({"layers": test.known("list", array.concat(four, [fifth]), 19)})])
}
