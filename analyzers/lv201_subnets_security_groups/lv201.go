package lv201

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/lambdavet/lambdavet/analyzers/load"
	"github.com/lambdavet/lambdavet/analyzers/network"
	"github.com/lambdavet/lambdavet/analyzers/rule"
	"github.com/lambdavet/lambdavet/parsers/model"
)

var meta = rule.MustRegister(rule.Meta{ID: "LV201", Title: "subnets without security groups, or the reverse", Severity: rule.Error, Source: "go"})

//go:embed doc.go
var docSource string

// Analyzer reports a VpcConfig with one of its two lists and not the other.
var Analyzer = &analysis.Analyzer{
	Name:     meta.ID,
	Doc:      rule.DocFromSource(docSource, meta.ID),
	URL:      meta.URL(),
	Requires: []*analysis.Analyzer{load.Analyzer, network.Analyzer},
	Run:      run,
}

type state int

const (
	empty state = iota
	set
	unknown
)

// stateAt says whether a list has items on the condition path when ("" for
// every path), and the candidate that set it.
func stateAt(v *model.Value, when model.When) (state, *model.Value) {
	var st []state
	var at *model.Value
	for _, c := range v.Candidates() {
		if len(when) > 0 && len(c.When) > 0 && !c.When.Equal(when) {
			continue
		}
		switch {
		case c.State == model.Unknown || c.State == model.Conditional:
			st = append(st, unknown)
		case c.State == model.Absent || c.Type == model.Null,
			c.Type == model.List && len(c.List) == 0,
			c.Type == model.String && c.Str == "":
			st = append(st, empty)
		default:
			st = append(st, set)
			if at == nil {
				at = c
			}
		}
	}
	if len(st) == 0 {
		return empty, nil
	}
	for _, s := range st[1:] {
		if s != st[0] {
			return unknown, nil
		}
	}
	return st[0], at
}

func run(pass *analysis.Pass) (any, error) {
	p := pass.ResultOf[load.Analyzer].(*model.Project)
	for _, f := range p.Functions {
		n := f.Network
		if n == nil {
			continue
		}
		// The condition paths: those of a conditional VpcConfig, else one.
		var paths []model.When
		if f.VpcConfig.State == model.Conditional {
			for _, c := range f.VpcConfig.Candidates() {
				if len(c.When) > 0 && !slices.ContainsFunc(paths, c.When.Equal) {
					paths = append(paths, c.When)
				}
			}
		}
		if len(paths) == 0 {
			paths = []model.When{nil}
		}
		bad := map[bool][]string{} // subnets without groups (true), or the reverse
		var at *model.Value
		for _, w := range paths {
			sub, subAt := stateAt(n.SubnetIds, w)
			sg, sgAt := stateAt(n.SecurityGroupIds, w)
			switch {
			case sub == set && sg == empty:
				bad[true] = append(bad[true], pathOf(w, subAt))
				at = subAt
			case sg == set && sub == empty:
				bad[false] = append(bad[false], pathOf(w, sgAt))
				at = sgAt
			}
		}
		for _, subnets := range []bool{true, false} {
			whens := bad[subnets]
			if len(whens) == 0 {
				continue
			}
			has, missing := n.SubnetIdsName, n.SecurityGroupIdsName
			if !subnets {
				has, missing = missing, has
			}
			when := ""
			if !contains(whens, "") {
				when = " when " + strings.Join(whens, " or ")
			}
			rng := n.At
			if rng.IsZero() && at != nil {
				rng = at.Range
			}
			rule.Report(pass, rule.Finding{
				Rule: meta.ID, Range: rng, Resource: f.Resource,
				Message: fmt.Sprintf("%s sets %s %s but no %s%s: Lambda rejects a VPC configuration with one list and not the other; add the %s, or remove %s to leave the VPC",
					f.Subject, f.PropertyNames["vpc_config"], has, missing, when, what(missing), has),
			})
		}
	}
	return nil, nil
}

// pathOf names the path a bad combination is on: the VpcConfig path, else
// the condition of the list that is set there.
func pathOf(when model.When, v *model.Value) string {
	if len(when) == 0 && v != nil {
		return v.When.String()
	}
	return when.String()
}

func contains(list []string, s string) bool {
	for _, it := range list {
		if it == s {
			return true
		}
	}
	return false
}

func what(name string) string {
	if strings.Contains(strings.ToLower(name), "subnet") {
		return "subnets"
	}
	return "security groups"
}
