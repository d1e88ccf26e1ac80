// Package lv201 defines an analyzer that reports a VpcConfig with subnets
// and no security groups, or security groups and no subnets.
//
// # Analyzer LV201
//
// LV201: subnets without security groups, or the reverse
//
// A function's VpcConfig (vpc_config in Terraform) takes two lists, the
// subnets and the security groups of the network interfaces Lambda creates.
// Both are optional in the CloudFormation schema, but the Lambda API
// rejects a configuration that gives one without the other ("SubnetIds and
// SecurityIds must coexist or be both empty list"), so the deployment fails.
// An empty list counts as absent; two empty lists detach the function from
// its VPC, which is fine. Values lambdavet cannot know (a parameter without
// default, a data source) are not reported; a list set on some condition
// paths only is reported with the path.
package lv201
