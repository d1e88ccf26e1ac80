// Package lv603 defines an analyzer that reports permissions letting an
// AWS service invoke a function without saying on behalf of which
// resource.
//
// # Analyzer LV603
//
// LV603: service principal allowed to invoke without SourceArn
//
// A permission (AWS::Lambda::Permission, Terraform aws_lambda_permission)
// whose principal is an AWS service (s3.amazonaws.com, sns.amazonaws.com,
// events.amazonaws.com, apigateway.amazonaws.com, …) and that sets neither
// SourceArn nor SourceAccount lets a resource of that service in any AWS
// account invoke the function: someone who learns its ARN points their
// bucket, topic, rule or API at it (the confused deputy problem). For S3
// SourceArn is not enough: a bucket ARN names no account and bucket names
// are global, so once the bucket is deleted anyone may create one of the
// same name; SourceAccount closes that. A SourceArn whose account is empty
// or a wildcard is reported the same way, and so are Alexa skills without
// EventSourceToken (the skill ID), written as a permission or as a SAM
// AlexaSkill event without SkillId. Elastic Load Balancing is left out: a
// target group invokes only functions of its own account. Principals,
// actions and conditions that are not known are not judged.
package lv603
