package policy

import (
	"os"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/lambdavet/lambdavet/parsers/sam"
)

// The sharing converter must give exactly what ast.InterfaceToValue gives.
func TestRegoInputMatchesInterfaceToValue(t *testing.T) {
	src, err := os.ReadFile("../../examples/orders-app/template.yaml")
	if err != nil {
		t.Fatal(err)
	}
	p, _ := sam.Load("template.yaml", src, sam.Options{})
	j := p.JSON()
	want, err := ast.InterfaceToValue(j)
	if err != nil {
		t.Fatal(err)
	}
	got, err := toRegoInput(j)
	if err != nil {
		t.Fatal(err)
	}
	if want.Compare(got) != 0 {
		t.Error("converted input differs from ast.InterfaceToValue")
	}
}
