package terraform

import (
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/lambdavet/lambdavet/parsers/model"
	"github.com/lambdavet/lambdavet/parsers/model/modeltest"
)

// loadDir loads the Terraform files of one folder.
func loadDir(t *testing.T, dir string) *model.Project {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*.tf"))
	sort.Strings(files)
	p := Load(dir, files, os.ReadFile, Options{})
	p.DeriveNetwork()
	return p
}

// TestNetworkSchema checks the JSON form of the network model of the VPC
// rules' Terraform fixtures against the model schema.
func TestNetworkSchema(t *testing.T) {
	dirs, _ := filepath.Glob("../../analyzers/lv20*/testdata/terraform*")
	if len(dirs) == 0 {
		t.Fatal("no fixtures")
	}
	for _, dir := range dirs {
		p := loadDir(t, dir)
		if p.Network == nil {
			t.Errorf("%s: no network", dir)
		}
		modeltest.CheckSchema(t, p)
	}
}

// TestVPCModule checks the resources the VPC registry module is modeled as.
func TestVPCModule(t *testing.T) {
	dir := t.TempDir()
	src := `
module "vpc" {
  source             = "terraform-aws-modules/vpc/aws"
  private_subnets    = ["10.0.1.0/24"]
  public_subnets     = ["10.0.101.0/24"]
  database_subnets   = ["10.0.21.0/24"]
  intra_subnets      = ["10.0.51.0/24"]
  enable_nat_gateway = var.nat
}
variable "nat" {}
module "off" {
  source     = "terraform-aws-modules/vpc/aws"
  create_vpc = false
  private_subnets = ["10.0.1.0/24"]
}
`
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	p := loadDir(t, dir)
	n := p.Network
	if n == nil {
		t.Fatal("no network")
	}
	for _, tc := range []struct {
		subnet string
		want   model.Egress
	}{
		{"module.vpc.aws_subnet.public", model.EgressIGW},
		{"module.vpc.aws_subnet.private", model.EgressUnsure}, // enable_nat_gateway is not known
		{"module.vpc.aws_subnet.database", model.EgressUnsure},
		{"module.vpc.aws_subnet.intra", model.EgressNone},
	} {
		if got := n.Path(tc.subnet, false).Egress; got != tc.want {
			t.Errorf("%s: egress %s, want %s", tc.subnet, got, tc.want)
		}
	}
	if n.SubnetByID("module.off.aws_subnet.private") != nil {
		t.Error("create_vpc = false creates no subnets")
	}
}

// TestNetworkDeferred: Load leaves the network to DeriveNetwork, which the
// VPC rules' building block (analyzers/network) calls.
func TestNetworkDeferred(t *testing.T) {
	dir := "../../analyzers/lv203_missing_nat/testdata/terraform"
	files, _ := filepath.Glob(filepath.Join(dir, "*.tf"))
	sort.Strings(files)
	p := Load(dir, files, os.ReadFile, Options{})
	if p.Network != nil || len(p.Functions) == 0 || p.Functions[0].Uses != nil {
		t.Fatalf("derived at load: network %v, %d functions", p.Network, len(p.Functions))
	}
	p.DeriveNetwork()
	if p.Network == nil {
		t.Error("no network once derived")
	}
}
