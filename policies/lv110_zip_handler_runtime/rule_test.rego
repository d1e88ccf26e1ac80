package lambdavet.rules.lv110_test

import data.lambdavet.rules.lv110
import data.lambdavet.test

violations(settings) := v if {
	v := lv110.violations with input as test.project([test.function(settings)])
}

messages(settings) := {v.message | some v in violations(settings)}

handler := test.known("string", "app.handler", 11)

runtime := test.known("string", "python3.13", 12)

test_success_zip_with_both if {
	count(violations({"handler": handler, "runtime": runtime})) == 0
	count(violations({"handler": handler, "runtime": runtime, "package_type": test.str("Zip")})) == 0
}

test_fail_neither if {
	violations({}) == {{
		"resource": "Worker",
		"range": test.at(5),
		"message": concat("", [
			"function \"Worker\" is a .zip package (PackageType not set, so Zip) but sets neither Handler nor Runtime;",
			" Lambda requires both for a .zip package",
		]),
	}}
}

test_fail_no_handler if {
	violations({"runtime": runtime, "package_type": test.str("Zip")}) == {{
		"resource": "Worker",
		"range": test.at(5),
		"message": "function \"Worker\" is a .zip package but sets no Handler; Lambda requires Handler and Runtime for a .zip package",
	}}
}

test_fail_no_runtime if {
	messages({"handler": handler}) == {concat("", [
		"function \"Worker\" is a .zip package (PackageType not set, so Zip) but sets no Runtime;",
		" Lambda requires Handler and Runtime for a .zip package",
	])}
}

test_fail_empty_handler if {
	v := violations({"handler": test.known("string", "", 11), "runtime": runtime})
	count(v) == 1
	some x in v
	x.range == test.at(11)
	contains(x.message, "but sets an empty Handler;")
}

test_fail_handler_on_one_path if {
	v := violations({"runtime": runtime, "handler": test.conditional([
		test.when(handler, "condition \"IsProd\" is true"),
		test.when(test.absent, "condition \"IsProd\" is false"),
	])})
	count(v) == 1
	some x in v
	x.range == test.at(5)
	endswith(x.message, "for a .zip package (when condition \"IsProd\" is false)")
}

test_success_image if {
	count(violations({"package_type": test.str("Image")})) == 0
}

test_success_unknown_package_type if {
	count(violations({"package_type": test.unknown})) == 0
}

test_success_unknown_handler_and_runtime if {
	count(violations({"handler": test.unknown, "runtime": test.unknown})) == 0
}

test_success_missing_only_on_the_image_path if {
	count(violations({
		"package_type": test.conditional([
			test.when(test.str("Image"), "condition \"UseImage\" is true"),
			test.when(test.str("Zip"), "condition \"UseImage\" is false"),
		]),
		"handler": test.conditional([
			test.when(test.absent, "condition \"UseImage\" is true"),
			test.when(handler, "condition \"UseImage\" is false"),
		]),
		"runtime": test.conditional([
			test.when(test.absent, "condition \"UseImage\" is true"),
			test.when(runtime, "condition \"UseImage\" is false"),
		]),
	})) == 0
}

test_fail_zip_path_of_a_conditional_package_type if {
	msgs := messages({"package_type": test.conditional([
		test.when(test.str("Image"), "condition \"UseImage\" is true"),
		test.when(test.str("Zip"), "condition \"UseImage\" is false"),
	])})
	msgs == {concat("", [
		"function \"Worker\" is a .zip package but sets neither Handler nor Runtime;",
		" Lambda requires both for a .zip package (when condition \"UseImage\" is false)",
	])}
}
