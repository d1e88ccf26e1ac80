package lambdavet.rules.lv403_test

import data.lambdavet.rules.lv403
import data.lambdavet.test

violations(runtime, arch) := v if {
	v := lv403.violations with input as test.project([test.function({
		"runtime": test.known("string", runtime, 8),
		"architectures": test.list([test.str(arch)]),
	})])
}

test_success_arm64_supported if count(violations("python3.12", "arm64")) == 0

test_success_x86_on_old_runtime if count(violations("python3.7", "x86_64")) == 0

test_fail_arm64_on_x86_only_runtime if {
	violations("go1.x", "arm64") == {{
		"resource": "Worker",
		"range": test.at(9),
		"message": "function \"Worker\" sets Architectures \"arm64\", which runtime \"go1.x\" does not support: it runs on x86_64 only",
	}}
}

test_fail_arm64_on_java8 if count(violations("java8", "arm64")) == 1

test_success_arm64_on_java8_al2 if count(violations("java8.al2", "arm64")) == 0

test_fail_arm64_on_python37 if count(violations("python3.7", "arm64")) == 1

test_success_arm64_on_python38 if count(violations("python3.8", "arm64")) == 0

test_fail_not_an_architecture if {
	violations("python3.12", "amd64") == {{
		"resource": "Worker",
		"range": test.at(9),
		"message": "function \"Worker\" sets Architectures \"amd64\", not a Lambda architecture (x86_64 or arm64)",
	}}
}

test_success_unknown_runtime_identifier if count(violations("nodejs99.x", "arm64")) == 0

test_success_default_architecture if {
	count(lv403.violations) == 0 with input as test.project([test.function({
		"runtime": test.str("go1.x"),
		"architectures": object.union(test.absent, {"default": test.list([test.str("x86_64")])}),
	})])
}

test_success_unknown_architectures if {
	count(lv403.violations) == 0 with input as test.project([test.function({
		"runtime": test.str("go1.x"),
		"architectures": test.unknown,
	})])
}

test_fail_runtime_and_architecture_on_same_path_only if {
	v := lv403.violations with input as test.project([test.function({
		"runtime": test.conditional([
			test.when(test.known("string", "go1.x", 7), "condition \"Legacy\" is true"),
			test.when(test.known("string", "provided.al2023", 8), "condition \"Legacy\" is false"),
		]),
		"architectures": test.conditional([
			test.when(test.list([test.str("x86_64")]), "condition \"Legacy\" is true"),
			test.when(test.list([test.known("string", "arm64", 10)]), "condition \"Legacy\" is false"),
		]),
	})])
	count(v) == 0
}

test_fail_conditional_paths_combined if {
	v := lv403.violations with input as test.project([test.function({
		"runtime": test.conditional([
			test.when(test.known("string", "go1.x", 7), "condition \"Legacy\" is true"),
			test.when(test.known("string", "provided.al2023", 8), "condition \"Legacy\" is false"),
		]),
		"architectures": test.list([test.known("string", "arm64", 10)]),
	})])
	count(v) == 1
	some x in v
	x.range == test.at(10)
	x.message == concat("", [
		"function \"Worker\" sets Architectures \"arm64\", which runtime \"go1.x\" does not support: it runs on x86_64 only",
		" (when condition \"Legacy\" is true)",
	])
}

test_fail_origin_of_architecture if {
	v := lv403.violations with input as test.project([test.function({
		"runtime": test.str("ruby2.5"),
		"architectures": test.origin(test.list([test.origin(test.known("string", "arm64", 3), "Globals")]), "Globals"),
	})])
	some x in v
	x.range == test.at(3)
	endswith(x.message, "it runs on x86_64 only (set by Globals)")
}
