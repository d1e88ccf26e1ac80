package lv308

import (
	_ "embed"
	"fmt"

	"golang.org/x/tools/go/analysis"

	"github.com/lambdavet/lambdavet/analyzers/internal/access"
	"github.com/lambdavet/lambdavet/analyzers/internal/async"
	"github.com/lambdavet/lambdavet/analyzers/load"
	"github.com/lambdavet/lambdavet/analyzers/rule"
	"github.com/lambdavet/lambdavet/parsers/model"
)

var meta = rule.MustRegister(rule.Meta{ID: "LV308", Title: "dead-letter queue or failure destination that nothing asynchronous reaches", Severity: rule.Warning, Source: "go"})

//go:embed doc.go
var docSource string

// Analyzer reports failure handling that can never receive an event.
var Analyzer = &analysis.Analyzer{
	Name:     meta.ID,
	Doc:      rule.DocFromSource(docSource, meta.ID),
	URL:      meta.URL(),
	Requires: []*analysis.Analyzer{load.Analyzer},
	Run:      run,
}

// knownEvents are the SAM event types the model turns into synchronous or
// polled triggers; a function with any other event is not judged.
var knownEvents = map[string]bool{
	"Api": true, "HttpApi": true, "SQS": true, "Kinesis": true, "DynamoDB": true, "MSK": true, "MQ": true,
	"SelfManagedKafka": true, "DocumentDB": true, "Cognito": true,
}

func run(pass *analysis.Pass) (any, error) {
	p := pass.ResultOf[load.Analyzer].(*model.Project)
	ix := async.NewIndex(p, access.NewFunctions(p))
	for _, f := range p.Functions {
		if len(f.Triggers) == 0 || !onlySyncEvents(f) {
			continue
		}
		asynchronous, sqs, streams := false, false, false
		redrive := ""
		for _, t := range f.Triggers {
			asynchronous = asynchronous || t.Kind.Async()
			sqs = sqs || t.Kind == model.TriggerSQS
			streams = streams || t.Kind == model.TriggerStream
			if t.Kind == model.TriggerSQS && redrive == "" && redrives(p, t.Queue) {
				redrive = t.Queue
			}
		}
		if asynchronous {
			continue
		}
		fail := ix.FailureOf(f)
		if len(fail.Settings) == 0 || fail.Unsure || ix.Elsewhere(f) != nil {
			continue
		}
		instead := "the caller gets the error"
		switch {
		case redrive != "":
			instead = fmt.Sprintf("for SQS, the redrive policy of queue %q already keeps the messages that keep failing", redrive)
		case sqs:
			instead = "for SQS, a redrive policy on the queue (RedrivePolicy with a deadLetterTargetArn, maxReceiveCount) keeps the messages that keep failing"
		case streams:
			instead = "for a stream, the event source mapping's own DestinationConfig OnFailure keeps the records that fail"
		}
		for _, set := range fail.Settings {
			c := firstSet(set.Value)
			if c == nil {
				continue
			}
			rule.Report(pass, rule.Finding{
				Rule: meta.ID, Range: c.Range, Resource: f.Resource,
				Message: fmt.Sprintf("%s sets %s, but nothing invokes it asynchronously (it is invoked by %s): Lambda sends only failed asynchronous events there, so it never receives anything; %s%s",
					f.Subject, set.Name, async.List(f.Triggers), instead, access.Note(c, c.When)),
			})
		}
	}
	return nil, nil
}

// onlySyncEvents reports whether every SAM event of f is one the model
// turns into a synchronous or polled trigger.
func onlySyncEvents(f *model.Function) bool {
	for _, ev := range f.Events {
		if !knownEvents[ev.Type] {
			return false
		}
	}
	return true
}

// firstSet returns the first value v takes that is set, with its path.
func firstSet(v *model.Value) *model.Value {
	var out *model.Value
	v.EachCandidate(nil, func(c *model.Value, when model.When) {
		if out == nil && c.IsSet() {
			out = c
			if !when.Equal(c.When) {
				out = c.Copy()
				out.When = when
			}
		}
	})
	return out
}

// redrives reports whether the queue named is a resource of the project
// with a redrive policy.
func redrives(p *model.Project, queue string) bool {
	for _, r := range p.Resources {
		if r.Name == queue && (r.Properties.Dig("RedrivePolicy").IsSet() || r.Properties.Dig("redrive_policy").IsSet()) {
			return true
		}
	}
	return false
}
