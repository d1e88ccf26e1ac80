package terraform

import (
	"strings"

	"github.com/lambdavet/lambdavet/parsers/cfn"
	"github.com/lambdavet/lambdavet/parsers/model"
)

// LoadPlan reads a saved Terraform plan in JSON (terraform show -json
// plan.out) found without its configuration beside it: the resources of
// planned_values, root and child modules, each instance of count and
// for_each under the address of its block, every value at its place in
// the plan. Values known only after apply (after_unknown) and sensitive
// ones stay unknown. References between resources come from the
// configuration section: an attribute known only after apply that names
// one resource (an event source mapping's function_name, a distribution's
// lambda_arn) refers to it, so triggers and Lambda@Edge associations are
// found as in HCL. The VPC network is not derived from a plan alone.
//
// isPlan is false when the file is no plan after all.
func LoadPlan(path string, src []byte, budget *model.Budget) (p *model.Project, isPlan bool) {
	if budget == nil {
		budget = model.NewBudget(model.Limits{})
	}
	pl, errs, ok := parsePlan(path, src, budget)
	if !ok {
		return nil, false
	}
	p = &model.Project{Root: path, Budget: budget, Errors: errs,
		Files: []*model.File{{Path: path, Format: model.FormatTerraformPlan, Content: src}}}
	if pl == nil || budget.Exhausted() {
		return p, true
	}
	keys := planKeys{}
	at := func(n *cfn.Node) model.Range { return n.Range }
	for _, addr := range pl.order {
		insts := pl.resources[addr]
		vals := make([]*model.Value, 0, len(insts))
		whens := make([]model.When, 0, len(insts))
		for _, in := range insts {
			v, ok := planValue(in.values, in.unknown, in.sensitive, at, false, true, 0)
			if !ok || v.State != model.Known || v.Type != model.Map {
				v = model.NewMap(in.node.Range)
			}
			keys.record(in.values, v, 0)
			vals = append(vals, pl.withRefs(v, pl.expressions[addr], modulePrefix(addr), 0))
			whens = append(whens, in.when)
		}
		first := insts[0]
		rng := first.node.Range
		if a := first.node.Get("address"); a != nil {
			rng = a.Range
		}
		props := combinePlan(vals, whens)
		r := &model.Resource{Name: addr, Type: first.typ, Range: rng, Properties: props, DataSource: first.data}
		p.Resources = append(p.Resources, r)
		if !r.DataSource && r.Type == "aws_lambda_function" {
			p.Functions = append(p.Functions, newFunction(r, props, keys.find))
		}
	}
	linkRuntimeManagement(p)
	linkProvisionedConcurrency(p)
	linkTriggers(p)
	addEdge(p)
	return p, true
}

// combinePlan combines a resource's instances as combine does, but keeps
// a setting that is equal in every instance as one value, at the first
// instance's place: in a plan each instance writes its values anew, so a
// memory size three instances share is one problem, not three.
func combinePlan(vals []*model.Value, whens []model.When) *model.Value {
	same, maps := true, true
	for _, v := range vals {
		same = same && equalValue(vals[0], v)
		maps = maps && v.State == model.Known && v.Type == model.Map
	}
	switch {
	case same:
		return vals[0]
	case !maps:
		return combine(vals, whens)
	}
	out := model.NewMap(vals[0].Range)
	for _, v := range vals {
		for _, k := range v.Keys {
			if out.Field(k) != nil {
				continue
			}
			parts := make([]*model.Value, len(vals))
			for i, w := range vals {
				parts[i] = w.Dig(k)
			}
			out.Set(k, combinePlan(parts, whens))
		}
	}
	return out
}

// withRefs gives the values that the configuration builds from another
// resource's attribute the reference HCL evaluation gives them (exprs
// mirrors v: an attribute's expression, or a nested block's list of
// expressions): a value the plan knows only after apply, and a known one
// that is exactly the attribute it names (function_name =
// aws_lambda_function.f.function_name, when f's is that name), so
// triggers and edge associations are followed in a plan of resources that
// exist already too.
func (pl *plan) withRefs(v *model.Value, exprs *cfn.Node, prefix string, depth int) *model.Value {
	if v == nil || exprs == nil || exprs.Kind != cfn.MappingNode || v.State != model.Known || v.Type != model.Map || depth > model.MaxWalkDepth {
		return v
	}
	for i, k := range v.Keys {
		e := exprs.Get(k)
		child := v.FieldAt(i)
		switch {
		case e == nil:
		case e.Kind == cfn.SequenceNode && child.State == model.Known && child.Type == model.List:
			for j, it := range child.List {
				if j < len(e.Items) {
					child.List[j] = pl.withRefs(it, e.Items[j], prefix, depth+1)
				}
			}
		case child.State == model.Unknown:
			refs := resourceRefs(e.Get("references"), prefix)
			switch len(refs) {
			case 0:
			case 1:
				v.Set(k, model.NewRef(refs[0], child.Range))
			default:
				u := child.Copy()
				u.Refs = refs
				v.Set(k, u)
			}
		case child.State == model.Known && child.Type == model.String:
			if refs := resourceRefs(e.Get("references"), prefix); len(refs) == 1 && child.Str != "" && pl.attribute(refs[0]) == child.Str {
				v.Set(k, model.NewRef(refs[0], child.Range))
			}
		}
	}
	return v
}

// attribute returns the planned value of a resource's top-level string
// attribute, "" when it has none or it differs between instances.
func (pl *plan) attribute(ref model.Ref) string {
	out := ""
	for i, in := range pl.resources[ref.Resource] {
		a := in.values.Get(ref.Attribute)
		if a == nil || a.Kind != cfn.ScalarNode || a.Scalar != cfn.StringScalar || (i > 0 && a.Value != out) {
			return ""
		}
		out = a.Value
	}
	return out
}

// resourceRefs reads an expression's references to managed resources of
// the module (prefix is its address): "aws_lambda_function.f.arn" with
// "aws_lambda_function.f", once per resource, with the longest attribute
// path named. Variables, locals, data sources and modules are not
// resources a rule follows.
func resourceRefs(list *cfn.Node, prefix string) []model.Ref {
	var out []model.Ref
	for _, it := range items(list) {
		config, _ := splitAddress(it.Value)
		segs := strings.Split(config, ".")
		if len(segs) < 2 {
			continue
		}
		switch segs[0] {
		case "var", "local", "data", "module", "count", "each", "path", "terraform", "self":
			continue
		}
		ref := model.Ref{Resource: prefix + segs[0] + "." + segs[1], Attribute: strings.Join(segs[2:], ".")}
		found := false
		for i, o := range out {
			if o.Resource == ref.Resource {
				found = true
				if len(ref.Attribute) > len(o.Attribute) {
					out[i] = ref
				}
			}
		}
		if !found {
			out = append(out, ref)
		}
	}
	return out
}

// planKeys remembers where the plan writes each name of a map it
// converted, for the environment rules' findings on a variable's name.
type planKeys map[*model.Value]map[string]model.Range

// record walks a converted value beside its node.
func (k planKeys) record(n *cfn.Node, v *model.Value, depth int) {
	if n == nil || v == nil || depth > model.MaxWalkDepth || v.State != model.Known {
		return
	}
	switch {
	case n.Kind == cfn.MappingNode && v.Type == model.Map:
		names := make(map[string]model.Range, len(n.Keys))
		for i, key := range n.Keys {
			names[key.Value] = key.Range
			if w := v.Field(key.Value); w != nil {
				k.record(n.Values[i], w, depth+1)
			}
		}
		k[v] = names
	case n.Kind == cfn.SequenceNode && v.Type == model.List:
		for i, it := range n.Items {
			if i < len(v.List) {
				k.record(it, v.List[i], depth+1)
			}
		}
	}
}

// find is the model.KeyFinder of a plan.
func (k planKeys) find(m *model.Value, key string) (model.Range, model.Origin, bool) {
	r, ok := k[m][key]
	return r, m.Origin, ok
}
