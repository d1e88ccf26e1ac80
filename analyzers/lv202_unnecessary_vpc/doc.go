// Package lv202 defines an analyzer that reports functions attached to a
// VPC although nothing they use is private.
//
// # Analyzer LV202
//
// LV202: unnecessary VPC: nothing the function uses needs it
//
// A VpcConfig is needed to reach what lives only inside a VPC: RDS and
// Aurora, ElastiCache and MemoryDB, EFS file systems, OpenSearch domains in
// a VPC, Redshift, DocumentDB, Neptune, MSK and Amazon MQ brokers, EC2
// instances and internal load balancers, private APIs. A function that
// only calls public AWS APIs (S3, SQS, DynamoDB, SNS …) does not need one,
// and pays for it: in a VPC it reaches those APIs only through a NAT gateway
// (charged by the hour and by the gigabyte) or VPC endpoints, it takes IP
// addresses from its subnets, and Lambda must set up network interfaces for
// it, which delays deployments and cold starts.
//
// LV202 judges from what the configuration says the function uses: its
// environment values and the resources they refer to, its IAM permissions
// and SAM policy templates, FileSystemConfigs and event sources. It reports
// only when the function evidently uses public AWS APIs and nothing private.
// Anything that may be private keeps it silent: a variable or parameter
// named like a database host, an environment value with a private IP
// address or an internal host name, a secret holding a database's
// credentials, an MSK, MQ or DocumentDB event source, a public URL (a fixed
// egress address may be the point), VPC endpoints for what it calls, or a
// policy that requires aws:SourceVpc or aws:SourceVpce.
package lv202
