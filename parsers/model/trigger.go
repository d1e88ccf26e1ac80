package model

import "strings"

// TriggerKind names how a function is invoked.
type TriggerKind string

// The invokers lambdavet models. Synchronous callers wait for the function
// (and give up after their own timeout); the others poll or fire events.
const (
	TriggerRESTAPI   TriggerKind = "rest-api"  // API Gateway REST API
	TriggerHTTPAPI   TriggerKind = "http-api"  // API Gateway HTTP API
	TriggerWebSocket TriggerKind = "websocket" // API Gateway WebSocket API
	TriggerAppSync   TriggerKind = "appsync"
	TriggerCognito   TriggerKind = "cognito"
	TriggerSQS       TriggerKind = "sqs"
	TriggerSchedule  TriggerKind = "schedule"
)

// Trigger is something that invokes a function, found in any format: a SAM
// event, an API Gateway integration, an event source mapping, a schedule
// rule and its target, an AppSync data source, a Cognito user pool.
type Trigger struct {
	Kind TriggerKind
	// Source names what declares the trigger: the SAM event, or the
	// resource (integration, mapping, rule, data source, user pool).
	Source string
	// Range is where the trigger is declared.
	Range Range
	// TimeoutMillis is the integration timeout an API sets (TimeoutInMillis,
	// timeout_milliseconds), absent when the API's default applies.
	TimeoutMillis *Value
	// Queue names the SQS queue feeding the function; VisibilityTimeout is
	// its visibility timeout (absent: the AWS default of 30 s).
	Queue             string
	QueueRange        Range
	VisibilityTimeout *Value
	// BatchingWindow is MaximumBatchingWindowInSeconds of the mapping.
	BatchingWindow *Value
	// Schedule is the rate(...) or cron(...) expression of a schedule.
	Schedule *Value
}

// DefaultVisibilityTimeout is the SQS visibility timeout when a queue sets none.
const DefaultVisibilityTimeout = 30

// JSON returns the JSON form of a trigger.
func (t *Trigger) JSON() map[string]any {
	m := map[string]any{"kind": string(t.Kind), "source": t.Source, "range": t.Range.JSON()}
	for k, v := range map[string]*Value{
		"timeout_millis": t.TimeoutMillis, "visibility_timeout": t.VisibilityTimeout,
		"batching_window": t.BatchingWindow, "schedule": t.Schedule,
	} {
		if v != nil {
			m[k] = v.JSON()
		}
	}
	if t.Queue != "" {
		m["queue"] = t.Queue
		if !t.QueueRange.IsZero() {
			m["queue_range"] = t.QueueRange.JSON()
		}
	}
	return m
}

// SyncCognitoTrigger reports whether a user pool LambdaConfig key (template
// or Terraform spelling) names a trigger Cognito waits for. The custom
// sender triggers and the KMS key are left out: whether Cognito waits for
// the senders is not established, and lambdavet stays silent when in doubt.
func SyncCognitoTrigger(key string) bool {
	switch strings.ToLower(strings.ReplaceAll(key, "_", "")) {
	case "customsmssender", "customemailsender", "kmskeyid":
		return false
	}
	return true
}

// AsyncInvocation reports whether an API Gateway integration's request
// parameters ask Lambda for an asynchronous (Event) invocation, so the API
// does not wait for the function.
func AsyncInvocation(params *Value) bool {
	for _, k := range []string{"integration.request.header.X-Amz-Invocation-Type"} {
		for _, c := range params.Dig(k).Candidates() {
			if s, ok := c.AsString(); ok && strings.Trim(s, "'\" ") == "Event" {
				return true
			}
		}
	}
	return false
}
