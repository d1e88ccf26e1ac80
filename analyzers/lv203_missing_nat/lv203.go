package lv203

import (
	_ "embed"
	"fmt"

	"golang.org/x/tools/go/analysis"

	"github.com/lambdavet/lambdavet/analyzers/internal/egress"
	"github.com/lambdavet/lambdavet/analyzers/load"
	"github.com/lambdavet/lambdavet/analyzers/network"
	"github.com/lambdavet/lambdavet/analyzers/rule"
	"github.com/lambdavet/lambdavet/parsers/model"
)

var meta = rule.MustRegister(rule.Meta{ID: "LV203", Title: "missing NAT: a VPC function cannot reach what it needs", Severity: rule.Error, Source: "go"})

//go:embed doc.go
var docSource string

// Analyzer reports VPC functions that need the internet or a public AWS
// API while their subnets have no NAT route and no VPC endpoint for it.
var Analyzer = &analysis.Analyzer{
	Name:     meta.ID,
	Doc:      rule.DocFromSource(docSource, meta.ID),
	URL:      meta.URL(),
	Requires: []*analysis.Analyzer{load.Analyzer, network.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	p := pass.ResultOf[load.Analyzer].(*model.Project)
	for _, f := range p.Functions {
		o := p.Outbound(f)
		if o.Unsure != "" {
			continue
		}
		blocked := egress.Select(o, model.EgressNone)
		if len(blocked) == 0 {
			continue
		}
		needs := egress.Needs(blocked)
		tables := egress.Tables(blocked)
		rule.Report(pass, rule.Finding{
			Rule: meta.ID, Severity: egress.Severity(needs), Range: egress.Where(f), Resource: f.Resource,
			Message: fmt.Sprintf("%s cannot reach %s: %s no default route to a NAT gateway and no VPC endpoint for %s; add a 0.0.0.0/0 route to a NAT gateway to %s%s",
				f.Subject, egress.NeedList(needs), egress.SubnetList(blocked, "which has", "which have"), them(needs), egress.TableNames(tables), orFix(egress.EndpointFix(needs, tables))),
		})
	}
	return nil, nil
}

func them(needs []*model.Use) string {
	if len(egress.Services(needs)) == 1 {
		return "it"
	}
	return "them"
}

// orFix joins the endpoint fix as the alternative to a NAT gateway.
func orFix(fix string) string {
	if fix == "" {
		return " (no VPC endpoint reaches the internet)"
	}
	return ", or " + fix
}
