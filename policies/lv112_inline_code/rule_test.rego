package lambdavet.rules.lv112_test

import data.lambdavet.rules.lv112
import data.lambdavet.test

code := test.known("string", "exports.handler = async () => ({});\n", 12)

violations(settings) := v if {
	v := lv112.violations with input as test.project([test.function(object.union({"inline_code": code}, settings))])
}

test_fail_runtime if {
	violations({"runtime": test.known("string", "java21", 11)}) == {{
		"resource": "Worker",
		"range": test.at(11),
		"message": concat("", [
			"function \"Worker\" sets Runtime \"java21\" with inline code (Code ZipFile);",
			" CloudFormation takes inline code for Node.js and Python only",
		]),
	}}
}

test_fail_other_runtimes if {
	every id in ["ruby3.4", "dotnet8", "provided.al2023", "go1.x", "custom"] {
		count(violations({"runtime": test.known("string", id, 11)})) == 1
	}
}

test_success_node_and_python if {
	every id in ["nodejs", "nodejs4.3-edge", "nodejs22.x", "nodejs24.x", "python2.7", "python3.14"] {
		count(violations({"runtime": test.known("string", id, 11)})) == 0
	}
}

test_success_not_judged if {
	count(violations({"runtime": test.known("string", "java 21", 11)})) == 0
	count(violations({"runtime": test.unknown})) == 0
	count(lv112.violations) == 0 with input as test.project([test.function({"runtime": test.known("string", "java21", 11)})])
}

test_fail_unknown_code if {
	# code that is not known is still inline code
	count(violations({"inline_code": test.unknown, "runtime": test.known("string", "java21", 11)})) == 1
}

test_fail_runtime_on_one_path if {
	rt := test.conditional([
		test.when(test.known("string", "python3.13", 11), "condition \"Py\" is true"),
		test.when(test.known("string", "ruby3.4", 11), "condition \"Py\" is false"),
	])
	v := violations({"runtime": rt})
	count(v) == 1
	some x in v
	endswith(x.message, "Node.js and Python only (when condition \"Py\" is false)")
}

test_success_no_code_on_that_path if {
	rt := test.conditional([
		test.when(test.known("string", "java21", 11), "condition \"Inline\" is false"),
		test.when(test.known("string", "python3.13", 11), "condition \"Inline\" is true"),
	])
	count(violations({"runtime": rt, "inline_code": test.conditional([test.when(code, "condition \"Inline\" is true")])})) == 0
}

sized(n) := test.known("string", concat("", ["x" | some _ in numbers.range(1, n)]), 12)

test_size_boundary if {
	count(violations({"inline_code": sized(1000000)})) == 0
	violations({"inline_code": sized(1000001)}) == {{
		"resource": "Worker",
		"range": test.at(12),
		"message": concat("", [
			"function \"Worker\" has Code ZipFile of 1000001 bytes, more than a template can hold",
			" (CloudFormation takes at most 1000000 bytes); deploy the code as a package instead",
		]),
	}}
}

test_size_counts_bytes if {
	# 333,334 characters of three bytes each are 1,000,002 bytes
	wide := test.known("string", concat("", ["€" | some _ in numbers.range(1, 333334)]), 12)
	count(violations({"inline_code": wide})) == 1
	narrow := test.known("string", concat("", ["€" | some _ in numbers.range(1, 333333)]), 12)
	count(violations({"inline_code": narrow})) == 0
}
