# METADATA
# title: zip package without handler or runtime
# description: >-
#   Reports a function packaged as a .zip archive (PackageType Zip, or not set,
#   which is Zip) that sets no Handler or no Runtime: Lambda requires both for
#   a .zip package and refuses to create the function. Values inherited from
#   SAM Globals count; a value that is not known (a parameter without default,
#   an import, a data source) is taken as set, and a function whose package
#   type is not known is not judged. Container images are LV108's. When the
#   setting or the package type depends on a condition, each path that leaves
#   the setting out of a .zip function is reported with the path named.
# related_resources:
#   - description: CreateFunction (Lambda API reference), Handler and Runtime
#     ref: https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html
#   - description: AWS::Lambda::Function (CloudFormation), Handler and Runtime
#     ref: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-lambda-function.html
# custom:
#   id: LV110
#   severity: error
package lambdavet.rules.lv110

import data.lambdavet.lib

# the settings a .zip function needs, in report order
required := ["handler", "runtime"]

# gaps are the settings a .zip path of fn leaves out: the setting, the
# leaf that leaves it out (joined with the path's when) and the path
zip_gaps(fn) := {gap |
	some zip in lib.leaves(lib.setting(fn, "package_type"))
	_is_zip(zip)
	some key in required
	some c in _unset(lib.setting(fn, key))
	lib.compatible(c, zip)
	gap := {"key": key, "at": lib.with_when_of(c, zip), "zip": zip}
}

# neither setting, on one path, and both left out by leaving them unwritten:
# one finding names both
# _incomplete holds the functions that do not plainly set both settings, in
# one pass for both checks below.
_incomplete := [fn | some fn in input.functions; not _complete(fn)]

violations contains lib.violation(fn, gap.at, msg) if {
	some fn in _incomplete
	some gap in zip_gaps(fn)
	gap.key == "handler"
	_paired(fn, gap)
	msg := sprintf("%s is a .zip package%s but sets neither %s nor %s; Lambda requires both for a .zip package", [
		lib.subject(fn), _zip_note(fn, gap.zip), lib.property(fn, "handler"), lib.property(fn, "runtime"),
	])
}

violations contains lib.violation(fn, gap.at, msg) if {
	some fn in _incomplete
	some gap in zip_gaps(fn)
	not _paired(fn, gap)
	msg := sprintf("%s is a .zip package%s but sets %s; Lambda requires %s and %s for a .zip package", [
		lib.subject(fn), _zip_note(fn, gap.zip), _what(fn, gap), lib.property(fn, "handler"), lib.property(fn, "runtime"),
	])
}

# _paired holds for a gap left by an unwritten setting when the other
# setting is unwritten on the same path too
_paired(fn, gap) if {
	_unwritten(gap.at)
	some other in zip_gaps(fn)
	other.key != gap.key
	_unwritten(other.at)
	object.get(other.at, "when", "") == object.get(gap.at, "when", "")
}

_unwritten(c) if c.state == "absent"

# _complete is the common case, told cheaply (a rule's cost is paid by every
# function of a template of thousands): a handler and a runtime written as
# values, or an image
_complete(fn) if {
	_written(fn.handler)
	_written(fn.runtime)
}

_complete(fn) if {
	fn.package_type.state == "known"
	fn.package_type.value == "Image"
}

_written(v) if {
	v.state == "known"
	v.type == "string"
	v.value != ""
}

_written(v) if v.state == "unknown"

_unset(v) := lib.missing(v) | {c |
	some c in lib.candidates(v)
	c.type == "string"
	c.value == ""
}

_is_zip(c) if c.state == "absent"

_is_zip(c) if {
	c.state == "known"
	c.type == "null"
}

_is_zip(c) if {
	c.state == "known"
	c.value == "Zip"
}

_zip_note(fn, zip) := sprintf(" (%s not set, so Zip)", [lib.property(fn, "package_type")]) if {
	not zip.state == "known"
} else := sprintf(" (%s not set, so Zip)", [lib.property(fn, "package_type")]) if {
	zip.type == "null"
} else := ""

_what(fn, gap) := sprintf("an empty %s", [lib.property(fn, gap.key)]) if {
	gap.at.state == "known"
	gap.at.type == "string"
} else := sprintf("no %s", [lib.property(fn, gap.key)])
