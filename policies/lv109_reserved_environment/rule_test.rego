package lambdavet.rules.lv109_test

import data.lambdavet.rules.lv109
import data.lambdavet.test

key(name, line) := {"name": name, "when": "", "origin": "", "range": test.at(line)}

violations(keys) := v if {
	v := lv109.violations with input as test.project([test.function({"environment_keys": keys})])
}

test_fail_reserved_name if {
	violations([key("AWS_REGION", 11), key("TABLE", 12)]) == {{
		"resource": "Worker",
		"range": test.at(11),
		"message": concat("", [
			"function \"Worker\" sets reserved environment variable \"AWS_REGION\";",
			" Lambda sets it for the runtime and refuses a function that does",
		]),
	}}
}

test_fail_every_reserved_name if {
	count(violations([key(name, 11) | some name in lv109.reserved])) == 18
}

test_fail_origin_and_path_in_message if {
	k := object.union(key("_HANDLER", 7), {"origin": "Globals", "when": "condition \"IsProd\" is true"})
	some v in violations([k])
	v.range == test.at(7)
	endswith(v.message, "refuses a function that does (set by Globals) (when condition \"IsProd\" is true)")
}

test_success_unreserved_names if {
	count(violations([
		key("TZ", 11), key("LANG", 12), key("PATH", 13), key("AWS_LAMBDA_EXEC_WRAPPER", 14),
		key("AWS_XRAY_CONTEXT_MISSING", 15), key("aws_region", 16), key("AWS_REGION_NAME", 17),
		key("MY_AWS_REGION", 18), key("AWS_LAMBDA_LOG_FORMAT", 19),
	])) == 0
}

test_success_no_environment if {
	count(lv109.violations) == 0 with input as test.project([test.function({})])
}
