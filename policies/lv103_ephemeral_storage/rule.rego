# METADATA
# title: ephemeral storage out of range
# description: >-
#   Reports a function whose EphemeralStorage size (the /tmp directory) is below
#   512 MB, above 10,240 MB, or not a whole number of MB; AWS rejects such a
#   function when it is created or updated. When the value depends on a
#   condition or a parameter, each path that is out of range is reported with
#   the path named.
# related_resources:
#   - description: EphemeralStorage (Lambda API reference)
#     ref: https://docs.aws.amazon.com/lambda/latest/api/API_EphemeralStorage.html
#   - description: Lambda quotas
#     ref: https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
# custom:
#   id: LV103
#   severity: error
package lambdavet.rules.lv103

import data.lambdavet.lib

minimum := 512

maximum := 10240

# the values the checks below judge: every valid one is left out once
_suspect := lib.numbers_to_judge("ephemeral_storage", minimum, maximum)

violations contains lib.violation(fn, c, msg) if {
	some [fn, c, n] in _suspect
	n < minimum
	msg := sprintf("%s sets %s %s, below the Lambda minimum of %d MB", [
		lib.subject(fn), lib.property(fn, "ephemeral_storage"), lib.format_number(n), minimum,
	])
}

violations contains lib.violation(fn, c, msg) if {
	some [fn, c, n] in _suspect
	n > maximum
	msg := sprintf("%s sets %s %s, above the Lambda maximum of %d MB", [
		lib.subject(fn), lib.property(fn, "ephemeral_storage"), lib.format_number(n), maximum,
	])
}

# a fraction of a MB, reported only when the value is otherwise in range
violations contains lib.violation(fn, c, msg) if {
	some [fn, c, n] in _suspect
	not lib.is_integer(n)
	n >= minimum
	n <= maximum
	msg := sprintf("%s sets %s %s, not a whole number of MB", [
		lib.subject(fn), lib.property(fn, "ephemeral_storage"), lib.format_number(n),
	])
}
