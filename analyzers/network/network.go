// Package network is the building block of the VPC rules (LV201–LV204):
// it derives the project's network picture (VPCs, subnets, route tables,
// endpoints), each function's VPC attachment and what each function talks
// to, which the loaders leave undone (model.Project.DeferNetwork). Rules
// that read Project.Network, Function.Network or Function.Uses require it,
// as passes/inspect is required for a syntax tree, so a run without them
// never pays for the derivation.
package network

import (
	"reflect"

	"golang.org/x/tools/go/analysis"

	"github.com/lambdavet/lambdavet/analyzers/load"
	"github.com/lambdavet/lambdavet/parsers/model"
)

// Analyzer derives the network of the project load.Analyzer loaded and
// returns that project.
var Analyzer = &analysis.Analyzer{
	Name:             "network",
	Doc:              "derives the VPC network and each function's uses, for the rules that read them",
	Requires:         []*analysis.Analyzer{load.Analyzer},
	Run:              run,
	ResultType:       reflect.TypeFor[*model.Project](),
	RunDespiteErrors: true,
}

func run(pass *analysis.Pass) (any, error) {
	p := pass.ResultOf[load.Analyzer].(*model.Project)
	p.DeriveNetwork()
	return p, nil
}
