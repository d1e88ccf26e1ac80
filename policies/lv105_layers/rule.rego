# METADATA
# title: too many layers
# description: >-
#   Reports a function that uses more than 5 layers, the most AWS allows per
#   function; the stack fails to create or update. SAM Globals layers count:
#   they are added to the function's own list. A layer written under a condition
#   (!If with AWS::NoValue) counts on the paths where it is there: when the
#   layers present on every path are already too many the message says "at
#   least", otherwise the condition path that adds one too many is named.
# related_resources:
#   - description: Lambda quotas
#     ref: https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
# custom:
#   id: LV105
#   severity: error
package lambdavet.rules.lv105

import data.lambdavet.lib

maximum := 5

# _lists holds each function's candidate lists of layers, in one pass for
# both checks below.
_lists := [[fn, c] |
	some fn in input.functions
	some c in lib.candidates(lib.setting(fn, "layers"))
	c.type == "list"
]

violations contains lib.violation(fn, c, msg) if {
	some [fn, c] in _lists

	# layers present whatever path is taken
	certain := [item | some item in c.value; count(lib.missing(item)) == 0]
	count(certain) > maximum
	msg := sprintf("%s uses %s%d layers, above the Lambda maximum of %d", [
		lib.subject(fn), _at_least(c, certain), count(certain), maximum,
	])
}

# layers added only on some condition paths (an Fn::If with AWS::NoValue, a
# Terraform conditional): the path that takes the list over the maximum is
# reported and named, when the layers present on every path are not already
# over it
violations contains lib.violation(fn, object.union(c, {"when": when}), msg) if {
	some [fn, c] in _lists
	certain := [item | some item in c.value; count(lib.missing(item)) == 0]
	count(certain) <= maximum
	whens := {leaf.when |
		some item in c.value
		count(lib.missing(item)) > 0
		some leaf in lib.present(item)
		leaf.when != ""
	}
	some when in whens
	on_path := [item |
		some item in c.value
		count(lib.missing(item)) > 0
		some leaf in lib.present(item)
		leaf.when == when
	]
	total := count(certain) + count(on_path)
	total > maximum
	msg := sprintf("%s uses %d layers, above the Lambda maximum of %d", [lib.subject(fn), total, maximum])
}

_at_least(c, certain) := "at least " if {
	count(certain) < count(c.value)
} else := ""
