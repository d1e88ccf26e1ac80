package lambdavet.rules.lv501_test

import data.lambdavet.edgetest
import data.lambdavet.rules.lv501
import data.lambdavet.test

violations(settings, events) := v if {
	v := lv501.violations with input as edgetest.project(settings, events)
}

message(v) := msg if {
	some x in v
	msg := x.message
}

test_success_viewer_at_limits if {
	count(violations({"memory_size": test.num(128), "timeout": test.known("number", 5, 10)}, ["viewer-request"])) == 0
}

test_fail_viewer_memory if {
	violations({"memory_size": test.num(129)}, ["viewer-request"]) == {{
		"resource": "Worker",
		"range": test.at(9),
		"message": concat("", [
			"function \"Worker\" sets MemorySize 129, above the Lambda@Edge maximum of 128 MB for viewer events",
			" (distribution \"Cdn\" runs it on viewer-request)",
		]),
	}}
}

test_fail_viewer_timeout if {
	message(violations({"timeout": test.num(6)}, ["viewer-response"])) == concat("", [
		"function \"Worker\" sets Timeout 6, above the Lambda@Edge maximum of 5 s for viewer events",
		" (distribution \"Cdn\" runs it on viewer-response)",
	])
}

test_success_origin_at_limits if {
	count(violations({"memory_size": test.num(10240), "timeout": test.known("number", 30, 10)}, ["origin-request"])) == 0
}

test_success_origin_allows_more_than_viewer if count(violations({"memory_size": test.num(1024), "timeout": test.known("number", 10, 10)}, ["origin-response"])) == 0

test_fail_origin_timeout if {
	message(violations({"timeout": test.num(31)}, ["origin-request"])) == concat("", [
		"function \"Worker\" sets Timeout 31, above the Lambda@Edge maximum of 30 s for origin events",
		" (distribution \"Cdn\" runs it on origin-request)",
	])
}

test_fail_origin_memory if {
	message(violations({"memory_size": test.num(10241)}, ["origin-request"])) == concat("", [
		"function \"Worker\" sets MemorySize 10241, above the Lambda@Edge maximum of 10240 MB for origin events",
		" (distribution \"Cdn\" runs it on origin-request)",
	])
}

# a function on a viewer and an origin event is held to the viewer limits,
# once
test_fail_strictest_event_once if {
	v := violations({"timeout": test.num(10)}, ["origin-request", "viewer-request"])
	message(v) == concat("", [
		"function \"Worker\" sets Timeout 10, above the Lambda@Edge maximum of 5 s for viewer events",
		" (distribution \"Cdn\" runs it on origin-request and viewer-request)",
	])
}

test_fail_unknown_event_gets_origin_limits if {
	message(violations({"timeout": test.num(60)}, [""])) == concat("", [
		"function \"Worker\" sets Timeout 60, above the Lambda@Edge maximum of 30 s for any event",
		" (distribution \"Cdn\" runs it at the edge)",
	])
}

test_success_unknown_event_within_origin_limits if count(violations({"timeout": test.num(20)}, [""])) == 0

test_fail_ephemeral_storage if {
	message(violations({"ephemeral_storage": test.num(1024)}, ["origin-request"])) == concat("", [
		"function \"Worker\" sets EphemeralStorage size 1024, above the Lambda@Edge maximum of 512 MB",
		" (distribution \"Cdn\" runs it on origin-request)",
	])
}

test_success_ephemeral_default if count(violations({"ephemeral_storage": test.num(512)}, ["viewer-request"])) == 0

test_success_not_at_edge if {
	count(lv501.violations) == 0 with input as test.project([test.function({"memory_size": test.num(3008), "timeout": test.num(900)})])
}

test_success_defaults_not_reported if {
	count(violations({"timeout": object.union(test.absent, {"default": test.num(3)})}, ["viewer-request"])) == 0
}

test_success_unknown if count(violations({"memory_size": test.unknown}, ["viewer-request"])) == 0

test_fail_origin_of_value if {
	endswith(
		message(violations({"memory_size": test.origin(test.num(1024), "Globals")}, ["viewer-request"])),
		"(distribution \"Cdn\" runs it on viewer-request) (set by Globals)",
	)
}

test_fail_association_on_a_path if {
	v := lv501.violations with input as test.project([test.function({
		"memory_size": test.num(512),
		"edge": [object.union(edgetest.association("viewer-request"), {"when": "condition \"Cdn\" is true"})],
	})])
	endswith(message(v), "(distribution \"Cdn\" runs it on viewer-request) (when condition \"Cdn\" is true)")
}

test_success_value_and_association_on_different_paths if {
	count(lv501.violations) == 0 with input as test.project([test.function({
		"memory_size": test.conditional([
			test.when(test.num(1024), "condition \"Edge\" is false"),
			test.when(test.num(128), "condition \"Edge\" is true"),
		]),
		"edge": [object.union(edgetest.association("viewer-request"), {"when": "condition \"Edge\" is true"})],
	})])
}

test_fail_terraform_names if {
	v := lv501.violations with input as test.project([object.union(
		edgetest.function({"timeout": test.num(10)}, ["viewer-request"]),
		{
			"subject": "aws_lambda_function.edge",
			"property_names": {"timeout": "timeout"},
			"edge": [object.union(edgetest.association("viewer-request"), {"subject": "aws_cloudfront_distribution.cdn"})],
		},
	)])
	message(v) == concat("", [
		"aws_lambda_function.edge sets timeout 10, above the Lambda@Edge maximum of 5 s for viewer events",
		" (aws_cloudfront_distribution.cdn runs it on viewer-request)",
	])
}
