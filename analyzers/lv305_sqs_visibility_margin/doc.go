// Package lv305 defines an analyzer that reports SQS queues whose
// visibility timeout leaves no room for retries of the function they feed.
//
// # Analyzer LV305
//
// LV305: queue visibility timeout under six times the function's timeout
//
// AWS recommends a visibility timeout of at least six times the function's
// timeout, plus the event source mapping's MaximumBatchingWindowInSeconds:
// when Lambda is throttled or an invocation fails and is retried, a batch
// can stay in flight far longer than one run, and a shorter visibility
// timeout makes SQS hand the same messages out again. Queues below the
// function's timeout outright are LV302.
package lv305
