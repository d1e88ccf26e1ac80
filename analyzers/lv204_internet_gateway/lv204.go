package lv204

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

var meta = rule.MustRegister(rule.Meta{ID: "LV204", Title: "default route to an internet gateway: no way out for a VPC function", Severity: rule.Error, Source: "go"})

//go:embed doc.go
var docSource string

// Analyzer reports VPC functions that need the internet or a public AWS API
// from subnets whose default route goes to an internet gateway.
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
		blocked := egress.Select(o, model.EgressIGW)
		if len(blocked) == 0 {
			continue
		}
		needs := egress.Needs(blocked)
		tables := egress.Tables(blocked)
		via := "an internet gateway"
		if r := blocked[0].Path.Route; r != nil && r.Via != "" {
			via = r.Via
		}
		rule.Report(pass, rule.Finding{
			Rule: meta.ID, Severity: egress.Severity(needs), Range: egress.Where(f), Resource: f.Resource,
			Message: fmt.Sprintf("%s cannot reach %s: %s its default route to %s, but a Lambda network interface never gets a public IP address; put the function in private subnets whose default route goes to a NAT gateway%s",
				f.Subject, egress.NeedList(needs), egress.SubnetList(blocked, "which sends", "which send"), via, addOr(egress.EndpointFix(needs, tables))),
		})
	}
	return nil, nil
}

func addOr(fix string) string {
	if fix == "" {
		return " (no VPC endpoint reaches the internet)"
	}
	return ", or add " + fix
}
