package lambdavet.rules.lv506_test

import data.lambdavet.edgetest
import data.lambdavet.rules.lv506
import data.lambdavet.test

violations(assoc) := v if {
	v := lv506.violations with input as test.project([test.function({"edge": [object.union(edgetest.association("viewer-request"), assoc)]})])
}

message(assoc) := msg if {
	some x in violations(assoc)
	msg := x.message
}

test_success_version if count(violations({"target": "version"})) == 0

test_success_unknown if count(violations({"target": "unknown"})) == 0

test_fail_unqualified if {
	violations({"target": "unqualified", "detail": "its unqualified ARN"}) == {{
		"resource": "Worker",
		"range": test.at(30),
		"message": concat("", [
			"function \"Worker\" is associated with distribution \"Cdn\" on viewer-request through its unqualified ARN,",
			" not a numbered version as Lambda@Edge requires",
		]),
	}}
}

test_fail_latest if {
	message({"target": "latest", "detail": "$LATEST (qualified_arn of a function without publish = true)"}) == concat("", [
		"function \"Worker\" is associated with distribution \"Cdn\" on viewer-request through",
		" $LATEST (qualified_arn of a function without publish = true), not a numbered version as Lambda@Edge requires",
	])
}

test_fail_alias if {
	message({"target": "alias", "detail": "alias \"live\""}) == concat("", [
		"function \"Worker\" is associated with distribution \"Cdn\" on viewer-request through alias \"live\",",
		" not a numbered version as Lambda@Edge requires",
	])
}

test_fail_default_detail if contains(message({"target": "alias"}), "through an alias,")

test_fail_event_not_known if {
	startswith(message({"target": "latest", "event_type": ""}), "function \"Worker\" is associated with distribution \"Cdn\" through $LATEST,")
}

test_fail_on_a_path if {
	endswith(message({"target": "unqualified", "when": "condition \"Prod\" is true"}), " (when condition \"Prod\" is true)")
}
