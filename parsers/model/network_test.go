package model

import (
	"reflect"
	"testing"
)

func TestEndpointServiceFromName(t *testing.T) {
	for _, tc := range []struct {
		name  string
		known bool
		text  string
		want  string
	}{
		{"com.amazonaws.us-east-1.s3", true, "", "s3"},
		{"com.amazonaws.eu-west-1.ecr.dkr", true, "", "ecr.dkr"},
		{"com.amazonaws.us-gov-west-1.dynamodb", true, "", "dynamodb"},
		{"com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0", true, "", "vpce-svc"},
		{"", false, "!Sub com.amazonaws.${AWS::Region}.s3", "s3"},
		{"", false, `{"Fn::Sub": "com.amazonaws.${AWS::Region}.dynamodb"}`, "dynamodb"},
		{"", false, "!Join ['', [com.amazonaws., !Ref 'AWS::Region', .sqs]]", "sqs"},
		{"", false, `{"Fn::Join": ["", ["com.amazonaws.", {"Ref": "AWS::Region"}, ".secretsmanager"]]}`, "secretsmanager"},
		{"", false, `"com.amazonaws.${data.aws_region.current.name}.execute-api"`, "execute-api"},
		{"", false, `format("com.amazonaws.%s.ssm", var.region)`, "ssm"},
		{"", false, "!Ref ServiceName", ""},
	} {
		if got := EndpointServiceFromName(tc.name, tc.known, tc.text); got != tc.want {
			t.Errorf("EndpointServiceFromName(%q, %v, %q) = %q, want %q", tc.name, tc.known, tc.text, got, tc.want)
		}
	}
}

func TestLiteralUse(t *testing.T) {
	for _, tc := range []struct {
		s      string
		hinted bool
		want   string // service key, "" for none
	}{
		{"https://api.stripe.com/v1", false, "internet"},
		{"http://10.0.3.4:8080/x", false, "private-host"},
		{"172.16.4.20", false, "private-host"},
		{"100.64.1.1", false, "private-host"},
		{"8.8.8.8", false, ""},
		{"127.0.0.1:2773", false, ""},
		{"http://localhost:2773/secretsmanager/get", false, ""},
		{"mydb.cluster-abc.eu-west-1.rds.amazonaws.com", false, "rds-db"},
		{"master.cache.abc.euw1.cache.amazonaws.com:6379", false, "elasticache"},
		{"https://sqs.eu-west-1.amazonaws.com/123456789012/jobs", false, "sqs"},
		{"https://dynamodb.us-east-1.amazonaws.com", false, "dynamodb"},
		{"https://abc123.execute-api.us-east-1.amazonaws.com/prod", false, "execute-api"},
		{"https://vpc-logs-abc.eu-west-1.es.amazonaws.com", false, "opensearch"},
		{"https://search-logs-abc.eu-west-1.es.amazonaws.com", false, "es"},
		{"internal-app-123.eu-west-1.elb.amazonaws.com", false, "private-host"},
		{"arn:aws:dynamodb:eu-west-1:123456789012:table/orders", false, "dynamodb"},
		{"arn:aws:rds:eu-west-1:123456789012:cluster:main", false, "private-host"},
		{"redis://cache:6379", false, "private-host"},
		{"postgres://app@db.example.com/app", false, "private-host"},
		{"jdbc:mysql://db:3306/app", false, "private-host"},
		{"search.corp.internal", false, "private-host"},
		{"orders", false, ""},
		{"orders", true, "private-host"},
		{"db.example.com", false, ""},
		{"db.example.com", true, "private-host"},
		{"us-east-1", false, ""},
		{"5432", true, ""},
		{"{{resolve:secretsmanager:db:SecretString:host}}", true, ""},
		{"INFO", false, ""},
	} {
		got := ""
		if u := LiteralUse(tc.s, "test", Range{}, tc.hinted); u != nil {
			got = u.Service
		}
		if got != tc.want {
			t.Errorf("LiteralUse(%q, hinted=%v) = %q, want %q", tc.s, tc.hinted, got, tc.want)
		}
	}
}

func TestNameHint(t *testing.T) {
	if got := NameTokens("DB_HOST"); !reflect.DeepEqual(got, []string{"db", "host"}) {
		t.Errorf("NameTokens(DB_HOST) = %v", got)
	}
	if got := NameTokens("rdsProxyEndpoint"); !reflect.DeepEqual(got, []string{"rds", "proxy", "endpoint"}) {
		t.Errorf("NameTokens(rdsProxyEndpoint) = %v", got)
	}
	if got := NameTokens("DBClusterName"); !reflect.DeepEqual(got, []string{"db", "cluster", "name"}) {
		t.Errorf("NameTokens(DBClusterName) = %v", got)
	}
	for _, tc := range []struct {
		name            string
		strong, address bool
	}{
		{"DB_HOST", true, true},
		{"REDIS_URL", true, true},
		{"KAFKA_BOOTSTRAP_SERVERS", true, true},
		{"DYNAMODB_TABLE", false, false},
		{"DYNAMO_DB_TABLE", false, false},
		{"TABLE_NAME", false, false},
		{"API_URL", false, true},
		{"LOG_LEVEL", false, false},
	} {
		s, a := NameHint(tc.name)
		if s != tc.strong || a != tc.address {
			t.Errorf("NameHint(%q) = %v, %v; want %v, %v", tc.name, s, a, tc.strong, tc.address)
		}
	}
}

func TestActionUse(t *testing.T) {
	for _, tc := range []struct {
		action      string
		key         string
		ok, certain bool
	}{
		{"dynamodb:PutItem", "dynamodb", true, true},
		{"dynamodb:*", "dynamodb", true, false},
		{"dynamodb:GetRecords", "", false, false},
		{"sqs:ReceiveMessage", "", false, false},
		{"sqs:SendMessage", "sqs", true, true},
		{"logs:PutLogEvents", "", false, false},
		{"ec2:CreateNetworkInterface", "", false, false},
		{"rds-db:connect", "rds-db", true, true},
		{"elasticfilesystem:ClientMount", "efs", true, true},
		{"kms:Decrypt", "kms", true, false},
		{"*", "", false, false},
		{"s3:Get*", "s3", true, false},
	} {
		key, ok, certain := ActionUse(tc.action)
		if key != tc.key || ok != tc.ok || certain != tc.certain {
			t.Errorf("ActionUse(%q) = %q, %v, %v; want %q, %v, %v", tc.action, key, ok, certain, tc.key, tc.ok, tc.certain)
		}
	}
}

func TestPath(t *testing.T) {
	n := &Network{}
	n.AddVPC("Vpc", Range{})
	n.Subnets = append(n.Subnets,
		&Subnet{ID: "Main", VPC: "Vpc"},
		&Subnet{ID: "Nat", VPC: "Vpc", RouteTable: "NatRT"},
		&Subnet{ID: "Public", VPC: "Vpc", RouteTable: "PublicRT"},
		&Subnet{ID: "Dual", VPC: "Vpc", RouteTable: "DualRT"},
		&Subnet{ID: "Peer", VPC: "Vpc", RouteTable: "PeerRT"},
		&Subnet{ID: "Outside"})
	n.RouteTables = append(n.RouteTables,
		&RouteTable{ID: "NatRT", VPC: "Vpc", Routes: []*Route{{Destination: "0.0.0.0/0", Target: TargetNAT}}},
		&RouteTable{ID: "PublicRT", VPC: "Vpc", Routes: []*Route{{Destination: "0.0.0.0/0", Target: TargetIGW}}},
		&RouteTable{ID: "DualRT", VPC: "Vpc", Routes: []*Route{{Destination: "::/0", Target: TargetEIGW}}},
		&RouteTable{ID: "PeerRT", VPC: "Vpc", Routes: []*Route{{Destination: "0.0.0.0/0", Target: TargetOther}}})
	for _, tc := range []struct {
		subnet string
		ipv6   bool
		want   Egress
	}{
		{"Main", false, EgressNone},
		{"Nat", false, EgressOut},
		{"Public", false, EgressIGW},
		{"Dual", false, EgressNone},
		{"Dual", true, EgressOut},
		{"Peer", false, EgressUnsure},
		{"Outside", false, EgressUnsure},
		{"Missing", false, EgressUnsure},
	} {
		if got := n.Path(tc.subnet, tc.ipv6).Egress; got != tc.want {
			t.Errorf("Path(%s, ipv6=%v) = %s, want %s", tc.subnet, tc.ipv6, got, tc.want)
		}
	}
	n.Endpoints = append(n.Endpoints,
		&Endpoint{ID: "S3", Service: "s3", Type: "Gateway", VPC: "Vpc", RouteTables: []string{"Vpc main route table"}},
		&Endpoint{ID: "Sqs", Service: "sqs", Type: "Interface", VPC: "Vpc"})
	main := n.Path("Main", false)
	if n.Covering("s3", main) == nil || n.Covering("sqs", main) == nil {
		t.Error("endpoints in the VPC should cover S3 (gateway, main route table) and SQS (interface)")
	}
	if n.Covering("dynamodb", main) != nil || n.Covering("internet", main) != nil {
		t.Error("no endpoint covers DynamoDB or the internet")
	}
	if n.Covering("s3", n.Path("Nat", false)) != nil {
		t.Error("the S3 gateway endpoint is not on NatRT")
	}
}
