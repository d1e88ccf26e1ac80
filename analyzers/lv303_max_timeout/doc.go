// Package lv303 defines an analyzer that reports functions whose timeout is
// the Lambda maximum.
//
// # Analyzer LV303
//
// LV303: timeout at the Lambda maximum
//
// A Timeout of 900 seconds, the hard ceiling (5,400 seconds on Lambda
// Managed Instances), says the work may not fit Lambda: an invocation that
// needs longer is cut off with no way to raise the limit, and retries start
// the work over. Long-running work belongs in Step Functions (split into
// steps), ECS or Fargate tasks, or AWS Batch.
package lv303
