# METADATA
# title: edge function on arm64
# description: >-
#   Reports a function that a CloudFront distribution runs as Lambda@Edge and
#   whose Architectures is arm64. Lambda@Edge runs x86_64 functions only:
#   CloudFront refuses to associate the function.
# related_resources:
#   - description: Lambda@Edge restrictions
#     ref: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-at-edge-function-restrictions.html
# custom:
#   id: LV505
#   severity: error
package lambdavet.rules.lv505

import data.lambdavet.edge
import data.lambdavet.lib

violations contains edge.violation(fn, item, g, msg) if {
	some fn in edge.functions
	some list in lib.candidates(lib.setting(fn, "architectures"))
	list.type == "list"
	some v in list.value
	some c in lib.candidates(v)
	c.value == "arm64"
	item := lib.with_when_of(c, list)
	some g in edge.groups(fn, item)
	msg := sprintf("%s sets %s \"arm64\", which Lambda@Edge does not allow: it runs x86_64 functions only", [
		lib.subject(fn), lib.property(fn, "architectures"),
	])
}
