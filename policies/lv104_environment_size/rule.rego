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

# one finding per condition path on which the map is too large, at the
# value to edit: the largest variable when it was set elsewhere (a
# parameter, a mapping, Globals, tfvars) or only on that path, else the
# Variables map
violations contains lib.violation_at(fn, object.get(size.at, "range", fn.range), msg) if {
	some fn in input.functions
	some size in object.get(fn, "environment_sizes", [])
	size.bytes > maximum
	msg := concat("", [
		sprintf("%s has environment variables of %s%d bytes, above the Lambda limit of %d bytes (%s)", [
			lib.subject(fn), _at_least(size), size.bytes, maximum, how_measured,
		]),
		_largest_note(size),
		_origin_note(size.at),
		_when_note(size),
	])
}

_at_least(size) := "at least " if {
	size.exact == false
} else := ""

_largest_note(size) := sprintf("; the largest is %s", [size.largest]) if {
	size.largest != ""
} else := ""

_origin_note(at) := sprintf(" (set by %s)", [at.origin]) if {
	at.origin != ""
} else := ""

_when_note(size) := sprintf(" (when %s)", [size.when]) if {
	size.when != ""
} else := ""
