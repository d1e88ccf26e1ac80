# METADATA
# title: memory size out of range
# description: >-
#   Reports a function whose MemorySize is below 128 MB, above 10,240 MB, or not
#   a whole number of MB; AWS rejects such a function when it is created or
#   updated. Functions with a capacity provider (Lambda Managed Instances) may go
#   up to 32,768 MB. An organization ceiling (limits: memory-max in
#   .lambdavet.yaml) lowers the maximum and is reported under this id, naming
#   where it was set. When the value depends on a condition or a parameter, each
#   path that is out of range is reported with the path named.
# related_resources:
#   - description: Lambda quotas
#     ref: https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
#   - description: Configure Lambda function memory
#     ref: https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html
# custom:
#   id: LV101
#   severity: error
package lambdavet.rules.lv101

import data.lambdavet.lib

minimum := 128

maximum := 10240

# maximum with a capacity provider (Lambda Managed Instances)
managed_maximum := 32768

# the values the checks below judge: every valid one is left out once
_suspect := lib.numbers_to_judge("memory_size", minimum, _lowest_ceiling)

_lowest_ceiling := lib.lowest_ceiling(maximum, "memory_max")

violations contains lib.violation(fn, c, msg) if {
	some [fn, c, n] in _suspect
	n < minimum
	msg := sprintf("%s sets %s %s, below the Lambda minimum of %d MB", [
		lib.subject(fn), lib.property(fn, "memory_size"), lib.format_number(n), minimum,
	])
}

violations contains lib.violation(fn, lib.with_when_of(c, m.path), msg) if {
	some [fn, c, n] in _suspect
	n > _lowest_ceiling
	some m in lib.ceilings(fn, c, maximum, managed_maximum, "memory_max")
	n > m.maximum
	msg := sprintf("%s sets %s %s, above %s", [
		lib.subject(fn), lib.property(fn, "memory_size"), lib.format_number(n), lib.maximum_text(m, "MB"),
	])
}

# a fraction of a MB, reported only when the value is otherwise in range
violations contains lib.violation(fn, c, msg) if {
	some [fn, c, n] in _suspect
	not lib.is_integer(n)
	n >= minimum
	every m in lib.ceilings(fn, c, maximum, managed_maximum, "memory_max") {
		n <= m.maximum
	}
	msg := sprintf("%s sets %s %s, not a whole number of MB", [lib.subject(fn), lib.property(fn, "memory_size"), lib.format_number(n)])
}
