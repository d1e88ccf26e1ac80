package terraform

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/lambdavet/lambdavet/parsers/model"
	"github.com/lambdavet/lambdavet/parsers/netgraph"
)

// This file builds the network half of the model for Terraform: VPCs,
// subnets, route tables, routes and VPC endpoints (declared as resources or
// through the terraform-aws-modules/vpc registry module, modeled from its
// inputs), each function's place in them, and what each function talks to.

// isVPCRegistryModule recognises terraform-aws-modules/vpc/aws and its
// vpc-endpoints submodule (from the registry or GitHub).
func isVPCRegistryModule(source string) bool {
	s := strings.TrimPrefix(source, "registry.terraform.io/")
	return strings.HasPrefix(s, "terraform-aws-modules/vpc/aws") ||
		strings.Contains(s, "terraform-aws-modules/terraform-aws-vpc")
}

// vpcModule models a call of the VPC registry module as the resources it
// would create (module.vpc.aws_subnet.private, its route tables, the NAT
// route when enable_nat_gateway is true …), or of its vpc-endpoints
// submodule as its endpoints. Values keep the caller's ranges.
func (l *loader) vpcModule(source, addr string, args map[string]*model.Value, rng model.Range) {
	arg := func(name string) *model.Value {
		if v, ok := args[name]; ok {
			return v
		}
		return model.NewAbsent(nil)
	}
	// flag reads a boolean input: its value, and whether it is known.
	flag := func(name string, def bool) (bool, bool, *model.Value) {
		v := arg(name)
		if v.State == model.Absent {
			return def, true, v
		}
		if v.IsKnown() && v.Type == model.Bool {
			return v.Bool, true, v
		}
		if s, ok := v.AsString(); ok && (s == "true" || s == "false") {
			return s == "true", true, v
		}
		return def, false, v
	}
	added := map[string]bool{}
	add := func(typ, name string, props *model.Value) string {
		id := addr + typ + "." + name
		if added[id] {
			return id
		}
		added[id] = true
		l.project.Resources = append(l.project.Resources, &model.Resource{Name: id, Type: typ, Range: rng, Properties: props})
		return id
	}
	ref := func(id, attr string) *model.Value { return model.NewRef(model.Ref{Resource: id, Attribute: attr}, rng) }
	if create, known, _ := flag("create", true); known && !create {
		return
	}
	if create, known, _ := flag("create_vpc", true); known && !create {
		return
	}
	if strings.Contains(source, "//modules/vpc-endpoints") || strings.Contains(source, "vpc-endpoints") {
		l.vpcEndpointsModule(arg, add, rng)
		return
	}
	if strings.Contains(source, "//") {
		return // another submodule
	}
	vpcProps := model.NewMap(rng)
	vpcProps.Set("cidr_block", arg("cidr"))
	vpc := add("aws_vpc", "this", vpcProps)
	has := func(name string) bool {
		v := arg(name)
		return v.IsSet() && !(v.IsKnown() && v.Type == model.List && len(v.List) == 0)
	}
	subnet := func(kind string) string {
		p := model.NewMap(arg(kind + "_subnets").Range)
		p.Set("vpc_id", ref(vpc, "id"))
		return add("aws_subnet", kind, p)
	}
	table := func(kind string) string {
		p := model.NewMap(rng)
		p.Set("vpc_id", ref(vpc, "id"))
		return add("aws_route_table", kind, p)
	}
	associate := func(kind, subnetID, tableID string) {
		p := model.NewMap(rng)
		p.Set("subnet_id", ref(subnetID, "id"))
		p.Set("route_table_id", ref(tableID, "id"))
		add("aws_route_table_association", kind, p)
	}
	route := func(name, tableID, dest string, target, targetID string, sure bool, at *model.Value) {
		p := model.NewMap(at.Range)
		p.Set("route_table_id", ref(tableID, "id"))
		key := "destination_cidr_block"
		if strings.Contains(dest, ":") {
			key = "destination_ipv6_cidr_block"
		}
		if sure {
			p.Set(key, model.NewString(dest, at.Range))
		} else {
			p.Set(key, model.NewUnknown(fmt.Sprintf("%s is not known", name), at.Range))
		}
		p.Set(target, ref(targetID, "id"))
		add("aws_route", name, p)
	}
	ipv6, ipv6Known, ipv6At := flag("enable_ipv6", false)
	var tables []string
	kinds := map[string]string{}
	if has("public_subnets") {
		s := subnet("public")
		t := table("public")
		tables = append(tables, t)
		kinds["public"] = t
		associate("public", s, t)
		if igw, known, at := flag("create_igw", true); igw || !known {
			gw := add("aws_internet_gateway", "this", model.NewMap(rng))
			route("public_internet_gateway", t, "0.0.0.0/0", "gateway_id", gw, known, orAt(at, rng))
			if ipv6 || !ipv6Known {
				route("public_internet_gateway_ipv6", t, "::/0", "gateway_id", gw, ipv6Known && known, orAt(ipv6At, rng))
			}
		}
	}
	nat, natKnown, natAt := flag("enable_nat_gateway", false)
	natRoute, natRouteKnown, _ := flag("create_private_nat_gateway_route", true)
	natID := ""
	if nat || !natKnown {
		natID = add("aws_nat_gateway", "this", model.NewMap(orAt(natAt, rng).Range))
	}
	private := ""
	if has("private_subnets") || has("database_subnets") || has("redshift_subnets") || has("elasticache_subnets") || has("outpost_subnets") {
		private = table("private")
		tables = append(tables, private)
		kinds["private"] = private
		if natID != "" && (natRoute || !natRouteKnown) {
			route("private_nat_gateway", private, "0.0.0.0/0", "nat_gateway_id", natID, natKnown && natRouteKnown, orAt(natAt, rng))
		}
		if eigw, known, _ := flag("create_egress_only_igw", true); (ipv6 || !ipv6Known) && (eigw || !known) {
			gw := add("aws_egress_only_internet_gateway", "this", model.NewMap(rng))
			route("private_ipv6_egress", private, "::/0", "egress_only_gateway_id", gw, ipv6Known && known, orAt(ipv6At, rng))
		}
	}
	for _, kind := range []string{"private", "outpost"} {
		if has(kind + "_subnets") {
			associate(kind, subnet(kind), private)
		}
	}
	for _, kind := range []string{"database", "redshift", "elasticache"} {
		if !has(kind + "_subnets") {
			continue
		}
		s := subnet(kind)
		own, ownKnown, _ := flag("create_"+kind+"_subnet_route_table", false)
		switch {
		case kind == "redshift" && boolArg(arg("enable_public_redshift")) && kinds["public"] != "":
			associate(kind, s, kinds["public"])
		case own && ownKnown:
			t := table(kind)
			tables = append(tables, t)
			associate(kind, s, t)
			if kind == "database" {
				natDB, k1, at := flag("create_database_nat_gateway_route", false)
				igwDB, k2, at2 := flag("create_database_internet_gateway_route", false)
				switch {
				case natDB && natID != "":
					route("database_nat_gateway", t, "0.0.0.0/0", "nat_gateway_id", natID, k1 && natKnown, orAt(at, rng))
				case igwDB:
					gw := add("aws_internet_gateway", "this", model.NewMap(rng))
					route("database_internet_gateway", t, "0.0.0.0/0", "gateway_id", gw, k2, orAt(at2, rng))
				case !k1 || !k2:
					route("database_unknown", t, "0.0.0.0/0", "gateway_id", t, false, model.NewNull(rng))
				}
			}
		case !ownKnown:
			// The association depends on an input not known: leave it out,
			// so the subnets' route table stays unknown.
			p := model.NewMap(rng)
			p.Set("subnet_id", ref(s, "id"))
			p.Set("route_table_id", model.NewUnknown(fmt.Sprintf("create_%s_subnet_route_table is not known", kind), rng))
			add("aws_route_table_association", kind, p)
		default:
			associate(kind, s, private)
		}
	}
	if has("intra_subnets") {
		s := subnet("intra")
		t := table("intra")
		tables = append(tables, t)
		kinds["intra"] = t
		associate("intra", s, t)
	}
	// Routes from a VPN gateway may reach any table told to propagate them.
	if boolArg(arg("enable_vpn_gateway")) || arg("vpn_gateway_id").IsSet() {
		for _, kind := range []string{"private", "public", "intra"} {
			if kinds[kind] == "" {
				continue
			}
			if on, known, _ := flag("propagate_"+kind+"_route_tables_vgw", false); on || !known {
				p := model.NewMap(rng)
				p.Set("route_table_id", ref(kinds[kind], "id"))
				add("aws_vpn_gateway_route_propagation", kind, p)
			}
		}
	}
	// The main route table, managed by the module, has the routes given.
	if routes := arg("default_route_table_routes"); routes.IsSet() {
		p := model.NewMap(rng)
		p.Set("default_route_table_id", ref(vpc, "default_route_table_id"))
		p.Set("route", routes)
		add("aws_default_route_table", "default", p)
	}
	// Version 2 of the module created endpoints itself: enable_s3_endpoint …
	names := make([]string, 0, len(args))
	for k := range args {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		svc, ok := strings.CutPrefix(k, "enable_")
		if !ok || !strings.HasSuffix(svc, "_endpoint") {
			continue
		}
		svc = strings.TrimSuffix(svc, "_endpoint")
		on, known, at := flag(k, false)
		if !on && known {
			continue
		}
		p := model.NewMap(at.Range)
		p.Set("vpc_id", ref(vpc, "id"))
		svcName := strings.ReplaceAll(svc, "_", ".")
		switch svc {
		case "s3", "dynamodb":
			p.Set("vpc_endpoint_type", model.NewString("Gateway", at.Range))
			var items []*model.Value
			for _, t := range tables {
				items = append(items, ref(t, "id"))
			}
			p.Set("route_table_ids", model.NewList(items, at.Range))
		default:
			p.Set("vpc_endpoint_type", model.NewString("Interface", at.Range))
		}
		if known {
			p.Set("service_name", model.NewString("com.amazonaws.${region}."+svcName, at.Range))
		}
		add("aws_vpc_endpoint", svc, p)
	}
}

func orAt(v *model.Value, rng model.Range) *model.Value {
	if v == nil || v.State == model.Absent || v.Range.IsZero() {
		return model.NewNull(rng)
	}
	return v
}

func boolArg(v *model.Value) bool {
	if v.IsKnown() && v.Type == model.Bool {
		return v.Bool
	}
	s, _ := v.AsString()
	return s == "true"
}

// vpcEndpointsModule models terraform-aws-modules/vpc/aws//modules/vpc-endpoints.
func (l *loader) vpcEndpointsModule(arg func(string) *model.Value, add func(typ, name string, props *model.Value) string, rng model.Range) {
	eps := arg("endpoints")
	if !eps.IsKnown() || eps.Type != model.Map {
		if eps.IsSet() {
			p := model.NewMap(eps.Range)
			p.Set("vpc_id", arg("vpc_id"))
			p.Set("vpc_endpoint_type", model.NewUnknown("endpoints of the module are not known", eps.Range))
			add("aws_vpc_endpoint", "this", p)
		}
		return
	}
	for _, k := range eps.Keys {
		e := eps.Field(k)
		p := model.NewMap(e.Range)
		p.Set("vpc_id", arg("vpc_id"))
		if s, ok := e.Get("service_name").AsString(); ok {
			p.Set("service_name", model.NewString(s, e.Range))
		} else if s, ok := e.Get("service").AsString(); ok {
			p.Set("service_name", model.NewString("com.amazonaws.${region}."+s, e.Range))
		} else {
			p.Set("service_name", model.NewUnknown("endpoint service not known", e.Range))
		}
		typ := e.Get("service_type")
		if typ == nil {
			typ = model.NewString("Interface", e.Range)
		}
		p.Set("vpc_endpoint_type", typ)
		if v := e.Get("route_table_ids"); v != nil {
			p.Set("route_table_ids", v)
		}
		if v := e.Get("subnet_ids"); v != nil {
			p.Set("subnet_ids", v)
		} else if v := arg("subnet_ids"); v.IsSet() {
			p.Set("subnet_ids", v)
		}
		add("aws_vpc_endpoint", fmt.Sprintf("this[%q]", k), p)
	}
}

// vpcModuleOutputs maps the VPC module's outputs to the resources it models.
var vpcModuleOutputs = map[string]string{
	"vpc_id": "aws_vpc.this", "private_subnets": "aws_subnet.private", "public_subnets": "aws_subnet.public",
	"intra_subnets": "aws_subnet.intra", "database_subnets": "aws_subnet.database", "redshift_subnets": "aws_subnet.redshift",
	"elasticache_subnets": "aws_subnet.elasticache", "outpost_subnets": "aws_subnet.outpost",
	"private_route_table_ids": "aws_route_table.private", "public_route_table_ids": "aws_route_table.public",
	"intra_route_table_ids": "aws_route_table.intra", "database_route_table_ids": "aws_route_table.database",
	"redshift_route_table_ids": "aws_route_table.redshift", "elasticache_route_table_ids": "aws_route_table.elasticache",
	"natgw_ids": "aws_nat_gateway.this", "igw_id": "aws_internet_gateway.this", "egress_only_internet_gateway_id": "aws_egress_only_internet_gateway.this",
	"default_route_table_id": "aws_vpc.this", "vpc_main_route_table_id": "aws_vpc.this",
	"private_subnet_arns": "aws_subnet.private", "public_subnet_arns": "aws_subnet.public", "intra_subnet_arns": "aws_subnet.intra",
	"database_subnet_group": "aws_subnet.database", "database_subnet_group_name": "aws_subnet.database",
}

// ---------------------------------------------------------------------------

type tfNet struct {
	l    *loader
	p    *model.Project
	res  map[string]*model.Resource
	net  *model.Network
	root *module
	// modules maps "module.x" (with parents) to the call's source.
	modules map[string]string
	// docs are IAM policy documents re-read from the syntax (jsonencode,
	// heredoc templates), by resource name and attribute.
	docs map[string][]*model.Value
	// lambdaCalls are the modeled lambda registry module calls.
	lambdaCalls map[string]*lambdaCall
	// uncounted are resources whose count or for_each is not known.
	uncounted map[string]bool
	// forEach are the references a resource's for_each iterates over.
	forEach map[string][]model.Ref
	// classify tells what the resources a function names are to it.
	classify *netgraph.Uses
}

type lambdaCall struct {
	args map[string]*model.Value
	docs []*model.Value
	name string
}

// linkNetwork is called at the end of Load.
func linkNetwork(l *loader, root *module) {
	x := &tfNet{l: l, p: l.project, res: map[string]*model.Resource{}, root: root,
		modules: map[string]string{}, docs: map[string][]*model.Value{}, lambdaCalls: map[string]*lambdaCall{},
		uncounted: map[string]bool{}, forEach: map[string][]model.Ref{}}
	for _, r := range x.p.Resources {
		if r.DataSource {
			x.res[r.Name] = r
			continue
		}
		x.res[r.Name] = r
	}
	if root != nil {
		x.walk(root)
	}
	x.graph()
	for _, f := range x.p.Functions {
		x.attach(f)
		f.Uses, f.Writes = x.uses(f)
	}
	netgraph.Attach(x.p, x.net)
}

// walk visits the module tree: module sources, policy documents written
// with jsonencode or templates, the lambda module's policy inputs, and
// resources whose instance count is not known.
func (x *tfNet) walk(m *module) {
	sc := &scope{m: m}
	for name, call := range m.calls {
		addr := m.addr + "module." + name
		src := ""
		if a := call.body.attr("source"); a != nil {
			src, _ = sc.value(a.Expr).AsString()
		}
		x.modules[addr] = src
		if _, loaded := m.children[name]; !loaded && isLambdaRegistryModule(src) {
			lc := &lambdaCall{args: map[string]*model.Value{}, name: addr + ".aws_lambda_function.this"}
			for _, a := range call.body.attrs {
				switch a.Name {
				case "policy_json":
					lc.docs = append(lc.docs, x.document(sc, a.Expr))
				case "policy_jsons":
					if t, ok := a.Expr.(*hclsyntax.TupleConsExpr); ok {
						for _, e := range t.Exprs {
							lc.docs = append(lc.docs, x.document(sc, e))
						}
					} else {
						lc.docs = append(lc.docs, x.document(sc, a.Expr))
					}
				default:
					lc.args[a.Name] = sc.value(a.Expr)
				}
			}
			x.lambdaCalls[lc.name] = lc
		}
	}
	for _, blk := range m.resources {
		name := m.addr + blk.labels[0] + "." + blk.labels[1]
		if _, known := m.instanceCount(blk, sc); !known {
			x.uncounted[name] = true
		}
		if a := blk.body.attr("count"); a != nil && x.uncounted[name] {
			// count = length(aws_subnet.private): one per subnet.
			if followsLength.MatchString(strings.TrimSpace(x.l.text(a.Expr.Range()))) && len(sc.refs(a.Expr)) > 0 {
				delete(x.uncounted, name)
			}
		}
		if a := blk.body.attr("for_each"); a != nil {
			// for_each = aws_subnet.private: each.value is one of them.
			if refs := sc.refs(a.Expr); len(refs) > 0 && !notPlain.MatchString(x.l.text(a.Expr.Range())) {
				x.forEach[name] = refs
				delete(x.uncounted, name) // one instance per instance of what it follows
			}
		}
		switch blk.labels[0] {
		case "aws_iam_role_policy", "aws_iam_policy":
			if a := blk.body.attr("policy"); a != nil {
				x.docs[name] = append(x.docs[name], x.document(sc, a.Expr))
			}
		case "aws_iam_role":
			for _, in := range blk.body.blocks {
				if in.typ == "inline_policy" {
					if a := in.body.attr("policy"); a != nil {
						x.docs[name] = append(x.docs[name], x.document(sc, a.Expr))
					}
				}
			}
		}
	}
	names := make([]string, 0, len(m.children))
	for n := range m.children {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		x.walk(m.children[n])
	}
}

// document evaluates a policy expression into the IAM JSON shape:
// jsonencode({...}) structurally, so references stay references; a JSON
// string or heredoc with placeholders parsed; anything else as its value
// (a reference to an aws_iam_policy_document data source).
func (x *tfNet) document(sc *scope, expr hcl.Expression) *model.Value {
	rng := x.l.rng(expr.Range())
	switch e := expr.(type) {
	case *hclsyntax.FunctionCallExpr:
		if e.Name == "jsonencode" && len(e.Args) == 1 {
			return sc.value(e.Args[0])
		}
	case *guardTemplate:
		var sb strings.Builder
		var refs []model.Ref
		for _, part := range e.Parts {
			if lit, ok := part.(*hclsyntax.LiteralValueExpr); ok && lit.Val.Type().FriendlyName() == "string" {
				sb.WriteString(lit.Val.AsString())
				continue
			}
			v := sc.value(part)
			if s, ok := v.AsString(); ok {
				sb.WriteString(s)
				continue
			}
			refs = append(refs, v.AllRefs()...)
			sb.WriteString("${x}")
		}
		if doc, ok := model.ValueFromJSON(sb.String(), rng); ok {
			if len(refs) > 0 {
				// Keep the references beside the document for refUses.
				doc.Set("x-refs", model.NewUnknown("placeholders", rng, refs...))
			}
			return doc
		}
	}
	v := sc.value(expr)
	if s, ok := v.AsString(); ok {
		if doc, ok := model.ValueFromJSON(s, v.Range); ok {
			return doc
		}
	}
	return v
}

// eachValue stands each.value.<attr> of a resource iterating over other
// resources (for_each = aws_subnet.private) for a reference to them.
func (x *tfNet) eachValue(r *model.Resource, v *model.Value) *model.Value {
	refs, ok := x.forEach[r.Name]
	if !ok || v.State != model.Unknown || !strings.HasPrefix(strings.TrimSpace(x.text(v.Range)), "each.value") {
		return v
	}
	var items []*model.Value
	for _, ref := range refs {
		items = append(items, model.NewRef(model.Ref{Resource: ref.Resource, Attribute: "id"}, v.Range))
	}
	return model.NewList(items, v.Range)
}

// resolve follows a reference to the resource it names, through the VPC
// module's outputs; "" when it names nothing of the project.
func (x *tfNet) resolve(ref model.Ref) string {
	if _, ok := x.res[ref.Resource]; ok {
		return ref.Resource
	}
	if strings.HasPrefix(ref.Resource, "module.") {
		if out, ok := vpcModuleOutputs[strings.SplitN(ref.Attribute, ".", 2)[0]]; ok {
			if _, ok := x.res[ref.Resource+"."+out]; ok {
				return ref.Resource + "." + out
			}
		}
	}
	return ""
}

// target returns the project resources of the given types a value refers
// to, and ok=false when some part of it is not such a reference. An
// unknown value counts when built only from references to those types (a
// splat or an index over counted resources).
func (x *tfNet) targets(v *model.Value, match func(*model.Resource) bool) (out []string, ok bool) {
	ok = true
	isType := func(id string) bool {
		r := x.res[id]
		return r != nil && match(r)
	}
	var walk func(v *model.Value)
	walk = func(v *model.Value) {
		switch {
		case v.State == model.Absent:
		case v.State == model.Conditional:
			for _, a := range v.Alternatives {
				walk(a)
			}
		case v.State == model.Unknown:
			if len(v.Refs) == 0 || !x.plainRefs(v) {
				ok = false
				return
			}
			for _, r := range v.Refs {
				id := x.resolve(r)
				if !isType(id) {
					ok = false
					return
				}
				out = append(out, id)
			}
		case v.Type == model.List:
			for _, it := range v.List {
				walk(it)
			}
		case v.Type == model.Reference:
			id := x.resolve(*v.Ref)
			if !isType(id) {
				ok = false
				return
			}
			out = append(out, id)
		default:
			ok = false
		}
	}
	walk(v)
	return dedupeStrings(out), ok
}

var followsLength = regexp.MustCompile(`^length\(\s*[A-Za-z0-9_.\-\[\]*]+\s*\)$`)

var notPlain = regexp.MustCompile(`\bvar\.|\blocal\.|\bdata\.|\?|\bconcat\b|\bcoalesce|\bflatten\b|\bslice\b|\bsetunion\b`)

// plainRefs reports whether an unknown value is only references (an
// index, a splat or a for expression over resources), not a mix with
// variables or other inputs.
func (x *tfNet) plainRefs(v *model.Value) bool {
	if v.State != model.Unknown {
		return false
	}
	if len(v.Refs) > 0 && strings.HasPrefix(v.Reason, "output of module") {
		return true
	}
	text := x.text(v.Range)
	return text != "" && !notPlain.MatchString(text)
}

func (x *tfNet) text(r model.Range) string {
	for _, f := range x.p.Files {
		if f.Path == r.File && r.Start.Offset >= 0 && int(r.End.Offset) <= len(f.Content) && r.Start.Offset < r.End.Offset {
			return string(f.Content[r.Start.Offset:r.End.Offset])
		}
	}
	return ""
}

func dedupeStrings(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

func (x *tfNet) one(v *model.Value, types ...string) string {
	ids, ok := x.targets(v, ofType(types...))
	if !ok || len(ids) != 1 {
		return ""
	}
	return ids[0]
}

// ofType matches resources of the given types.
func ofType(types ...string) func(*model.Resource) bool {
	return func(r *model.Resource) bool {
		for _, t := range types {
			if r.Type == t {
				return true
			}
		}
		return false
	}
}

// tfNetwork is Terraform's vocabulary for the network picture.
var tfNetwork = netgraph.Syntax{
	Kinds:                 netgraph.Kinds(netgraph.Terraform),
	Keys:                  netgraph.KeysOf(netgraph.Terraform),
	UnfollowedMayNameOurs: true,
}

// tfUses is Terraform's vocabulary for what functions talk to.
var tfUses = netgraph.UseSyntax{
	Kinds: netgraph.UseKinds(netgraph.Terraform),
	Keys:  netgraph.UseKeysOf(netgraph.Terraform),
}

// graph builds the module tree's network picture.
func (x *tfNet) graph() {
	s := tfNetwork
	s.Resolver = tfResolver{x}
	s.Partial = func(r *model.Resource) string {
		if r != nil && x.uncounted[r.Name] {
			return "for some inputs"
		}
		return ""
	}
	s.Each = x.eachValue
	s.Text = x.text
	s.EndpointService = x.endpointService
	s.Handoffs = x.moduleHandoffs()
	x.net = netgraph.Build(x.p, &s)
	u := tfUses
	u.Resolver, u.Ref = s.Resolver, x.refUse
	x.classify = netgraph.NewUses(x.p, &u)
}

// tfResolver follows references, through the VPC module's outputs, to the
// project's resources.
type tfResolver struct{ x *tfNet }

func (t tfResolver) First(v *model.Value, match func(*model.Resource) bool) string {
	ids, ok := t.Named(v, match)
	if !ok || len(ids) != 1 {
		return ""
	}
	return ids[0]
}

func (t tfResolver) Named(v *model.Value, match func(*model.Resource) bool) ([]string, bool) {
	return t.x.targets(v, match)
}

func (t tfResolver) Resolve(ref model.Ref) string { return t.x.resolve(ref) }

// endpointService reads the service of an endpoint named by a
// data.aws_vpc_endpoint_service.
func (x *tfNet) endpointService(name *model.Value) string {
	for _, ref := range name.AllRefs() {
		if d := x.res[ref.Resource]; d != nil && d.Type == "aws_vpc_endpoint_service" {
			if s, ok := d.Properties.Dig("service").AsString(); ok {
				return s
			} else if s, ok := d.Properties.Dig("service_name").AsString(); ok {
				return model.EndpointServiceFromName(s, true, "")
			}
		}
	}
	return ""
}

// moduleHandoffs are the calls of modules lambdavet does not model that
// are given a VPC's route tables or subnets: they may add routes or
// endpoints to it.
func (x *tfNet) moduleHandoffs() []netgraph.Handoff {
	if x.root == nil {
		return nil
	}
	var out []netgraph.Handoff
	var visit func(m *module)
	visit = func(m *module) {
		sc := &scope{m: m}
		for name, call := range m.calls {
			addr := m.addr + "module." + name
			src := x.modules[addr]
			if _, loaded := m.children[name]; loaded || isVPCRegistryModule(src) || isLambdaRegistryModule(src) {
				continue
			}
			h := netgraph.Handoff{Open: func(vpc string) string {
				return fmt.Sprintf("module %q is given the subnets or route tables of VPC %q and may add routes or endpoints to it", addr, vpc)
			}}
			for _, a := range call.body.attrs {
				if moduleMeta[a.Name] {
					continue
				}
				v := sc.value(a.Expr)
				refs := v.AllRefs()
				if v.State == model.Unknown && len(v.Refs) == 0 {
					refs = sc.refs(a.Expr)
					for _, tr := range a.Expr.Variables() {
						if tr.RootName() == "module" && len(tr) >= 3 {
							refs = append(refs, model.Ref{Resource: m.addr + "module." + attrName(tr, 1), Attribute: attrName(tr, 2)})
						}
					}
				}
				h.Refs = append(h.Refs, refs...)
			}
			out = append(out, h)
		}
		for _, c := range m.children {
			visit(c)
		}
	}
	visit(x.root)
	return out
}

// attach records the function's VPC attachment and the subnets it uses.
func (x *tfNet) attach(f *model.Function) {
	vc := f.VpcConfig
	if !vc.IsSet() {
		return
	}
	fn := model.NewFunctionNetwork(vc, "subnet_ids", "security_group_ids", "ipv6_allowed_for_dual_stack")
	if strings.Contains(f.Name(), "module.") && x.lambdaCalls[f.Name()] != nil {
		fn.SubnetIdsName, fn.SecurityGroupIdsName = "vpc_subnet_ids", "vpc_security_group_ids"
		fn.At = fn.SubnetIds.Range
	}
	if !knownPaths(vc) {
		fn.Unresolved = "vpc_config is not known on every path"
	} else {
		ids, ok := x.targets(fn.SubnetIds, ofType("aws_subnet", "aws_default_subnet"))
		switch {
		case !ok || len(ids) == 0:
			fn.Unresolved = "the subnets are not all subnets of the project"
			if fn.SubnetIds.State == model.Unknown {
				fn.Unresolved = "the subnets are not known: " + fn.SubnetIds.Reason
			}
		default:
			for _, id := range ids {
				if x.net.SubnetByID(id) == nil {
					ok = false
				}
			}
			fn.Subnets, fn.Resolved = ids, ok
		}
	}
	f.Network = fn
}

// ---------------------------------------------------------------------------
// Uses

// resolvedAtPlan are data source attributes whose content Terraform reads
// at plan time and passes as a value: the function does not fetch it.
var resolvedAtPlan = map[string]bool{"value": true, "insecure_value": true, "secret_string": true,
	"secret_binary": true, "body": true, "content": true, "values": true}

// moduleServices classifies registry modules by the service their outputs name.
var moduleServices = map[string]string{
	"rds": "rds-db", "rds-aurora": "rds-db", "rds-proxy": "rds-db", "elasticache": "elasticache", "memory-db": "memorydb",
	"efs": "efs", "msk-kafka-cluster": "msk", "redshift": "redshift", "opensearch": "opensearch", "dynamodb-table": "dynamodb",
	"s3-bucket": "s3", "sqs": "sqs", "sns": "sns", "secrets-manager": "secretsmanager", "ssm-parameter": "ssm", "kms": "kms",
	"lambda": "lambda", "step-functions": "states", "eventbridge": "events", "apigateway-v2": "execute-api",
	"appsync": "appsync", "ec2-instance": "private-host", "ecs": "private-host", "cloudfront": "internet",
	"vpc": "", "security-group": "", "iam": "", "acm": "", "route53": "",
}

var registryModule = regexp.MustCompile(`terraform-aws-modules/(?:terraform-aws-)?([a-z0-9-]+)`)

// refUse classifies what a reference names: the use it implies (nil for
// none), and known=false when nothing is known of its kind (its names are
// then hints).
func (x *tfNet) refUse(u *netgraph.Uses, ref model.Ref, evidence string, rng model.Range) (*model.Use, bool) {
	mk := func(key string) *model.Use {
		return &model.Use{Service: key, Private: model.PrivateService(key), Certain: key != "kms", Evidence: evidence, Range: rng}
	}
	if r := x.res[ref.Resource]; r != nil {
		if r.DataSource && resolvedAtPlan[strings.SplitN(ref.Attribute, ".", 2)[0]] {
			return nil, false // the content was read at plan time: only its name says something
		}
		return u.Resource(r, evidence, rng)
	}
	if src, ok := x.modules[ref.Resource]; ok {
		if isLambdaRegistryModule(src) {
			return mk("lambda"), true
		}
		if m := registryModule.FindStringSubmatch(src); m != nil {
			if key, ok := moduleServices[m[1]]; ok {
				if key == "" {
					return nil, true
				}
				return mk(key), true
			}
		}
	}
	return nil, false
}

// uses gathers what the function talks to.
func (x *tfNet) uses(f *model.Function) ([]*model.Use, []*model.Grant) {
	set := &model.UseSet{}
	props := f.Resource.Properties
	sources, cluster := x.eventSources(f, set)
	skip := func(ref model.Ref) bool { return sources[x.resolve(ref)] || sources[ref.Resource] }

	if env := f.Environment; env.IsSet() {
		for _, c := range env.Candidates() {
			if !c.IsKnown() || c.Type != model.Map {
				continue
			}
			for _, k := range c.Keys {
				x.valueUses(k, c.Field(k), "environment variable "+k, set)
			}
		}
	}
	if fs := f.FileSystemConfigs; fs.IsSet() && !(fs.IsKnown() && fs.Type == model.List && len(fs.List) == 0) {
		set.Add(&model.Use{Service: "efs", Private: true, Certain: true, Evidence: "file_system_config", Range: fs.Range})
	}
	// The execution role: written on the function, or the lambda module's.
	var roles []string
	if lc := x.lambdaCalls[f.Name()]; lc != nil {
		x.lambdaModuleUses(lc, set, skip)
		if v, ok := lc.args["lambda_role"]; ok {
			if id := x.one(v, "aws_iam_role"); id != "" {
				roles = append(roles, id)
			}
		}
	} else if id := x.one(props.Dig("role"), "aws_iam_role"); id != "" {
		roles = append(roles, id)
	}
	for _, role := range roles {
		x.roleUses(role, set, skip)
	}
	if cluster {
		set.Drop(model.ESMAuth...) // the mapping's credentials, read by Lambda
	}
	return set.List(), set.Grants()
}

// roleUses reads the policies of a role: inline, attached and managed.
func (x *tfNet) roleUses(role string, set *model.UseSet, skip func(model.Ref) bool) {
	r := x.res[role]
	for _, d := range x.docs[role] {
		x.document2(d, fmt.Sprintf("inline policy of %s", role), set, skip)
	}
	for _, it := range listItems(r.Properties.Dig("managed_policy_arns")) {
		x.policyARN(it, fmt.Sprintf("managed policy of %s", role), set, skip)
	}
	names := func(v *model.Value) bool {
		for _, it := range listItems(v) {
			for _, ref := range it.AllRefs() {
				if x.resolve(ref) == role {
					return true
				}
			}
			if s, ok := it.AsString(); ok {
				if n, ok := r.Properties.Dig("name").AsString(); ok && n == s {
					return true
				}
			}
		}
		return false
	}
	for _, p := range x.p.Resources {
		switch p.Type {
		case "aws_iam_role_policy":
			if names(p.Properties.Dig("role")) {
				x.policyDoc(p, set, skip)
			}
		case "aws_iam_role_policy_attachment":
			if names(p.Properties.Dig("role")) {
				x.policyARN(p.Properties.Dig("policy_arn"), p.Name, set, skip)
			}
		case "aws_iam_policy_attachment":
			if names(p.Properties.Dig("roles")) {
				x.policyARN(p.Properties.Dig("policy_arn"), p.Name, set, skip)
			}
		}
	}
}

// policyDoc reads the policy of an aws_iam_role_policy or aws_iam_policy.
func (x *tfNet) policyDoc(p *model.Resource, set *model.UseSet, skip func(model.Ref) bool) {
	if docs, ok := x.docs[p.Name]; ok {
		for _, d := range docs {
			x.document2(d, p.Name, set, skip)
		}
		return
	}
	x.document2(p.Properties.Dig("policy"), p.Name, set, skip)
}

// policyARN reads an attached policy: one of the project's, or an AWS
// managed policy by its ARN.
func (x *tfNet) policyARN(v *model.Value, evidence string, set *model.UseSet, skip func(model.Ref) bool) {
	if s, ok := v.AsString(); ok {
		set.AddManaged(s, "managed policy "+s[strings.LastIndex(s, "/")+1:], v.Range)
		return
	}
	if id := x.one(v, "aws_iam_policy"); id != "" {
		x.policyDoc(x.res[id], set, skip)
		return
	}
	if m := regexp.MustCompile(`:policy/([A-Za-z0-9_+=,.@-]+)`).FindStringSubmatch(x.text(v.Range)); m != nil {
		set.AddManaged(m[1], "managed policy "+m[1], v.Range)
	}
}

// document2 reads a policy document value: the IAM JSON shape, or a
// reference to an aws_iam_policy_document data source.
func (x *tfNet) document2(d *model.Value, evidence string, set *model.UseSet, skip func(model.Ref) bool) {
	x.docDepth(d, evidence, set, skip, 0)
}

func (x *tfNet) docDepth(d *model.Value, evidence string, set *model.UseSet, skip func(model.Ref) bool, depth int) {
	if d == nil || depth > 4 {
		return
	}
	if d.IsKnown() {
		model.PolicyUses(d, evidence, set, skip)
		x.refUses(d, evidence, set)
		return
	}
	for _, ref := range d.AllRefs() {
		r := x.res[ref.Resource]
		if r == nil || r.Type != "aws_iam_policy_document" {
			continue
		}
		props := r.Properties
		var stmts []*model.Value
		for _, s := range listItems(props.Dig("statement")) {
			if !s.IsKnown() || s.Type != model.Map {
				continue
			}
			st := model.NewMap(s.Range)
			if e := s.Get("effect"); e != nil {
				st.Set("Effect", e)
			}
			if a := s.Get("actions"); a != nil {
				st.Set("Action", a)
			}
			if rs := s.Get("resources"); rs != nil {
				st.Set("Resource", rs)
			}
			stmts = append(stmts, st)
		}
		doc := model.NewMap(r.Range)
		doc.Set("Statement", model.NewList(stmts, r.Range))
		model.PolicyUses(doc, evidence, set, skip)
		x.refUses(props.Dig("statement"), evidence, set)
		for _, k := range []string{"source_policy_documents", "override_policy_documents", "source_json", "override_json"} {
			for _, it := range listItems(props.Dig(k)) {
				x.docDepth(it, evidence, set, skip, depth+1)
			}
		}
	}
	x.refUses(d, evidence, set)
}

// refUses records the private resources (and secrets holding their
// credentials) a policy names.
func (x *tfNet) refUses(v *model.Value, evidence string, set *model.UseSet) {
	x.classify.AddRefs(v, evidence, set, true)
}

// lambdaModuleUses reads the policy inputs of terraform-aws-modules/lambda.
func (x *tfNet) lambdaModuleUses(lc *lambdaCall, set *model.UseSet, skip func(model.Ref) bool) {
	on := func(name string) bool {
		v, ok := lc.args[name]
		return ok && (boolArg(v) || (v.State != model.Known && v.State != model.Absent))
	}
	if create, ok := lc.args["create_role"]; ok && create.IsKnown() && create.Type == model.Bool && !create.Bool {
		return
	}
	if on("attach_policy_statements") {
		if st, ok := lc.args["policy_statements"]; ok {
			for _, c := range st.Candidates() {
				if !c.IsKnown() || c.Type != model.Map {
					continue
				}
				var stmts []*model.Value
				for _, k := range c.Keys {
					s := c.Field(k)
					if !s.IsKnown() || s.Type != model.Map {
						continue
					}
					m := model.NewMap(s.Range)
					if e := s.Get("effect"); e != nil {
						m.Set("Effect", e)
					}
					if a := s.Get("actions"); a != nil {
						m.Set("Action", a)
					}
					if r := s.Get("resources"); r != nil {
						m.Set("Resource", r)
					}
					stmts = append(stmts, m)
				}
				doc := model.NewMap(c.Range)
				doc.Set("Statement", model.NewList(stmts, c.Range))
				model.PolicyUses(doc, "policy_statements", set, skip)
				x.refUses(c, "policy_statements", set)
			}
		}
	}
	if on("attach_policy_json") || on("attach_policy_jsons") {
		for _, d := range lc.docs {
			x.document2(d, "policy_json", set, skip)
		}
	}
	if on("attach_policy") {
		if v, ok := lc.args["policy"]; ok {
			x.policyARN(v, "policy", set, skip)
		}
	}
	if on("attach_policies") {
		if v, ok := lc.args["policies"]; ok {
			for _, it := range listItems(v) {
				x.policyARN(it, "policies", set, skip)
			}
		}
	}
}

// eventSources records the uses event sources imply and returns what the
// function is fed from.
func (x *tfNet) eventSources(f *model.Function, set *model.UseSet) (map[string]bool, bool) {
	sources := f.QueueSources()
	clusters := false
	isMine := func(v *model.Value) bool {
		for _, ref := range v.AllRefs() {
			if ref.Resource == f.Name() {
				return true
			}
			if strings.HasPrefix(ref.Attribute, "lambda_function_") && ref.Resource+".aws_lambda_function.this" == f.Name() {
				return true
			}
			if a := x.res[ref.Resource]; a != nil && a.Type == "aws_lambda_alias" {
				for _, in := range a.Properties.Dig("function_name").AllRefs() {
					if in.Resource == f.Name() {
						return true
					}
				}
			}
		}
		return false
	}
	esm := func(props *model.Value, evidence string, rng model.Range) {
		arn := props.Dig("event_source_arn")
		for _, ref := range arn.AllRefs() {
			sources[x.resolve(ref)] = true
			sources[ref.Resource] = true
		}
		if x.classify.PrivateMapping(props, evidence, rng) {
			set.Add(&model.Use{Service: "private-host", Private: true, Evidence: evidence, Range: rng})
			clusters = true
		}
	}
	for _, r := range x.p.Resources {
		if r.Type == "aws_lambda_event_source_mapping" && isMine(r.Properties.Dig("function_name")) {
			esm(r.Properties, fmt.Sprintf("event source mapping %s", r.Name), r.Range)
		}
	}
	if lc := x.lambdaCalls[f.Name()]; lc != nil {
		if m, ok := lc.args["event_source_mapping"]; ok && m.IsKnown() && m.Type == model.Map {
			for _, k := range m.Keys {
				esm(m.Field(k), fmt.Sprintf("event_source_mapping %q", k), m.Field(k).Range)
			}
		}
	}
	return sources, clusters
}

// valueUses classifies one environment value.
func (x *tfNet) valueUses(key string, v *model.Value, evidence string, set *model.UseSet) {
	set.ValueUses(key, v, evidence, func(c *model.Value, strong, address bool) {
		said := false
		var names []string
		for _, ref := range c.AllRefs() {
			id := x.resolve(ref)
			if u := x.classify.Credentials(id, evidence, c.Range); u != nil {
				set.Add(u)
			}
			u, known := x.classify.Ref(ref, evidence, c.Range)
			switch {
			case u != nil:
				set.Add(u)
				said = true
			case known:
				said = true
			default:
				names = append(names, ref.Resource, ref.Attribute)
			}
		}
		if said {
			return
		}
		literal, _ := c.AsString()
		set.AddValueUse(c, literal, key, evidence, names, strong, address)
	})
}

// knownPaths reports whether a value is known on each of its condition
// paths (a vpc_config that differs by instance is followed on each).
func knownPaths(v *model.Value) bool { return v.KnownOnEveryPath() }

// listItems returns the items of a list value (each candidate of a
// conditional); a value that is not a known list is one item.
func listItems(v *model.Value) []*model.Value { return v.Items() }
