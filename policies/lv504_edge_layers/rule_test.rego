package lambdavet.rules.lv504_test

import data.lambdavet.edgetest
import data.lambdavet.rules.lv504
import data.lambdavet.test

violations(layers) := v if {
	v := lv504.violations with input as edgetest.project({"layers": layers}, ["viewer-request", "origin-request"])
}

test_fail_one_layer if {
	violations(test.list([test.str("arn:aws:lambda:us-east-1:123456789012:layer:a:1")])) == {{
		"resource": "Worker",
		"range": test.at(9),
		"message": concat("", [
			"function \"Worker\" sets Layers, which Lambda@Edge does not allow",
			" (distribution \"Cdn\" runs it on origin-request and viewer-request)",
		]),
	}}
}

test_fail_layer_not_known if count(violations(test.list([test.unknown]))) == 1

test_success_empty_list if count(violations(test.list([]))) == 0

test_success_absent if count(violations(test.absent)) == 0

test_success_unknown_list if count(violations(test.unknown)) == 0

test_success_not_at_edge if {
	count(lv504.violations) == 0 with input as test.project([test.function({"layers": test.list([test.str("arn")])})])
}
