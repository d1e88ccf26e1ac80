package netgraph

// Format is a vocabulary: the resource types and property names a format
// writes for the network and for what functions talk to.
type Format int

const (
	// CloudFormation is the vocabulary of templates: SAM and
	// CloudFormation, the templates cdk synth writes, a Serverless
	// service's resources.
	CloudFormation Format = iota
	// Terraform is the vocabulary of Terraform configuration and plans.
	Terraform
	formats
)

// in names a thing in each format, in Format order; "" where a format has
// no such thing.
type in [formats]string

// named is a row of a table of kinds: the kind and its resource types.
type named[K any] struct {
	kind  K
	names []in
}

// kindNames is what each kind of network resource is called in each
// format: one table, so that a kind one format knows is seen missing in
// the other rather than drifting apart (Terraform's default VPC, subnet
// and route table and its endpoint associations have no CloudFormation
// resource; a nested stack passes the network on).
var kindNames = []named[Kind]{
	{VPC, []in{{"AWS::EC2::VPC", "aws_vpc"}}},
	{DefaultVPC, []in{{"", "aws_default_vpc"}}},
	{Subnet, []in{{"AWS::EC2::Subnet", "aws_subnet"}}},
	{DefaultSubnet, []in{{"", "aws_default_subnet"}}},
	{RouteTable, []in{{"AWS::EC2::RouteTable", "aws_route_table"}}},
	{DefaultRouteTable, []in{{"", "aws_default_route_table"}}},
	{SubnetAssociation, []in{{"AWS::EC2::SubnetRouteTableAssociation", "aws_route_table_association"}}},
	{MainAssociation, []in{{"", "aws_main_route_table_association"}}},
	{Route, []in{{"AWS::EC2::Route", "aws_route"}}},
	{Propagation, []in{{"AWS::EC2::VPNGatewayRoutePropagation", "aws_vpn_gateway_route_propagation"}}},
	{Endpoint, []in{{"AWS::EC2::VPCEndpoint", "aws_vpc_endpoint"}}},
	{EndpointTableAssociation, []in{{"", "aws_vpc_endpoint_route_table_association"}}},
	{EndpointSubnetAssociation, []in{{"", "aws_vpc_endpoint_subnet_association"}}},
	{InternetGateway, []in{{"AWS::EC2::InternetGateway", "aws_internet_gateway"}}},
	{NATGateway, []in{{"AWS::EC2::NatGateway", "aws_nat_gateway"}}},
	{VPNGateway, []in{{"AWS::EC2::VPNGateway", "aws_vpn_gateway"}}},
	{Nested, []in{{"AWS::CloudFormation::Stack", ""}, {"AWS::Serverless::Application", ""}}},
}

// useKindNames is kindNames for the resources Uses classifies.
var useKindNames = []named[UseKind]{
	{SearchDomain, []in{{"AWS::OpenSearchService::Domain", "aws_opensearch_domain"}, {"AWS::Elasticsearch::Domain", "aws_elasticsearch_domain"}}},
	{LoadBalancer, []in{{"AWS::ElasticLoadBalancingV2::LoadBalancer", "aws_lb"}, {"AWS::ElasticLoadBalancing::LoadBalancer", "aws_elb"}, {"", "aws_alb"}}},
	{RestAPI, []in{{"AWS::ApiGateway::RestApi", "aws_api_gateway_rest_api"}, {"AWS::Serverless::Api", ""}}},
	{Secret, []in{{"AWS::SecretsManager::Secret", "aws_secretsmanager_secret"}}},
	// A Terraform secret version, rotation or policy ties a secret to what
	// it names (a data store a rotation or policy is taken to use);
	// CloudFormation ties one with a target attachment.
	{SecretValue, []in{{"", "aws_secretsmanager_secret_version"}, {"", "aws_secretsmanager_secret_rotation"}, {"", "aws_secretsmanager_secret_policy"}}},
	{SecretAttachment, []in{{"AWS::SecretsManager::SecretTargetAttachment", ""}}},
}

// Kinds returns the network resource types of format f, by kind.
func Kinds(f Format) map[string]Kind { return byType(kindNames, f) }

// UseKinds returns the types of format f that Uses classifies, by kind.
func UseKinds(f Format) map[string]UseKind { return byType(useKindNames, f) }

// byType indexes a table of kinds by the resource types of format f.
func byType[K any](rows []named[K], f Format) map[string]K {
	out := map[string]K{}
	for _, row := range rows {
		for _, n := range row.names {
			if n[f] != "" {
				out[n[f]] = row.kind
			}
		}
	}
	return out
}

// KeysOf returns the property names of format f that the network picture
// reads, each written beside its name in the other format.
func KeysOf(f Format) Keys {
	k := func(names in) string { return names[f] }
	list := func(names ...in) []string { return namesIn(f, names) }
	return Keys{
		VPC:          k(in{"VpcId", "vpc_id"}),
		Subnet:       k(in{"SubnetId", "subnet_id"}),
		RouteTable:   k(in{"RouteTableId", "route_table_id"}),
		Subnets:      k(in{"SubnetIds", "subnet_ids"}),
		RouteTables:  k(in{"RouteTableIds", "route_table_ids"}),
		Propagated:   k(in{"RouteTableIds", "route_table_id"}),
		InlineRoutes: k(in{"", "route"}),
		Propagating:  k(in{"", "propagating_vgws"}),
		DefaultTable: k(in{"", "default_route_table_id"}),
		Endpoint:     k(in{"", "vpc_endpoint_id"}),
		EndpointType: k(in{"VpcEndpointType", "vpc_endpoint_type"}),
		ServiceName:  k(in{"ServiceName", "service_name"}),
		Connectivity: k(in{"ConnectivityType", "connectivity_type"}),
		Nested:       k(in{"Parameters", ""}),
		Destinations: list(in{"", "cidr_block"}, in{"", "ipv6_cidr_block"},
			in{"DestinationCidrBlock", ""}, in{"DestinationIpv6CidrBlock", ""}, in{"DestinationPrefixListId", "destination_prefix_list_id"},
			in{"", "destination_cidr_block"}, in{"", "destination_ipv6_cidr_block"}),
		NATGateway:        k(in{"NatGatewayId", "nat_gateway_id"}),
		Gateway:           k(in{"GatewayId", "gateway_id"}),
		EgressOnlyGateway: k(in{"EgressOnlyInternetGatewayId", "egress_only_gateway_id"}),
		TransitGateway:    k(in{"TransitGatewayId", "transit_gateway_id"}),
		CoreNetwork:       k(in{"CoreNetworkArn", "core_network_arn"}),
		Instance:          k(in{"InstanceId", "instance_id"}),
		NetworkInterface:  k(in{"NetworkInterfaceId", "network_interface_id"}),
		OtherTargets: list(in{"VpcPeeringConnectionId", "vpc_peering_connection_id"}, in{"VpcEndpointId", "vpc_endpoint_id"},
			in{"CarrierGatewayId", "carrier_gateway_id"}, in{"LocalGatewayId", "local_gateway_id"}),
		OtherSuffix: k(in{"Id", "_id"}),
	}
}

// UseKeysOf returns the property names of format f that Uses reads.
func UseKeysOf(f Format) UseKeys {
	k := func(names in) string { return names[f] }
	return UseKeys{
		SearchVPC:     k(in{"VPCOptions", "vpc_options"}),
		LBScheme:      k(in{"Scheme", ""}),
		LBInternal:    k(in{"", "internal"}),
		APIEndpoint:   k(in{"EndpointConfiguration", "endpoint_configuration"}),
		LinkSecret:    k(in{"SecretId", "secret_id"}),
		LinkTarget:    k(in{"TargetId", "secret_string"}),
		MappingSource: k(in{"EventSourceArn", "event_source_arn"}),
		MappingPrivate: namesIn(f, []in{{"SelfManagedEventSource", "self_managed_event_source"},
			{"AmazonManagedKafkaEventSourceConfig", "amazon_managed_kafka_event_source_config"}}),
	}
}

// namesIn returns the names format f gives things, in order, leaving out
// those it has none for.
func namesIn(f Format, names []in) []string {
	var out []string
	for _, n := range names {
		if n[f] != "" {
			out = append(out, n[f])
		}
	}
	return out
}
