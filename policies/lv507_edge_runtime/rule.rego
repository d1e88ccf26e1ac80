# METADATA
# title: edge function not on Node.js or Python
# description: >-
#   Reports a function that a CloudFront distribution runs as Lambda@Edge and
#   whose runtime is not Node.js or Python (Java, .NET, Ruby, an OS-only
#   runtime), or that is a container image. Lambda@Edge runs Node.js and
#   Python .zip functions only: CloudFront refuses to associate the function.
#   Runtime identifiers that are not Lambda runtimes are left to LV401.
# related_resources:
#   - description: Lambda@Edge restrictions (supported runtimes)
#     ref: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-at-edge-function-restrictions.html
# custom:
#   id: LV507
#   severity: error
package lambdavet.rules.lv507

import data.lambdavet.edge
import data.lambdavet.lib
import data.lambdavet.runtime

violations contains edge.violation(fn, c, g, msg) if {
	some fn in edge.functions
	some c in runtime.candidates(fn)
	not runtime.family(c.value).edge
	some g in edge.groups(fn, c)
	msg := sprintf("%s sets %s %q, which Lambda@Edge does not support: it runs Node.js and Python only", [
		lib.subject(fn), lib.property(fn, "runtime"), c.value,
	])
}

violations contains edge.violation(fn, c, g, msg) if {
	some fn in edge.functions
	some c in lib.candidates(lib.setting(fn, "package_type"))
	c.value == "Image"
	some g in edge.groups(fn, c)
	msg := sprintf("%s sets %s \"Image\", which Lambda@Edge does not support: it runs Node.js and Python .zip functions only", [
		lib.subject(fn), lib.property(fn, "package_type"),
	])
}
