# METADATA
# title: image function with runtime, handler or layers
# description: >-
#   Reports a function packaged as a container image (PackageType Image) that
#   also sets Runtime, Handler or Layers. An image carries its own runtime and
#   entry point, and cannot use layers: AWS CloudFormation and the SAM
#   translator reject the function. A setting inherited from SAM Globals counts,
#   since SAM merges Globals into image functions too.
# related_resources:
#   - description: Lambda quotas (container image and layer limits)
#     ref: https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
#   - description: Create a Lambda function using a container image
#     ref: https://docs.aws.amazon.com/lambda/latest/dg/images-create.html
# custom:
#   id: LV108
#   severity: error
package lambdavet.rules.lv108

import data.lambdavet.lib

# the properties an image function must leave unset, in report order
settings := [
	{"key": "runtime", "name": "Runtime", "advice": "image functions take it from the image"},
	{"key": "handler", "name": "Handler", "advice": "image functions take it from the image"},
	{
		"key": "layers", "name": "Layers",
		"advice": "image functions cannot use layers, build their content into the image",
	},
]

violations contains lib.violation(fn, lib.with_when_of(c, package_type), msg) if {
	some fn in input.functions
	some package_type in lib.candidates(lib.setting(fn, "package_type"))
	package_type.value == "Image"
	some setting in settings
	some c in lib.present(lib.setting(fn, setting.key))
	not _empty(c)
	lib.compatible(c, package_type)
	msg := sprintf("%s is a container image (%s Image) but sets %s; %s", [
		lib.subject(fn), lib.property(fn, "package_type"), lib.property(fn, setting.key), setting.advice,
	])
}

# an empty list or string sets nothing (the SAM translator lets it pass)
_empty(c) if c.value == []

_empty(c) if c.value == ""
