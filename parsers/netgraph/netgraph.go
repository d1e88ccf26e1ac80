// Package netgraph derives a project's VPC network picture (VPCs, subnets,
// route tables with their routes, VPC endpoints) from its resources, once
// for every format. An adapter says what its resource types are in the
// network's vocabulary (Syntax.Kinds), what it calls their properties
// (Syntax.Keys) and how its values name resources (Syntax.Resolver); Build
// does the rest, so CloudFormation and Terraform read a route, an
// association or an endpoint by the same rules and a new format adds only
// its tables.
//
// Uses does the same for what a function talks to: what a resource it
// names is to it (a private database, an internal load balancer, a private
// API), which secrets hold a data store's credentials, and whether an
// event source mapping reads a cluster in the VPC (UseSyntax). What names
// those resources (policies, roles, connectors, the lambda module's
// inputs) is each format's own syntax and stays in its loader.
package netgraph

import (
	"fmt"
	"strings"

	"github.com/lambdavet/lambdavet/parsers/model"
)

// Kind is a resource's part in a VPC network, whatever its format calls it.
type Kind uint8

// The kinds of resource the network picture is built from.
const (
	// Other is a resource the network picture does not read.
	Other Kind = iota
	// VPC is a VPC (AWS::EC2::VPC, aws_vpc).
	VPC
	// DefaultVPC is the account's default VPC adopted by the project
	// (aws_default_vpc): its main route table sends 0.0.0.0/0 to its
	// internet gateway.
	DefaultVPC
	// Subnet is a subnet of a VPC the project names by a property.
	Subnet
	// DefaultSubnet is a default subnet adopted by the project: its VPC is
	// the default VPC.
	DefaultSubnet
	// RouteTable is a route table.
	RouteTable
	// DefaultRouteTable is a VPC's main route table adopted by the project
	// (aws_default_route_table): it becomes the main table of its VPC.
	DefaultRouteTable
	// SubnetAssociation gives a subnet its route table.
	SubnetAssociation
	// MainAssociation makes a route table the main one of its VPC.
	MainAssociation
	// Route is a route of a route table, declared on its own.
	Route
	// Propagation propagates a VPN gateway's routes into route tables.
	Propagation
	// Endpoint is a VPC endpoint.
	Endpoint
	// EndpointTableAssociation adds a route table to a gateway endpoint.
	EndpointTableAssociation
	// EndpointSubnetAssociation adds a subnet to an interface endpoint.
	EndpointSubnetAssociation
	// InternetGateway, NATGateway and VPNGateway are route targets.
	InternetGateway
	NATGateway
	VPNGateway
	// Nested is a nested stack or application: given a VPC, its subnets
	// or route tables, it may add routes or endpoints lambdavet does not
	// see.
	Nested
)

// Keys are the names a format gives the properties the network picture
// reads. An empty name is a property the format does not have.
type Keys struct {
	// VPC is the VPC of a subnet, route table, endpoint or main
	// association (VpcId, vpc_id).
	VPC string
	// Subnet and RouteTable are the subnet and the route table of an
	// association or a route (SubnetId, RouteTableId).
	Subnet, RouteTable string
	// Subnets and RouteTables are an endpoint's (SubnetIds, RouteTableIds).
	Subnets, RouteTables string
	// Propagated are the route tables a propagation feeds: a list
	// (RouteTableIds) or one table (route_table_id).
	Propagated string
	// InlineRoutes is a route table's list of route blocks (route).
	InlineRoutes string
	// Propagating is a route table's list of VPN gateways whose routes it
	// receives (propagating_vgws).
	Propagating string
	// DefaultTable names the VPC main route table a default route table
	// adopts (default_route_table_id).
	DefaultTable string
	// Endpoint is the endpoint of an endpoint association (vpc_endpoint_id).
	Endpoint string
	// EndpointType and ServiceName are an endpoint's.
	EndpointType, ServiceName string
	// Connectivity is a NAT gateway's connectivity type (ConnectivityType).
	Connectivity string
	// Nested is the property of a Nested resource that passes the network
	// on (a nested stack's Parameters).
	Nested string
	// Route destinations, in the order they are read (the last set wins).
	Destinations []string
	// Route targets.
	NATGateway, Gateway, EgressOnlyGateway, TransitGateway, CoreNetwork, Instance, NetworkInterface string
	// OtherTargets are route targets that may or may not lead out
	// (peering, endpoints, carrier and local gateways); each is named in
	// messages without OtherSuffix ("VpcPeeringConnection").
	OtherTargets []string
	OtherSuffix  string
}

// Resolver is how a format's values name the project's resources.
type Resolver interface {
	// First returns the resource matching match that v names, "" when
	// there is none (or, where the format cannot tell, not just one).
	First(v *model.Value, match func(*model.Resource) bool) string
	// Named returns the resources matching match that v names, with
	// ok=false when some part of v names something else or cannot be
	// followed.
	Named(v *model.Value, match func(*model.Resource) bool) (ids []string, ok bool)
	// Resolve returns the resource a reference names, "" when it names
	// none of the project's.
	Resolve(ref model.Ref) string
}

// Syntax is what Build asks of a format.
type Syntax struct {
	// Kinds maps resource types to their part in the network.
	Kinds map[string]Kind
	Keys  Keys
	Resolver
	// Partial says on which paths a resource exists when not on all of
	// them ("when condition \"C\" holds", "for some inputs"); "" when it
	// always exists.
	Partial func(r *model.Resource) string
	// Each stands a value of r that iterates over other resources
	// (Terraform's each.value under for_each) for references to them; nil
	// leaves values as they are.
	Each func(r *model.Resource, v *model.Value) *model.Value
	// Text returns the source written at a range (an endpoint's service
	// name built from placeholders).
	Text func(model.Range) string
	// EndpointService reads the service an endpoint's service name names
	// when its text does not say (a data source); nil for none.
	EndpointService func(name *model.Value) string
	// UnfollowedMayNameOurs says that a value lambdavet cannot follow may
	// still name the project's own resources (Terraform's count and
	// for_each), so an association of subnets it cannot tell may be any of
	// its VPC's. In CloudFormation a value that is not a reference never
	// names a template resource.
	UnfollowedMayNameOurs bool
	// RouteNoun precedes a route's name where its target is not known
	// ("route " gives `the target of route "R"`).
	RouteNoun string
	// Handoffs are the other things given a VPC's subnets or route tables
	// that may add routes or endpoints lambdavet does not see (modules it
	// does not model), read after the resources.
	Handoffs []Handoff
}

// Handoff is something given references to a VPC's network.
type Handoff struct {
	// Refs are what it is given.
	Refs []model.Ref
	// VPCs says that a reference to the VPC itself counts, not only to its
	// subnets and route tables.
	VPCs bool
	// Open says why the VPC with id vpc may have routes or endpoints
	// lambdavet does not see.
	Open func(vpc string) string
}

// builder holds one Build.
type builder struct {
	s   *Syntax
	p   *model.Project
	res map[string]*model.Resource
	net *model.Network
}

// Build derives the network picture of p's resources.
func Build(p *model.Project, s *Syntax) *model.Network {
	b := &builder{s: s, p: p, res: make(map[string]*model.Resource, len(p.Resources)), net: &model.Network{}}
	for _, r := range p.Resources {
		b.res[r.Name] = r
	}
	b.vpcs()
	b.subnetsAndTables()
	b.links()
	b.endpointLinks()
	for _, h := range s.Handoffs {
		b.handoff(h)
	}
	for _, r := range p.Resources {
		if b.kind(r) == Nested && s.Keys.Nested != "" {
			b.handoff(Handoff{Refs: r.Properties.Dig(s.Keys.Nested).AllRefs(), VPCs: true, Open: func(vpc string) string {
				return fmt.Sprintf("nested stack %q is given the network of VPC %q and may add routes or endpoints to it", r.Name, vpc)
			}})
		}
	}
	return b.net
}

// Attach records p.Network when any function is attached to a VPC or the
// project declares any network: a project without either has no picture.
func Attach(p *model.Project, n *model.Network) {
	attached := false
	for _, f := range p.Functions {
		attached = attached || f.Network != nil
	}
	if attached || len(n.VPCs)+len(n.Subnets)+len(n.Endpoints) > 0 {
		p.Network = n
	}
}

func (b *builder) kind(r *model.Resource) Kind {
	if r == nil || r.DataSource {
		return Other
	}
	return b.s.Kinds[r.Type]
}

// of matches resources of the given kinds. A data source of a kind's type
// matches too (a subnet's VPC may be data.aws_vpc.x), though the picture
// builds nothing of its own from one.
func (b *builder) of(kinds ...Kind) func(*model.Resource) bool {
	return func(r *model.Resource) bool {
		k := b.s.Kinds[r.Type]
		for _, want := range kinds {
			if k == want {
				return true
			}
		}
		return false
	}
}

func (b *builder) vpcOf(v *model.Value) string { return b.s.First(v, b.of(VPC, DefaultVPC)) }

func (b *builder) vpcs() {
	n := b.net
	for _, r := range b.p.Resources {
		switch b.kind(r) {
		case VPC:
			n.AddVPC(r.Name, r.Range)
		case DefaultVPC:
			v := n.AddVPC(r.Name, r.Range)
			if t := n.RouteTableByID(v.MainRouteTable); t != nil {
				t.Routes = append(t.Routes, &model.Route{Destination: "0.0.0.0/0", Target: model.TargetIGW,
					Via: fmt.Sprintf("the internet gateway of default VPC %q", r.Name), Range: r.Range})
			}
		}
	}
}

func (b *builder) subnetsAndTables() {
	n, k := b.net, b.s.Keys
	for _, r := range b.p.Resources {
		switch b.kind(r) {
		case Subnet:
			n.Subnets = append(n.Subnets, &model.Subnet{ID: r.Name, Range: r.Range, VPC: b.vpcOf(r.Properties.Dig(k.VPC))})
		case DefaultSubnet:
			vpc := b.vpcOf(r.Properties.Dig(k.VPC))
			for _, v := range b.p.Resources {
				if b.kind(v) == DefaultVPC {
					vpc = v.Name
				}
			}
			n.Subnets = append(n.Subnets, &model.Subnet{ID: r.Name, Range: r.Range, VPC: vpc})
		case RouteTable, DefaultRouteTable:
			b.table(r)
		}
	}
}

// table reads a route table with its inline routes.
func (b *builder) table(r *model.Resource) {
	n, k := b.net, b.s.Keys
	t := &model.RouteTable{ID: r.Name, Range: r.Range, VPC: b.vpcOf(r.Properties.Dig(k.VPC))}
	adopted := b.kind(r) == DefaultRouteTable
	if adopted && k.DefaultTable != "" {
		for _, ref := range r.Properties.Dig(k.DefaultTable).AllRefs() {
			if id := b.s.Resolve(ref); id != "" && n.VPCByID(id) != nil {
				t.VPC = id
			}
		}
	}
	n.RouteTables = append(n.RouteTables, t)
	if k.InlineRoutes != "" {
		routes := r.Properties.Dig(k.InlineRoutes)
		switch {
		case routes.State == model.Absent:
		case routes.IsKnown() && routes.Type == model.List:
			for _, it := range routes.List {
				rt := b.readRoute(it, it.Range)
				if rt.Via == "" {
					rt.Via = fmt.Sprintf("a route of %q", r.Name)
				}
				t.Routes = append(t.Routes, rt)
			}
		default:
			t.Open = fmt.Sprintf("the routes of route table %q are not known", r.Name)
		}
	}
	if k.Propagating != "" {
		if pv := r.Properties.Dig(k.Propagating); pv.IsSet() && !(pv.IsKnown() && pv.Type == model.List && len(pv.List) == 0) {
			t.Open = fmt.Sprintf("route table %q receives routes propagated from a VPN gateway", r.Name)
		}
	}
	if adopted && t.VPC != "" {
		n.SetMainRouteTable(t.VPC, t.ID)
	}
}

// tableOf returns the route table a value names: a route table, or a VPC's
// main route table by its attribute (aws_vpc.x.main_route_table_id,
// module.vpc.default_route_table_id).
func (b *builder) tableOf(v *model.Value) *model.RouteTable {
	n := b.net
	for _, ref := range v.AllRefs() {
		if vpc := n.VPCByID(b.s.Resolve(ref)); vpc != nil && strings.Contains(ref.Attribute, "route_table_id") {
			return n.RouteTableByID(vpc.MainRouteTable)
		}
	}
	if id := b.s.First(v, b.of(RouteTable, DefaultRouteTable)); id != "" {
		return n.RouteTableByID(id)
	}
	return nil
}

// links reads what joins subnets, route tables and routes: associations,
// routes, propagations, endpoints.
func (b *builder) links() {
	n, k := b.net, b.s.Keys
	assoc := map[string]string{}
	for _, r := range b.p.Resources {
		props := r.Properties
		switch b.kind(r) {
		case MainAssociation:
			vpc := b.vpcOf(props.Dig(k.VPC))
			if t := b.tableOf(props.Dig(k.RouteTable)); t != nil && vpc != "" {
				n.SetMainRouteTable(vpc, t.ID)
			} else if v := n.VPCByID(vpc); v != nil {
				v.Open = fmt.Sprintf("the main route table of VPC %q is set by %q to a table lambdavet cannot follow", vpc, r.Name)
			}
		case SubnetAssociation:
			b.association(r, assoc)
		case Route:
			rt := b.routeResource(r)
			if t := b.tableOf(props.Dig(k.RouteTable)); t != nil {
				t.Routes = append(t.Routes, rt)
				continue
			}
			if ids, ok := b.s.Named(props.Dig(k.RouteTable), b.of(RouteTable)); ok {
				for _, id := range ids {
					if t := n.RouteTableByID(id); t != nil {
						t.Routes = append(t.Routes, rt)
					}
				}
			}
		case Propagation:
			for _, it := range props.Dig(k.Propagated).Items() {
				if t := b.tableOf(it); t != nil {
					t.Open = fmt.Sprintf("route table %q receives routes propagated from a VPN gateway (%s)", t.ID, r.Name)
				}
			}
		case Endpoint:
			n.Endpoints = append(n.Endpoints, b.endpoint(r))
		}
	}
}

// association gives subnets their route table; assoc records the table
// each subnet was given, so a second association makes it unsure.
func (b *builder) association(r *model.Resource, assoc map[string]string) {
	n, k := b.net, b.s.Keys
	props := r.Properties
	subnets := props.Dig(k.Subnet)
	if b.s.Each != nil {
		subnets = b.s.Each(r, subnets)
	}
	tables, tok := b.s.Named(props.Dig(k.RouteTable), b.of(RouteTable, DefaultRouteTable))
	ids, ok := b.s.Named(subnets, b.of(Subnet, DefaultSubnet))
	if !ok {
		if !b.s.UnfollowedMayNameOurs {
			return
		}
		// Subnets lambdavet cannot tell: any of the VPC's may be one.
		vpc := ""
		if t := n.RouteTableByID(first(tables)); tok && t != nil {
			vpc = t.VPC
		}
		for _, s := range n.Subnets {
			if vpc == "" || s.VPC == vpc {
				s.Unsure = fmt.Sprintf("association %q may give subnet %q a route table lambdavet cannot tell", r.Name, s.ID)
			}
		}
		return
	}
	partial := b.s.Partial(r)
	// A subnet the association names on a condition path only (SubnetId:
	// !If [C, A, B]) has the table on that path, not on every one; the
	// instances of a count or for_each are each an association of their
	// own.
	onPath := map[string]bool{}
	if subnets.State == model.Conditional {
		subnets.EachCandidate(nil, func(c *model.Value, when model.When) {
			if when.Instances() {
				return
			}
			named, _ := b.s.Named(c, b.of(Subnet, DefaultSubnet))
			for _, id := range named {
				onPath[id] = true
			}
		})
	}
	for _, id := range ids {
		s := n.SubnetByID(id)
		if s == nil {
			continue
		}
		switch {
		case !tok || len(tables) != 1:
			s.Unsure = fmt.Sprintf("association %q gives subnet %q a route table lambdavet cannot follow", r.Name, s.ID)
		case onPath[id]:
			s.Unsure = fmt.Sprintf("association %q gives subnet %q its route table on some condition paths only", r.Name, s.ID)
		case partial != "":
			s.Unsure = fmt.Sprintf("association %q exists only %s", r.Name, partial)
		case assoc[id] != "" && assoc[id] != tables[0]:
			s.Unsure = fmt.Sprintf("subnet %q has more than one route table association", s.ID)
		default:
			assoc[id] = tables[0]
			if s.Unsure == "" {
				s.RouteTable = tables[0]
			}
		}
	}
}

// routeResource reads a route declared on its own.
func (b *builder) routeResource(r *model.Resource) *model.Route {
	rt := b.readRoute(r.Properties, r.Range)
	if rt.Via == "" {
		rt.Via = fmt.Sprintf("the target of %s%q", b.s.RouteNoun, r.Name)
	}
	if partial := b.s.Partial(r); partial != "" && rt.Target != model.TargetLocal {
		rt.Target = model.TargetUnknown
		rt.Via = fmt.Sprintf("%s (route %q exists only %s)", rt.Via, r.Name, partial)
	}
	return rt
}

// readRoute reads a route's destination and target; Via is "" when it
// names no target.
func (b *builder) readRoute(props *model.Value, rng model.Range) *model.Route {
	k := b.s.Keys
	rt := &model.Route{Range: rng, Target: model.TargetUnknown}
	for _, key := range k.Destinations {
		d := props.Dig(key)
		if !d.IsSet() {
			continue
		}
		if s, ok := d.AsString(); ok {
			if s != "" {
				rt.Destination = s
			}
		} else {
			rt.Destination = ""
			rt.Range = d.Range
		}
	}
	named := func(v *model.Value, what string) string {
		for _, ref := range v.AllRefs() {
			return fmt.Sprintf("%s %q", what, ref.Resource)
		}
		if s, ok := v.AsString(); ok {
			return fmt.Sprintf("%s %q", what, s)
		}
		return what
	}
	// set returns the target written under key, nil for none (an empty
	// string is none: Terraform's way of leaving an argument out).
	set := func(key string) *model.Value {
		if key == "" {
			return nil
		}
		v := props.Dig(key)
		if !v.IsSet() {
			return nil
		}
		if s, ok := v.AsString(); ok && s == "" {
			return nil
		}
		return v
	}
	if v := set(k.NATGateway); v != nil {
		rt.Target, rt.Via = model.TargetNAT, named(v, "NAT gateway")
		if id := b.s.First(v, b.of(NATGateway)); id != "" {
			if s, _ := b.res[id].Properties.Dig(k.Connectivity).AsString(); strings.EqualFold(s, "private") {
				rt.Target, rt.Via = model.TargetOther, named(v, "private NAT gateway")
			}
			if b.s.Partial(b.res[id]) != "" {
				rt.Target = model.TargetUnknown
			}
		}
		return rt
	}
	if v := set(k.Gateway); v != nil {
		s, known := v.AsString()
		switch {
		case b.s.First(v, b.of(InternetGateway)) != "" || (known && strings.HasPrefix(s, "igw-")):
			rt.Target, rt.Via = model.TargetIGW, named(v, "internet gateway")
		case known && s == "local":
			rt.Target, rt.Via = model.TargetLocal, "local"
		case b.s.First(v, b.of(NATGateway)) != "" || (known && strings.HasPrefix(s, "nat-")):
			rt.Target, rt.Via = model.TargetNAT, named(v, "NAT gateway")
		case b.s.First(v, b.of(VPNGateway)) != "" || (known && strings.HasPrefix(s, "vgw-")):
			rt.Target, rt.Via = model.TargetOther, named(v, "VPN gateway")
		default:
			rt.Via = named(v, "gateway")
		}
		return rt
	}
	switch {
	case set(k.EgressOnlyGateway) != nil:
		rt.Target, rt.Via = model.TargetEIGW, named(set(k.EgressOnlyGateway), "egress-only internet gateway")
	case set(k.TransitGateway) != nil:
		rt.Target, rt.Via = model.TargetTGW, named(set(k.TransitGateway), "transit gateway")
	case set(k.CoreNetwork) != nil:
		rt.Target, rt.Via = model.TargetTGW, named(set(k.CoreNetwork), "core network")
	case set(k.Instance) != nil:
		rt.Target, rt.Via = model.TargetInstance, named(set(k.Instance), "instance")
	case set(k.NetworkInterface) != nil:
		rt.Target, rt.Via = model.TargetInstance, named(set(k.NetworkInterface), "network interface")
	default:
		for _, key := range k.OtherTargets {
			if v := set(key); v != nil {
				rt.Target, rt.Via = model.TargetOther, named(v, strings.TrimSuffix(key, k.OtherSuffix))
			}
		}
	}
	return rt
}

// endpoint reads a VPC endpoint.
func (b *builder) endpoint(r *model.Resource) *model.Endpoint {
	k := b.s.Keys
	props := r.Properties
	e := &model.Endpoint{ID: r.Name, Range: r.Range, Type: "Gateway"}
	if t := props.Dig(k.EndpointType); t.IsSet() {
		if s, ok := t.AsString(); ok {
			e.Type = s
		} else {
			e.Unsure = true
		}
	}
	name := props.Dig(k.ServiceName)
	if s, ok := name.AsString(); ok {
		e.Service = model.EndpointServiceFromName(s, true, "")
		if e.Service == "" {
			e.Service = model.EndpointServiceFromName(s, false, s)
		}
	} else {
		e.Service = model.EndpointServiceFromName("", false, b.s.Text(name.Range))
		if e.Service == "" && b.s.EndpointService != nil {
			e.Service = b.s.EndpointService(name)
		}
	}
	e.VPC = b.vpcOf(props.Dig(k.VPC))
	if e.VPC == "" {
		e.Unsure = true
	}
	if v := props.Dig(k.RouteTables); v.IsSet() {
		ids, ok := b.s.Named(v, b.of(RouteTable, DefaultRouteTable))
		e.RouteTables = append(e.RouteTables, ids...)
		e.Unsure = e.Unsure || !ok
	}
	if v := props.Dig(k.Subnets); v.IsSet() {
		ids, ok := b.s.Named(v, b.of(Subnet, DefaultSubnet))
		e.Subnets = append(e.Subnets, ids...)
		e.Unsure = e.Unsure || !ok
	}
	if b.s.Partial(r) != "" {
		e.Unsure = true
	}
	return e
}

// endpointLinks reads the associations that add route tables and subnets
// to endpoints declared before.
func (b *builder) endpointLinks() {
	n, k := b.net, b.s.Keys
	for _, r := range b.p.Resources {
		kind := b.kind(r)
		if kind != EndpointTableAssociation && kind != EndpointSubnetAssociation {
			continue
		}
		id := b.s.First(r.Properties.Dig(k.Endpoint), b.of(Endpoint))
		var e *model.Endpoint
		for _, ep := range n.Endpoints {
			if ep.ID == id {
				e = ep
			}
		}
		if e == nil {
			continue
		}
		if kind == EndpointTableAssociation {
			if t := b.tableOf(r.Properties.Dig(k.RouteTable)); t != nil {
				e.RouteTables = append(e.RouteTables, t.ID)
			} else {
				e.Unsure = true
			}
		} else {
			if ids, ok := b.s.Named(r.Properties.Dig(k.Subnet), b.of(Subnet)); ok {
				e.Subnets = append(e.Subnets, ids...)
			} else {
				e.Unsure = true
			}
		}
	}
}

// handoff opens the VPCs whose network h is given.
func (b *builder) handoff(h Handoff) {
	n := b.net
	for _, ref := range h.Refs {
		id := b.s.Resolve(ref)
		vpc := ""
		if v := n.VPCByID(id); h.VPCs && v != nil {
			vpc = v.ID
		} else if s := n.SubnetByID(id); s != nil {
			vpc = s.VPC
		} else if t := n.RouteTableByID(id); t != nil {
			vpc = t.VPC
		}
		if v := n.VPCByID(vpc); v != nil && v.Open == "" {
			v.Open = h.Open(v.ID)
		}
	}
}

func first(ss []string) string {
	if len(ss) == 0 {
		return ""
	}
	return ss[0]
}
