# METADATA
# title: edge function attached to a VPC
# description: >-
#   Reports a function that a CloudFront distribution runs as Lambda@Edge and
#   that is attached to a VPC (VpcConfig with subnets or security groups).
#   Lambda@Edge does not support VPC access: CloudFront refuses to associate
#   the function. A VpcConfig whose lists are empty attaches nothing and is
#   not reported.
# related_resources:
#   - description: Lambda@Edge restrictions
#     ref: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-at-edge-function-restrictions.html
# custom:
#   id: LV503
#   severity: error
package lambdavet.rules.lv503

import data.lambdavet.edge
import data.lambdavet.lib

violations contains edge.violation(fn, c, g, msg) if {
	some fn in edge.functions
	some c in edge.set(lib.setting(fn, "vpc_config"))
	_attached(c)
	some g in edge.groups(fn, c)
	msg := sprintf("%s sets %s, which Lambda@Edge does not allow", [lib.subject(fn), lib.property(fn, "vpc_config")])
}

# a VpcConfig attaches the function when it lists subnets or security
# groups (or lists not known until deployment)
_attached(c) if {
	c.type == "map"
	some field in c.value
	some v in lib.present(field)
	_list(v)
}

_list(v) if v.state == "unknown"

_list(v) if {
	v.type == "list"
	count(v.value) > 0
}
