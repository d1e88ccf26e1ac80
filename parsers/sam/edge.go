package sam

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/lambdavet/lambdavet/parsers/cfn"
	"github.com/lambdavet/lambdavet/parsers/model"
)

// addEdge fills Function.Edge from the project's CloudFront distributions:
// every LambdaFunctionAssociations entry of the default and the ordered
// cache behaviors whose LambdaFunctionARN leads to a function of the
// template, with what it points at (a version, $LATEST, an alias, the
// function itself).
func addEdge(p *model.Project, t *cfn.Template) {
	if len(p.Functions) == 0 {
		return
	}
	ix := model.NewFunctionIndex(p)
	x := &edgeResolver{p: p, t: t, ix: ix, resources: ix.Resources(), functions: ix.Functions()}
	for _, r := range p.Resources {
		if r.Type != "AWS::CloudFront::Distribution" {
			continue
		}
		subject := fmt.Sprintf("distribution %q", r.Name)
		eachLeaf(r.Properties.Dig("DistributionConfig"), nil, func(cfg *model.Value, when model.When) {
			eachLeaf(cfg.Dig("DefaultCacheBehavior"), when, func(b *model.Value, when model.When) {
				x.behavior(r.Name, subject, "default", b, when)
			})
			eachLeaf(cfg.Dig("CacheBehaviors"), when, func(list *model.Value, when model.When) {
				if list.Type != model.List {
					return
				}
				for _, item := range list.List {
					eachLeaf(item, when, func(b *model.Value, when model.When) {
						pattern, _ := b.Dig("PathPattern").AsString()
						x.behavior(r.Name, subject, pattern, b, when)
					})
				}
			})
		})
	}
}

type edgeResolver struct {
	p         *model.Project
	t         *cfn.Template
	ix        *model.FunctionIndex
	resources map[string]*model.Resource
	functions map[string]*model.Function
	nodes     map[[2]int]*cfn.Node // raw nodes by [start, end) offsets, built on first use
}

// behavior records the associations of one cache behavior.
func (x *edgeResolver) behavior(dist, subject, name string, b *model.Value, when model.When) {
	eachLeaf(b.Dig("LambdaFunctionAssociations"), when, func(list *model.Value, when model.When) {
		if list.Type != model.List {
			return
		}
		for _, item := range list.List {
			eachLeaf(item, when, func(assoc *model.Value, when model.When) {
				if assoc.Type != model.Map {
					return
				}
				model.AddAssociations(assoc.Dig("LambdaFunctionARN"), assoc.Dig("EventType"), when,
					model.EdgeAssociation{Distribution: dist, Subject: subject, CacheBehavior: name}, x.target)
			})
		}
	})
}

// target resolves a LambdaFunctionARN value to the function it runs and
// what it points at; nil when the function is not in the template.
func (x *edgeResolver) target(v *model.Value) (*model.Function, model.EdgeTarget, string) {
	return model.EdgeLookup{Ref: x.ref, ARN: x.arnText, Text: x.intrinsicText}.Target(v)
}

// ref resolves a Ref or Fn::GetAtt.
func (x *edgeResolver) ref(r model.Ref) (*model.Function, model.EdgeTarget, string) {
	if f, ok := x.functions[r.Resource]; ok {
		switch r.Attribute {
		case "":
			return f, model.EdgeUnqualified, "its name"
		case "Arn":
			return f, model.EdgeUnqualified, "its unqualified ARN"
		case "Version": // SAM: the version AutoPublishAlias publishes
			return f, model.EdgeVersion, ""
		case "Alias": // SAM: the alias AutoPublishAlias maintains
			if name, ok := f.AutoPublishAlias.AsString(); ok {
				return f, model.EdgeAlias, fmt.Sprintf("alias %q", name)
			}
			return f, model.EdgeAlias, "its alias"
		}
		return f, model.EdgeUnknown, ""
	}
	res, ok := x.resources[r.Resource]
	if !ok {
		return x.generatedAlias(r.Resource)
	}
	switch res.Type {
	case "AWS::Lambda::Version":
		if f := x.functionOf(res.Properties.Dig("FunctionName")); f != nil && (r.Attribute == "" || r.Attribute == "Arn") {
			return f, model.EdgeVersion, ""
		}
	case "AWS::Lambda::Alias":
		if f := x.functionOf(res.Properties.Dig("FunctionName")); f != nil {
			if name, ok := res.Properties.Dig("Name").AsString(); ok {
				return f, model.EdgeAlias, fmt.Sprintf("alias %q", name)
			}
			return f, model.EdgeAlias, fmt.Sprintf("alias %s", r.Resource)
		}
	}
	return nil, "", ""
}

// generatedAlias resolves the logical id SAM gives the alias of a function
// with AutoPublishAlias: <Function>Alias<AliasName>.
func (x *edgeResolver) generatedAlias(name string) (*model.Function, model.EdgeTarget, string) {
	for fname, f := range x.functions {
		alias, ok := f.AutoPublishAlias.AsString()
		if ok && name == fname+"Alias"+alias {
			return f, model.EdgeAlias, fmt.Sprintf("alias %q", alias)
		}
	}
	return nil, "", ""
}

// functionOf finds the function a FunctionName property names: a Ref or
// Fn::GetAtt of a function of the template, its name or its ARN.
func (x *edgeResolver) functionOf(v *model.Value) *model.Function { return x.ix.Named(v, nil) }

// arnText resolves an ARN written literally or as a template with ${...}
// placeholders (the text of a Fn::Sub or Fn::Join).
func (x *edgeResolver) arnText(s string) (*model.Function, model.EdgeTarget, string) {
	ref := func(expr string) (*model.Function, model.EdgeTarget, string) { return x.ref(placeholderRef(expr)) }
	qualified := func(t model.EdgeTarget) bool { return t == model.EdgeVersion || t == model.EdgeAlias }
	f, target, detail, qualifier, final := model.ResolveFunctionARN(s, x.ix, ref, qualified)
	if final {
		return f, target, detail
	}
	// ${Version.Version}: the number of an AWS::Lambda::Version
	if expr, ok := model.Placeholder(qualifier); ok {
		r := placeholderRef(expr)
		if res, ok := x.resources[r.Resource]; ok && res.Type == "AWS::Lambda::Version" && r.Attribute == "Version" {
			target = model.EdgeVersion
		}
	}
	return f, target, detail
}

// placeholderRef reads a Fn::Sub variable: Resource or Resource.Attribute.
func placeholderRef(expr string) model.Ref {
	res, attr, _ := strings.Cut(expr, ".")
	return model.Ref{Resource: res, Attribute: attr}
}

// intrinsicText renders the intrinsic written at r as a template
// string whose ${...} placeholders are the Refs and GetAtts it contains
// (${Res} or ${Res.Attr}) and ${?} for anything else not literal.
func (x *edgeResolver) intrinsicText(r model.Range) (string, bool) {
	if x.t == nil || x.t.Root == nil {
		return "", false
	}
	if x.nodes == nil {
		x.nodes = map[[2]int]*cfn.Node{}
		walkNodes(x.t.Root, func(n *cfn.Node) {
			k := [2]int{int(n.Range.Start.Offset), int(n.Range.End.Offset)}
			if _, seen := x.nodes[k]; !seen && n.IsIntrinsic() {
				x.nodes[k] = n
			}
		})
	}
	n, ok := x.nodes[[2]int{int(r.Start.Offset), int(r.End.Offset)}]
	if !ok {
		return "", false
	}
	arg := n.Values[0]
	switch n.Keys[0].Value {
	case "Ref", "Fn::GetAtt": // a Ref to what SAM generates (<Function>Alias<Name>)
		if text := partText(n); text != "${?}" {
			return text, true
		}
	case "Fn::Sub":
		switch {
		case arg.Kind == cfn.ScalarNode:
			return arg.Value, true
		case arg.Kind == cfn.SequenceNode && len(arg.Items) >= 1 && arg.Items[0].Kind == cfn.ScalarNode:
			tmpl := arg.Items[0].Value
			if len(arg.Items) == 2 && arg.Items[1].Kind == cfn.MappingNode {
				vars := arg.Items[1]
				tmpl = edgeSubVar.ReplaceAllStringFunc(tmpl, func(m string) string {
					if v := vars.Get(strings.TrimSpace(m[2 : len(m)-1])); v != nil {
						return partText(v)
					}
					return m
				})
			}
			return tmpl, true
		}
	case "Fn::Join":
		if arg.Kind != cfn.SequenceNode || len(arg.Items) != 2 || arg.Items[0].Kind != cfn.ScalarNode || arg.Items[1].Kind != cfn.SequenceNode {
			return "", false
		}
		parts := make([]string, 0, len(arg.Items[1].Items))
		for _, it := range arg.Items[1].Items {
			parts = append(parts, partText(it))
		}
		return strings.Join(parts, arg.Items[0].Value), true
	}
	return "", false
}

var edgeSubVar = regexp.MustCompile(`\$\{[^}!][^}]*\}`)

// partText renders one element of a Join or a Sub variable.
func partText(n *cfn.Node) string {
	switch {
	case n.Kind == cfn.ScalarNode:
		return n.Value
	case n.IsIntrinsic():
		arg := n.Values[0]
		switch n.Keys[0].Value {
		case "Ref":
			if arg.Kind == cfn.ScalarNode {
				return "${" + arg.Value + "}"
			}
		case "Fn::GetAtt":
			if arg.Kind == cfn.ScalarNode {
				return "${" + arg.Value + "}"
			}
			if arg.Kind == cfn.SequenceNode && len(arg.Items) == 2 && arg.Items[0].Kind == cfn.ScalarNode && arg.Items[1].Kind == cfn.ScalarNode {
				return "${" + arg.Items[0].Value + "." + arg.Items[1].Value + "}"
			}
		}
	}
	return "${?}"
}

func walkNodes(n *cfn.Node, visit func(*cfn.Node)) {
	if n == nil {
		return
	}
	visit(n)
	for _, c := range n.Values {
		walkNodes(c, visit)
	}
	for _, c := range n.Items {
		walkNodes(c, visit)
	}
}

// eachLeaf calls visit with every known, non-null value v can take (each
// alternative of a conditional), with the condition path that selects it.
func eachLeaf(v *model.Value, when model.When, visit func(v *model.Value, when model.When)) {
	v.EachCandidate(when, func(c *model.Value, when model.When) {
		if c.State == model.Known && c.Type != model.Null {
			visit(c, when)
		}
	})
}
