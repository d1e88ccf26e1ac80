# METADATA
# title: edge function with layers
# description: >-
#   Reports a function that a CloudFront distribution runs as Lambda@Edge and
#   that uses layers (on the function, or inherited from SAM Globals).
#   Lambda@Edge does not support layers: CloudFront refuses to associate the
#   function.
# related_resources:
#   - description: Lambda@Edge restrictions
#     ref: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-at-edge-function-restrictions.html
# custom:
#   id: LV504
#   severity: error
package lambdavet.rules.lv504

import data.lambdavet.edge
import data.lambdavet.lib

violations contains edge.violation(fn, c, g, msg) if {
	some fn in edge.functions
	some c in edge.set(lib.setting(fn, "layers"))
	c.type == "list"
	some g in edge.groups(fn, c)
	msg := sprintf("%s sets %s, which Lambda@Edge does not allow", [lib.subject(fn), lib.property(fn, "layers")])
}
