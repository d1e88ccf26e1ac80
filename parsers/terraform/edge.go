package terraform

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/lambdavet/lambdavet/parsers/model"
)

// addEdge fills Function.Edge: every lambda_function_association of the
// default_cache_behavior and ordered_cache_behavior blocks of an
// aws_cloudfront_distribution whose lambda_arn leads to a function of the
// project, with what it points at; and, for calls of
// terraform-aws-modules/lambda with lambda_at_edge = true and no such
// association, the call itself.
func addEdge(p *model.Project) {
	if len(p.Functions) == 0 {
		return
	}
	ix := model.NewFunctionIndex(p)
	x := &tfEdge{p: p, ix: ix, resources: ix.Resources(), functions: ix.Functions(), content: map[string][]byte{}}
	for _, f := range p.Files {
		x.content[f.Path] = f.Content
	}
	for _, r := range p.Resources {
		if r.Type != "aws_cloudfront_distribution" || r.DataSource {
			continue
		}
		prefix := modulePrefix(r.Name)
		eachBlock(r.Properties.Dig("default_cache_behavior"), nil, func(b *model.Value, when model.When) {
			x.behavior(r, prefix, "default", b, when)
		})
		eachBlock(r.Properties.Dig("ordered_cache_behavior"), nil, func(b *model.Value, when model.When) {
			pattern, _ := b.Dig("path_pattern").AsString()
			x.behavior(r, prefix, pattern, b, when)
		})
	}
	for _, f := range p.Functions {
		edge := f.Resource.Properties.Dig("lambda_at_edge")
		if len(f.Edge) > 0 || !isTrue(edge) {
			continue
		}
		call := strings.TrimSuffix(f.Name(), ".aws_lambda_function.this")
		f.Edge = append(f.Edge, model.EdgeAssociation{
			Subject: call + " (lambda_at_edge = true)", Target: model.EdgeVersion, Range: edge.Range,
		})
	}
}

type tfEdge struct {
	p         *model.Project
	ix        *model.FunctionIndex
	resources map[string]*model.Resource
	functions map[string]*model.Function
	content   map[string][]byte
}

func (x *tfEdge) behavior(dist *model.Resource, prefix, name string, b *model.Value, when model.When) {
	eachBlock(b.Dig("lambda_function_association"), when, func(assoc *model.Value, when model.When) {
		target := func(v *model.Value) (*model.Function, model.EdgeTarget, string) { return x.target(v, prefix) }
		model.AddAssociations(assoc.Dig("lambda_arn"), assoc.Dig("event_type"), when,
			model.EdgeAssociation{Distribution: dist.Name, Subject: dist.Name, CacheBehavior: name}, target)
	})
}

// target resolves a lambda_arn value to the function it runs and what it
// points at; nil when the function is not in the project.
func (x *tfEdge) target(v *model.Value, prefix string) (*model.Function, model.EdgeTarget, string) {
	arn := func(s string) (*model.Function, model.EdgeTarget, string) { return x.arnText(s, prefix) }
	return model.EdgeLookup{Ref: x.ref, ARN: arn, Text: x.templateText, Unknown: x.unknownTarget}.Target(v)
}

// unknownTarget follows an expression whose text names no function: a
// plain reference to a module output, or an expression not followed (join,
// format) that reads the function's version number, pointing at a version.
func (x *tfEdge) unknownTarget(v *model.Value) (*model.Function, model.EdgeTarget, string) {
	if len(v.Refs) == 1 && x.isTraversal(v.Range) {
		if f, target, detail := x.ref(v.Refs[0]); f != nil {
			return f, target, detail
		}
	}
	for _, r := range v.Refs {
		if f, ok := x.functions[r.Resource]; ok && r.Attribute == "version" {
			if target := x.versionTarget(f); target == model.EdgeLatest {
				return f, target, latestVersionDetail
			} else {
				return f, target, ""
			}
		}
	}
	return nil, "", ""
}

// ref resolves an attribute of a resource or a module output.
func (x *tfEdge) ref(r model.Ref) (*model.Function, model.EdgeTarget, string) {
	if f, ok := x.functions[r.Resource]; ok {
		switch r.Attribute {
		case "qualified_arn":
			return x.qualified(f)
		case "arn":
			return f, model.EdgeUnqualified, "its unqualified ARN (arn)"
		case "function_name", "id":
			return f, model.EdgeUnqualified, fmt.Sprintf("its name (%s)", r.Attribute)
		}
		return f, model.EdgeUnknown, ""
	}
	if res, ok := x.resources[r.Resource]; ok && res.Type == "aws_lambda_alias" && (r.Attribute == "arn" || r.Attribute == "id") {
		if f := x.functionOf(res.Properties.Dig("function_name"), modulePrefix(res.Name)); f != nil {
			if name, ok := res.Properties.Dig("name").AsString(); ok {
				return f, model.EdgeAlias, fmt.Sprintf("alias %q", name)
			}
			return f, model.EdgeAlias, res.Name
		}
	}
	// outputs of terraform-aws-modules/lambda, modeled as the call's
	// aws_lambda_function.this
	if f, ok := x.functions[r.Resource+".aws_lambda_function.this"]; ok && strings.HasPrefix(r.Resource, "module.") {
		switch r.Attribute {
		case "lambda_function_qualified_arn":
			return x.qualified(f)
		case "lambda_function_arn":
			return f, model.EdgeUnqualified, "its unqualified ARN (lambda_function_arn)"
		case "lambda_function_name":
			return f, model.EdgeUnqualified, "its name (lambda_function_name)"
		}
		return f, model.EdgeUnknown, ""
	}
	return nil, "", ""
}

// latestVersionDetail explains a version attribute that reads $LATEST.
const latestVersionDetail = "$LATEST (the version of a function without publish = true)"

// versionTarget is what a function's version attribute names: "$LATEST"
// unless the function publishes, like qualified_arn.
func (x *tfEdge) versionTarget(f *model.Function) model.EdgeTarget {
	_, target, _ := x.qualified(f)
	return target
}

// qualified is what qualified_arn points at: the version a function with
// publish = true (or a lambda_at_edge module call) publishes, else $LATEST.
func (x *tfEdge) qualified(f *model.Function) (*model.Function, model.EdgeTarget, string) {
	props := f.Resource.Properties
	publish := props.Dig("publish")
	switch {
	case isTrue(publish) || isTrue(props.Dig("lambda_at_edge")):
		return f, model.EdgeVersion, ""
	case publish.State == model.Absent || publish.IsKnown(): // unset, null or false
		return f, model.EdgeLatest, "$LATEST (qualified_arn of a function without publish = true)"
	}
	return f, model.EdgeUnknown, ""
}

// functionOf finds the function a function_name argument names: a
// reference to it, its name or its ARN, in the module at prefix.
func (x *tfEdge) functionOf(v *model.Value, prefix string) *model.Function {
	return x.ix.Named(v, func(expr string) string { return prefix + resourceOf(expr) })
}

// arnText resolves an ARN written literally or as a string template.
func (x *tfEdge) arnText(s, prefix string) (*model.Function, model.EdgeTarget, string) {
	ref := func(expr string) (*model.Function, model.EdgeTarget, string) {
		return x.ref(placeholderRef(expr, prefix))
	}
	qualified := func(t model.EdgeTarget) bool { return t != model.EdgeUnqualified }
	f, target, detail, qualifier, final := model.ResolveFunctionARN(s, x.ix, ref, qualified)
	if final {
		return f, target, detail
	}
	if expr, ok := model.Placeholder(qualifier); ok {
		r := placeholderRef(expr, prefix)
		if g, ok := x.functions[r.Resource]; ok && r.Attribute == "version" {
			target = x.versionTarget(g)
			if target == model.EdgeLatest {
				detail = latestVersionDetail
			}
		}
	}
	return f, target, detail
}

// templateText returns the text of a quoted string template written at r,
// without its quotes.
func (x *tfEdge) templateText(r model.Range) (string, bool) {
	src := x.content[r.File]
	if r.Start.Offset < 0 || int(r.End.Offset) > len(src) || r.Start.Offset >= r.End.Offset {
		return "", false
	}
	text := strings.TrimSpace(string(src[r.Start.Offset:r.End.Offset]))
	if len(text) < 2 || text[0] != '"' || text[len(text)-1] != '"' {
		return "", false
	}
	return text[1 : len(text)-1], true
}

var traversal = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*|\[[0-9]+\]|\["[^"]*"\])*$`)

// isTraversal reports whether the expression written at r is a plain
// reference such as module.edge.lambda_function_qualified_arn.
func (x *tfEdge) isTraversal(r model.Range) bool {
	src := x.content[r.File]
	if r.Start.Offset < 0 || int(r.End.Offset) > len(src) || r.Start.Offset >= r.End.Offset {
		return false
	}
	return traversal.MatchString(strings.TrimSpace(string(src[r.Start.Offset:r.End.Offset])))
}

var indexStep = regexp.MustCompile(`\[[^\]]*\]`)

// placeholderRef reads a template's reference, aws_lambda_function.x.arn
// or aws_lambda_function.x[0].arn, in the module of the distribution.
func placeholderRef(expr, prefix string) model.Ref {
	parts := strings.Split(indexStep.ReplaceAllString(strings.TrimSpace(expr), ""), ".")
	if len(parts) >= 2 && parts[0] == "module" {
		return model.Ref{Resource: prefix + "module." + parts[1], Attribute: strings.Join(parts[2:], ".")}
	}
	if len(parts) < 2 {
		return model.Ref{Resource: prefix + expr}
	}
	return model.Ref{Resource: prefix + parts[0] + "." + parts[1], Attribute: strings.Join(parts[2:], ".")}
}

func resourceOf(expr string) string { return placeholderRef(expr, "").Resource }

// modulePrefix returns the "module.a.module.b." prefix of an address.
func modulePrefix(addr string) string {
	parts := strings.Split(addr, ".")
	n := 0
	for n+1 < len(parts) && parts[n] == "module" {
		n += 2
	}
	if n == 0 {
		return ""
	}
	return strings.Join(parts[:n], ".") + "."
}

func isTrue(v *model.Value) bool {
	if !v.IsKnown() {
		return false
	}
	switch v.Type {
	case model.Bool:
		return v.Bool
	case model.String:
		return v.Str == "true"
	}
	return false
}

// eachBlock calls visit with every instance of a nested block (a list of
// maps in native syntax, a map or a list in JSON syntax), with the
// condition path selecting it.
func eachBlock(v *model.Value, when model.When, visit func(b *model.Value, when model.When)) {
	v.EachCandidate(when, func(v *model.Value, when model.When) {
		if v.State != model.Known {
			return
		}
		switch v.Type {
		case model.Map:
			visit(v, when)
		case model.List:
			for _, it := range v.List {
				it.EachCandidate(when, func(it *model.Value, when model.When) {
					if it.State == model.Known && it.Type == model.Map {
						visit(it, when)
					}
				})
			}
		}
	})
}
