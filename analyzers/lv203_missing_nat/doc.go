// Package lv203 defines an analyzer that reports VPC functions whose
// subnets give them no way to what they need outside the VPC.
//
// # Analyzer LV203
//
// LV203: missing NAT: a VPC function cannot reach what it needs
//
// A function with a VpcConfig sends all its traffic through network
// interfaces in its subnets. To reach the internet, or a public AWS API such
// as DynamoDB, S3, SQS, SNS or Secrets Manager, a subnet needs a default
// route (0.0.0.0/0) to a NAT gateway, a NAT instance or a transit gateway,
// or a VPC endpoint for the service: a gateway endpoint on its route table
// for S3 and DynamoDB, an interface endpoint in its VPC for the others.
// Without one, every call from the code times out.
//
// LV203 follows each subnet to its route table (the explicit association,
// or the VPC's main route table) and its routes, and reports the function
// when it needs something beyond the VPC that no route and no endpoint
// reaches. What the function needs is what the configuration says: its IAM
// permissions and SAM policy templates, references in its environment, and
// public URLs there. A custom resource's handler (a Custom:: or
// AWS::CloudFormation::CustomResource whose ServiceToken names it) needs
// S3: it answers CloudFormation with a PUT to a pre-signed S3 URL, and one
// that cannot leaves the stack waiting for about an hour. Lambda itself
// polls event sources (SQS, Kinesis,
// DynamoDB streams) and writes the logs, so those permissions need nothing.
// The finding is an error when the need is certain, a warning when it rests
// only on broad permissions (a managed policy, wildcards).
//
// LV203 is silent when it cannot see the whole path: subnets or route
// tables from parameters, variables or data sources, routes propagated from
// a VPN gateway, a default route to a peering connection or an appliance,
// an HTTP proxy in the environment. Subnets whose default route goes to an
// internet gateway are reported by LV204 instead.
package lv203
