package lv307

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

var meta = rule.MustRegister(rule.Meta{ID: "LV307", Title: "asynchronous invocation without a failure destination or dead-letter queue", Severity: rule.Info, Source: "go"})

//go:embed doc.go
var docSource string

// Analyzer reports asynchronously invoked functions whose failed events
// are dropped.
var Analyzer = &analysis.Analyzer{
	Name:     meta.ID,
	Doc:      rule.DocFromSource(docSource, meta.ID),
	URL:      meta.URL(),
	Requires: []*analysis.Analyzer{load.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	p := pass.ResultOf[load.Analyzer].(*model.Project)
	ix := async.NewIndex(p, access.NewFunctions(p))
	for _, f := range p.Functions {
		var callers []*model.Trigger
		for _, t := range f.Triggers {
			if t.Kind.Async() {
				callers = append(callers, t)
			}
		}
		if len(callers) == 0 {
			continue
		}
		if fail := ix.FailureOf(f); len(fail.Settings) > 0 || fail.Unsure {
			continue
		}
		fix := "add a DeadLetterQueue, or an EventInvokeConfig with a DestinationConfig OnFailure"
		switch {
		case ix.Serverless(f):
			fix = "add onError (a dead-letter queue or topic) or destinations onFailure"
		case f.Resource.Type == "AWS::Lambda::Function":
			fix = "add a DeadLetterConfig, or an AWS::Lambda::EventInvokeConfig with a DestinationConfig OnFailure"
		case f.Resource.Type == "aws_lambda_function":
			fix = "add a dead_letter_config, or an aws_lambda_function_event_invoke_config with destination_config on_failure"
		}
		note := ""
		for _, t := range callers {
			if ix.DeliveryQueue(f, t) {
				note = fmt.Sprintf(" (the dead-letter queue of %s keeps only the events it cannot deliver, not those the function fails on)", async.Describe(t))
				break
			}
		}
		rule.Report(pass, rule.Finding{
			Rule: meta.ID, Range: f.Resource.Range, Resource: f.Resource,
			Message: fmt.Sprintf("%s is invoked asynchronously (by %s) and has no on-failure destination or dead-letter queue: Lambda retries a failed event twice and then drops it%s; %s to keep the events that fail",
				f.Subject, async.List(callers), note, fix),
		})
	}
	return nil, nil
}
