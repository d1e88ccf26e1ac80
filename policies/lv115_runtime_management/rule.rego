# METADATA
# title: runtime management config incomplete
# description: >-
#   Reports a RuntimeManagementConfig that Lambda refuses: one without
#   UpdateRuntimeOn (the update mode is required), or one whose mode is Manual
#   without the RuntimeVersionArn to pin. In Terraform, where the setting is the
#   aws_lambda_runtime_management_config resource of the function and the
#   provider lets update_runtime_on default, only Manual without
#   runtime_version_arn is reported. Settings inherited from SAM Globals count;
#   values that are not known are not judged. When the settings depend on a
#   condition, each path that leaves the setting out is reported with the path
#   named.
# related_resources:
#   - description: Lambda runtime version updates (runtime management controls)
#     ref: https://docs.aws.amazon.com/lambda/latest/dg/runtimes-update.html
#   - description: PutRuntimeManagementConfig (Lambda API reference)
#     ref: https://docs.aws.amazon.com/lambda/latest/api/API_PutRuntimeManagementConfig.html
#   - description: AWS::Lambda::Function RuntimeManagementConfig (CloudFormation)
#     ref: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-lambda-function-runtimemanagementconfig.html
# custom:
#   id: LV115
#   severity: error
package lambdavet.rules.lv115

import data.lambdavet.lib

# no update mode (templates only: the Terraform provider has a default)
# _managed_functions holds the functions that set a runtime management configuration at all, in one pass for
# both checks below.
_managed_functions := [fn | some fn in input.functions; fn.runtime_management_config.state != "absent"]

violations contains lib.violation(fn, lib.with_when_of(config, mode), msg) if {
	some fn in _managed_functions
	not _terraform(fn)
	some config in lib.candidates(fn.runtime_management_config)
	config.type == "map"
	some mode in _unset(object.get(config.value, "UpdateRuntimeOn", lib.absent))
	lib.compatible(mode, config)
	msg := sprintf("%s sets %s without UpdateRuntimeOn; Lambda requires the update mode (Auto, FunctionUpdate or Manual)", [
		lib.subject(fn), lib.property(fn, "runtime_management_config"),
	])
}

# Manual without the runtime version to pin
violations contains lib.violation(fn, lib.with_when_of(lib.with_when_of(mode, arn), config), msg) if {
	some fn in _managed_functions
	some config in lib.candidates(fn.runtime_management_config)
	config.type == "map"
	some mode in lib.candidates(_field(fn, config, "UpdateRuntimeOn", "update_runtime_on"))
	mode.value == "Manual"
	lib.compatible(mode, config)
	some arn in _unset(_field(fn, config, "RuntimeVersionArn", "runtime_version_arn"))
	lib.compatible(arn, mode)
	lib.compatible(arn, config)
	msg := sprintf("%s sets %s Manual without %s; Lambda needs the runtime version a Manual function keeps", [
		lib.subject(fn), _name(fn, "UpdateRuntimeOn", "update_runtime_on"),
		_name(fn, "RuntimeVersionArn", "runtime_version_arn"),
	])
}

_terraform(fn) if lib.property(fn, "runtime_management_config") == "aws_lambda_runtime_management_config"

_field(fn, config, template, _) := object.get(config.value, template, lib.absent) if {
	not _terraform(fn)
}

_field(fn, config, _, terraform) := object.get(config.value, terraform, lib.absent) if {
	_terraform(fn)
}

_name(fn, _, terraform) := terraform if _terraform(fn)

_name(fn, template, _) := template if not _terraform(fn)

# the leaves of v that leave the setting out: absent, null or empty
_unset(v) := lib.missing(v) | {c |
	some c in lib.candidates(v)
	c.type == "string"
	c.value == ""
}
