# METADATA
# title: unknown runtime identifier
# description: >-
#   Reports a function whose Runtime is not a Lambda runtime identifier (a
#   typo such as python3 or nodejs20, a version Lambda never offered, a
#   runtime available only as a container image) and suggests the closest
#   valid one. AWS rejects such a function when it is created or updated.
#   Values that stand for a runtime filled in later (JAVA_VERSION,
#   {{runtime}}) and values lambdavet cannot know are not reported.
# related_resources:
#   - description: Lambda runtimes
#     ref: https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
#   - description: CreateFunction Runtime parameter
#     ref: https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html
# custom:
#   id: LV401
#   severity: error
package lambdavet.rules.lv401

import data.lambdavet.lib
import data.lambdavet.runtime

violations contains lib.violation(fn, c, msg) if {
	some fn in input.functions
	some c in runtime.candidates(fn)
	not runtime.info(c.value)
	not runtime.placeholder(c.value)
	msg := concat("", [
		sprintf("%s sets %s %q, not a Lambda runtime", [lib.subject(fn), lib.property(fn, "runtime"), c.value]),
		_hint(c.value),
	])
}

# a runtime Lambda offers only as a container image base
_hint(s) := sprintf(": %s runs on Lambda only as a container image; use %q", [c.name, c.use]) if {
	c := runtime.lifecycle.container_only[s]
} else := sprintf("; did you mean %q?%s", [id, _deprecated_note(id)]) if {
	id := runtime.suggestion(s)
} else := ""

# the closest identifier may itself be deprecated (node6.10 is nodejs6.10)
_deprecated_note(id) := sprintf(" (deprecated: the newest %s runtime is %q)", [f.name, f.latest]) if {
	runtime.info(id).deprecated <= runtime.today
	f := runtime.family(id)
	f.latest != id
} else := ""
