# METADATA
# title: deprecated runtime
# description: >-
#   Reports a function on a runtime past its deprecation date, from the
#   runtime lifecycle data (policies/data/runtimes.json) and the date of the
#   run (today, or -now YYYY-MM-DD): a warning once the runtime is
#   deprecated, an error once Lambda blocks creating functions on it. The
#   message gives the dates and the newest runtime of the same family.
# related_resources:
#   - description: Lambda runtimes and their deprecation dates
#     ref: https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
#   - description: Runtime use after deprecation
#     ref: https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html#runtime-deprecation-levels
# custom:
#   id: LV402
#   severity: warning
package lambdavet.rules.lv402

import data.lambdavet.lib
import data.lambdavet.runtime

violations contains object.union(lib.violation(fn, c, msg), {"severity": _severity(info)}) if {
	some fn in input.functions
	now := runtime.today
	some c in runtime.candidates(fn)
	info := runtime.info(c.value)
	_retired(info, now)
	msg := concat("", [
		sprintf("%s sets %s %q, deprecated %s; creating functions on it is blocked %s and updating them %s", [
			lib.subject(fn), lib.property(fn, "runtime"), c.value,
			runtime.date_phrase(info.deprecated),
			runtime.date_phrase(info.block_create),
			runtime.date_phrase(info.block_update),
		]),
		_successor(c.value),
	])
}

# deprecated, or already blocked (a few old runtimes were blocked before
# their recorded deprecation date)
_retired(info, now) if info.deprecated <= now

_retired(info, now) if info.block_create <= now

# an error once AWS refuses to create functions on the runtime
_severity(info) := "error" if {
	info.block_create <= runtime.today
} else := "warning"

_successor(id) := sprintf(": move to %q", [f.latest]) if {
	f := runtime.family(id)
	f.latest != id
} else := ""
