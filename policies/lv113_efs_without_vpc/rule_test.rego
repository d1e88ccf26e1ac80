package lambdavet.rules.lv113_test

import data.lambdavet.rules.lv113
import data.lambdavet.test

efs := test.known(
	"list", [test.known(
		"map", {
			"Arn": test.known("string", "arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-1", 12),
			"LocalMountPath": test.known("string", "/mnt/data", 13),
		},
		12,
	)],
	11,
)

subnets(items) := test.known("list", items, 16)

vpc(fields) := test.known("map", fields, 15)

violations(settings) := v if {
	v := lv113.violations with input as test.project([test.function(settings)])
}

test_fail_no_vpc_config if {
	violations({"file_system_configs": efs}) == {{
		"resource": "Worker",
		"range": test.at(11),
		"message": concat("", [
			"function \"Worker\" mounts an EFS file system (FileSystemConfigs) but is not connected to a VPC (no VpcConfig);",
			" Lambda reaches EFS only from inside a VPC",
		]),
	}}
}

test_fail_empty_subnets if {
	v := violations({"file_system_configs": efs, "vpc_config": vpc({"SubnetIds": subnets([])})})
	count(v) == 1
	some x in v
	x.range == test.at(11)
	contains(x.message, "but its VpcConfig gives no subnets (SubnetIds empty);")
}

test_fail_no_subnet_ids if {
	v := violations({"file_system_configs": efs, "vpc_config": vpc({"SecurityGroupIds": subnets([test.str("sg-1")])})})
	some x in v
	contains(x.message, "but its VpcConfig gives no subnets (SubnetIds not set);")
}

test_success_with_subnets if {
	count(violations({"file_system_configs": efs, "vpc_config": vpc({"SubnetIds": subnets([test.str("subnet-1")])})})) == 0
}

test_success_no_file_system if {
	count(violations({})) == 0
	count(violations({"file_system_configs": test.list([])})) == 0
}

test_success_unknown if {
	count(violations({"file_system_configs": test.unknown})) == 0
	count(violations({"file_system_configs": efs, "vpc_config": test.unknown})) == 0
	count(violations({"file_system_configs": efs, "vpc_config": vpc({"SubnetIds": test.unknown})})) == 0
}

test_fail_vpc_on_one_path if {
	v := violations({"file_system_configs": efs, "vpc_config": test.conditional([
		test.when(vpc({"SubnetIds": subnets([test.str("subnet-1")])}), "condition \"InVpc\" is true"),
		test.when(test.absent, "condition \"InVpc\" is false"),
	])})
	count(v) == 1
	some x in v
	endswith(x.message, "only from inside a VPC (when condition \"InVpc\" is false)")
}

test_success_file_system_and_vpc_on_the_same_path if {
	count(violations({
		"file_system_configs": test.conditional([
			test.when(efs, "condition \"InVpc\" is true"),
			test.when(test.absent, "condition \"InVpc\" is false"),
		]),
		"vpc_config": test.conditional([
			test.when(vpc({"SubnetIds": subnets([test.str("subnet-1")])}), "condition \"InVpc\" is true"),
			test.when(test.absent, "condition \"InVpc\" is false"),
		]),
	})) == 0
}

test_fail_terraform_names if {
	fn := object.union(
		test.function({
			"file_system_configs": efs,
			"vpc_config": vpc({"subnet_ids": subnets([]), "security_group_ids": subnets([])}),
		}),
		{
			"subject": "aws_lambda_function.worker",
			"property_names": {"file_system_configs": "file_system_config", "vpc_config": "vpc_config"},
		},
	)
	some x in lv113.violations with input as test.project([fn])
	x.message == concat("", [
		"aws_lambda_function.worker mounts an EFS file system (file_system_config) but its vpc_config gives no subnets",
		" (subnet_ids empty); Lambda reaches EFS only from inside a VPC",
	])
}
