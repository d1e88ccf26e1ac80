package lambdavet.rules.lv114_test

import data.lambdavet.rules.lv114
import data.lambdavet.test

config(fields) := test.known("map", fields, 10)

text := test.known("string", "Text", 11)

info := test.known("string", "INFO", 12)

warn := test.known("string", "WARN", 13)

violations(fields) := v if {
	v := lv114.violations with input as test.project([test.function({"logging_config": config(fields)})])
}

test_fail_application_level if {
	violations({"LogFormat": text, "ApplicationLogLevel": info}) == {{
		"resource": "Worker",
		"range": test.at(11),
		"message": "function \"Worker\" sets LogFormat Text with ApplicationLogLevel; Lambda filters logs by level only with LogFormat JSON",
	}}
}

test_fail_both_levels_one_finding if {
	v := violations({"LogFormat": text, "ApplicationLogLevel": info, "SystemLogLevel": warn})
	count(v) == 1
	some x in v
	contains(x.message, "with ApplicationLogLevel and SystemLogLevel;")
}

test_success_json if {
	count(violations({"LogFormat": test.known("string", "JSON", 11), "ApplicationLogLevel": info})) == 0
}

test_success_text_without_levels if {
	count(violations({"LogFormat": text, "LogGroup": test.str("/custom")})) == 0
}

test_success_no_format if {
	count(violations({"ApplicationLogLevel": info})) == 0
}

test_success_unknown if {
	count(violations({"LogFormat": test.unknown, "ApplicationLogLevel": info})) == 0
	count(violations({"LogFormat": text, "ApplicationLogLevel": test.unknown})) == 0
	count(lv114.violations) == 0 with input as test.project([test.function({"logging_config": test.unknown})])
}

test_fail_level_on_one_path if {
	v := violations({"LogFormat": text, "SystemLogLevel": test.conditional([
		test.when(warn, "condition \"Verbose\" is true"),
		test.when(test.absent, "condition \"Verbose\" is false"),
	])})
	count(v) == 1
	some x in v
	x.range == test.at(11)
	endswith(x.message, "only with LogFormat JSON (when condition \"Verbose\" is true)")
}

test_success_format_and_level_on_different_paths if {
	count(violations({
		"LogFormat": test.conditional([
			test.when(text, "condition \"Json\" is false"),
			test.when(test.known("string", "JSON", 11), "condition \"Json\" is true"),
		]),
		"ApplicationLogLevel": test.conditional([
			test.when(test.absent, "condition \"Json\" is false"),
			test.when(info, "condition \"Json\" is true"),
		]),
	})) == 0
}

test_fail_terraform_names if {
	fn := object.union(
		test.function({"logging_config": config({"log_format": text, "application_log_level": info})}),
		{"subject": "aws_lambda_function.worker", "property_names": {"logging_config": "logging_config"}},
	)
	some x in lv114.violations with input as test.project([fn])
	x.message == concat("", [
		"aws_lambda_function.worker sets log_format Text with application_log_level;",
		" Lambda filters logs by level only with log_format JSON",
	])
}
