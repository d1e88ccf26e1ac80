# METADATA
# title: architecture the runtime does not support
# description: >-
#   Reports a function whose Architectures names arm64 while its runtime runs
#   on x86_64 only (go1.x, java8, provided, python3.7 and older, Node.js 10
#   and older, among others), or names something that is not a Lambda
#   architecture at all. AWS rejects such a function when it is created or
#   updated. Architectures and Runtime set on different condition paths are
#   combined only where both paths can happen.
# related_resources:
#   - description: Lambda instruction set architectures
#     ref: https://docs.aws.amazon.com/lambda/latest/dg/foundation-arch.html
#   - description: Lambda runtimes (supported architectures)
#     ref: https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
# custom:
#   id: LV403
#   severity: error
package lambdavet.rules.lv403

import data.lambdavet.lib
import data.lambdavet.runtime

architectures := {"x86_64", "arm64"}

# _set_architectures pairs each function with the architectures it sets, in
# one pass for both checks below.
_set_architectures := [[fn, a] | some fn in input.functions; some a in _architectures(fn)]

violations contains lib.violation(fn, lib.with_when_of(a, r), msg) if {
	some [fn, a] in _set_architectures
	a.value in architectures
	some r in runtime.candidates(fn)
	info := runtime.info(r.value)
	not a.value in info.architectures
	lib.compatible(a, r)
	msg := sprintf("%s sets %s %q, which runtime %q does not support: it runs on %s only", [
		lib.subject(fn), lib.property(fn, "architectures"), a.value, r.value, concat(" and ", info.architectures),
	])
}

violations contains lib.violation(fn, a, msg) if {
	some [fn, a] in _set_architectures
	not a.value in architectures
	msg := sprintf("%s sets %s %q, not a Lambda architecture (x86_64 or arm64)", [
		lib.subject(fn), lib.property(fn, "architectures"), a.value,
	])
}

# _architectures returns the known string items of the function's
# Architectures lists, each with the condition path of its list.
_architectures(fn) := {lib.with_when_of(item, list) |
	some list in lib.candidates(lib.setting(fn, "architectures"))
	list.type == "list"
	some v in list.value
	some item in lib.candidates(v)
	item.type == "string"
}
