package model

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestGlob(t *testing.T) {
	for _, c := range []struct {
		p, s string
		want bool
	}{
		{"s3:*", "s3:putobject", true},
		{"s3:put*", "s3:putobject", true},
		{"s3:get*", "s3:putobject", false},
		{"*", "sns:publish", true},
		{"s?s:publish", "sns:publish", true},
		{"s?s:publish", "sqs:publish", true},
		{"sns:publish", "sns:publishbatch", false},
		{"photos-*", "photos-raw", true},
		{"photos-*", "thumbnails", false},
		{"", "", true},
		{"*", "", true},
		{"a", "", false},
	} {
		if got := Glob(c.p, c.s); got != c.want {
			t.Errorf("Glob(%q, %q) = %v, want %v", c.p, c.s, got, c.want)
		}
	}
	// A hostile pattern costs linear time, not exponential.
	start := time.Now()
	if Glob(strings.Repeat("*a", 5000)+"b", strings.Repeat("a", 20000)) {
		t.Error("a pattern ending in b matched a string of a's")
	}
	// Within the length IAM allows, the worst case is the product of the
	// lengths, not more.
	if Glob(strings.Repeat("*a", 1000)+"b", strings.Repeat("a", 2048)) {
		t.Error("a pattern ending in b matched a string of a's (within the bound)")
	}
	if Glob("*", strings.Repeat("a", maxGlob+1)) {
		t.Error("a value longer than IAM allows matched")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("hostile pattern took %v", d)
	}
}

func TestWriteServices(t *testing.T) {
	for _, c := range []struct {
		action string
		want   map[string][]string
	}{
		{"s3:PutObject", map[string][]string{"s3": {"ObjectCreated"}}},
		{"s3:*", map[string][]string{"s3": {"ObjectCreated", "ObjectRemoved"}}},
		{"s3:Delete*", map[string][]string{"s3": {"ObjectRemoved"}}},
		{"s3:PutObjectTagging", nil},
		{"s3:GetObject", nil},
		{"SNS:Publish", map[string][]string{"sns": nil}},
		{"sqs:SendMessage", map[string][]string{"sqs": nil}},
		{"sqs:ReceiveMessage", nil},
		{"*", map[string][]string{"s3": {"ObjectCreated", "ObjectRemoved"}, "sns": nil, "sqs": nil}},
	} {
		got := WriteServices(c.action)
		if len(got) != len(c.want) {
			t.Errorf("WriteServices(%q) = %v, want %v", c.action, got, c.want)
			continue
		}
		for k, v := range c.want {
			if g, ok := got[k]; !ok || !slices.Equal(g, v) {
				t.Errorf("WriteServices(%q)[%s] = %v, want %v", c.action, k, g, v)
			}
		}
	}
}

func TestStatementGrantsBeforePolling(t *testing.T) {
	// sqs:SendMessage on the queue the function is fed from is a write
	// (the loop LV309 looks for), though its polling grants are skipped.
	stmt := NewMap(Range{})
	stmt.Set("Effect", NewString("Allow", Range{}))
	stmt.Set("Action", NewList([]*Value{NewString("sqs:ReceiveMessage", Range{}), NewString("sqs:SendMessage", Range{})}, Range{}))
	stmt.Set("Resource", NewRef(Ref{Resource: "Jobs", Attribute: "Arn"}, Range{}))
	doc := NewMap(Range{})
	doc.Set("Statement", NewList([]*Value{stmt}, Range{}))
	set := &UseSet{}
	PolicyUses(doc, "inline policy", set, func(r Ref) bool { return r.Resource == "Jobs" })
	if len(set.List()) != 0 {
		t.Errorf("uses = %v, want none (polling its own queue)", set.List())
	}
	g := set.Grants()
	if len(g) != 1 || g[0].Service != "sqs" || g[0].Action != "sqs:SendMessage" || len(g[0].Resources) != 1 {
		t.Fatalf("grants = %+v, want one sqs:SendMessage on Jobs", g)
	}
}

func TestEventSourceKeyRules(t *testing.T) {
	rule := func(name, value string) *Value {
		m := NewMap(Range{})
		m.Set("Name", NewString(name, Range{}))
		m.Set("Value", NewString(value, Range{}))
		return m
	}
	rules := NewMap(Range{})
	rules.Set("Rules", NewList([]*Value{rule("prefix", "in/"), rule("Suffix", ".jpg")}, Range{}))
	filter := NewMap(Range{})
	filter.Set("S3Key", rules)
	var s EventSource
	s.SetS3Filter(filter)
	if s.Prefix != "in/" || s.Suffix != ".jpg" || s.Filtered {
		t.Errorf("filter read as %+v", s)
	}
	var u EventSource
	u.SetS3Filter(NewUnknown("a parameter", Range{}))
	if !u.Filtered {
		t.Error("an unknown filter should mark the source Filtered")
	}
	var e EventSource
	e.SetS3Events(NewList([]*Value{NewString("s3:ObjectCreated:*", Range{}), NewUnknown("x", Range{})}, Range{}))
	if e.EventsKnown {
		t.Errorf("events with an unknown one read as known: %+v", e)
	}
}
