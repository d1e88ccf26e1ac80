// Package lv307 defines an analyzer that reports functions invoked
// asynchronously with nowhere to send the events that fail.
//
// # Analyzer LV307
//
// LV307: asynchronous invocation without a failure destination or dead-letter queue
//
// S3 notifications, SNS subscriptions, EventBridge rules and schedules,
// EventBridge Scheduler, IoT topic rules, CloudWatch Logs subscription
// filters and API Gateway integrations that ask for an Event invocation
// invoke a function asynchronously: Lambda queues the event, retries a
// failed invocation twice, and then discards it unless the function has an
// on-failure destination (EventInvokeConfig DestinationConfig OnFailure,
// an AWS::Lambda::EventInvokeConfig, aws_lambda_function_event_invoke_config)
// or a dead-letter queue (DeadLetterQueue, DeadLetterConfig,
// dead_letter_config). Synchronous callers (APIs, function URLs) get the
// error themselves and event source mappings (SQS, streams) keep the
// records, so they are never reported. A failure setting that is not known,
// or an event invoke config whose function is not known, keeps it silent.
package lv307
