package lv302

import (
	_ "embed"
	"fmt"

	"golang.org/x/tools/go/analysis"

	"github.com/lambdavet/lambdavet/analyzers/internal/timing"
	"github.com/lambdavet/lambdavet/analyzers/load"
	"github.com/lambdavet/lambdavet/analyzers/rule"
	"github.com/lambdavet/lambdavet/parsers/model"
)

var meta = rule.MustRegister(rule.Meta{ID: "LV302", Title: "queue visibility timeout shorter than the function's timeout", Severity: rule.Error, Source: "go"})

//go:embed doc.go
var docSource string

// Analyzer reports SQS event sources whose visibility timeout is shorter
// than the consuming function's timeout.
var Analyzer = &analysis.Analyzer{
	Name:     meta.ID,
	Doc:      rule.DocFromSource(docSource, meta.ID),
	URL:      meta.URL(),
	Requires: []*analysis.Analyzer{load.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	p := pass.ResultOf[load.Analyzer].(*model.Project)
	for _, f := range p.Functions {
		for _, t := range f.Triggers {
			if t.Kind != model.TriggerSQS {
				continue
			}
			for _, vis := range timing.Visibilities(t) {
				for _, to := range timing.Timeouts(f) {
					if vis.Seconds >= to.Seconds || !timing.Compatible(vis.Value, to.Value) {
						continue
					}
					// Point at the function's Timeout; with the default
					// timeout there is no such line, so at the queue's.
					at, sets := vis.Range, "has the default %s %s"
					if to.Value != nil {
						at, sets = to.Value.Range, "sets %s %s"
					}
					rule.Report(pass, rule.Finding{
						Rule: meta.ID, Range: at, Resource: f.Resource,
						Message: fmt.Sprintf("%s "+sets+", longer than the visibility timeout of queue %q (%s %s%s): AWS refuses to create the event source mapping, and a message would be delivered again while its first invocation still runs%s",
							f.Subject, timing.Property(f, "timeout"), timing.FormatSeconds(to.Seconds), t.Queue,
							timing.FormatSeconds(vis.Seconds), timing.Plural(vis.Seconds), vis.Default+queueNote(vis.Value), timing.Notes(to.Value)+whenNote(vis.Value, to.Value)),
					})
				}
			}
		}
	}
	return nil, nil
}

// queueNote says where the queue's visibility timeout was set, inside the
// parentheses that give it, so it is not read as the timeout's origin.
func queueNote(v *model.Value) string {
	if v == nil || len(v.Origin) == 0 {
		return ""
	}
	return ", set by " + v.Origin.String()
}

// whenNote names the queue's path when the timeout's note does not already.
func whenNote(vis, to *model.Value) string {
	if vis == nil || len(vis.When) == 0 || (to != nil && to.When.Equal(vis.When)) {
		return ""
	}
	return " (when " + vis.When.String() + ")"
}
