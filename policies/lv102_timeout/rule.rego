# METADATA
# title: timeout out of range
# description: >-
#   Reports a function whose Timeout is below 1 second, above 900 seconds (15
#   minutes), or not a whole number of seconds; AWS rejects such a function when
#   it is created or updated. Functions with a capacity provider (Lambda Managed
#   Instances) may run up to 5,400 seconds (90 minutes). An organization ceiling
#   (limits: timeout-max in .lambdavet.yaml) lowers the maximum and is reported
#   under this id, naming where it was set. When the value depends on a
#   condition or a parameter, each path that is out of range is reported with
#   the path named.
# related_resources:
#   - description: Lambda quotas
#     ref: https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
#   - description: Configure Lambda function timeout
#     ref: https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html
# custom:
#   id: LV102
#   severity: error
package lambdavet.rules.lv102

import data.lambdavet.lib

minimum := 1

maximum := 900

# maximum with a capacity provider (Lambda Managed Instances)
managed_maximum := 5400

# the values the checks below judge: every valid one is left out once
_suspect := lib.numbers_to_judge("timeout", minimum, _lowest_ceiling)

_lowest_ceiling := lib.lowest_ceiling(maximum, "timeout_max")

violations contains lib.violation(fn, c, msg) if {
	some [fn, c, n] in _suspect
	n < minimum
	msg := sprintf("%s sets %s %s, below the Lambda minimum of %d second", [
		lib.subject(fn), lib.property(fn, "timeout"), lib.format_number(n), minimum,
	])
}

violations contains lib.violation(fn, lib.with_when_of(c, m.path), msg) if {
	some [fn, c, n] in _suspect
	n > _lowest_ceiling
	some m in lib.ceilings(fn, c, maximum, managed_maximum, "timeout_max")
	n > m.maximum
	msg := sprintf("%s sets %s %s, above %s", [
		lib.subject(fn), lib.property(fn, "timeout"), lib.format_number(n), lib.maximum_text(m, "seconds"),
	])
}

# a fraction of a second, reported only when the value is otherwise in range
violations contains lib.violation(fn, c, msg) if {
	some [fn, c, n] in _suspect
	not lib.is_integer(n)
	n >= minimum
	every m in lib.ceilings(fn, c, maximum, managed_maximum, "timeout_max") {
		n <= m.maximum
	}
	msg := sprintf("%s sets %s %s, not a whole number of seconds", [lib.subject(fn), lib.property(fn, "timeout"), lib.format_number(n)])
}
