package lv202

import (
	"bytes"
	_ "embed"
	"fmt"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/lambdavet/lambdavet/analyzers/internal/egress"
	"github.com/lambdavet/lambdavet/analyzers/load"
	"github.com/lambdavet/lambdavet/analyzers/network"
	"github.com/lambdavet/lambdavet/analyzers/rule"
	"github.com/lambdavet/lambdavet/parsers/model"
)

var meta = rule.MustRegister(rule.Meta{ID: "LV202", Title: "unnecessary VPC: nothing the function uses needs it", Severity: rule.Warning, Source: "go"})

//go:embed doc.go
var docSource string

// Analyzer reports functions with a VpcConfig whose uses are all public.
var Analyzer = &analysis.Analyzer{
	Name:     meta.ID,
	Doc:      rule.DocFromSource(docSource, meta.ID),
	URL:      meta.URL(),
	Requires: []*analysis.Analyzer{load.Analyzer, network.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	p := pass.ResultOf[load.Analyzer].(*model.Project)
	if sourceVpcCondition(p) {
		return nil, nil // something requires traffic from the VPC
	}
	for _, f := range p.Functions {
		n := f.Network
		if n == nil || f.VpcConfig.State != model.Known || !Attached(n.SubnetIds) {
			continue
		}
		public, ok := publicOnly(f.Uses)
		if !ok || servedByEndpoint(p, public) {
			continue
		}
		at := n.At
		if at.IsZero() {
			at = egress.Where(f)
		}
		rule.Report(pass, rule.Finding{
			Rule: meta.ID, Range: at, Resource: f.Resource,
			Message: fmt.Sprintf("%s is attached to a VPC, but what it uses is outside any VPC: %s; in a VPC it reaches %s only through a NAT gateway (charged by the hour and by the GB) or VPC endpoints, takes IP addresses from its subnets and waits for network interfaces at deployment and cold start; remove %s unless something private needs it",
				f.Subject, egress.NeedList(public), them(public), vpcName(f)),
		})
	}
	return nil, nil
}

// vpcName names what to remove: the VpcConfig, or the module inputs that
// make it.
func vpcName(f *model.Function) string {
	if n := f.Network; n != nil && strings.HasPrefix(n.SubnetIdsName, "vpc_") {
		return n.SubnetIdsName + " and " + n.SecurityGroupIdsName
	}
	return f.PropertyNames["vpc_config"]
}

func them(uses []*model.Use) string {
	if len(egress.Services(uses)) == 1 {
		return "it"
	}
	return "them"
}

// Attached reports whether a subnet list attaches the function to a VPC:
// set and not known to be empty.
func Attached(v *model.Value) bool {
	if !v.IsSet() {
		return false
	}
	if v.IsKnown() && v.Type == model.List && len(v.List) == 0 {
		return false
	}
	if s, ok := v.AsString(); ok && s == "" {
		return false
	}
	return true
}

// publicOnly returns the uses when all are public AWS APIs and at least one
// is certain; ok is false when anything private, the internet or an HTTP
// proxy is among them, or nothing is certain.
func publicOnly(uses []*model.Use) ([]*model.Use, bool) {
	certain := false
	for _, u := range uses {
		if u.Private || u.Service == "internet" {
			return nil, false
		}
		certain = certain || u.Certain
	}
	return uses, certain && len(uses) > 0
}

// servedByEndpoint reports whether the project declares a VPC endpoint
// that may serve one of the uses: a sign the private path is deliberate.
func servedByEndpoint(p *model.Project, uses []*model.Use) bool {
	if p.Network == nil {
		return false
	}
	for _, e := range p.Network.Endpoints {
		if e.Service == "" {
			return true
		}
		for _, u := range uses {
			for _, name := range model.EndpointServices(u.Service) {
				if name == e.Service {
					return true
				}
			}
		}
	}
	return false
}

// sourceVpcCondition reports whether a policy of the project tests
// aws:SourceVpc or aws:SourceVpce.
func sourceVpcCondition(p *model.Project) bool {
	for _, f := range p.Files {
		if bytes.Contains(bytes.ToLower(f.Content), []byte("aws:sourcevpc")) {
			return true
		}
	}
	return false
}
