// Package egress holds what the VPC egress rules (LV202, LV203, LV204)
// share: selecting a function's blocked subnets, the needs behind them, and
// the words that name needs, subnets, route tables and the endpoints that
// would serve them. It lives here rather than in one rule so that no rule
// package imports another.
package egress

import (
	"fmt"
	"sort"
	"strings"

	"github.com/lambdavet/lambdavet/analyzers/rule"
	"github.com/lambdavet/lambdavet/parsers/model"
)

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
