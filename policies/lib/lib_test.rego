package lambdavet.lib_test

import data.lambdavet.lib
import data.lambdavet.test

is_prod := "condition \"IsProd\" is true"

not_prod := "condition \"IsProd\" is false"

test_success_candidates_known if {
	lib.candidates(test.num(1024)) == {test.num(1024)}
}

test_success_candidates_absent_and_unknown_are_empty if {
	lib.candidates(test.absent) == set()
	lib.candidates(test.unknown) == set()
}

test_success_candidates_conditional_flattened if {
	a := test.when(test.num(1), is_prod)
	b := test.when(test.num(2), "condition \"Big\" is true")
	c := test.when(test.num(3), "condition \"Big\" is false")
	v := test.conditional([a, test.when(test.conditional([b, c]), not_prod), test.when(test.unknown, is_prod)])
	lib.candidates(v) == {
		a,
		test.when(test.num(2), "condition \"IsProd\" is false and condition \"Big\" is true"),
		test.when(test.num(3), "condition \"IsProd\" is false and condition \"Big\" is false"),
	}
}

test_success_candidates_nested_when_not_repeated if {
	# a parser that already wrote the full path into the inner alternative
	b := test.when(test.num(2), "condition \"IsProd\" is false and condition \"Big\" is true")
	v := test.conditional([test.when(test.conditional([b]), not_prod)])
	lib.candidates(v) == {b}
}

test_success_candidates_ignore_lists_inside_known_values if {
	inner := test.conditional([test.when(test.num(1), is_prod)])
	v := test.list([inner])
	lib.candidates(v) == {v}
}

test_success_present_and_missing if {
	set_ := test.when(test.map({}), is_prod)
	unset := test.when(test.absent, not_prod)
	v := test.conditional([set_, unset])
	lib.present(v) == {set_}
	lib.missing(v) == {unset}
	lib.present(test.unknown) == {test.unknown}
	lib.missing(test.known("null", null, 9)) == {test.known("null", null, 9)}
	lib.missing(test.absent) == {test.absent}
}

test_success_number_from_number if lib.number(test.num(1024)) == 1024

test_success_number_from_string if {
	lib.number(test.str("1024")) == 1024
	lib.number(test.str(" 20480 ")) == 20480
	lib.number(test.str("1.5")) == 1.5
	lib.number(test.str("1e4")) == 10000
}

test_success_number_undefined_for_non_numbers if {
	not lib.number(test.str("big"))
	not lib.number(test.str("0x10"))
	not lib.number(test.str("Infinity"))
	not lib.number(test.str("1e400"))
	not lib.number(test.str(""))
	not lib.number(test.known("bool", true, 9))
	not lib.number(test.unknown)
	not lib.number(test.absent)
}

test_success_format_number if {
	lib.format_number(1e6) == "1000000"
	lib.format_number(20480) == "20480"
	lib.format_number(1024.5) == "1024.5"
	lib.format_number(-3) == "-3"
}

test_success_note if {
	lib.note(test.num(1)) == ""
	lib.note(test.origin(test.num(1), "Globals")) == " (set by Globals)"
	lib.note(test.when(test.num(1), is_prod)) == " (when condition \"IsProd\" is true)"
	lib.note(test.when(test.origin(test.num(1), "parameter \"Mem\" default"), is_prod)) == concat("", [
		" (set by parameter \"Mem\" default)",
		" (when condition \"IsProd\" is true)",
	])
}

test_success_violation if {
	fn := test.function({})
	c := test.origin(test.num(1), "Globals")
	lib.violation(fn, c, "bad") == {"resource": "Worker", "range": test.at(9), "message": "bad (set by Globals)"}
}

test_success_violation_without_range_points_at_function if {
	fn := test.function({})
	lib.violation(fn, test.unknown, "bad") == {"resource": "Worker", "range": test.at(5), "message": "bad"}
}

test_success_violation_at if {
	fn := test.function({})
	lib.violation_at(fn, test.at(7), "bad") == {"resource": "Worker", "range": test.at(7), "message": "bad"}
}

test_success_compatible if {
	lib.compatible(test.num(1), test.num(2))
	lib.compatible(test.when(test.num(1), is_prod), test.num(2))
	lib.compatible(test.when(test.num(1), is_prod), test.when(test.num(2), is_prod))
	lib.compatible(test.when(test.num(1), is_prod), test.when(test.num(2), "condition \"Big\" is true"))
	lib.compatible(
		test.when(test.num(1), "parameter \"Env\" is not \"prod\""),
		test.when(test.num(2), "parameter \"Env\" is not \"dev\""),
	)
}

test_fail_compatible_contradiction if {
	not lib.compatible(test.when(test.num(1), is_prod), test.when(test.num(2), not_prod))
	not lib.compatible(
		test.when(test.num(1), "condition \"Big\" is true and condition \"IsProd\" is true"),
		test.when(test.num(2), not_prod),
	)
	not lib.compatible(
		test.when(test.num(1), "parameter \"Env\" is \"prod\""),
		test.when(test.num(2), "parameter \"Env\" is not \"prod\""),
	)
}

# A value holding " is " or " and " is one value: the library used to
# split it, reading `parameter "Env" is "a is b"` as subject
# `parameter "Env" is "a` with value `b"`.
test_fail_compatible_quoted_values if {
	not lib.compatible(
		test.when(test.num(1), "parameter \"Env\" is \"a is b\""),
		test.when(test.num(2), "parameter \"Env\" is \"c\""),
	)
	not lib.compatible(
		test.when(test.num(1), "parameter \"Env\" is \"x and y\""),
		test.when(test.num(2), "parameter \"Env\" is \"x\""),
	)
	lib.with_when_of(
		test.when(test.num(1), "parameter \"Env\" is \"x and y\""),
		test.when(test.num(2), "parameter \"Env\" is \"x and y\""),
	) == test.when(test.num(1), "parameter \"Env\" is \"x and y\"")
}

test_success_with_when_of if {
	c := test.when(test.num(1), is_prod)
	lib.with_when_of(c, test.num(2)) == c
	lib.with_when_of(test.num(1), c) == test.when(test.num(1), is_prod)
	lib.with_when_of(c, c) == c
	lib.with_when_of(c, test.when(test.num(2), "condition \"Big\" is true")) == test.when(
		test.num(1),
		"condition \"IsProd\" is true and condition \"Big\" is true",
	)
}

test_success_maxima if {
	fn := test.function({"capacity_provider": test.conditional([
		test.when(test.map({}), is_prod),
		test.when(test.absent, not_prod),
	])})
	{[m.platform, m.maximum] | some m in lib.maxima(fn, test.num(1), 10, 20)} == {
		["Lambda", 10],
		["Lambda Managed Instances", 20],
	}
	{[m.platform, m.maximum] | some m in lib.maxima(fn, test.when(test.num(1), is_prod), 10, 20)} == {
		["Lambda Managed Instances", 20],
	}
	{[m.platform, m.maximum] | some m in lib.maxima(test.function({}), test.num(1), 10, 20)} == {["Lambda", 10]}
}

test_success_lowest_ceiling if {
	lib.lowest_ceiling(10240, "memory_max") == 10240
	lib.lowest_ceiling(10240, "memory_max") == 3008 with data.lambdavet.config.limits as {"memory_max": 3008}
	lib.lowest_ceiling(900, "timeout_max") == 900 with data.lambdavet.config.limits as {"timeout_max": 5000}
	lib.lowest_ceiling(900, "timeout_max") == 900 with data.lambdavet.config.limits as {"memory_max": 128}
}

test_success_numbers_to_judge_leaves_out_valid_values if {
	fns := [
		test.function({"name": "Low", "memory_size": test.num(127)}),
		test.function({"name": "Min", "memory_size": test.num(128)}),
		test.function({"name": "Text", "memory_size": test.str("1024")}),
		test.function({"name": "Max", "memory_size": test.num(10240)}),
		test.function({"name": "High", "memory_size": test.num(10241)}),
		test.function({"name": "Fraction", "memory_size": test.num(200.5)}),
		test.function({"name": "Unknown", "memory_size": test.unknown}),
		test.function({"name": "Unset"}),
	]
	judged := lib.numbers_to_judge("memory_size", 128, 10240) with input as test.project(fns)
	[name | some [fn, _, _] in judged; name := fn.name] == ["Low", "High", "Fraction"]
	[n | some [_, _, n] in judged] == [127, 10241, 200.5]
}
