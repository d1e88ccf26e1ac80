# METADATA
# title: environment variables too large
# description: >-
#   Reports a function whose environment variables take more than 4 KB (4,096
#   bytes), the aggregate limit AWS enforces and does not raise. The size is
#   measured the way the Lambda service measures it: the Variables map written as
#   compact JSON (keys, values, quotes, colons, commas and braces) in UTF-8 bytes,
#   after SAM Globals are merged. When some values are not known (a parameter
#   without default, an imported value) they count as empty, and the size found
#   is a lower bound.
# related_resources:
#   - description: Lambda quotas
#     ref: https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
# custom:
#   id: LV104
#   severity: error
package lambdavet.rules.lv104

import data.lambdavet.lib

# bytes of the compact JSON of the Variables map
maximum := 4096

how_measured := "4 KB, measured as the compact JSON of the Variables map"

violations contains v if {
	some fn in input.functions
	size := object.get(fn, "environment_size", 0)
	size > maximum
	msg := sprintf("%s has environment variables of %s%d bytes, above the Lambda limit of %d bytes (%s)", [
		lib.subject(fn), _at_least(fn), size, maximum, how_measured,
	])
	v := _violation(fn, lib.setting(fn, "environment"), msg)
}

_at_least(fn) := "at least " if {
	object.get(fn, "environment_size_exact", true) == false
} else := ""

# point at the Variables map when the model knows where it is written
_violation(fn, env, msg) := lib.violation(fn, env, msg) if {
	env.range
} else := lib.violation_at(fn, fn.range, msg)
