package network_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/lambdavet/lambdavet/analyzers/load"
	"github.com/lambdavet/lambdavet/analyzers/network"
	"github.com/lambdavet/lambdavet/internal/driver"
	"github.com/lambdavet/lambdavet/parsers/model"
)

// settingsRule stands for any rule that reads settings only.
var settingsRule = &analysis.Analyzer{
	Name: "LVT30", Doc: "reads settings", Requires: []*analysis.Analyzer{load.Analyzer},
	Run: func(*analysis.Pass) (any, error) { return nil, nil },
}

// vpcRule stands for the VPC rules: it requires the network and follows
// each function's routes, as LV203 does.
var vpcRule = &analysis.Analyzer{
	Name: "LVT31", Doc: "reads the network", Requires: []*analysis.Analyzer{load.Analyzer, network.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		p := pass.ResultOf[network.Analyzer].(*model.Project)
		for _, f := range p.Functions {
			p.Outbound(f)
		}
		return nil, nil
	},
}

// vpcTemplate writes a template of n functions in a VPC with no NAT.
func vpcTemplate(t testing.TB, n int) string {
	var b strings.Builder
	b.WriteString(`AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
  Subnet: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24}}
  Routes: {Type: AWS::EC2::RouteTable, Properties: {VpcId: !Ref Vpc}}
  Assoc: {Type: AWS::EC2::SubnetRouteTableAssociation, Properties: {SubnetId: !Ref Subnet, RouteTableId: !Ref Routes}}
  Sg: {Type: AWS::EC2::SecurityGroup, Properties: {GroupDescription: fn, VpcId: !Ref Vpc}}
  Topic: {Type: AWS::SNS::Topic}
`)
	for i := range n {
		fmt.Fprintf(&b, `  Fn%d:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Code: {S3Bucket: b, S3Key: k}
      Environment: {Variables: {TOPIC: !Ref Topic}}
      VpcConfig: {SubnetIds: [!Ref Subnet], SecurityGroupIds: [!Ref Sg]}
`, i)
	}
	path := filepath.Join(t.TempDir(), "template.yaml")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func lint(path string, as ...*analysis.Analyzer) *driver.Result {
	return driver.Run(context.Background(), driver.Options{Analyzers: as}, []*driver.Package{{Root: path, Files: []string{path}, Boundary: filepath.Dir(path)}})
}

// TestDerivedOnlyWhenRequired: the network is derived for a run with a
// rule that requires it, and not at all for a run without one.
func TestDerivedOnlyWhenRequired(t *testing.T) {
	path := vpcTemplate(t, 2)
	derived := func(p *model.Project) bool {
		return p.Network != nil && p.Functions[0].Network != nil && len(p.Functions[0].Uses) > 0
	}
	off := lint(path, settingsRule)
	if len(off.Projects) != 1 || len(off.Projects[0].Functions) != 2 {
		t.Fatalf("not loaded: %+v", off.Errors)
	}
	if p := off.Projects[0]; p.Network != nil || p.Functions[0].Network != nil || p.Functions[0].Uses != nil {
		t.Errorf("derived without a VPC rule: network %v, uses %v", p.Network, p.Functions[0].Uses)
	}
	on := lint(path, settingsRule, vpcRule)
	if !derived(on.Projects[0]) {
		t.Errorf("not derived for a VPC rule: network %v", on.Projects[0].Network)
	}
	// The model's JSON form (user policies, -dump-model) derives it too.
	p := off.Projects[0]
	if _, ok := p.JSON()["network"]; !ok || !derived(p) {
		t.Errorf("the JSON form has no network")
	}
}

// BenchmarkVPCRules lints 500 VPC functions without the VPC rules (no
// network derived: TestDerivedOnlyWhenRequired), with the derivation
// alone, and with a rule that follows each function's routes (LV203's
// work).
func BenchmarkVPCRules(b *testing.B) {
	path := vpcTemplate(b, 500)
	for _, bc := range []struct {
		name string
		as   []*analysis.Analyzer
	}{
		{"off", []*analysis.Analyzer{settingsRule}},
		{"derived", []*analysis.Analyzer{settingsRule, network.Analyzer}},
		{"routes", []*analysis.Analyzer{settingsRule, vpcRule}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if res := lint(path, bc.as...); len(res.Projects) != 1 {
					b.Fatal("not linted")
				}
			}
		})
	}
}
