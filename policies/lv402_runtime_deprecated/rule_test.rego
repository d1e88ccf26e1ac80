package lambdavet.rules.lv402_test

import data.lambdavet.rules.lv402
import data.lambdavet.test

# on returns the violations of a function on runtime, judged on date now.
on(runtime, now) := v if {
	v := lv402.violations with input as test.project([test.function({"runtime": test.str(runtime)})])
		with data.lambdavet.config.now as now
}

one(runtime, now) := x if {
	v := on(runtime, now)
	count(v) == 1
	some x in v
}

# nodejs20.x: deprecated 2026-04-30, creation blocked 2027-02-01, updates
# blocked 2027-03-03.

test_success_day_before_deprecation if count(on("nodejs20.x", "2026-04-29")) == 0

test_fail_warning_on_deprecation_day if {
	on("nodejs20.x", "2026-04-30") == {{
		"resource": "Worker",
		"range": test.at(9),
		"severity": "warning",
		"message": concat("", [
			"function \"Worker\" sets Runtime \"nodejs20.x\", deprecated since 2026-04-30;",
			" creating functions on it is blocked from 2027-02-01 and updating them from 2027-03-03:",
			" move to \"nodejs24.x\"",
		]),
	}}
}

test_fail_warning_day_before_create_block if one("nodejs20.x", "2027-01-31").severity == "warning"

test_fail_error_on_create_block_day if {
	x := one("nodejs20.x", "2027-02-01")
	x.severity == "error"
	x.message == concat("", [
		"function \"Worker\" sets Runtime \"nodejs20.x\", deprecated since 2026-04-30;",
		" creating functions on it is blocked since 2027-02-01 and updating them from 2027-03-03:",
		" move to \"nodejs24.x\"",
	])
}

test_fail_error_day_before_update_block if {
	x := one("nodejs20.x", "2027-03-02")
	x.severity == "error"
	endswith(x.message, "and updating them from 2027-03-03: move to \"nodejs24.x\"")
}

test_fail_error_on_update_block_day if {
	x := one("nodejs20.x", "2027-03-03")
	x.severity == "error"
	endswith(x.message, "and updating them since 2027-03-03: move to \"nodejs24.x\"")
}

test_fail_long_retired if {
	x := one("python2.7", "2026-06-15")
	x.severity == "error"
	x.message == concat("", [
		"function \"Worker\" sets Runtime \"python2.7\", deprecated since 2021-07-15;",
		" creating functions on it is blocked since 2021-07-15 and updating them since 2022-05-30:",
		" move to \"python3.14\"",
	])
}

test_fail_go_moves_to_os_only_runtime if endswith(one("go1.x", "2026-06-15").message, ": move to \"provided.al2023\"")

# nodejs4.3-edge was blocked (2019-04-30) before its recorded deprecation
# (2020-03-05)
test_fail_blocked_before_deprecation_date if {
	x := one("nodejs4.3-edge", "2019-06-01")
	x.severity == "error"
	contains(x.message, "deprecated from 2020-03-05; creating functions on it is blocked since 2019-04-30")
}

# python3.12: deprecated 2028-10-31
test_success_python312_before if count(on("python3.12", "2028-10-30")) == 0

test_fail_python312_after if one("python3.12", "2028-10-31").severity == "warning"

test_success_current if count(on("python3.14", "2026-06-15")) == 0

test_success_custom_runtime_has_no_dates if count(on("custom", "2099-01-01")) == 0

test_success_unknown_identifier_is_lv401s if count(on("nodejs99.x", "2026-06-15")) == 0

test_success_without_date if {
	count(lv402.violations) == 0 with input as test.project([test.function({"runtime": test.str("python2.7")})])
		with data.lambdavet.config as {}
}

test_success_bad_date_ignored if count(on("python2.7", "June 2026")) == 0

test_success_unknown_runtime_value if {
	count(lv402.violations) == 0 with input as test.project([test.function({"runtime": test.unknown})])
		with data.lambdavet.config.now as "2026-06-15"
}

test_fail_conditional_deprecated_path if {
	v := lv402.violations with input as test.project([test.function({"runtime": test.conditional([
		test.when(test.known("string", "python3.14", 11), "condition \"New\" is true"),
		test.when(test.known("string", "python3.9", 12), "condition \"New\" is false"),
	])})])
		with data.lambdavet.config.now as "2026-06-15"
	count(v) == 1
	some x in v
	x.range == test.at(12)
	endswith(x.message, ": move to \"python3.14\" (when condition \"New\" is false)")
}

test_fail_origin_named if {
	v := lv402.violations with input as test.project([test.function({"runtime": test.origin(test.str("nodejs18.x"), "Globals")})])
		with data.lambdavet.config.now as "2026-06-15"
	some x in v
	endswith(x.message, ": move to \"nodejs24.x\" (set by Globals)")
}
