package lv305

import (
	_ "embed"
	"fmt"

	"golang.org/x/tools/go/analysis"

	"github.com/lambdavet/lambdavet/analyzers/internal/timing"
	"github.com/lambdavet/lambdavet/analyzers/load"
	"github.com/lambdavet/lambdavet/analyzers/rule"
	"github.com/lambdavet/lambdavet/parsers/model"
)

var meta = rule.MustRegister(rule.Meta{ID: "LV305", Title: "queue visibility timeout under six times the function's timeout", Severity: rule.Info, Source: "go"})

//go:embed doc.go
var docSource string

// Analyzer reports SQS visibility timeouts below the recommended
// 6 × Timeout + batching window.
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
			window := 0.0
			if t.BatchingWindow != nil && t.BatchingWindow.State != model.Absent {
				n, ok := t.BatchingWindow.AsNumber()
				if !ok {
					continue // a window not known: the margin cannot be judged
				}
				window = n
			}
			for _, vis := range timing.Visibilities(t) {
				for _, to := range timing.Timeouts(f) {
					want := 6*to.Seconds + window
					if vis.Seconds < to.Seconds || vis.Seconds >= want || !timing.Compatible(vis.Value, to.Value) {
						continue // LV302's case, or enough margin
					}
					rule.Report(pass, rule.Finding{
						Rule: meta.ID, Range: vis.Range, Resource: f.Resource,
						Message: fmt.Sprintf("queue %q has a visibility timeout of %s seconds%s, under the %s seconds AWS recommends for %s (6 × %s %s + batching window %s): retried or throttled batches may be delivered again%s",
							t.Queue, timing.FormatSeconds(vis.Seconds), vis.Default, timing.FormatSeconds(want), f.Subject,
							timing.Property(f, "timeout"), timing.FormatSeconds(to.Seconds), timing.FormatSeconds(window), timing.Notes(vis.Value, to.Value)),
					})
				}
			}
		}
	}
	return nil, nil
}
