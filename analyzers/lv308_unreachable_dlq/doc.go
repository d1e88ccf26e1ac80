// Package lv308 defines an analyzer that reports dead-letter queues and
// on-failure destinations on functions that nothing invokes
// asynchronously.
//
// # Analyzer LV308
//
// LV308: dead-letter queue or failure destination that nothing asynchronous reaches
//
// Lambda sends an event to a function's dead-letter queue or on-failure
// destination only when an asynchronous invocation has failed its retries.
// A function called only synchronously (API Gateway, function URLs,
// AppSync, Cognito) or through event source mappings (SQS, Kinesis,
// DynamoDB streams, Kafka, MQ) never fills them: the caller gets the
// error, or the records stay in the queue or stream. For SQS the queue's
// redrive policy is what keeps messages that keep failing; for streams the
// event source mapping's own OnFailure destination. The rule reports only
// when every caller of the function is known and none is asynchronous:
// anything else in the project that refers to the function (a permission
// for an asynchronous service, a policy allowing someone to invoke it,
// another function, a state machine, an API definition) keeps it silent.
package lv308
