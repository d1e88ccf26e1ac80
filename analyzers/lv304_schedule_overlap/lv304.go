package lv304

import (
	_ "embed"
	"fmt"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/lambdavet/lambdavet/analyzers/internal/timing"
	"github.com/lambdavet/lambdavet/analyzers/load"
	"github.com/lambdavet/lambdavet/analyzers/rule"
	"github.com/lambdavet/lambdavet/parsers/model"
)

var meta = rule.MustRegister(rule.Meta{ID: "LV304", Title: "schedule fires more often than the function's timeout", Severity: rule.Warning, Source: "go"})

//go:embed doc.go
var docSource string

// Analyzer reports schedules whose interval is shorter than the timeout of
// the function they invoke.
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
			if t.Kind != model.TriggerSchedule || t.Schedule == nil {
				continue
			}
			for _, expr := range t.Schedule.Candidates() {
				s, ok := expr.AsString()
				if !ok {
					continue
				}
				interval, ok, _ := timing.Interval(s)
				if !ok {
					continue // too complex to judge, or not a repeating schedule
				}
				for _, to := range timing.Timeouts(f) {
					if to.Value == nil || interval >= to.Seconds || !timing.Compatible(expr, to.Value) {
						continue
					}
					rule.Report(pass, rule.Finding{
						Rule: meta.ID, Range: to.Value.Range, Resource: f.Resource,
						Message: fmt.Sprintf("%s sets %s %s, but schedule %q fires %s%s (%s): a run that takes longer than that overlaps the next%s",
							f.Subject, timing.Property(f, "timeout"), timing.FormatSeconds(to.Seconds), t.Source, oftenness(s), every(interval), s, timing.Notes(to.Value, expr)),
					})
				}
			}
		}
	}
	return nil, nil
}

func every(seconds float64) string {
	switch {
	case seconds == 60:
		return "minute"
	case int(seconds)%3600 == 0:
		return fmt.Sprintf("%d hours", int(seconds)/3600)
	case int(seconds)%60 == 0:
		return fmt.Sprintf("%d minutes", int(seconds)/60)
	}
	return fmt.Sprintf("%s seconds", timing.FormatSeconds(seconds))
}

// oftenness words the interval: exact for rate(...), the shortest gap for a
// cron expression, whose runs need not be evenly spaced.
func oftenness(expr string) string {
	if strings.HasPrefix(strings.TrimSpace(expr), "cron(") {
		return "as often as every "
	}
	return "every "
}
