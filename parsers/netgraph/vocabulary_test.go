package netgraph

import "testing"

// TestVocabularyNamesEachTypeOnce: no resource type of a format stands for
// two kinds, every kind is named in some format, and the network's keys
// that every format reads are named in each.
func TestVocabularyNamesEachTypeOnce(t *testing.T) {
	for f := range formats {
		seen := map[string]bool{}
		for _, row := range kindNames {
			for _, n := range row.names {
				if n[f] != "" && seen[n[f]] {
					t.Errorf("format %d: %s is named twice", f, n[f])
				}
				seen[n[f]] = true
			}
		}
		for _, row := range useKindNames {
			for _, n := range row.names {
				if n[f] != "" && seen[n[f]] {
					t.Errorf("format %d: %s is named twice", f, n[f])
				}
				seen[n[f]] = true
			}
		}
		k := KeysOf(f)
		for name, v := range map[string]string{"VPC": k.VPC, "Subnet": k.Subnet, "RouteTable": k.RouteTable, "Subnets": k.Subnets,
			"RouteTables": k.RouteTables, "EndpointType": k.EndpointType, "ServiceName": k.ServiceName, "NATGateway": k.NATGateway, "Gateway": k.Gateway} {
			if v == "" {
				t.Errorf("format %d names no %s key", f, name)
			}
		}
		if len(k.Destinations) < 3 || len(k.OtherTargets) != 4 {
			t.Errorf("format %d: destinations %v, other targets %v", f, k.Destinations, k.OtherTargets)
		}
	}
	for _, row := range kindNames {
		named := false
		for _, n := range row.names {
			for f := range formats {
				named = named || n[f] != ""
			}
		}
		if !named {
			t.Errorf("kind %d has no name", row.kind)
		}
	}
	if Kinds(CloudFormation)["AWS::EC2::NatGateway"] != NATGateway || Kinds(Terraform)["aws_nat_gateway"] != NATGateway {
		t.Error("a NAT gateway is not one in each format")
	}
}
