# METADATA
# title: too many layers
# description: >-
#   Reports a function that uses more than 5 layers, the most AWS allows per
#   function; the stack fails to create or update. SAM Globals layers count:
#   they are added to the function's own list. A layer written under a condition
#   (!If with AWS::NoValue) counts only when it is there on every path, so the
#   count reported is a lower bound in that case.
# related_resources:
#   - description: Lambda quotas
#     ref: https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
# custom:
#   id: LV105
#   severity: error
package lambdavet.rules.lv105

import data.lambdavet.lib

maximum := 5

violations contains lib.violation(fn, c, msg) if {
	some fn in input.functions
	some c in lib.candidates(lib.setting(fn, "layers"))
	c.type == "list"

	# layers present whatever path is taken
	certain := [item | some item in c.value; count(lib.missing(item)) == 0]
	count(certain) > maximum
	msg := sprintf("%s uses %s%d layers, above the Lambda maximum of %d", [
		lib.subject(fn), _at_least(c, certain), count(certain), maximum,
	])
}

_at_least(c, certain) := "at least " if {
	count(certain) < count(c.value)
} else := ""
