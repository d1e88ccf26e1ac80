# METADATA
# title: edge association without a numbered version
# description: >-
#   Reports a CloudFront Lambda@Edge association that points at a function's
#   unqualified ARN, at $LATEST or at an alias instead of a numbered version:
#   Fn::GetAtt Fn.Arn, an ARN ending in :$LATEST or an alias name, SAM's
#   Fn.Alias, an AWS::Lambda::Alias, Terraform's arn, an aws_lambda_alias, or
#   qualified_arn of a function without publish = true. CloudFront accepts
#   only a published version (AWS::Lambda::Version, SAM's Fn.Version with
#   AutoPublishAlias, qualified_arn with publish = true). The finding points
#   at the association.
# related_resources:
#   - description: Lambda@Edge restrictions (numbered version)
#     ref: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-at-edge-function-restrictions.html
#   - description: Adding triggers for a Lambda@Edge function
#     ref: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-edge-add-triggers.html
# custom:
#   id: LV506
#   severity: error
package lambdavet.rules.lv506

import data.lambdavet.edge
import data.lambdavet.lib

targets := {
	"latest": "$LATEST",
	"alias": "an alias",
	"unqualified": "its unqualified ARN",
}

violations contains lib.violation_at(fn, a.range, msg) if {
	some fn in edge.functions
	some a in edge.associations(fn)
	default_detail := targets[a.target]
	msg := concat("", [
		sprintf("%s is associated with %s%s through %s, not a numbered version as Lambda@Edge requires", [
			lib.subject(fn), a.subject, _on(a), _detail(a, default_detail),
		]),
		lib.note(a),
	])
}

_on(a) := sprintf(" on %s", [a.event_type]) if a.event_type != ""

else := ""

_detail(a, default_detail) := a.detail if {
	a.detail != ""
} else := default_detail
