// Package lv302 defines an analyzer that reports SQS queues whose visibility
// timeout is shorter than the timeout of the function they feed.
//
// # Analyzer LV302
//
// LV302: queue visibility timeout shorter than the function's timeout
//
// When an SQS queue feeds a function (a SAM SQS event, an
// AWS::Lambda::EventSourceMapping, a Terraform aws_lambda_event_source_mapping),
// AWS refuses to create the mapping if the queue's visibility timeout is less
// than the function's timeout ("Queue visibility timeout: 30 seconds is less
// than Function timeout: 60 seconds"); were it accepted, a message would
// become visible again, and be processed a second time, while the first
// invocation still runs. A queue that sets no visibility timeout has the SQS
// default of 30 seconds; a function without Timeout has 3 seconds.
package lv302
