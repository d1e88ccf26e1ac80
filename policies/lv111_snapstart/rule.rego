# METADATA
# title: snapstart where lambda refuses it
# description: >-
#   Reports a function that turns on SnapStart (ApplyOn PublishedVersions)
#   with what SnapStart does not support, which Lambda refuses: a runtime
#   other than Java 11 and later, Python 3.12 and later or .NET 8 and later
#   (other managed runtimes, OS-only runtimes), a container image, an Amazon
#   EFS file system, ephemeral storage above 512 MB, or provisioned
#   concurrency (SAM ProvisionedConcurrencyConfig, that of a version or alias
#   of the function, an aws_lambda_provisioned_concurrency_config, the lambda
#   module's provisioned_concurrent_executions). A warning when nothing
#   publishes a version of the function (no AutoPublishAlias, no
#   AWS::Lambda::Version of it, publish not true): SnapStart snapshots
#   published versions only. Settings inherited from SAM Globals count; values
#   that are not known, and runtime identifiers that are not Lambda runtimes
#   (LV401's), are not judged. When the settings depend on a condition, each
#   path is reported with the path named. The finding points at SnapStart's
#   ApplyOn.
# related_resources:
#   - description: Improving startup performance with Lambda SnapStart (supported runtimes and limitations)
#     ref: https://docs.aws.amazon.com/lambda/latest/dg/snapstart.html
#   - description: Activating and managing Lambda SnapStart (published versions)
#     ref: https://docs.aws.amazon.com/lambda/latest/dg/snapstart-activate.html
#   - description: AWS::Lambda::Function SnapStart (CloudFormation)
#     ref: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-lambda-function-snapstart.html
# custom:
#   id: LV111
#   severity: error
package lambdavet.rules.lv111

import data.lambdavet.lib
import data.lambdavet.runtime

# the largest ephemeral storage SnapStart supports, in MB
max_storage := 512

# a runtime SnapStart does not support
# _snap_start_functions holds the functions that set SnapStart at all, in
# one pass for the six checks below.
_snap_start_functions := [fn | some fn in input.functions; fn.snap_start.state != "absent"]

violations contains lib.violation(fn, lib.with_when_of(on, rt), msg) if {
	some fn in _snap_start_functions
	some on in _on(fn)
	some rt in runtime.candidates(fn)
	lib.compatible(on, rt)
	_judged(rt.value)
	not _supports(rt.value)
	msg := sprintf("%s turns on %s with %s %q%s; SnapStart supports Java 11+, Python 3.12+ and .NET 8+ runtimes only", [
		lib.subject(fn), lib.property(fn, "snap_start"), lib.property(fn, "runtime"), rt.value, _from(rt, on),
	])
}

# a container image
violations contains lib.violation(fn, lib.with_when_of(on, pt), msg) if {
	some fn in _snap_start_functions
	some on in _on(fn)
	some pt in lib.candidates(lib.setting(fn, "package_type"))
	pt.value == "Image"
	lib.compatible(on, pt)
	msg := sprintf("%s turns on %s with %s Image%s; SnapStart does not support container images", [
		lib.subject(fn), lib.property(fn, "snap_start"), lib.property(fn, "package_type"), _from(pt, on),
	])
}

# an EFS file system
violations contains lib.violation(fn, lib.with_when_of(on, fs), msg) if {
	some fn in _snap_start_functions
	some on in _on(fn)
	some fs in lib.candidates(lib.setting(fn, "file_system_configs"))
	_entries(fs)
	lib.compatible(on, fs)
	msg := sprintf("%s turns on %s with an EFS file system (%s%s); SnapStart does not support Amazon EFS", [
		lib.subject(fn), lib.property(fn, "snap_start"), lib.property(fn, "file_system_configs"), _from(fs, on),
	])
}

# ephemeral storage above 512 MB
violations contains lib.violation(fn, lib.with_when_of(on, size), msg) if {
	some fn in _snap_start_functions
	some on in _on(fn)
	some size in lib.candidates(lib.setting(fn, "ephemeral_storage"))
	n := lib.number(size)
	n > max_storage
	lib.compatible(on, size)
	msg := sprintf("%s turns on %s with %s %s MB%s; SnapStart supports at most %d MB of ephemeral storage", [
		lib.subject(fn), lib.property(fn, "snap_start"), lib.property(fn, "ephemeral_storage"),
		lib.format_number(n), _from(size, on), max_storage,
	])
}

# provisioned concurrency
violations contains lib.violation(fn, lib.with_when_of(on, pc), msg) if {
	some fn in _snap_start_functions
	some on in _on(fn)
	some pc in lib.candidates(lib.setting(fn, "provisioned_concurrency"))
	pc.type != "null"
	not _no_count(pc)
	lib.compatible(on, pc)
	msg := sprintf("%s turns on %s with provisioned concurrency (%s%s); SnapStart does not support provisioned concurrency", [
		lib.subject(fn), lib.property(fn, "snap_start"), lib.property(fn, "provisioned_concurrency"), _from(pc, on),
	])
}

# no version published: nothing is snapshotted (a warning)
violations contains object.union(lib.violation(fn, lib.with_when_of(on, gap), msg), {"severity": "warning"}) if {
	some fn in _snap_start_functions
	some on in _on(fn)
	some gap in _unpublished(fn)
	lib.compatible(on, gap)
	msg := sprintf("%s turns on %s but publishes no version (%s); SnapStart snapshots published versions only, $LATEST runs without it", [
		lib.subject(fn), lib.property(fn, "snap_start"), _publishers(fn),
	])
}

# _on are the ApplyOn values PublishedVersions of fn's SnapStart, each with
# the path of the SnapStart map that holds it
_on(fn) := {lib.with_when_of(apply, config) |
	some config in lib.candidates(fn.snap_start)
	config.type == "map"
	some apply in lib.candidates(object.get(config.value, _apply_on(fn), lib.absent))
	apply.value == "PublishedVersions"
	lib.compatible(apply, config)
}

# _from says where the conflicting value c came from (Globals, a parameter
# or variable default, tfvars) when that is not where SnapStart did: the
# finding is at SnapStart, whose origin the note gives. An argument of the
# module call that sets SnapStart is beside it, and not named.
_from(c, on) := sprintf(" (set by %s)", [c.origin]) if {
	object.get(c, "origin", "") != ""
	c.origin != object.get(on, "origin", "")
	not regex.match(`^module ".*" argument `, c.origin)
} else := ""

_terraform(fn) if lib.property(fn, "snap_start") == "snap_start"

_apply_on(fn) := "apply_on" if _terraform(fn)

_apply_on(fn) := "ApplyOn" if not _terraform(fn)

# _judged holds for the Lambda runtimes whose SnapStart support the
# documentation settles: the managed and OS-only ones (customer-managed
# runtimes are not mentioned)
_judged(id) if runtime.info(id).family != "custom"

# _supports holds for a runtime of a family SnapStart supports, as recent as
# the family's oldest runtime with SnapStart or more
_supports(id) if {
	first := runtime.family(id).snap_start
	runtime.info(id).order >= runtime.info(first).order
}

# a file system list with an entry (Terraform gives a block as a list, or
# as a map in JSON syntax)
_entries(fs) if {
	fs.type in {"list", "map"}
	count(fs.value) > 0
}

# _no_count holds for a count of provisioned executions below 1 (the
# Serverless Framework's provisionedConcurrency: 0), which configures none
_no_count(pc) if lib.number(pc) < 1

# _unpublished are the paths on which nothing publishes a version: no
# AutoPublishAlias (SAM) and publish neither true nor unknown
_unpublished(fn) := {lib.with_when_of(alias, publish) |
	some alias in lib.missing(lib.setting(fn, "auto_publish_alias"))
	some publish in _not_true(lib.setting(fn, "publish"))
	lib.compatible(alias, publish)
}

_not_true(v) := lib.missing(v) | {c |
	some c in lib.candidates(v)
	c.type == "bool"
	c.value == false
}

# what would publish a version, in the function's format: a version
# resource in a template, a setting elsewhere (Terraform's publish, the
# Serverless Framework's versionFunctions)
_publishers(fn) := "no AutoPublishAlias, no AWS::Lambda::Version of it" if {
	fn.type == "AWS::Serverless::Function"
} else := "no AWS::Lambda::Version of it" if {
	lib.property(fn, "publish") == "AWS::Lambda::Version"
} else := sprintf("%s is not true", [lib.property(fn, "publish")])
