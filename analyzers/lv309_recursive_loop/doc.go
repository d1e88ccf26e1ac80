// Package lv309 defines an analyzer that reports functions that can write
// to the S3 bucket, SNS topic or SQS queue that invokes them: a recursive
// loop.
//
// # Analyzer LV309
//
// LV309: recursive loop through the bucket, topic or queue that invokes the function
//
// A function invoked by an S3 notification, an SNS subscription or an SQS
// event source mapping whose role may write to that same bucket, topic or
// queue (s3:PutObject or s3:DeleteObject for the notification's events,
// sns:Publish, sqs:SendMessage; in a statement, an AWS managed policy, a
// SAM policy template or a SAM connector) invokes itself with what it
// writes. The rule reports when the grant names that resource (a
// reference, its ARN, its name), or grants every resource of the service
// while an environment variable of the function names it. It is silent
// when the events are narrowed in a way it cannot follow (an SNS filter
// policy, an event source mapping's filter criteria), when the S3
// notification filters keys and the grant does not limit the function to
// keys the filter matches, when the notification's events are not known,
// and when the function sets RecursiveLoop to anything but Terminate (in
// Terraform, an aws_lambda_function_recursion_config).
package lv309
