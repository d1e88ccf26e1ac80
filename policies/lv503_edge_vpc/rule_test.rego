package lambdavet.rules.lv503_test

import data.lambdavet.edgetest
import data.lambdavet.rules.lv503
import data.lambdavet.test

violations(vpc) := v if {
	v := lv503.violations with input as edgetest.project({"vpc_config": vpc}, ["origin-request"])
}

test_fail_subnets if {
	violations(test.map({
		"SubnetIds": test.list([test.str("subnet-1")]),
		"SecurityGroupIds": test.list([test.str("sg-1")]),
	})) == {{
		"resource": "Worker",
		"range": test.at(9),
		"message": concat("", [
			"function \"Worker\" sets VpcConfig, which Lambda@Edge does not allow",
			" (distribution \"Cdn\" runs it on origin-request)",
		]),
	}}
}

test_fail_lists_not_known if count(violations(test.map({"SubnetIds": test.unknown, "SecurityGroupIds": test.unknown}))) == 1

test_success_empty_lists if {
	count(violations(test.map({"SubnetIds": test.list([]), "SecurityGroupIds": test.list([])}))) == 0
}

test_success_dual_stack_flag_only if count(violations(test.map({"Ipv6AllowedForDualStack": test.known("bool", false, 9)}))) == 0

test_success_absent if count(violations(test.absent)) == 0

test_success_unknown if count(violations(test.unknown)) == 0

test_success_not_at_edge if {
	count(lv503.violations) == 0 with input as test.project([test.function({"vpc_config": test.map({"SubnetIds": test.list([test.str("subnet-1")])})})])
}

test_fail_terraform_block if {
	v := lv503.violations with input as test.project([object.union(
		edgetest.function({"vpc_config": test.map({"subnet_ids": test.list([test.str("subnet-1")])})}, ["viewer-request"]),
		{"subject": "aws_lambda_function.edge", "property_names": {"vpc_config": "vpc_config"}},
	)])
	some x in v
	startswith(x.message, "aws_lambda_function.edge sets vpc_config, which Lambda@Edge does not allow")
}
