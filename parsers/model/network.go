package model

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// This file is the network half of the model: the VPCs, subnets, route
// tables and VPC endpoints a project declares, each function's place in them,
// and what each function talks to (its uses). Loaders fill it in from their
// format; rules read it without knowing the format.

// Network is the VPC picture of a project.
type Network struct {
	VPCs        []*VPC
	Subnets     []*Subnet
	RouteTables []*RouteTable
	Endpoints   []*Endpoint
}

// VPC is a VPC the project declares.
type VPC struct {
	// ID is how references name it: the logical id, the Terraform address,
	// or a registry module's address.
	ID    string
	Range Range
	// MainRouteTable is the route table of subnets without an explicit
	// association: the one AWS creates with the VPC (only the local route)
	// unless the project declares or replaces it.
	MainRouteTable string
	// Open says why routes or endpoints of this VPC may come from something
	// lambdavet does not model (a nested stack or a module given its route
	// tables or subnets); "" when the project says all there is.
	Open string
}

// Subnet is a subnet the project declares. A registry module's group of
// subnets (module.vpc.private_subnets) is one Subnet: its members route alike.
type Subnet struct {
	ID    string
	Range Range
	// VPC is the ID of its VPC, "" when the VPC is not in the project.
	VPC string
	// RouteTable is the ID of the explicitly associated route table; ""
	// means the VPC's main route table.
	RouteTable string
	// Unsure says why the association is not known (a route table outside
	// the project, associations that differ by condition).
	Unsure string
}

// RouteTarget is the kind of thing a route sends traffic to.
type RouteTarget string

// The route targets lambdavet tells apart.
const (
	TargetLocal    RouteTarget = "local"
	TargetNAT      RouteTarget = "nat"      // a NAT gateway
	TargetIGW      RouteTarget = "igw"      // an internet gateway
	TargetEIGW     RouteTarget = "eigw"     // an egress-only internet gateway (IPv6)
	TargetTGW      RouteTarget = "tgw"      // a transit gateway or Cloud WAN core network
	TargetInstance RouteTarget = "instance" // a NAT instance, a network interface (appliance)
	// TargetOther covers targets that may or may not lead to the internet:
	// peering, VPN gateways, Gateway Load Balancer endpoints, private NAT.
	TargetOther   RouteTarget = "other"
	TargetUnknown RouteTarget = "unknown" // not known from the files
)

// RouteTable is a route table with the routes the project gives it.
type RouteTable struct {
	ID    string
	Range Range
	VPC   string
	// Main marks the VPC's main route table.
	Main bool
	// Implicit marks the main route table AWS creates with a VPC, which the
	// project does not declare; it has only the local route unless the
	// project adds routes to it.
	Implicit bool
	Routes   []*Route
	// Open says why the table may hold routes the files do not show
	// (VPN route propagation, a route whose table could not be followed).
	Open string
}

// Route is one route of a route table.
type Route struct {
	// Destination is a CIDR block or a prefix list id; "" when not known.
	Destination string
	Target      RouteTarget
	// Via names the target (its resource name or id) for messages.
	Via   string
	Range Range
}

// Endpoint is a VPC endpoint.
type Endpoint struct {
	ID    string
	Range Range
	// Service is the service part of the endpoint's service name:
	// "s3", "dynamodb", "secretsmanager", "ecr.api"; "" when not known.
	Service string
	// Type is Gateway, Interface or GatewayLoadBalancer.
	Type        string
	VPC         string
	RouteTables []string
	Subnets     []string
	// Unsure marks an endpoint whose route tables, subnets or VPC are not
	// all known: rules treat it as covering whatever it may cover.
	Unsure bool
}

// FunctionNetwork is a function's VPC attachment.
type FunctionNetwork struct {
	// SubnetIds and SecurityGroupIds are the values of the function's
	// VpcConfig (vpc_config) lists; Ipv6AllowedForDualStack its IPv6 switch.
	SubnetIds               *Value
	SecurityGroupIds        *Value
	Ipv6AllowedForDualStack *Value
	// At is where the attachment as a whole is written: the VpcConfig key,
	// the vpc_config block, a module's vpc_subnet_ids argument.
	At Range
	// SubnetIdsAt is where the subnet list is written: its key (so a block
	// list is pointed at on its SubnetIds line), else the list.
	SubnetIdsAt Range
	// SubnetIdsName and SecurityGroupIdsName are the names written in the
	// function's format (SubnetIds, subnet_ids).
	SubnetIdsName        string
	SecurityGroupIdsName string
	// Subnets are the IDs of the network's subnets SubnetIds resolves to,
	// complete only when Resolved; Unresolved says why not.
	Subnets    []string
	Resolved   bool
	Unresolved string
}

// NewFunctionNetwork starts a function's VPC attachment from its VpcConfig
// (vpc_config) value, with the names its format writes the subnet, security
// group and IPv6 settings under. The loader places it (At, SubnetIdsAt)
// and resolves its subnets.
func NewFunctionNetwork(vc *Value, subnets, groups, ipv6 string) *FunctionNetwork {
	return &FunctionNetwork{
		SubnetIds:               vc.Dig(subnets),
		SecurityGroupIds:        vc.Dig(groups),
		Ipv6AllowedForDualStack: vc.Dig(ipv6),
		SubnetIdsName:           subnets,
		SecurityGroupIdsName:    groups,
		At:                      vc.Range,
		SubnetIdsAt:             vc.Dig(subnets).Range,
	}
}

// Use is something a function talks to, with the evidence for it.
type Use struct {
	// Service is a key of the service catalog (ServiceName): "dynamodb",
	// "s3", "rds-db", "internet", "private-host", …
	Service string
	// Private marks what is reachable only from inside a VPC.
	Private bool
	// Certain is false when the use rests on broad permissions (a managed
	// policy, wildcards only) or on a name that merely looks like one.
	Certain bool
	// Evidence says where the use was found: `policy DynamoDBCrudPolicy`,
	// `environment variable DB_HOST`.
	Evidence string
	Range    Range
}

// Name returns the display name of the used service.
func (u *Use) Name() string { return ServiceName(u.Service) }

// ---------------------------------------------------------------------------
// The service catalog

type serviceInfo struct {
	name      string
	endpoints []string // VPC endpoint service names that serve it; nil = the key
	gateway   bool     // a gateway endpoint exists (S3, DynamoDB)
	private   bool
}

var services = map[string]serviceInfo{
	// Public AWS APIs.
	"dynamodb":         {name: "DynamoDB", gateway: true},
	"s3":               {name: "S3", gateway: true},
	"sqs":              {name: "SQS"},
	"sns":              {name: "SNS"},
	"secretsmanager":   {name: "Secrets Manager"},
	"ssm":              {name: "Systems Manager Parameter Store"},
	"kms":              {name: "KMS"},
	"sts":              {name: "STS"},
	"kinesis":          {name: "Kinesis Data Streams", endpoints: []string{"kinesis-streams"}},
	"firehose":         {name: "Data Firehose", endpoints: []string{"kinesis-firehose"}},
	"events":           {name: "EventBridge"},
	"scheduler":        {name: "EventBridge Scheduler"},
	"states":           {name: "Step Functions", endpoints: []string{"states", "sync-states"}},
	"lambda":           {name: "Lambda"},
	"execute-api":      {name: "API Gateway", endpoints: []string{"execute-api"}},
	"appsync":          {name: "AppSync", endpoints: []string{"appsync-api"}},
	"ses":              {name: "SES", endpoints: []string{"email", "email-smtp"}},
	"cloudwatch":       {name: "CloudWatch", endpoints: []string{"monitoring"}},
	"logs":             {name: "CloudWatch Logs"},
	"bedrock":          {name: "Bedrock", endpoints: []string{"bedrock-runtime", "bedrock", "bedrock-agent-runtime", "bedrock-agent"}},
	"sagemaker":        {name: "SageMaker", endpoints: []string{"sagemaker.runtime", "sagemaker.api"}},
	"ecr":              {name: "ECR", endpoints: []string{"ecr.api", "ecr.dkr"}},
	"codecommit":       {name: "CodeCommit", endpoints: []string{"codecommit", "git-codecommit"}},
	"iot":              {name: "IoT Core", endpoints: []string{"iot.data"}},
	"cognito-idp":      {name: "Cognito user pools"},
	"rds-data":         {name: "the RDS Data API"},
	"redshift-data":    {name: "the Redshift Data API"},
	"elasticmapreduce": {name: "EMR"},
	"appconfig":        {name: "AppConfig", endpoints: []string{"appconfigdata", "appconfig"}},
	"mobiletargeting":  {name: "Pinpoint"},
	"es":               {name: "OpenSearch Service"},
	"iam":              {name: "IAM"},
	// The internet beyond AWS: only a NAT (or a proxy) reaches it.
	"internet": {name: "the internet", endpoints: []string{}},
	// Private resources: reachable only from inside a VPC.
	"rds-db":       {name: "RDS", private: true},
	"elasticache":  {name: "ElastiCache", private: true},
	"memorydb":     {name: "MemoryDB", private: true},
	"efs":          {name: "EFS", private: true},
	"s3files":      {name: "S3 Files (NFS mount)", private: true},
	"s3files-api":  {name: "the S3 Files API", endpoints: []string{"s3files"}},
	"opensearch":   {name: "OpenSearch", private: true},
	"redshift":     {name: "Redshift", private: true},
	"docdb":        {name: "DocumentDB", private: true},
	"neptune":      {name: "Neptune", private: true},
	"msk":          {name: "MSK (Kafka)", private: true},
	"mq":           {name: "Amazon MQ", private: true},
	"dax":          {name: "DAX", private: true},
	"private-api":  {name: "a private API", private: true},
	"vpc-lattice":  {name: "a VPC Lattice service", private: true},
	"ec2":          {name: "EC2", private: false},
	"private-host": {name: "a private address", private: true},
	"proxy":        {name: "an HTTP proxy", private: true},
}

// ServiceName returns the display name of a catalog key (the key itself
// for services outside the catalog).
func ServiceName(key string) string {
	if s, ok := services[key]; ok {
		return s.name
	}
	return key
}

// PrivateService reports whether a catalog key names something reachable
// only from inside a VPC.
func PrivateService(key string) bool { return services[key].private }

// EndpointServices returns the VPC endpoint service names that serve a
// catalog key (none for the internet and for private resources).
func EndpointServices(key string) []string {
	s, ok := services[key]
	if ok && s.private {
		return nil
	}
	if ok && s.endpoints != nil {
		return s.endpoints
	}
	return []string{key}
}

// GatewayService reports whether a gateway endpoint exists for the key.
func GatewayService(key string) bool { return services[key].gateway }

// ---------------------------------------------------------------------------
// Graph lookups and reachability

// VPCByID returns the VPC with id, or nil.
func (n *Network) VPCByID(id string) *VPC {
	if n == nil {
		return nil
	}
	for _, v := range n.VPCs {
		if v.ID == id {
			return v
		}
	}
	return nil
}

// SubnetByID returns the subnet with id, or nil.
func (n *Network) SubnetByID(id string) *Subnet {
	if n == nil {
		return nil
	}
	for _, s := range n.Subnets {
		if s.ID == id {
			return s
		}
	}
	return nil
}

// RouteTableByID returns the route table with id, or nil.
func (n *Network) RouteTableByID(id string) *RouteTable {
	if n == nil {
		return nil
	}
	for _, t := range n.RouteTables {
		if t.ID == id {
			return t
		}
	}
	return nil
}

// AddVPC adds a VPC with its implicit main route table, named after it.
func (n *Network) AddVPC(id string, r Range) *VPC {
	if v := n.VPCByID(id); v != nil {
		return v
	}
	main := &RouteTable{ID: id + " main route table", Range: r, VPC: id, Main: true, Implicit: true}
	v := &VPC{ID: id, Range: r, MainRouteTable: main.ID}
	n.VPCs = append(n.VPCs, v)
	n.RouteTables = append(n.RouteTables, main)
	return v
}

// SetMainRouteTable makes the route table with id the VPC's main table.
func (n *Network) SetMainRouteTable(vpc, id string) {
	v := n.VPCByID(vpc)
	t := n.RouteTableByID(id)
	if v == nil || t == nil {
		return
	}
	if old := n.RouteTableByID(v.MainRouteTable); old != nil && old != t {
		old.Main = false
	}
	v.MainRouteTable, t.Main = id, true
}

// Egress is how a subnet reaches addresses outside its VPC.
type Egress string

// The ways out lambdavet tells apart.
const (
	// EgressOut: a default route to a NAT gateway, NAT instance, transit
	// gateway or appliance.
	EgressOut Egress = "out"
	// EgressNone: no default route at all.
	EgressNone Egress = "none"
	// EgressIGW: the default route goes to an internet gateway, which a
	// Lambda network interface (no public IP) cannot use.
	EgressIGW Egress = "igw"
	// EgressUnsure: the files do not tell (a route table outside the
	// project, a target that may lead out, routes that may be propagated).
	EgressUnsure Egress = "unsure"
)

// SubnetPath is what a subnet's traffic follows: its route table and the
// default route found there.
type SubnetPath struct {
	Subnet     *Subnet
	RouteTable *RouteTable
	Egress     Egress
	// Route is the default route that decided Egress, if any.
	Route *Route
	// Why explains an unsure egress.
	Why string
}

// Path follows a subnet to its route table (the explicit association or the
// VPC's main table) and classifies its default route. IPv6 default routes
// count when ipv6 is true (the function allows outbound IPv6).
func (n *Network) Path(subnetID string, ipv6 bool) SubnetPath {
	s := n.SubnetByID(subnetID)
	p := SubnetPath{Subnet: s, Egress: EgressUnsure}
	if s == nil {
		p.Why = fmt.Sprintf("subnet %q is not in the project", subnetID)
		return p
	}
	if s.Unsure != "" {
		p.Why = s.Unsure
		return p
	}
	id := s.RouteTable
	if id == "" {
		v := n.VPCByID(s.VPC)
		if v == nil {
			p.Why = fmt.Sprintf("subnet %q uses the main route table of a VPC outside the project", s.ID)
			return p
		}
		if v.Open != "" {
			p.Why = v.Open
			return p
		}
		id = v.MainRouteTable
	}
	t := n.RouteTableByID(id)
	if t == nil {
		p.Why = fmt.Sprintf("route table %q is not in the project", id)
		return p
	}
	p.RouteTable = t
	if t.Open != "" {
		p.Why = t.Open
		return p
	}
	if v := n.VPCByID(t.VPC); v != nil && v.Open != "" {
		p.Why = v.Open
		return p
	}
	p.Egress = EgressNone
	for _, r := range t.Routes {
		var e Egress
		switch {
		case r.Destination == "":
			if r.Target == TargetLocal {
				continue
			}
			e = EgressUnsure // a route whose destination is not known may be the default
		case r.Destination == "0.0.0.0/0" || (ipv6 && r.Destination == "::/0"):
			switch r.Target {
			case TargetNAT, TargetTGW, TargetInstance, TargetEIGW:
				e = EgressOut
			case TargetIGW:
				if r.Destination == "::/0" {
					e = EgressOut // IPv6 addresses are public: an IGW carries them
				} else {
					e = EgressIGW
				}
			default:
				e = EgressUnsure
			}
		default:
			continue
		}
		// The strongest finding wins: out > unsure > igw > none.
		if rank(e) > rank(p.Egress) {
			p.Egress, p.Route = e, r
		}
	}
	if p.Egress == EgressUnsure && p.Route != nil {
		p.Why = fmt.Sprintf("route table %q sends traffic to %s", t.ID, p.Route.Via)
	}
	return p
}

func rank(e Egress) int {
	switch e {
	case EgressOut:
		return 3
	case EgressUnsure:
		return 2
	case EgressIGW:
		return 1
	}
	return 0
}

// Covering returns the endpoint that lets a subnet on path p reach the
// service key without a NAT, or nil. Gateway endpoints (S3, DynamoDB) count
// when attached to the subnet's route table; interface endpoints when in the
// subnet's VPC. An endpoint lambdavet cannot fully place, or whose service
// is not known, counts as covering whatever it may cover.
func (n *Network) Covering(key string, p SubnetPath) *Endpoint {
	if n == nil || p.Subnet == nil {
		return nil
	}
	names := EndpointServices(key)
	if len(names) == 0 {
		return nil
	}
	vpc := p.Subnet.VPC
	if p.RouteTable != nil && vpc == "" {
		vpc = p.RouteTable.VPC
	}
	for _, e := range n.Endpoints {
		if e.Service != "" && !containsString(names, e.Service) {
			continue
		}
		if e.Unsure {
			return e
		}
		switch {
		case strings.EqualFold(e.Type, "Gateway"):
			if p.RouteTable != nil && containsString(e.RouteTables, p.RouteTable.ID) {
				return e
			}
		case strings.EqualFold(e.Type, "GatewayLoadBalancer"):
			continue
		default: // Interface (the default type in templates is Gateway; loaders set it)
			if vpc != "" && e.VPC == vpc {
				return e
			}
			for _, s := range e.Subnets {
				if other := n.SubnetByID(s); other != nil && other.VPC != "" && other.VPC == vpc {
					return e
				}
				if s == p.Subnet.ID {
					return e
				}
			}
		}
	}
	return nil
}

func containsString(list []string, s string) bool {
	for _, it := range list {
		if it == s {
			return true
		}
	}
	return false
}

// ResolveSubnets finds the network subnets a SubnetIds value names: known
// references to subnets (or to a module's subnet group), in a known list or
// as the whole value, on every condition path (their union). It fails, with the reason, when any item is a literal
// id, a parameter, a data source or otherwise outside the project.
// unknownOK decides whether an unknown value whose references are all
// subnets (a splat or index over counted subnets) may stand for them.
func (n *Network) ResolveSubnets(v *Value, unknownOK func(*Value) bool) ([]string, string) {
	if v == nil || v.State == Absent {
		return nil, "no subnets"
	}
	var out []string
	var walk func(v *Value) string
	walk = func(v *Value) string {
		switch v.State {
		case Conditional:
			for _, a := range v.Alternatives {
				if why := walk(a); why != "" {
					return why
				}
			}
			return ""
		case Unknown:
			if len(v.Refs) == 0 || unknownOK == nil || !unknownOK(v) {
				return "the subnets are not known: " + v.Reason
			}
			for _, r := range v.Refs {
				id := n.subnetRef(r)
				if id == "" {
					return fmt.Sprintf("%s is not a subnet of the project", r)
				}
				out = append(out, id)
			}
			return ""
		case Known:
			switch v.Type {
			case List:
				for _, it := range v.List {
					if why := walk(it); why != "" {
						return why
					}
				}
				return ""
			case Reference:
				id := n.subnetRef(*v.Ref)
				if id == "" {
					return fmt.Sprintf("%s is not a subnet of the project", v.Ref)
				}
				out = append(out, id)
				return ""
			case String:
				return fmt.Sprintf("subnet %q is not in the project", v.Str)
			}
		}
		return "the subnets are not known"
	}
	if why := walk(v); why != "" {
		return nil, why
	}
	out = dedupe(out)
	if len(out) == 0 {
		return nil, "no subnets"
	}
	return out, ""
}

func (n *Network) subnetRef(r Ref) string {
	if s := n.SubnetByID(r.Resource); s != nil {
		return s.ID
	}
	if s := n.SubnetByID(r.String()); s != nil {
		return s.ID
	}
	return ""
}

func dedupe(in []string) []string {
	seen := map[string]bool{}
	out := in[:0]
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// ---------------------------------------------------------------------------
// Uses: what a function talks to

// UseSet collects uses without duplicates (one per service and evidence).
type UseSet struct {
	list   []*Use
	seen   map[string]*Use
	grants []*Grant
}

// Add records a use; a certain use upgrades an uncertain one.
func (s *UseSet) Add(u *Use) {
	if u == nil || u.Service == "" {
		return
	}
	if s.seen == nil {
		s.seen = map[string]*Use{}
	}
	key := u.Service + "\x00" + u.Evidence
	if old, ok := s.seen[key]; ok {
		old.Certain = old.Certain || u.Certain
		return
	}
	s.seen[key] = u
	s.list = append(s.list, u)
}

// Drop removes the uses of the given services.
func (s *UseSet) Drop(keys ...string) {
	out := s.list[:0]
	for _, u := range s.list {
		if containsString(keys, u.Service) {
			delete(s.seen, u.Service+"\x00"+u.Evidence)
			continue
		}
		out = append(out, u)
	}
	s.list = out
}

// ESMAuth are the services an event source mapping for MSK, Amazon MQ,
// self-managed Kafka or DocumentDB uses the function's role for (the
// credentials secret and its key): Lambda calls them, not the code.
var ESMAuth = []string{"secretsmanager", "kms"}

// List returns the uses in the order they were found.
func (s *UseSet) List() []*Use { return s.list }

// pollerActions are what Lambda itself uses on a function's role to poll
// an event source (and to manage its network interfaces and logs): they
// are no traffic from the function's code.
var pollerActions = map[string]bool{
	"sqs:receivemessage": true, "sqs:deletemessage": true, "sqs:deletemessagebatch": true,
	"sqs:getqueueattributes": true, "sqs:changemessagevisibility": true, "sqs:changemessagevisibilitybatch": true,
	"sqs:getqueueurl":    true,
	"kinesis:getrecords": true, "kinesis:getshariterator": true, "kinesis:getsharditerator": true,
	"kinesis:describestream": true, "kinesis:describestreamsummary": true, "kinesis:listshards": true,
	"kinesis:liststreams": true, "kinesis:subscribetoshard": true, "kinesis:describestreamconsumer": true,
	"kinesis:describelimits": true, "kinesis:listtagsforstream": true,
	"dynamodb:getrecords": true, "dynamodb:getsharditerator": true, "dynamodb:describestream": true,
	"dynamodb:liststreams":       true,
	"ec2:createnetworkinterface": true, "ec2:describenetworkinterfaces": true, "ec2:deletenetworkinterface": true,
	"ec2:assignprivateipaddresses": true, "ec2:unassignprivateipaddresses": true, "ec2:detachnetworkinterface": true,
	"ec2:describesubnets": true, "ec2:describevpcs": true, "ec2:describesecuritygroups": true,
	"logs:createloggroup": true, "logs:createlogstream": true, "logs:putlogevents": true,
	"xray:puttracesegments": true, "xray:puttelemetryrecords": true, "xray:getsamplingrules": true,
	"xray:getsamplingtargets": true, "xray:getsamplingstatisticsummaries": true,
	"iam:passrole": true,
}

// pollerPrefixes are action prefixes that belong to event source mappings
// (MSK, MQ, DocumentDB) rather than to the code.
var pollerPrefixes = []string{"kafka:describe", "kafka:get", "kafka:list", "mq:describe", "mq:list", "rds:describedb", "xray:", "ec2:describe"}

// ActionUse classifies one IAM action: the catalog key of the service the
// code reaches with it, whether the call is the code's own (not Lambda's
// polling or logging), and whether it counts as certain evidence.
func ActionUse(action string) (key string, ok, certain bool) {
	a := strings.ToLower(strings.TrimSpace(action))
	prefix, name, found := strings.Cut(a, ":")
	if !found || prefix == "" || strings.ContainsAny(prefix, "*?") || name == "" {
		return "", false, false
	}
	if pollerActions[a] {
		return "", false, false
	}
	for _, p := range pollerPrefixes {
		if strings.HasPrefix(a, p) {
			return "", false, false
		}
	}
	certain = !strings.ContainsAny(name, "*?")
	switch prefix {
	case "rds-db":
		return "rds-db", true, true
	case "rds-data":
		return "rds-data", true, certain
	case "elasticache", "memorydb":
		if name == "connect" {
			return prefix, true, true
		}
	case "elasticfilesystem":
		if strings.HasPrefix(name, "client") {
			return "efs", true, true
		}
	case "s3files":
		if strings.HasPrefix(name, "client") {
			return "s3files", true, true // the NFS mount, inside the VPC
		}
		return "s3files-api", true, certain
	case "es":
		if strings.HasPrefix(name, "eshttp") {
			return "opensearch", true, true // the domain may be in a VPC
		}
	case "aoss":
		return "opensearch", true, true
	case "kafka-cluster":
		return "msk", true, true
	case "neptune-db", "neptune-graph":
		return "neptune", true, true
	case "redshift":
		if strings.HasPrefix(name, "getclustercredentials") {
			return "redshift", true, true
		}
	case "redshift-serverless":
		if strings.HasPrefix(name, "getcredentials") {
			return "redshift", true, true
		}
	case "dax":
		return "dax", true, true
	case "kms":
		// Other services often call KMS for the function (SSE on queues,
		// buckets, tables): the grant alone is weak evidence.
		return "kms", true, false
	case "kinesis":
		return "kinesis", true, certain
	case "monitoring":
		return "cloudwatch", true, certain
	case "mobiletargeting":
		return "mobiletargeting", true, certain
	case "appconfig":
		return "appconfig", true, certain
	}
	return prefix, true, certain
}

// PolicyUses reads an IAM policy document or a list of statements in the
// IAM JSON shape (Statement, Effect, Action, Resource) and records the
// services its Allow statements reach. skip reports resource references
// that are the function's own event sources (a queue it is fed from), whose
// permissions Lambda uses to poll.
func PolicyUses(doc *Value, evidence string, set *UseSet, skip func(Ref) bool) {
	if doc == nil {
		return
	}
	for _, c := range doc.Candidates() {
		if !c.IsKnown() {
			continue
		}
		stmts := c
		if c.Type == Map {
			if s := c.Get("Statement"); s != nil {
				stmts = s
			} else if c.Get("Action") == nil {
				continue
			}
		}
		for _, s := range listOf(stmts) {
			statementUses(s, evidence, set, skip)
		}
	}
}

func listOf(v *Value) []*Value {
	if v == nil {
		return nil
	}
	var out []*Value
	for _, c := range v.Candidates() {
		switch {
		case c.IsKnown() && c.Type == List:
			for _, it := range c.List {
				out = append(out, it.Candidates()...)
			}
		case c.State != Absent:
			out = append(out, c)
		}
	}
	return out
}

func statementUses(s *Value, evidence string, set *UseSet, skip func(Ref) bool) {
	if !s.IsKnown() || s.Type != Map {
		return
	}
	if eff, ok := s.Get("Effect").AsString(); ok && strings.EqualFold(eff, "Deny") {
		return
	}
	resources := listOf(s.Get("Resource"))
	wildcardOnly := len(resources) == 0
	if len(resources) > 0 {
		wildcardOnly = true
		for _, r := range resources {
			if str, ok := r.AsString(); !ok || strings.Trim(str, "*") != "" {
				wildcardOnly = false
			}
		}
	}
	// Writes are recorded before the polling check below: a function that
	// sends to the queue it is fed from is the loop LV309 looks for.
	statementGrants(s, resources, wildcardOnly, evidence, set)
	// Statements on the function's own event sources only are polling.
	if skip != nil && len(resources) > 0 {
		all := true
		for _, r := range resources {
			refs := r.AllRefs()
			if len(refs) == 0 {
				all = false
				break
			}
			for _, ref := range refs {
				if !skip(ref) {
					all = false
				}
			}
		}
		if all {
			return
		}
	}
	for _, a := range listOf(s.Get("Action")) {
		str, ok := a.AsString()
		if !ok {
			continue
		}
		key, ok, certain := ActionUse(str)
		if !ok {
			continue
		}
		if key != "kms" && !wildcardOnly {
			certain = true // a named resource: the code means it
		}
		rng := a.Range
		if rng.IsZero() {
			rng = s.Range
		}
		set.Add(&Use{Service: key, Private: PrivateService(key), Certain: certain, Evidence: evidence, Range: rng})
	}
}

// managedPolicies maps AWS managed policies to the service they reach
// (always broad evidence); "" marks policies that carry no traffic from the
// code (Lambda's own logging, network interfaces, polling).
var managedPolicies = map[string]string{
	"amazondynamodbfullaccess": "dynamodb", "amazondynamodbreadonlyaccess": "dynamodb", "amazondynamodbfullaccess_v2": "dynamodb",
	"amazons3fullaccess": "s3", "amazons3readonlyaccess": "s3", "amazons3objectlambdaexecutionrolepolicy": "s3",
	"amazonsqsfullaccess": "sqs", "amazonsqsreadonlyaccess": "sqs",
	"amazonsnsfullaccess": "sns", "amazonsnsreadonlyaccess": "sns",
	"secretsmanagerreadwrite": "secretsmanager",
	"amazonssmreadonlyaccess": "ssm", "amazonssmfullaccess": "ssm",
	"amazonkinesisfullaccess": "kinesis", "amazonkinesisfirehosefullaccess": "firehose",
	"amazoneventbridgefullaccess": "events", "cloudwatcheventsfullaccess": "events",
	"awsstepfunctionsfullaccess": "states", "amazonbedrockfullaccess": "bedrock",
	"awslambda_fullaccess": "lambda", "awslambdarole": "lambda", "awslambdafullaccess": "lambda",
	"amazonsesfullaccess": "ses", "amazonrekognitionfullaccess": "rekognition", "amazonrekognitionreadonlyaccess": "rekognition",
	"comprehendfullaccess": "comprehend", "comprehendreadonly": "comprehend", "amazontextractfullaccess": "textract",
	"amazonathenafullaccess": "athena", "cloudwatchfullaccess": "cloudwatch", "amazonrdsdatafullaccess": "rds-data",
	"amazonpollyfullaccess": "polly", "translatefullaccess": "translate", "amazonsagemakerfullaccess": "sagemaker",
	"amazonrdsfullaccess": "rds-db", "amazonrdsreadonlyaccess": "rds-db", "amazonelasticachefullaccess": "elasticache",
	"amazonmskfullaccess": "msk", "amazonmskreadonlyaccess": "msk", "amazonopensearchservicefullaccess": "opensearch",
	"amazonesfullaccess": "opensearch", "amazonelasticfilesystemclientfullaccess": "efs",
	"amazonelasticfilesystemclientreadwriteaccess": "efs", "amazonelasticfilesystemclientreadonlyaccess": "efs",
	"amazondocdbfullaccess": "docdb", "neptunefullaccess": "neptune", "amazonredshiftfullaccess": "redshift",
	"amazonmqfullaccess": "mq", "amazondaxfullaccess": "dax",
	"awslambdabasicexecutionrole": "", "awslambdavpcaccessexecutionrole": "", "awsxraydaemonwriteaccess": "",
	"awslambdasqsqueueexecutionrole": "", "awslambdakinesisexecutionrole": "", "awslambdadynamodbexecutionrole": "",
	"awslambdaenimanagementaccess": "", "cloudwatchlambdainsightsexecutionrolepolicy": "",
	"awslambdamskexecutionrole": "msk", "awslambdabasicdurableexecutionrolepolicy": "",
}

// ManagedPolicyUse returns the use an AWS managed policy (name or ARN)
// implies: broad evidence for its service, nil when it implies none or is
// not an AWS managed policy lambdavet knows.
func ManagedPolicyUse(nameOrARN, evidence string, r Range) *Use {
	name := nameOrARN
	if i := strings.LastIndex(name, "/"); i >= 0 {
		name = name[i+1:]
	}
	key, ok := managedPolicies[strings.ToLower(name)]
	if !ok || key == "" {
		return nil
	}
	return &Use{Service: key, Private: PrivateService(key), Certain: PrivateService(key), Evidence: evidence, Range: r}
}

// samTemplates maps SAM policy template name prefixes to services; "" marks
// templates Lambda itself uses (polling, network interfaces).
var samTemplates = []struct{ prefix, key string }{
	{"SQSPollerPolicy", ""}, {"DynamoDBStreamReadPolicy", ""}, {"KinesisStreamReadPolicy", ""}, {"VPCAccessPolicy", ""},
	{"EFS", "efs"}, {"ElasticsearchHttpPostPolicy", "opensearch"}, {"AWSSecretsManager", "secretsmanager"},
	{"SecretsManager", "secretsmanager"}, {"DynamoDB", "dynamodb"}, {"S3", "s3"}, {"SQS", "sqs"}, {"SNS", "sns"},
	{"Lambda", "lambda"}, {"CloudWatch", "cloudwatch"}, {"EC2", "ec2"}, {"AMI", "ec2"}, {"SES", "ses"},
	{"CloudFormation", "cloudformation"}, {"Rekognition", "rekognition"}, {"Kinesis", "kinesis"}, {"KMS", "kms"},
	{"Polly", "polly"}, {"CodePipeline", "codepipeline"}, {"ServerlessRepo", "serverlessrepo"},
	{"Comprehend", "comprehend"}, {"MobileAnalytics", "mobileanalytics"}, {"Pinpoint", "mobiletargeting"},
	{"Firehose", "firehose"}, {"EKS", "eks"}, {"CostExplorer", "ce"}, {"Organizations", "organizations"},
	{"FilterLogEvents", "logs"}, {"SSMParameter", "ssm"}, {"StepFunctions", "states"}, {"CodeCommit", "codecommit"},
	{"Athena", "athena"}, {"Textract", "textract"}, {"EventBridge", "events"}, {"Acm", "acm"},
	{"Route53", "route53"}, {"ElasticMapReduce", "elasticmapreduce"}, {"SageMaker", "sagemaker"},
	{"Bedrock", "bedrock"}, {"MemoryDB", "memorydb"},
}

// PolicyTemplateUse returns the use a SAM policy template implies, with
// known=false for names that are not SAM policy templates lambdavet knows.
// A template whose parameters are all "*" is broad evidence.
func PolicyTemplateUse(name string, params *Value, r Range) (u *Use, known bool) {
	for _, t := range samTemplates {
		if !strings.HasPrefix(name, t.prefix) || !strings.HasSuffix(name, "Policy") {
			continue
		}
		if t.key == "" {
			return nil, true
		}
		certain := t.key != "kms"
		if params.IsKnown() && params.Type == Map && len(params.Keys) > 0 {
			all := true
			for i := range params.Keys {
				if s, ok := params.FieldAt(i).AsString(); !ok || strings.Trim(s, "*") != "" {
					all = false
				}
			}
			if all {
				certain = false
			}
		}
		return &Use{Service: t.key, Private: PrivateService(t.key), Certain: certain || PrivateService(t.key),
			Evidence: "policy template " + name, Range: r}, true
	}
	return nil, false
}

// ---------------------------------------------------------------------------
// Environment values and names

// ValueUses classifies the value v of environment variable key: a proxy
// setting, else each of its candidates through classify, which reads the
// resources the candidate refers to the way its format names them, given
// the hints of the variable's name (NameHint).
func (s *UseSet) ValueUses(key string, v *Value, evidence string, classify func(c *Value, strong, address bool)) {
	if !v.IsSet() {
		return
	}
	if ProxyVariable(key) {
		s.Add(&Use{Service: "proxy", Private: true, Certain: true, Evidence: evidence, Range: v.Range})
		return
	}
	strong, address := NameHint(key)
	for _, c := range v.Candidates() {
		classify(c, strong, address)
	}
}

// AddValueUse records what one candidate c of an environment variable key
// implies when the resources it refers to said nothing: the literal it
// holds (an ARN, a URL, a host; "" for none), else, for a name that looks
// like a private endpoint's (the variable's: strong, address; or those of
// what feeds it and of the references it was built from, names), a
// private host.
func (s *UseSet) AddValueUse(c *Value, literal, key, evidence string, names []string, strong, address bool) {
	s2, a2 := NameHint(append(FeederNames(c), names...)...)
	hinted := strong || address || s2 || a2
	if literal != "" {
		if u := LiteralUse(literal, evidence, c.Range, hinted); u != nil {
			if u.Service != "internet" || !HandedOut(key) {
				s.Add(u)
			}
			return
		}
	}
	if strong || s2 || ((address || a2) && !c.IsKnown()) {
		s.Add(&Use{Service: "private-host", Private: true, Certain: false,
			Evidence: evidence + " (named like a private endpoint)", Range: c.Range})
	}
}

var (
	urlPattern  = regexp.MustCompile(`^([a-zA-Z][a-zA-Z0-9+.-]*)://(?:[^@/\s]*@)?(\[[0-9a-fA-F:]+\]|[^/:?#\s,]+)`)
	hostPattern = regexp.MustCompile(`^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*(?::\d{1,5})?$`)
	arnPattern  = regexp.MustCompile(`^arn:aws[a-zA-Z-]*:([a-z0-9-]+):`)
	regionLabel = regexp.MustCompile(`^[a-z]{2}(?:-gov|-iso[a-z]*)?-[a-z]+-\d$`)
)

// LiteralUse classifies a literal environment value: an AWS ARN, a URL, a
// host name or an IP address. It returns nil for anything else (names,
// numbers, flags) and for dynamic references CloudFormation resolves at
// deploy time. A bare host name outside AWS counts only when hinted says
// the variable's name looks like an address.
func LiteralUse(s, evidence string, r Range, hinted bool) *Use {
	s = strings.TrimSpace(s)
	if _, err := strconv.ParseFloat(s, 64); s == "" || err == nil || strings.Contains(s, "{{resolve:") {
		return nil // empty, resolved at deploy time, or a number (a port)
	}
	mk := func(key string, certain bool) *Use {
		return &Use{Service: key, Private: PrivateService(key), Certain: certain, Evidence: evidence, Range: r}
	}
	if m := arnPattern.FindStringSubmatch(s); m != nil {
		switch m[1] {
		case "rds", "elasticache", "memorydb", "kafka", "mq", "es", "redshift", "neptune-db", "docdb-elastic", "dax", "elasticfilesystem":
			return mk("private-host", false) // a data store, reached in its VPC (or through its API)
		case "lambda", "dynamodb", "s3", "sqs", "sns", "secretsmanager", "ssm", "kinesis", "firehose", "states", "events", "kms", "bedrock", "execute-api", "appsync", "cognito-idp", "ses", "logs", "scheduler", "sagemaker":
			key := m[1]
			return mk(key, true)
		}
		return nil
	}
	scheme, host := "", ""
	if m := urlPattern.FindStringSubmatch(s); m != nil {
		scheme, host = strings.ToLower(m[1]), strings.Trim(m[2], "[]")
	} else if strings.HasPrefix(strings.ToLower(s), "jdbc:") {
		return mk("private-host", false)
	} else if hostPattern.MatchString(s) {
		host = s
		if i := strings.LastIndex(host, ":"); i > 0 {
			host = host[:i]
		}
	} else {
		return nil
	}
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	web := scheme == "http" || scheme == "https" || scheme == "wss" || scheme == "ws"
	if ip, err := netip.ParseAddr(host); err == nil {
		switch {
		case ip.IsLoopback() || ip.IsUnspecified():
			return nil // an extension or sidecar in the execution environment
		case ip.IsPrivate() || ip.IsLinkLocalUnicast() || cgnat.Contains(ip):
			return mk("private-host", true)
		case web:
			return mk("internet", true)
		}
		return nil
	}
	if scheme == "" && !strings.Contains(host, ".") && !hinted {
		return nil // a word, not a host
	}
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return nil
	}
	if key, ok := awsHostService(host); ok {
		if key == "" {
			return nil
		}
		return mk(key, true)
	}
	if !strings.Contains(host, ".") || internalSuffix(host) {
		return mk("private-host", true)
	}
	if web {
		return mk("internet", true)
	}
	if scheme != "" || hinted {
		// A database or broker URL, or a host named like one: its public
		// name may well resolve to a private address.
		return mk("private-host", false)
	}
	return nil
}

var cgnat = netip.MustParsePrefix("100.64.0.0/10")

func internalSuffix(host string) bool {
	for _, s := range []string{".internal", ".local", ".lan", ".corp", ".intranet", ".private", ".home.arpa", ".intra", ".consul", ".svc"} {
		if strings.HasSuffix(host, s) {
			return true
		}
	}
	return false
}

// awsHostService classifies an AWS host name; ok is false for hosts
// outside AWS, key is "" for AWS hosts that carry no need.
func awsHostService(host string) (key string, ok bool) {
	switch {
	case strings.HasSuffix(host, ".on.aws"):
		if strings.Contains(host, ".lambda-url.") {
			return "internet", true
		}
		return "internet", true
	case strings.HasSuffix(host, ".cloudfront.net"):
		return "internet", true
	}
	if !strings.Contains(host, "amazonaws.com") {
		return "", false
	}
	switch {
	case strings.Contains(host, ".rds.amazonaws.com") || strings.Contains(host, ".rds."):
		return "rds-db", true
	case strings.Contains(host, ".cache.amazonaws.com") || strings.Contains(host, ".cache."):
		return "elasticache", true
	case strings.Contains(host, ".memorydb."):
		return "memorydb", true
	case strings.Contains(host, ".docdb.") || strings.Contains(host, ".docdb-elastic."):
		return "docdb", true
	case strings.Contains(host, ".neptune."):
		return "neptune", true
	case strings.Contains(host, ".kafka.") || strings.Contains(host, ".kafka-serverless."):
		return "msk", true
	case strings.Contains(host, ".mq."):
		return "mq", true
	case strings.Contains(host, ".redshift.") || strings.Contains(host, ".redshift-serverless."):
		return "redshift", true
	case strings.Contains(host, ".vpce."), strings.Contains(host, ".efs."), strings.Contains(host, ".dax-clusters."):
		return "private-host", true
	case strings.HasSuffix(host, ".es.amazonaws.com") || strings.Contains(host, ".aos."):
		if strings.HasPrefix(host, "vpc-") {
			return "opensearch", true
		}
		return "es", true
	case strings.Contains(host, ".elb.") || strings.Contains(host, ".elb.amazonaws.com"):
		if strings.HasPrefix(host, "internal-") {
			return "private-host", true
		}
		return "internet", true
	case strings.Contains(host, ".execute-api."):
		return "execute-api", true
	case strings.Contains(host, ".appsync-api."):
		return "appsync", true
	case strings.Contains(host, ".iot."):
		return "iot", true
	case strings.Contains(host, ".s3.") || strings.HasPrefix(host, "s3.") || strings.Contains(host, ".s3-"):
		return "s3", true
	}
	labels := strings.Split(strings.TrimSuffix(strings.TrimSuffix(host, ".cn"), ".amazonaws.com"), ".")
	var kept []string
	for _, l := range labels {
		if l != "dualstack" && l != "fips" && !regionLabel.MatchString(l) {
			kept = append(kept, l)
		}
	}
	if len(kept) > 0 {
		switch svc := kept[len(kept)-1]; svc {
		case "monitoring":
			return "cloudwatch", true
		case "email", "email-smtp":
			return "ses", true
		case "amazonaws":
		default:
			return svc, true
		}
	}
	return "internet", true
}

// strongTokens are name parts that say a data store or broker, which in
// AWS almost always lives in a VPC.
var strongTokens = map[string]bool{
	"db": true, "database": true, "rds": true, "aurora": true, "postgres": true, "postgresql": true, "pg": true,
	"pghost": true, "mysql": true, "mariadb": true, "sql": true, "mssql": true, "sqlserver": true, "oracle": true,
	"jdbc": true, "redis": true, "valkey": true, "memcached": true, "memcache": true, "elasticache": true,
	"memorydb": true, "mongo": true, "mongodb": true, "docdb": true, "documentdb": true, "neptune": true,
	"gremlin": true, "kafka": true, "msk": true, "bootstrap": true, "broker": true, "brokers": true,
	"rabbit": true, "rabbitmq": true, "amqp": true, "activemq": true, "opensearch": true, "elasticsearch": true,
	"redshift": true, "efs": true, "nfs": true, "ldap": true, "dax": true, "cassandra": false,
}

// addressTokens are name parts that say an address: a hint when the value
// is not known.
var addressTokens = map[string]bool{
	"host": true, "hostname": true, "hosts": true, "endpoint": true, "endpoints": true, "address": true,
	"addr": true, "server": true, "servers": true, "ip": true, "url": true, "uri": true, "dsn": true,
	"conn": true, "connection": true, "port": true, "nodes": true, "proxy": true,
}

// NameTokens splits a name into lower-case words: DB_HOST, dbHost and
// db-host all give [db host].
func NameTokens(name string) []string {
	var out []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	rs := []rune(name)
	for i, r := range rs {
		switch {
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			flush()
		case unicode.IsUpper(r) && len(cur) > 0 && (unicode.IsLower(cur[len(cur)-1]) ||
			(i+1 < len(rs) && unicode.IsLower(rs[i+1]) && unicode.IsUpper(cur[len(cur)-1]))):
			flush()
			cur = append(cur, r)
		default:
			cur = append(cur, r)
		}
	}
	flush()
	return out
}

// publicTokens veto the strong tokens: DYNAMO_DB_TABLE is DynamoDB.
var publicTokens = map[string]bool{"dynamo": true, "dynamodb": true, "ddb": true, "table": true, "bucket": true,
	"s3": true, "queue": true, "sqs": true, "timestream": true}

// NameHint reports whether names (an environment variable, the parameter or
// variable that feeds it, an output's name) look like a private data store
// (strong) or like an address of some kind (address).
func NameHint(names ...string) (strong, address bool) {
	for _, n := range names {
		tokens := NameTokens(n)
		veto := false
		for _, t := range tokens {
			veto = veto || publicTokens[t]
		}
		for _, t := range tokens {
			strong = strong || (strongTokens[t] && !veto)
			address = address || addressTokens[t]
		}
	}
	return strong, address
}

var feederName = regexp.MustCompile(`(?:parameter|variable|local|output) "([^"]+)"`)

// FeederNames returns the names of the parameters, variables, locals or
// outputs a value came from, read from its origin and reason.
func FeederNames(v *Value) []string {
	var out []string
	for _, c := range append([]*Value{v}, v.Candidates()...) {
		for _, s := range append(append([]string(nil), c.Origin...), c.Reason) {
			for _, m := range feederName.FindAllStringSubmatch(s, -1) {
				out = append(out, m[1])
			}
		}
	}
	return out
}

// handedOut are name parts of variables whose URL the function hands out
// or compares against (CORS origins, redirects, links) rather than calls.
var handedOut = map[string]bool{"cors": true, "origin": true, "origins": true, "allowed": true, "redirect": true,
	"callback": true, "frontend": true, "website": true, "web": true, "site": true, "ui": true, "client": true,
	"domain": true, "return": true, "success": true, "cancel": true, "logout": true, "login": true,
	"signin": true, "signout": true, "referer": true, "referrer": true, "docs": true, "documentation": true,
	"homepage": true, "home": true, "support": true, "unsubscribe": true, "link": true, "links": true,
	"image": true, "images": true, "logo": true, "cdn": true, "static": true, "assets": true,
	"issuer": false, "audience": true, "privacy": true, "terms": true}

// HandedOut reports whether a variable's URL is one the function gives out
// (CORS_ORIGIN, REDIRECT_URL, FRONTEND_URL) rather than one it calls.
func HandedOut(key string) bool {
	for _, t := range NameTokens(key) {
		if handedOut[t] {
			return true
		}
	}
	return false
}

// ProxyVariable reports whether an environment variable configures an
// outbound HTTP proxy, which gives a VPC function a way out without a NAT.
func ProxyVariable(key string) bool {
	switch strings.ToLower(key) {
	case "http_proxy", "https_proxy", "all_proxy":
		return true
	}
	return false
}

// ---------------------------------------------------------------------------
// Endpoint service names

var (
	endpointName = regexp.MustCompile(`^(?:com\.amazonaws|aws\.sagemaker|aws\.api)\.(?:[a-z]{2}(?:-gov|-iso[a-z]*)?-[a-z]+-\d)\.([a-z0-9][a-z0-9.-]*)$`)
	// com.amazonaws.${AWS::Region}.s3, "com.amazonaws.${var.region}.s3",
	// format("com.amazonaws.%s.s3", …), com.amazonaws.eu-west-1.s3
	endpointPlaceholder = regexp.MustCompile(`com\.amazonaws\.(?:\$\{[^}]*\}|%s|[a-z]{2}(?:-gov)?-[a-z]+-\d)\.([a-z0-9][a-z0-9.-]*[a-z0-9])`)
	// what follows the region in a Join: [com.amazonaws., !Ref AWS::Region, .s3]
	endpointAfterRegion = regexp.MustCompile(`(?i)region[^.]*?\.([a-z0-9][a-z0-9.-]*[a-z0-9])`)
)

// EndpointServiceFromName returns the service part of a VPC endpoint service
// name (com.amazonaws.us-east-1.s3 gives s3). For a name not fully known,
// text is the source written for it (`!Sub com.amazonaws.${AWS::Region}.s3`,
// a Join, a Terraform template) and the part after the region is read from
// it. PrivateLink services of other accounts (vpce-svc-…) give "vpce-svc".
func EndpointServiceFromName(name string, known bool, text string) string {
	if known {
		if strings.Contains(name, ".vpce-svc-") || strings.HasPrefix(name, "com.amazonaws.vpce.") {
			return "vpce-svc"
		}
		if m := endpointName.FindStringSubmatch(name); m != nil {
			return m[1]
		}
		return ""
	}
	if text == "" || strings.Contains(text, "vpce-svc") {
		return ""
	}
	if m := endpointPlaceholder.FindStringSubmatch(text); m != nil {
		return m[1]
	}
	i := strings.Index(text, "com.amazonaws.")
	if i < 0 {
		return ""
	}
	if m := endpointAfterRegion.FindStringSubmatch(text[i+len("com.amazonaws."):]); m != nil {
		return strings.ToLower(m[1])
	}
	return ""
}

// ---------------------------------------------------------------------------
// JSON policy documents

// ValueFromJSON parses a JSON document (an IAM policy written as a string)
// into a known value placed at r. Placeholders of values not known
// (`${aws_sqs_queue.q.arn}`) stay strings.
func ValueFromJSON(s string, r Range) (*Value, bool) {
	var x any
	if err := json.Unmarshal([]byte(s), &x); err != nil {
		return nil, false
	}
	var conv func(any) *Value
	conv = func(x any) *Value {
		switch t := x.(type) {
		case map[string]any:
			m := NewMap(r)
			keys := make([]string, 0, len(t))
			for k := range t {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				m.Set(k, conv(t[k]))
			}
			return m
		case []any:
			items := make([]*Value, len(t))
			for i, it := range t {
				items[i] = conv(it)
			}
			return NewList(items, r)
		case string:
			return NewString(t, r)
		case float64:
			return NewNumber(t, r)
		case bool:
			return NewBool(t, r)
		}
		return NewNull(r)
	}
	return conv(x), true
}

// ---------------------------------------------------------------------------
// JSON form

// JSON returns the JSON form of the network.
func (n *Network) JSON() map[string]any {
	vpcs := make([]any, 0, len(n.VPCs))
	for _, v := range n.VPCs {
		m := map[string]any{"id": v.ID, "range": v.Range.JSON(), "main_route_table": v.MainRouteTable}
		if v.Open != "" {
			m["open"] = v.Open
		}
		vpcs = append(vpcs, m)
	}
	subnets := make([]any, 0, len(n.Subnets))
	for _, s := range n.Subnets {
		m := map[string]any{"id": s.ID, "range": s.Range.JSON(), "vpc": s.VPC, "route_table": s.RouteTable}
		if s.Unsure != "" {
			m["unsure"] = s.Unsure
		}
		subnets = append(subnets, m)
	}
	tables := make([]any, 0, len(n.RouteTables))
	for _, t := range n.RouteTables {
		routes := make([]any, 0, len(t.Routes))
		for _, r := range t.Routes {
			routes = append(routes, map[string]any{"destination": r.Destination, "target": string(r.Target), "via": r.Via, "range": r.Range.JSON()})
		}
		m := map[string]any{"id": t.ID, "range": t.Range.JSON(), "vpc": t.VPC, "main": t.Main, "implicit": t.Implicit, "routes": routes}
		if t.Open != "" {
			m["open"] = t.Open
		}
		tables = append(tables, m)
	}
	eps := make([]any, 0, len(n.Endpoints))
	for _, e := range n.Endpoints {
		eps = append(eps, map[string]any{"id": e.ID, "range": e.Range.JSON(), "service": e.Service, "type": e.Type,
			"vpc": e.VPC, "route_tables": stringsJSON(e.RouteTables), "subnets": stringsJSON(e.Subnets), "unsure": e.Unsure})
	}
	return map[string]any{"vpcs": vpcs, "subnets": subnets, "route_tables": tables, "endpoints": eps}
}

// JSON returns the JSON form of a function's VPC attachment.
func (fn *FunctionNetwork) JSON() map[string]any {
	m := map[string]any{
		"subnet_ids":                  fn.SubnetIds.JSON(),
		"security_group_ids":          fn.SecurityGroupIds.JSON(),
		"ipv6_allowed_for_dual_stack": fn.Ipv6AllowedForDualStack.JSON(),
		"at":                          fn.At.JSON(),
		"subnet_ids_at":               fn.SubnetIdsAt.JSON(),
		"subnets":                     stringsJSON(fn.Subnets),
		"resolved":                    fn.Resolved,
	}
	if fn.Unresolved != "" {
		m["unresolved"] = fn.Unresolved
	}
	return m
}

// JSON returns the JSON form of a use.
func (u *Use) JSON() map[string]any {
	return map[string]any{"service": u.Service, "name": u.Name(), "private": u.Private, "certain": u.Certain,
		"evidence": u.Evidence, "range": u.Range.JSON()}
}

func stringsJSON(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// ---------------------------------------------------------------------------
// A VPC function's way out

// Outbound is what a VPC function's subnets let it reach beyond the VPC.
type Outbound struct {
	// Needs are the function's uses beyond the VPC: public AWS APIs and
	// the internet.
	Needs []*Use
	// Paths are its subnets' paths, one per subnet.
	Paths []SubnetPath
	// Unsure says why nothing can be concluded; rules then stay silent.
	Unsure string
	// Blocked are the subnets with no way out (no default route, or one to
	// an internet gateway), with the needs no VPC endpoint serves there.
	Blocked []Blocked
}

// Blocked is a subnet whose traffic cannot leave the VPC, and what the
// function needs from there.
type Blocked struct {
	Path  SubnetPath
	Needs []*Use
}

// Outbound follows a VPC function's subnets to their route tables and VPC
// endpoints and says which of its needs cannot be reached, from which
// subnets. It is unsure (and rules stay silent) when the function is not
// in a VPC, its subnets or their routing are not all known, it goes
// through an HTTP proxy, or it needs nothing beyond the VPC.
func (p *Project) Outbound(f *Function) *Outbound {
	o := &Outbound{}
	fn := f.Network
	switch {
	case fn == nil:
		o.Unsure = "the function has no VpcConfig"
		return o
	case !fn.Resolved:
		o.Unsure = fn.Unresolved
		return o
	}
	for _, u := range f.Uses {
		if u.Service == "proxy" {
			o.Unsure = "the function goes out through an HTTP proxy (" + u.Evidence + ")"
			return o
		}
		if !u.Private {
			o.Needs = append(o.Needs, u)
		}
	}
	if len(o.Needs) == 0 {
		o.Unsure = "the function needs nothing beyond its VPC"
		return o
	}
	ipv6 := false
	if v := fn.Ipv6AllowedForDualStack; v.IsSet() {
		ipv6 = !(v.IsKnown() && v.Type == Bool && !v.Bool)
		if s, ok := v.AsString(); ok && s == "false" {
			ipv6 = false
		}
	}
	for _, id := range fn.Subnets {
		path := p.Network.Path(id, ipv6)
		if path.Egress == EgressUnsure {
			o.Unsure = path.Why
			return o
		}
		o.Paths = append(o.Paths, path)
	}
	for _, path := range o.Paths {
		if path.Egress != EgressNone && path.Egress != EgressIGW {
			continue
		}
		var left []*Use
		for _, u := range o.Needs {
			if p.Network.Covering(u.Service, path) == nil {
				left = append(left, u)
			}
		}
		if len(left) > 0 {
			o.Blocked = append(o.Blocked, Blocked{Path: path, Needs: left})
		}
	}
	return o
}

// Merge adds the parts of o to n (the networks of several templates loaded
// as one project) and returns the result; either may be nil.
func (n *Network) Merge(o *Network) *Network {
	switch {
	case o == nil:
		return n
	case n == nil:
		return o
	}
	n.VPCs = append(n.VPCs, o.VPCs...)
	n.Subnets = append(n.Subnets, o.Subnets...)
	n.RouteTables = append(n.RouteTables, o.RouteTables...)
	n.Endpoints = append(n.Endpoints, o.Endpoints...)
	return n
}
