package netgraph_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/lambdavet/lambdavet/parsers/model"
	"github.com/lambdavet/lambdavet/parsers/netgraph"
	"github.com/lambdavet/lambdavet/parsers/sam"
	"github.com/lambdavet/lambdavet/parsers/terraform"
)

// The same network written as a CloudFormation template and as Terraform:
// a public subnet routed to an internet gateway, a private one routed to a
// NAT gateway, one left on the main table, one whose route table gets a
// VPN gateway's routes, an isolated one routed to a private NAT gateway,
// and an S3 gateway endpoint on the private table.
const template = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  Igw:
    Type: AWS::EC2::InternetGateway
  Nat:
    Type: AWS::EC2::NatGateway
    Properties: {SubnetId: !Ref Public}
  Inner:
    Type: AWS::EC2::NatGateway
    Properties: {SubnetId: !Ref Private, ConnectivityType: private}
  Public:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24}
  Private:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.2.0/24}
  Plain:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.3.0/24}
  Isolated:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.4.0/24}
  Vpn:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.5.0/24}
  PublicTable:
    Type: AWS::EC2::RouteTable
    Properties: {VpcId: !Ref Vpc}
  PrivateTable:
    Type: AWS::EC2::RouteTable
    Properties: {VpcId: !Ref Vpc}
  IsolatedTable:
    Type: AWS::EC2::RouteTable
    Properties: {VpcId: !Ref Vpc}
  VpnTable:
    Type: AWS::EC2::RouteTable
    Properties: {VpcId: !Ref Vpc}
  PublicDefault:
    Type: AWS::EC2::Route
    Properties: {RouteTableId: !Ref PublicTable, DestinationCidrBlock: 0.0.0.0/0, GatewayId: !Ref Igw}
  PrivateDefault:
    Type: AWS::EC2::Route
    Properties: {RouteTableId: !Ref PrivateTable, DestinationCidrBlock: 0.0.0.0/0, NatGatewayId: !Ref Nat}
  IsolatedDefault:
    Type: AWS::EC2::Route
    Properties: {RouteTableId: !Ref IsolatedTable, DestinationCidrBlock: 0.0.0.0/0, NatGatewayId: !Ref Inner}
  PublicAssoc:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties: {SubnetId: !Ref Public, RouteTableId: !Ref PublicTable}
  PrivateAssoc:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties: {SubnetId: !Ref Private, RouteTableId: !Ref PrivateTable}
  IsolatedAssoc:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties: {SubnetId: !Ref Isolated, RouteTableId: !Ref IsolatedTable}
  VpnAssoc:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties: {SubnetId: !Ref Vpn, RouteTableId: !Ref VpnTable}
  Propagation:
    Type: AWS::EC2::VPNGatewayRoutePropagation
    Properties: {RouteTableIds: [!Ref VpnTable], VpnGatewayId: vgw-0123}
  S3:
    Type: AWS::EC2::VPCEndpoint
    Properties:
      VpcId: !Ref Vpc
      ServiceName: !Sub com.amazonaws.${AWS::Region}.s3
      RouteTableIds: [!Ref PrivateTable]
`

const module = `
resource "aws_vpc" "vpc" { cidr_block = "10.0.0.0/16" }
resource "aws_internet_gateway" "igw" { vpc_id = aws_vpc.vpc.id }
resource "aws_nat_gateway" "nat" { subnet_id = aws_subnet.public.id }
resource "aws_nat_gateway" "inner" {
  subnet_id         = aws_subnet.private.id
  connectivity_type = "private"
}
resource "aws_subnet" "public" {
  vpc_id     = aws_vpc.vpc.id
  cidr_block = "10.0.1.0/24"
}
resource "aws_subnet" "private" {
  vpc_id     = aws_vpc.vpc.id
  cidr_block = "10.0.2.0/24"
}
resource "aws_subnet" "plain" {
  vpc_id     = aws_vpc.vpc.id
  cidr_block = "10.0.3.0/24"
}
resource "aws_subnet" "isolated" {
  vpc_id     = aws_vpc.vpc.id
  cidr_block = "10.0.4.0/24"
}
resource "aws_subnet" "vpn" {
  vpc_id     = aws_vpc.vpc.id
  cidr_block = "10.0.5.0/24"
}
resource "aws_route_table" "publictable" { vpc_id = aws_vpc.vpc.id }
resource "aws_route_table" "privatetable" {
  vpc_id = aws_vpc.vpc.id
  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.nat.id
  }
}
resource "aws_route_table" "isolatedtable" { vpc_id = aws_vpc.vpc.id }
resource "aws_route_table" "vpntable" { vpc_id = aws_vpc.vpc.id }
resource "aws_route" "publicdefault" {
  route_table_id         = aws_route_table.publictable.id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.igw.id
}
resource "aws_route" "isolateddefault" {
  route_table_id         = aws_route_table.isolatedtable.id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.inner.id
}
resource "aws_route_table_association" "publicassoc" {
  subnet_id      = aws_subnet.public.id
  route_table_id = aws_route_table.publictable.id
}
resource "aws_route_table_association" "privateassoc" {
  subnet_id      = aws_subnet.private.id
  route_table_id = aws_route_table.privatetable.id
}
resource "aws_route_table_association" "isolatedassoc" {
  subnet_id      = aws_subnet.isolated.id
  route_table_id = aws_route_table.isolatedtable.id
}
resource "aws_route_table_association" "vpnassoc" {
  subnet_id      = aws_subnet.vpn.id
  route_table_id = aws_route_table.vpntable.id
}
resource "aws_vpn_gateway_route_propagation" "propagation" {
  vpn_gateway_id = "vgw-0123"
  route_table_id = aws_route_table.vpntable.id
}
resource "aws_vpc_endpoint" "s3" {
  vpc_id          = aws_vpc.vpc.id
  service_name    = "com.amazonaws.${var.region}.s3"
  route_table_ids = [aws_route_table.privatetable.id]
}
variable "region" {}
`

// TestSameNetworkInEveryFormat checks that a network written in
// CloudFormation and in Terraform gives the same picture: the same subnets
// on the same tables, the same default routes and targets, the same
// endpoint, and the same egress for each subnet.
func TestSameNetworkInEveryFormat(t *testing.T) {
	cfn, tf := loadBoth(t, template, module)
	got, want := picture(tf.Network), picture(cfn.Network)
	if got != want {
		t.Errorf("Terraform's network:\n%s\nCloudFormation's:\n%s", got, want)
	}
	// The picture must say something: egress differs by subnet (a private
	// NAT gateway may or may not lead out).
	for _, line := range []string{"subnet public table publictable egress igw", "subnet private table privatetable egress out",
		"subnet plain table vpc main route table egress none", "subnet isolated table isolatedtable egress unsure",
		"subnet vpn table vpntable egress unsure", "endpoint s3 Gateway s3 vpc vpc tables privatetable unsure false"} {
		if !strings.Contains(want, line+"\n") {
			t.Errorf("the picture lacks %q:\n%s", line, want)
		}
	}
}

// loadBoth loads a template and a Terraform module, each as one project
// with its network derived.
func loadBoth(t *testing.T, template, module string) (cfn, tf *model.Project) {
	t.Helper()
	cfn, ok := sam.Load("template.yaml", []byte(template), sam.Options{})
	if !ok || len(cfn.Errors) > 0 {
		t.Fatalf("template: %v", cfn.Errors)
	}
	cfn.DeriveNetwork()
	dir := t.TempDir()
	main := filepath.Join(dir, "main.tf")
	if err := os.WriteFile(main, []byte(module), 0o644); err != nil {
		t.Fatal(err)
	}
	tf = terraform.Load(dir, []string{main}, os.ReadFile, terraform.Options{})
	if len(tf.Errors) > 0 {
		t.Fatalf("terraform: %v", tf.Errors)
	}
	tf.DeriveNetwork()
	return cfn, tf
}

// picture renders a network with its ids lowercased and stripped of their
// Terraform type, so two formats' pictures compare.
func picture(n *model.Network) string {
	if n == nil {
		return "no network\n"
	}
	id := func(s string) string { return strings.ToLower(s[strings.LastIndex(s, ".")+1:]) }
	var lines []string
	for _, v := range n.VPCs {
		lines = append(lines, fmt.Sprintf("vpc %s main %s open %t", id(v.ID), id(v.MainRouteTable), v.Open != ""))
	}
	for _, s := range n.Subnets {
		p := n.Path(s.ID, false)
		table := s.RouteTable
		if p.RouteTable != nil {
			table = p.RouteTable.ID
		}
		lines = append(lines, fmt.Sprintf("subnet %s table %s egress %s", id(s.ID), id(table), p.Egress))
	}
	for _, rt := range n.RouteTables {
		var routes []string
		for _, r := range rt.Routes {
			routes = append(routes, r.Destination+"->"+string(r.Target))
		}
		lines = append(lines, fmt.Sprintf("table %s vpc %s main %t routes %v open %t", id(rt.ID), id(rt.VPC), rt.Main, routes, rt.Open != ""))
	}
	for _, e := range n.Endpoints {
		var tables []string
		for _, t := range e.RouteTables {
			tables = append(tables, id(t))
		}
		lines = append(lines, fmt.Sprintf("endpoint %s %s %s vpc %s tables %s unsure %t", id(e.ID), e.Type, e.Service, id(e.VPC), strings.Join(tables, ","), e.Unsure))
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n") + "\n"
}

// TestAssociations checks the association rules on a syntax of Build's
// own: a second table for one subnet, an association that exists on some
// paths only, and a table that cannot be followed each leave the subnet
// unsure; a handoff opens the VPC.
func TestAssociations(t *testing.T) {
	at := model.Range{File: "f", Start: model.Point{Line: 1, Column: 1}}
	ref := func(name string) *model.Value { return model.NewRef(model.Ref{Resource: name}, at) }
	props := func(kv ...any) *model.Value {
		m := model.NewMap(at)
		for i := 0; i < len(kv); i += 2 {
			m.Set(kv[i].(string), kv[i+1].(*model.Value))
		}
		return m
	}
	paths := func(a *model.Value, aw model.When, b *model.Value, bw model.When) *model.Value {
		a, b = a.Copy(), b.Copy()
		a.When, b.When = aw, bw
		return &model.Value{State: model.Conditional, Range: at, Alternatives: []*model.Value{a, b}}
	}
	res := func(name, typ string, p *model.Value) *model.Resource {
		return &model.Resource{Name: name, Type: typ, Range: at, Properties: p}
	}
	p := &model.Project{Resources: []*model.Resource{
		res("v", "vpc", props()),
		res("a", "subnet", props("vpc", ref("v"))),
		res("b", "subnet", props("vpc", ref("v"))),
		res("c", "subnet", props("vpc", ref("v"))),
		res("d", "subnet", props("vpc", ref("v"))),
		res("t1", "table", props("vpc", ref("v"))),
		res("t2", "table", props("vpc", ref("v"))),
		res("a1", "assoc", props("subnet", ref("a"), "table", ref("t1"))),
		res("a2", "assoc", props("subnet", ref("a"), "table", ref("t2"))),
		res("b1", "assoc", props("subnet", ref("b"), "table", ref("t1"))),
		res("c1", "assoc", props("subnet", ref("c"), "table", ref("t1"))),
		res("d1", "assoc", props("subnet", ref("d"), "table", model.NewString("rtb-0123", at))),
		res("e", "subnet", props("vpc", ref("v"))),
		res("f", "subnet", props("vpc", ref("v"))),
		res("e1", "assoc", props("subnet", paths(ref("e"), model.Is(`condition "C"`, "true"), ref("f"), model.Is(`condition "C"`, "false")), "table", ref("t1"))),
		res("g", "subnet", props("vpc", ref("v"))),
		res("h", "subnet", props("vpc", ref("v"))),
		res("g1", "assoc", props("subnet", paths(ref("g"), model.Is("each.key", `"x"`), ref("h"), model.Is("each.key", `"y"`)), "table", ref("t1"))),
	}}
	s := &netgraph.Syntax{
		Kinds:    map[string]netgraph.Kind{"vpc": netgraph.VPC, "subnet": netgraph.Subnet, "table": netgraph.RouteTable, "assoc": netgraph.SubnetAssociation},
		Keys:     netgraph.Keys{VPC: "vpc", Subnet: "subnet", RouteTable: "table"},
		Resolver: byName{p},
		Partial: func(r *model.Resource) string {
			if r != nil && r.Name == "c1" {
				return "on Tuesdays"
			}
			return ""
		},
		Text:     func(model.Range) string { return "" },
		Handoffs: []netgraph.Handoff{{Refs: []model.Ref{{Resource: "t2"}}, Open: func(vpc string) string { return "given " + vpc }}},
	}
	n := netgraph.Build(p, s)
	want := map[string][2]string{
		"a": {"t1", `subnet "a" has more than one route table association`},
		"b": {"t1", ""},
		"c": {"", `association "c1" exists only on Tuesdays`},
		"d": {"", `association "d1" gives subnet "d" a route table lambdavet cannot follow`},
		// One subnet or the other, by a condition: neither has it for sure.
		"e": {"", `association "e1" gives subnet "e" its route table on some condition paths only`},
		"f": {"", `association "e1" gives subnet "f" its route table on some condition paths only`},
		// The instances of a for_each: each subnet has it.
		"g": {"t1", ""},
		"h": {"t1", ""},
	}
	for id, w := range want {
		sn := n.SubnetByID(id)
		if sn == nil {
			t.Fatalf("no subnet %s", id)
		}
		if sn.RouteTable != w[0] || sn.Unsure != w[1] {
			t.Errorf("subnet %s: table %q unsure %q, want %q %q", id, sn.RouteTable, sn.Unsure, w[0], w[1])
		}
	}
	if v := n.VPCByID("v"); v == nil || v.Open != "given v" {
		t.Errorf("VPC %+v, want it opened by the handoff", v)
	}
}

// byName resolves a reference to the resource of that name.
type byName struct{ p *model.Project }

func (b byName) find(name string) *model.Resource {
	for _, r := range b.p.Resources {
		if r.Name == name {
			return r
		}
	}
	return nil
}

func (b byName) First(v *model.Value, match func(*model.Resource) bool) string {
	for _, ref := range v.AllRefs() {
		if r := b.find(ref.Resource); r != nil && match(r) {
			return r.Name
		}
	}
	return ""
}

func (b byName) Named(v *model.Value, match func(*model.Resource) bool) ([]string, bool) {
	var ids []string
	for _, it := range v.Items() {
		id := b.First(it, match)
		if id == "" {
			return ids, false
		}
		ids = append(ids, id)
	}
	return ids, true
}

func (b byName) Resolve(ref model.Ref) string {
	if b.find(ref.Resource) != nil {
		return ref.Resource
	}
	return ""
}
