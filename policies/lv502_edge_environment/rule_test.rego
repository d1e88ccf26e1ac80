package lambdavet.rules.lv502_test

import data.lambdavet.edgetest
import data.lambdavet.rules.lv502
import data.lambdavet.test

violations(env) := v if {
	v := lv502.violations with input as edgetest.project({"environment": env}, ["viewer-request"])
}

test_fail_variables if {
	violations(test.map({"STAGE": test.str("prod")})) == {{
		"resource": "Worker",
		"range": test.at(9),
		"message": concat("", [
			"function \"Worker\" sets Environment Variables, which Lambda@Edge does not allow",
			" (distribution \"Cdn\" runs it on viewer-request)",
		]),
	}}
}

test_fail_from_globals if {
	some x in violations(test.origin(test.map({"STAGE": test.str("prod")}), "Globals"))
	endswith(x.message, "(distribution \"Cdn\" runs it on viewer-request) (set by Globals)")
}

test_success_empty_map if count(violations(test.map({}))) == 0

test_success_absent if count(violations(test.absent)) == 0

test_success_unknown if count(violations(test.unknown)) == 0

test_success_not_at_edge if {
	count(lv502.violations) == 0 with input as test.project([test.function({"environment": test.map({"A": test.str("x")})})])
}

test_fail_only_on_path_that_sets_them if {
	v := violations(test.conditional([
		test.when(test.known("map", {"A": test.str("x")}, 12), "condition \"Debug\" is true"),
		test.when(test.absent, "condition \"Debug\" is false"),
	]))
	count(v) == 1
	some x in v
	x.range == test.at(12)
	endswith(x.message, "(when condition \"Debug\" is true)")
}
