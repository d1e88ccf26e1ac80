package lambdavet.rules.lv505_test

import data.lambdavet.edgetest
import data.lambdavet.rules.lv505
import data.lambdavet.test

violations(arch) := v if {
	v := lv505.violations with input as edgetest.project({"architectures": test.list([test.known("string", arch, 10)])}, ["viewer-request"])
}

test_fail_arm64 if {
	violations("arm64") == {{
		"resource": "Worker",
		"range": test.at(10),
		"message": concat("", [
			"function \"Worker\" sets Architectures \"arm64\", which Lambda@Edge does not allow: it runs x86_64 functions only",
			" (distribution \"Cdn\" runs it on viewer-request)",
		]),
	}}
}

test_success_x86_64 if count(violations("x86_64")) == 0

test_success_default if {
	count(lv505.violations) == 0 with input as edgetest.project({"architectures": object.union(test.absent, {"default": test.list([test.str("x86_64")])})}, ["viewer-request"])
}

test_success_not_at_edge if {
	count(lv505.violations) == 0 with input as test.project([test.function({"architectures": test.list([test.str("arm64")])})])
}

test_fail_from_globals if {
	v := lv505.violations with input as edgetest.project({"architectures": test.origin(test.list([test.origin(test.str("arm64"), "Globals")]), "Globals")}, ["viewer-request"])
	some x in v
	endswith(x.message, "(set by Globals)")
}
