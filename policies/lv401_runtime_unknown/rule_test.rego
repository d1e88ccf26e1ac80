package lambdavet.rules.lv401_test

import data.lambdavet.rules.lv401
import data.lambdavet.test

violations(runtime) := v if {
	v := lv401.violations with input as test.project([test.function({"runtime": runtime})])
		with data.lambdavet.config.now as "2026-06-15"
}

message(runtime) := msg if {
	some x in violations(test.str(runtime))
	msg := x.message
}

test_success_current_runtimes if {
	every id in ["nodejs24.x", "python3.14", "java25", "dotnet10", "ruby4.0", "provided.al2023", "custom"] {
		count(violations(test.str(id))) == 0
	}
}

test_success_deprecated_runtime_is_lv402s if count(violations(test.str("python2.7"))) == 0

test_fail_typo_suggests_closest if {
	violations(test.str("pyhton3.12")) == {{
		"resource": "Worker",
		"range": test.at(9),
		"message": "function \"Worker\" sets Runtime \"pyhton3.12\", not a Lambda runtime; did you mean \"python3.12\"?",
	}}
}

test_fail_missing_minor_version_suggests_newest if {
	message("python3") == "function \"Worker\" sets Runtime \"python3\", not a Lambda runtime; did you mean \"python3.14\"?"
}

test_fail_missing_suffix if {
	message("nodejs20") == concat("", [
		"function \"Worker\" sets Runtime \"nodejs20\", not a Lambda runtime; did you mean \"nodejs20.x\"?",
		" (deprecated: the newest Node.js runtime is \"nodejs24.x\")",
	])
}

test_fail_version_never_offered if {
	message("nodejs99.x") == "function \"Worker\" sets Runtime \"nodejs99.x\", not a Lambda runtime; did you mean \"nodejs24.x\"?"
}

test_fail_repeated_suffix if {
	message("provided.al2023023") == concat("", [
		"function \"Worker\" sets Runtime \"provided.al2023023\", not a Lambda runtime;",
		" did you mean \"provided.al2023\"?",
	])
}

test_fail_wrong_case if {
	message("Python3.12") == "function \"Worker\" sets Runtime \"Python3.12\", not a Lambda runtime; did you mean \"python3.12\"?"
}

test_fail_closest_is_deprecated if {
	message("node6.10") == concat("", [
		"function \"Worker\" sets Runtime \"node6.10\", not a Lambda runtime; did you mean \"nodejs6.10\"?",
		" (deprecated: the newest Node.js runtime is \"nodejs24.x\")",
	])
}

test_fail_container_only if {
	message("dotnet9") == concat("", [
		"function \"Worker\" sets Runtime \"dotnet9\", not a Lambda runtime:",
		" .NET 9 runs on Lambda only as a container image; use \"dotnet10\"",
	])
}

test_fail_nothing_close if message("cobol") == "function \"Worker\" sets Runtime \"cobol\", not a Lambda runtime"

test_fail_long_garbage_not_compared if {
	message("x-very-long-identifier-that-is-nothing-like-a-runtime-at-all") == concat("", [
		"function \"Worker\" sets Runtime \"x-very-long-identifier-that-is-nothing-like-a-runtime-at-all\",",
		" not a Lambda runtime",
	])
}

test_success_placeholders if {
	every s in ["JAVA_VERSION", "PYTHON3_VERSION", "{{cookiecutter.runtime}}", "${RUNTIME}", "<runtime>", "__RUNTIME__", ""] {
		count(violations(test.str(s))) == 0
	}
}

test_success_unknown if count(violations(test.unknown)) == 0

test_success_absent if count(violations(test.absent)) == 0

test_success_not_a_string if count(violations(test.num(3))) == 0

test_fail_conditional_bad_path if {
	v := violations(test.conditional([
		test.when(test.known("string", "python3.13", 11), "condition \"IsProd\" is true"),
		test.when(test.known("string", "python3.31", 12), "condition \"IsProd\" is false"),
	]))
	count(v) == 1
	some x in v
	x.range == test.at(12)
	x.message == concat("", [
		"function \"Worker\" sets Runtime \"python3.31\", not a Lambda runtime; did you mean \"python3.13\"?",
		" (when condition \"IsProd\" is false)",
	])
}

test_fail_origin_named if {
	some x in violations(test.origin(test.str("nodejs22"), "parameter \"Runtime\" default"))
	x.message == concat("", [
		"function \"Worker\" sets Runtime \"nodejs22\", not a Lambda runtime; did you mean \"nodejs22.x\"?",
		" (set by parameter \"Runtime\" default)",
	])
}

test_fail_terraform_names if {
	v := lv401.violations with input as test.project([object.union(test.function({"runtime": test.str("go1.22")}), {
		"subject": "aws_lambda_function.worker",
		"property_names": {"runtime": "runtime"},
	})])
		with data.lambdavet.config.now as "2026-06-15"
	some x in v
	startswith(x.message, "aws_lambda_function.worker sets runtime \"go1.22\", not a Lambda runtime; did you mean \"go1.x\"?")
}
