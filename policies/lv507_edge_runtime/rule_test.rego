package lambdavet.rules.lv507_test

import data.lambdavet.edgetest
import data.lambdavet.rules.lv507
import data.lambdavet.test

violations(settings) := v if {
	v := lv507.violations with input as edgetest.project(settings, ["origin-request"])
}

test_success_node_and_python if {
	every id in ["nodejs24.x", "nodejs20.x", "python3.14", "python3.9"] {
		count(violations({"runtime": test.str(id)})) == 0
	}
}

test_fail_java if {
	violations({"runtime": test.str("java21")}) == {{
		"resource": "Worker",
		"range": test.at(9),
		"message": concat("", [
			"function \"Worker\" sets Runtime \"java21\", which Lambda@Edge does not support: it runs Node.js and Python only",
			" (distribution \"Cdn\" runs it on origin-request)",
		]),
	}}
}

test_fail_other_families if {
	every id in ["dotnet8", "ruby3.4", "provided.al2023", "go1.x", "custom"] {
		count(violations({"runtime": test.str(id)})) == 1
	}
}

test_success_unknown_identifier_left_to_lv401 if count(violations({"runtime": test.str("rust1.x")})) == 0

test_success_placeholder if count(violations({"runtime": test.str("JAVA_VERSION")})) == 0

test_fail_image if {
	violations({"package_type": test.str("Image")}) == {{
		"resource": "Worker",
		"range": test.at(9),
		"message": concat("", [
			"function \"Worker\" sets PackageType \"Image\", which Lambda@Edge does not support:",
			" it runs Node.js and Python .zip functions only (distribution \"Cdn\" runs it on origin-request)",
		]),
	}}
}

test_success_zip if count(violations({"package_type": test.str("Zip"), "runtime": test.str("nodejs22.x")})) == 0

test_success_not_at_edge if {
	count(lv507.violations) == 0 with input as test.project([test.function({"runtime": test.str("java21")})])
}
