package model

import (
	"strconv"
	"testing"
)

// TestMappingTrigger checks how an event source mapping's source is read
// in every format: a queue of the project with its visibility timeout, a
// queue read with a data source, a queue elsewhere by its ARN, and a
// stream.
func TestMappingTrigger(t *testing.T) {
	at := Range{File: "f", Start: Point{Line: 3, Column: 5}}
	q := QueueSyntax{Type: "queue", VisibilityTimeout: "vt", Outside: "project"}
	declared := &Resource{Name: "Jobs", Type: "queue", Range: at, Properties: NewMap(at)}
	declared.Properties.Set("vt", NewNumber(60, at))
	read := &Resource{Name: "data.queue.old", Type: "queue", DataSource: true, Range: at, Properties: NewMap(at)}
	stream := &Resource{Name: "Clicks", Type: "stream", Range: at, Properties: NewMap(at)}
	resources := map[string]*Resource{"Jobs": declared, "data.queue.old": read, "Clicks": stream}
	ref := func(name string) *Value { return NewRef(Ref{Resource: name, Attribute: "Arn"}, at) }
	for _, c := range []struct {
		name       string
		arn        *Value
		kind       TriggerKind
		queue      string
		visibility string
	}{
		{"declared", ref("Jobs"), TriggerSQS, "Jobs", "60"},
		{"data source", ref("data.queue.old"), TriggerSQS, "data.queue.old", "unknown: queue read with a data source"},
		{"ARN", NewString("arn:aws:sqs:us-east-1:123456789012:elsewhere", at), TriggerSQS, "elsewhere", "unknown: queue defined outside the project"},
		{"stream", ref("Clicks"), TriggerStream, "", ""},
		{"not known", NewUnknown("a parameter", at), TriggerStream, "", ""},
	} {
		tr := MappingTrigger("M", at, c.arn, NewAbsent(nil), NewAbsent(nil), q, resources)
		vis := ""
		switch v := tr.VisibilityTimeout; {
		case v == nil:
		case v.State == Unknown:
			vis = "unknown: " + v.Reason
		default:
			if n, ok := v.AsNumber(); ok {
				vis = strconv.FormatFloat(n, 'f', -1, 64)
			}
		}
		if tr.Kind != c.kind || tr.Queue != c.queue || vis != c.visibility {
			t.Errorf("%s: kind %s queue %q visibility %q, want %s %q %q", c.name, tr.Kind, tr.Queue, vis, c.kind, c.queue, c.visibility)
		}
		if tr.Kind == TriggerSQS && c.name == "declared" && (tr.From == nil || tr.From.Resource != "Jobs") {
			t.Errorf("%s: from %+v, want the queue", c.name, tr.From)
		}
	}
}
