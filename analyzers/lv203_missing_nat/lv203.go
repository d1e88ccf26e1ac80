package lv203

import (
	_ "embed"
	"fmt"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/lambdavet/lambdavet/analyzers/load"
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
	Requires: []*analysis.Analyzer{load.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	p := pass.ResultOf[load.Analyzer].(*model.Project)
	for _, f := range p.Functions {
		o := p.Outbound(f)
		if o.Unsure != "" {
			continue
		}
		blocked := Select(o, model.EgressNone)
		if len(blocked) == 0 {
			continue
		}
		needs := Needs(blocked)
		tables := Tables(blocked)
		rule.Report(pass, rule.Finding{
			Rule: meta.ID, Severity: Severity(needs), Range: Where(f), Resource: f.Resource,
			Message: fmt.Sprintf("%s cannot reach %s: %s no default route to a NAT gateway and no VPC endpoint for %s; add a 0.0.0.0/0 route to a NAT gateway to %s%s",
				f.Subject, NeedList(needs), SubnetList(blocked, "which has", "which have"), them(needs), TableNames(tables), Or(EndpointFix(needs, tables))),
		})
	}
	return nil, nil
}

func them(needs []*model.Use) string {
	if len(Services(needs)) == 1 {
		return "it"
	}
	return "them"
}

// Select returns the blocked subnets with the given egress.
func Select(o *model.Outbound, e model.Egress) []model.Blocked {
	var out []model.Blocked
	for _, b := range o.Blocked {
		if b.Path.Egress == e {
			out = append(out, b)
		}
	}
	return out
}

// Needs returns the needs of the blocked subnets, one per service and
// evidence, in order.
func Needs(blocked []model.Blocked) []*model.Use {
	var out []*model.Use
	seen := map[*model.Use]bool{}
	for _, b := range blocked {
		for _, u := range b.Needs {
			if !seen[u] {
				seen[u] = true
				out = append(out, u)
			}
		}
	}
	return out
}

// Services returns the distinct services of uses, in order.
func Services(uses []*model.Use) []string {
	var out []string
	for _, u := range uses {
		if !contains(out, u.Service) {
			out = append(out, u.Service)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, it := range list {
		if it == s {
			return true
		}
	}
	return false
}

// Severity is an error when some need is certain, a warning when every
// need rests on broad permissions only.
func Severity(needs []*model.Use) rule.Severity {
	for _, u := range needs {
		if u.Certain {
			return 0 // the rule's default: error
		}
	}
	return rule.Warning
}

// NeedList names each needed service with its first evidence:
// `DynamoDB (policy template DynamoDBCrudPolicy) and SQS (environment variable QUEUE_URL)`.
func NeedList(needs []*model.Use) string {
	var parts []string
	for _, svc := range Services(needs) {
		var ev []string
		broad := true
		for _, u := range needs {
			if u.Service != svc {
				continue
			}
			broad = broad && !u.Certain
			if len(ev) == 0 {
				ev = append(ev, u.Evidence)
			}
		}
		s := model.ServiceName(svc)
		if broad {
			s += fmt.Sprintf(" (only broad permissions: %s)", ev[0])
		} else {
			s += fmt.Sprintf(" (%s)", ev[0])
		}
		parts = append(parts, s)
	}
	return join(parts, "and")
}

func join(parts []string, conj string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	case 2:
		return parts[0] + " " + conj + " " + parts[1]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + ", " + conj + " " + parts[len(parts)-1]
}

// TableName names a route table for messages.
func TableName(t *model.RouteTable) string {
	if t == nil {
		return "its route table"
	}
	if t.Implicit && len(t.Routes) == 0 {
		return fmt.Sprintf("the main route table of VPC %q (only the local route)", t.VPC)
	}
	if t.Implicit {
		return fmt.Sprintf("the main route table of VPC %q", t.VPC)
	}
	if t.Main {
		return fmt.Sprintf("route table %q (the VPC's main route table)", t.ID)
	}
	return fmt.Sprintf("route table %q", t.ID)
}

// Tables returns the route tables of the blocked subnets, in order.
func Tables(blocked []model.Blocked) []*model.RouteTable {
	var out []*model.RouteTable
	for _, b := range blocked {
		found := false
		for _, t := range out {
			found = found || t == b.Path.RouteTable
		}
		if !found {
			out = append(out, b.Path.RouteTable)
		}
	}
	return out
}

// TableNames names route tables briefly (by id, or the VPC's main table).
func TableNames(tables []*model.RouteTable) string {
	var parts []string
	for _, t := range tables {
		if t == nil {
			continue
		}
		if t.Implicit {
			parts = append(parts, fmt.Sprintf("the main route table of VPC %q", t.VPC))
		} else {
			parts = append(parts, fmt.Sprintf("route table %q", t.ID))
		}
	}
	return join(parts, "and")
}

// SubnetList names the blocked subnets grouped by route table:
// `its subnets "A" and "B" use route table "RT", which has …`.
func SubnetList(blocked []model.Blocked, has, have string) string {
	var groups []string
	tables := Tables(blocked)
	for _, t := range tables {
		var subnets []string
		for _, b := range blocked {
			if b.Path.RouteTable == t {
				subnets = append(subnets, fmt.Sprintf("%q", b.Path.Subnet.ID))
			}
		}
		sort.Strings(subnets)
		word := "subnet"
		verb := "uses"
		if len(subnets) > 1 {
			word, verb = "subnets", "use"
		}
		groups = append(groups, fmt.Sprintf("%s %s %s %s", word, join(subnets, "and"), verb, TableName(t)))
	}
	verb := has
	if len(tables) > 1 {
		verb = have
	}
	return "its " + join(groups, "and its") + ", " + verb
}

// EndpointFix proposes the VPC endpoints that would serve the needs, ""
// when only the internet is needed.
func EndpointFix(needs []*model.Use, tables []*model.RouteTable) string {
	var gw, itf []string
	internet := false
	for _, svc := range Services(needs) {
		names := model.EndpointServices(svc)
		switch {
		case len(names) == 0:
			internet = true
		case model.GatewayService(svc):
			gw = append(gw, fmt.Sprintf("%s (com.amazonaws.<region>.%s)", model.ServiceName(svc), names[0]))
		default:
			itf = append(itf, fmt.Sprintf("%s (com.amazonaws.<region>.%s)", model.ServiceName(svc), names[0]))
		}
	}
	var parts []string
	if len(gw) > 0 {
		where := "on " + TableNames(tables)
		word := "a gateway VPC endpoint for "
		if len(gw) > 1 {
			word = "gateway VPC endpoints for "
		}
		parts = append(parts, word+join(gw, "and")+" "+where)
	}
	if len(itf) > 0 {
		word := "an interface VPC endpoint for "
		if len(itf) > 1 {
			word = "interface VPC endpoints for "
		}
		parts = append(parts, word+join(itf, "and")+" in the VPC")
	}
	if len(parts) == 0 {
		return ""
	}
	s := join(parts, "and")
	if internet {
		s += " (the internet still needs the NAT gateway)"
	}
	return s
}

// Or joins the endpoint fix as the alternative to a NAT gateway.
func Or(fix string) string {
	if fix == "" {
		return " (no VPC endpoint reaches the internet)"
	}
	return ", or " + fix
}

// Where is the place to point at: the function's subnet list, else its
// VpcConfig, else the function.
func Where(f *model.Function) model.Range {
	if n := f.Network; n != nil && !n.SubnetIdsAt.IsZero() {
		return n.SubnetIdsAt
	}
	if n := f.Network; n != nil && n.SubnetIds != nil && !n.SubnetIds.Range.IsZero() {
		return n.SubnetIds.Range
	}
	if !f.VpcConfig.Range.IsZero() {
		return f.VpcConfig.Range
	}
	return f.Resource.Range
}
