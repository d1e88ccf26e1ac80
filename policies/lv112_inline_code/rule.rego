# METADATA
# title: inline code lambda refuses
# description: >-
#   Reports inline code (SAM InlineCode, CloudFormation Code ZipFile) on a
#   function whose runtime is not Node.js or Python, which CloudFormation
#   refuses, and inline code of more than 1,000,000 bytes (UTF-8), more than a
#   template can hold: CloudFormation takes templates of at most 1 MB, so such
#   a function cannot be deployed inline (the documented limit of 4 MB for the
#   zip CloudFormation makes of the code comes after it). Terraform has no
#   inline code. Settings inherited from SAM Globals count; a runtime or code
#   that is not known, and runtime identifiers that are not Lambda runtimes
#   (LV401's), are not judged. When the settings depend on a condition, each
#   path is reported with the path named. A runtime is reported at the
#   runtime, a size at the code.
# related_resources:
#   - description: AWS::Lambda::Function Code, ZipFile (CloudFormation)
#     ref: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-lambda-function-code.html
#   - description: CloudFormation quotas (template body size in an Amazon S3 object)
#     ref: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
#   - description: AWS::Serverless::Function InlineCode (SAM)
#     ref: https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-function.html
# custom:
#   id: LV112
#   severity: error
package lambdavet.rules.lv112

import data.lambdavet.lib
import data.lambdavet.runtime

# the largest template CloudFormation takes, in bytes (1 MB; cfn-lint E1002
# and the service's "Template may not exceed 1000000 bytes in size")
max_template := 1000000

# inline code with a runtime other than Node.js or Python
# _inline_functions holds the functions that set inline code at all, in one pass for
# both checks below.
_inline_functions := [fn | some fn in input.functions; fn.inline_code.state != "absent"]

violations contains lib.violation(fn, lib.with_when_of(rt, code), msg) if {
	some fn in _inline_functions
	some code in lib.present(fn.inline_code)
	some rt in runtime.candidates(fn)
	lib.compatible(rt, code)
	runtime.info(rt.value)
	not runtime.family(rt.value).inline_code
	msg := sprintf("%s sets %s %q with inline code (%s); CloudFormation takes inline code for Node.js and Python only", [
		lib.subject(fn), lib.property(fn, "runtime"), rt.value, lib.property(fn, "inline_code"),
	])
}

# inline code larger than a template can be
violations contains lib.violation(fn, code, msg) if {
	some fn in _inline_functions
	some code in lib.candidates(fn.inline_code)
	code.type == "string"

	# a character is 1 to 4 bytes: only code of more than a quarter of the
	# limit in characters can be over it in bytes
	count(code.value) * 4 > max_template
	bytes := count(hex.encode(code.value)) / 2
	bytes > max_template
	msg := sprintf("%s has %s of %d bytes, more than a template can hold (CloudFormation takes at most %d bytes); deploy the code as a package instead", [
		lib.subject(fn), lib.property(fn, "inline_code"), bytes, max_template,
	])
}
