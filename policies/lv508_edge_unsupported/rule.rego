# METADATA
# title: edge function with a setting Lambda@Edge does not support
# description: >-
#   Reports a function that a CloudFront distribution runs as Lambda@Edge and
#   that sets what Lambda@Edge does not support besides the settings of
#   LV501-LV507: a dead-letter queue, active X-Ray tracing, reserved
#   concurrency, provisioned concurrency, or runtime management other than
#   Auto. CloudFront refuses to associate the function. Settings inherited
#   from SAM Globals count.
# related_resources:
#   - description: Lambda@Edge restrictions
#     ref: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-at-edge-function-restrictions.html
# custom:
#   id: LV508
#   severity: error
package lambdavet.rules.lv508

import data.lambdavet.edge
import data.lambdavet.lib

# settings that are unsupported whenever they are set, by property name in
# SAM, CloudFormation and Terraform
unsupported_when_set := {
	"DeadLetterQueue", "DeadLetterConfig", "dead_letter_config",
	"ProvisionedConcurrencyConfig",
}

violations contains edge.violation(fn, c, g, msg) if {
	some fn in edge.functions
	some name in unsupported_when_set
	some c in edge.set(_property(fn, name))
	some g in edge.groups(fn, c)
	msg := sprintf("%s sets %s, which Lambda@Edge does not support", [lib.subject(fn), name])
}

# reserved concurrency: any number but Terraform's -1 (unreserved)
violations contains edge.violation(fn, c, g, msg) if {
	some fn in edge.functions
	some name in {"ReservedConcurrentExecutions", "reserved_concurrent_executions"}
	some c in lib.candidates(_property(fn, name))
	n := lib.number(c)
	n >= 0
	some g in edge.groups(fn, c)
	msg := sprintf("%s sets %s %s, which Lambda@Edge does not support", [lib.subject(fn), name, lib.format_number(n)])
}

# active X-Ray tracing: SAM Tracing, CloudFormation TracingConfig Mode,
# Terraform tracing_config mode
violations contains edge.violation(fn, c, g, msg) if {
	some fn in edge.functions
	some [name, field] in [["Tracing", ""], ["TracingConfig", "Mode"], ["tracing_config", "mode"]]
	some c in _field(_property(fn, name), field)
	c.value == "Active"
	some g in edge.groups(fn, c)
	msg := sprintf("%s sets %s \"Active\", which Lambda@Edge does not support", [lib.subject(fn), trim_space(concat(" ", [name, field]))])
}

# runtime management other than Auto
violations contains edge.violation(fn, c, g, msg) if {
	some fn in edge.functions
	some c in _field(_property(fn, "RuntimeManagementConfig"), "UpdateRuntimeOn")
	is_string(c.value)
	c.value != "Auto"
	some g in edge.groups(fn, c)
	msg := sprintf("%s sets RuntimeManagementConfig UpdateRuntimeOn %q, which Lambda@Edge does not support (only Auto)", [
		lib.subject(fn), c.value,
	])
}

# _property returns the function's effective property name.
_property(fn, name) := v if {
	some props in lib.candidates(lib.setting(fn, "properties"))
	props.type == "map"
	v := props.value[name]
} else := lib.absent

# _field returns the known values of field in v: v itself when field is "",
# else field of v's map, or of each map of v's list (a Terraform block),
# each with the path of the value holding it.
_field(v, "") := lib.candidates(v)

_field(v, field) := {lib.with_when_of(c, m) |
	some m in _maps(v)
	some c in lib.candidates(object.get(m.value, field, lib.absent))
} if field != ""

_maps(v) := {m | some m in lib.candidates(v); m.type == "map"} | {lib.with_when_of(m, l) |
	some l in lib.candidates(v)
	l.type == "list"
	some item in l.value
	some m in lib.candidates(item)
	m.type == "map"
}
