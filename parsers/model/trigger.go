package model

import "strings"

// TriggerKind names how a function is invoked.
type TriggerKind string

// The invokers lambdavet models. Synchronous callers wait for the function
// (and give up after their own timeout); event source mappings poll and
// invoke synchronously; the others fire events, invoking asynchronously.
const (
	TriggerRESTAPI   TriggerKind = "rest-api"  // API Gateway REST API
	TriggerHTTPAPI   TriggerKind = "http-api"  // API Gateway HTTP API
	TriggerWebSocket TriggerKind = "websocket" // API Gateway WebSocket API
	TriggerAppSync   TriggerKind = "appsync"
	TriggerCognito   TriggerKind = "cognito"
	// TriggerALB is an Application Load Balancer target group: it waits
	// for the function (for as long as its idle timeout, which the
	// project does not say).
	TriggerALB TriggerKind = "alb"
	TriggerSQS TriggerKind = "sqs"
	// TriggerStream is an event source mapping from anything but a known
	// SQS queue: Kinesis, DynamoDB streams, Kafka (MSK, self-managed),
	// Amazon MQ, DocumentDB, or a source not known. Lambda polls it and
	// invokes synchronously, like SQS.
	TriggerStream   TriggerKind = "stream"
	TriggerSchedule TriggerKind = "schedule" // EventBridge schedule rule, EventBridge Scheduler
	// TriggerEventBridge is an EventBridge rule matching an event pattern.
	TriggerEventBridge TriggerKind = "eventbridge"
	TriggerS3          TriggerKind = "s3"  // S3 event notification
	TriggerSNS         TriggerKind = "sns" // SNS subscription
	TriggerIoT         TriggerKind = "iot" // IoT topic rule
	// TriggerLogs is a CloudWatch Logs subscription filter.
	TriggerLogs TriggerKind = "cloudwatch-logs"
	// TriggerAsyncAPI is an API Gateway integration that asks for an
	// asynchronous invocation (X-Amz-Invocation-Type: Event).
	TriggerAsyncAPI TriggerKind = "api-async"
)

// Async reports whether the trigger invokes the function asynchronously:
// Lambda queues the event, retries a failed invocation twice, and then
// sends it to the function's on-failure destination or dead-letter queue,
// if any.
func (k TriggerKind) Async() bool {
	switch k {
	case TriggerSchedule, TriggerEventBridge, TriggerS3, TriggerSNS, TriggerIoT, TriggerLogs, TriggerAsyncAPI:
		return true
	}
	return false
}

// Trigger is something that invokes a function, found in any format: a SAM
// event, an API Gateway integration, an event source mapping, an
// EventBridge rule and its target, a schedule, an AppSync data source, a
// Cognito user pool, an S3 notification, an SNS subscription, an IoT topic
// rule, a CloudWatch Logs subscription filter.
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
	// From is the bucket, topic or queue whose events an S3, SNS or SQS
	// trigger delivers; nil when the trigger does not say.
	From *EventSource
}

// EventSource is the bucket, topic or queue behind an S3, SNS or SQS
// trigger, with what narrows the events that reach the function.
type EventSource struct {
	// Resource is the project's resource (logical id or address), "" when
	// it is defined outside the project.
	Resource string
	// Name is its physical name when the files give it literally (a
	// bucket's BucketName, an ARN's last part, a Serverless bucket name):
	// a policy may write its ARN out.
	Name string
	// Range is where the trigger names it.
	Range Range
	// Events are the S3 event types the notification subscribes to
	// (s3:ObjectCreated:*); EventsKnown is false when they are not known.
	Events      []string
	EventsKnown bool
	// Prefix and Suffix are the S3 notification's key filter.
	Prefix, Suffix string
	// Filtered marks events narrowed in a way lambdavet does not follow: an
	// SNS filter policy, an event source mapping's filter criteria, an S3
	// key filter it could not read.
	Filtered bool
}

// JSON returns the JSON form of an event source.
func (s *EventSource) JSON() map[string]any {
	m := map[string]any{"range": s.Range.JSON()}
	for k, v := range map[string]string{"resource": s.Resource, "name": s.Name, "prefix": s.Prefix, "suffix": s.Suffix} {
		if v != "" {
			m[k] = v
		}
	}
	if s.EventsKnown {
		m["events"] = stringsJSON(s.Events)
	}
	if s.Filtered {
		m["filtered"] = true
	}
	return m
}

// SourceOf names the bucket, topic or queue of type typ that v refers to:
// the project's resource, else the name of an ARN; nil when v says
// neither.
func SourceOf(v *Value, typ string, resources map[string]*Resource) *EventSource {
	src := &EventSource{Range: v.Range}
	for _, ref := range v.AllRefs() {
		if r, ok := resources[ref.Resource]; ok && r.Type == typ {
			src.Resource = r.Name
			return src
		}
	}
	if name, ok := ARNName(v); ok {
		src.Name = name
		return src
	}
	return nil
}

// ARNName returns the resource name an ARN ends with (the bucket of
// arn:aws:s3:::photos, the topic or queue of arn:aws:sns:…:orders), when v
// is a known ARN.
func ARNName(v *Value) (string, bool) {
	s, ok := v.AsString()
	if !ok || !strings.HasPrefix(s, "arn:") || strings.Count(s, ":") < 5 {
		return "", false
	}
	name := s[strings.LastIndex(s, ":")+1:]
	return name, name != ""
}

// NarrowedBy marks the source Filtered when filter (an SNS filter policy,
// an event source mapping's filter criteria) is set: the events that
// reach the function are then narrowed in ways lambdavet does not follow.
// A nil source is left nil.
func (s *EventSource) NarrowedBy(filter *Value) {
	if s != nil && filter.IsSet() {
		s.Filtered = true
	}
}

// SetS3Filter reads the S3Key Rules of a template's notification filter
// (Filter: S3Key: Rules: [{Name: prefix, Value: uploads/}]).
func (s *EventSource) SetS3Filter(filter *Value) {
	if filter == nil || filter.State == Absent {
		return
	}
	rules := filter.Dig("S3Key", "Rules")
	if !rules.IsKnown() || rules.Type != List {
		s.Filtered = true
		return
	}
	for _, r := range rules.List {
		name, ok1 := r.Dig("Name").AsString()
		value, ok2 := r.Dig("Value").AsString()
		if !s.AddKeyRule(name, value, ok1 && ok2) {
			return
		}
	}
}

// AddKeyRule adds one prefix or suffix rule of an S3 key filter; known is
// false when the rule is not known, which makes the source Filtered. It
// reports whether the rule was read.
func (s *EventSource) AddKeyRule(name, value string, known bool) bool {
	switch {
	case known && strings.EqualFold(name, "prefix"):
		s.Prefix = value
	case known && strings.EqualFold(name, "suffix"):
		s.Suffix = value
	default:
		s.Filtered = true
		return false
	}
	return true
}

// SetS3Events reads the event types of an S3 notification: one string or
// a list of them.
func (s *EventSource) SetS3Events(v *Value) {
	s.Events, s.EventsKnown = nil, false
	for _, c := range listOf(v) {
		e, ok := c.AsString()
		if !ok {
			s.Events = nil
			return
		}
		s.Events = append(s.Events, e)
	}
	s.EventsKnown = len(s.Events) > 0
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
	if t.From != nil {
		m["from"] = t.From.JSON()
	}
	if t.Queue != "" {
		m["queue"] = t.Queue
		if !t.QueueRange.IsZero() {
			m["queue_range"] = t.QueueRange.JSON()
		}
	}
	return m
}

// RESTIntegration is the trigger an API Gateway REST integration makes:
// asynchronous when its request parameters ask Lambda for an Event
// invocation (the API hands the event over and does not wait), else
// synchronous within the integration's timeout.
func RESTIntegration(source string, r Range, params, timeout *Value) *Trigger {
	if AsyncInvocation(params) {
		return &Trigger{Kind: TriggerAsyncAPI, Source: source, Range: r}
	}
	return &Trigger{Kind: TriggerRESTAPI, Source: source, Range: r, TimeoutMillis: timeout}
}

// QueueSyntax is how a format writes an SQS queue: its resource type, the
// property holding its visibility timeout, and what a queue not declared
// is outside of ("template", "project"), for messages.
type QueueSyntax struct {
	Type, VisibilityTimeout, Outside string
}

// SetQueue points an SQS trigger at the queue v names: the first queue of
// resources it refers to (one read with a data source has its settings
// elsewhere), or the queue an ARN written out names. It reports whether v
// names a queue.
func (t *Trigger) SetQueue(v *Value, q QueueSyntax, resources map[string]*Resource) bool {
	for _, ref := range v.AllRefs() {
		r, ok := resources[ref.Resource]
		if !ok || r.Type != q.Type {
			continue
		}
		t.Queue, t.QueueRange = r.Name, r.Range
		if r.DataSource {
			t.VisibilityTimeout = NewUnknown("queue read with a data source", r.Range)
		} else {
			t.VisibilityTimeout = r.Properties.Dig(q.VisibilityTimeout)
		}
		return true
	}
	if s, ok := v.AsString(); ok && strings.Contains(s, ":sqs:") {
		t.Queue = s[strings.LastIndex(s, ":")+1:]
		t.VisibilityTimeout = NewUnknown("queue defined outside the "+q.Outside, Range{})
		return true
	}
	return false
}

// MappingTrigger is the trigger an event source mapping makes: of SQS,
// with its queue and the event filter that narrows it, when arn names a
// queue; else of a stream (Kinesis, DynamoDB, Kafka, MQ, DocumentDB),
// polled as well.
func MappingTrigger(source string, r Range, arn, window, filter *Value, q QueueSyntax, resources map[string]*Resource) *Trigger {
	t := &Trigger{Kind: TriggerSQS, Source: source, Range: r, BatchingWindow: window}
	if !t.SetQueue(arn, q, resources) {
		return &Trigger{Kind: TriggerStream, Source: source, Range: r}
	}
	t.From = SourceOf(arn, q.Type, resources)
	t.From.NarrowedBy(filter)
	return t
}

// HTTPIntegration is the trigger an API Gateway v2 integration makes: of a
// WebSocket API when the API it belongs to (api, a reference to one of
// resources) says so under protocolKey (ProtocolType, protocol_type), else
// of an HTTP API.
func HTTPIntegration(source string, r Range, api *Value, protocolKey string, resources map[string]*Resource, timeout *Value) *Trigger {
	kind := TriggerHTTPAPI
	for _, ref := range api.AllRefs() {
		if res, ok := resources[ref.Resource]; ok {
			if s, _ := res.Properties.Dig(protocolKey).AsString(); strings.EqualFold(s, "WEBSOCKET") {
				kind = TriggerWebSocket
			}
		}
	}
	return &Trigger{Kind: kind, Source: source, Range: r, TimeoutMillis: timeout}
}

// CognitoTriggers are the triggers a user pool's LambdaConfig (its
// lambda_config block) makes, of the keys Cognito waits for, each with the
// function value it names; source names the pool.
func CognitoTriggers(source string, cfg *Value) (triggers []*Trigger, functions []*Value) {
	if !cfg.IsKnown() || cfg.Type != Map {
		return nil, nil
	}
	for _, k := range cfg.Keys {
		if !SyncCognitoTrigger(k) {
			continue
		}
		v := cfg.Field(k)
		triggers = append(triggers, &Trigger{Kind: TriggerCognito, Source: source + " " + k, Range: v.Range})
		functions = append(functions, v)
	}
	return triggers, functions
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

// QueueSources returns the queues and streams the function's triggers read
// (Trigger.Queue), by resource: what Lambda polls with the function's
// permissions.
func (f *Function) QueueSources() map[string]bool {
	sources := map[string]bool{}
	for _, t := range f.Triggers {
		if t.Queue != "" {
			sources[t.Queue] = true
		}
	}
	return sources
}
