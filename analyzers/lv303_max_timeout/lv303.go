package lv303

import (
	_ "embed"
	"fmt"

	"golang.org/x/tools/go/analysis"

	"github.com/lambdavet/lambdavet/analyzers/internal/timing"
	"github.com/lambdavet/lambdavet/analyzers/load"
	"github.com/lambdavet/lambdavet/analyzers/rule"
	"github.com/lambdavet/lambdavet/parsers/model"
)

var meta = rule.MustRegister(rule.Meta{ID: "LV303", Title: "timeout at the Lambda maximum", Severity: rule.Info, Source: "go"})

//go:embed doc.go
var docSource string

// Analyzer reports functions whose Timeout is the hard ceiling.
var Analyzer = &analysis.Analyzer{
	Name:     meta.ID,
	Doc:      rule.DocFromSource(docSource, meta.ID),
	URL:      meta.URL(),
	Requires: []*analysis.Analyzer{load.Analyzer},
	Run:      run,
}

// The ceilings: standard functions, and functions on Lambda Managed
// Instances (with a capacity provider).
const (
	ceiling        = 900
	managedCeiling = 5400
)

func run(pass *analysis.Pass) (any, error) {
	p := pass.ResultOf[load.Analyzer].(*model.Project)
	for _, f := range p.Functions {
		limit, platform := float64(ceiling), "Lambda"
		if f.CapacityProvider != nil && f.CapacityProvider.State != model.Absent {
			limit, platform = managedCeiling, "Lambda Managed Instances"
		}
		for _, to := range timing.Timeouts(f) {
			if to.Value == nil || to.Seconds != limit {
				continue
			}
			rule.Report(pass, rule.Finding{
				Rule: meta.ID, Range: to.Value.Range, Resource: f.Resource,
				Message: fmt.Sprintf("%s sets %s %s, the %s maximum: work that needs this long may not fit Lambda; consider Step Functions, ECS/Fargate or AWS Batch%s",
					f.Subject, timing.Property(f, "timeout"), timing.FormatSeconds(to.Seconds), platform, timing.Note(to.Value)),
			})
		}
	}
	return nil, nil
}
