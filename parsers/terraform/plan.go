package terraform

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/lambdavet/lambdavet/parsers/cfn"
	"github.com/lambdavet/lambdavet/parsers/model"
)

// A plan is the JSON form of a saved Terraform plan (terraform show -json
// plan.out): every value Terraform resolved at plan time, including those
// HCL evaluation cannot know (variables given with -var or TF_VAR_, data
// sources, outputs of modules that are not on disk). See
// https://developer.hashicorp.com/terraform/internals/json-format.
type plan struct {
	path string
	doc  *cfn.Node
	// resources holds each resource's instances under its address
	// without instance keys, the address its block has in the
	// configuration (module.a.aws_lambda_function.f); order is the order
	// the plan lists them in.
	resources map[string][]*planInstance
	order     []string
	// expressions are the configuration's expressions of each resource,
	// under the same address.
	expressions map[string]*cfn.Node
}

// planInstance is one instance of a resource in planned_values.
type planInstance struct {
	addr string // the full address, instance keys included
	// when names the instance, as the HCL loader names count and for_each
	// instances ("count.index is 1"), after its module instance's keys.
	when      model.When
	typ       string
	data      bool
	node      *cfn.Node // the resource object
	values    *cfn.Node
	unknown   *cfn.Node // change.after_unknown from resource_changes
	sensitive *cfn.Node // sensitive_values
}

// IsPlan reports, from its text, whether src may be a Terraform plan in
// JSON: an object with format_version and planned_values or
// resource_changes. It is the cheap test made before parsing (a state
// file, with values instead, is not a plan); parsePlan decides on the
// document.
func IsPlan(src []byte) bool {
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(src, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return false
	}
	return bytes.Contains(src, []byte(`"format_version"`)) &&
		(bytes.Contains(src, []byte(`"planned_values"`)) || bytes.Contains(src, []byte(`"resource_changes"`)))
}

// parsePlan parses a plan document. ok is false when the file is no plan
// after all (its top-level object lacks the plan's keys); errs are its
// syntax errors and a format_version of a major version lambdavet does not
// know.
func parsePlan(path string, src []byte, budget *model.Budget) (pl *plan, errs []*model.LoadError, ok bool) {
	t := cfn.ParseDocument(path, src, budget)
	if len(t.Errors) > 0 || t.Root == nil {
		return nil, t.Errors, true
	}
	root := t.Root
	version := root.Get("format_version")
	if root.Kind != cfn.MappingNode || version == nil || (root.Get("planned_values") == nil && root.Get("resource_changes") == nil) {
		return nil, nil, false
	}
	// Terraform increments the major version only for changes a reader
	// cannot take: refuse those rather than misread them.
	if major, _, _ := strings.Cut(version.Value, "."); major != "1" {
		return nil, []*model.LoadError{{Range: version.Range, Message: fmt.Sprintf("Terraform plan format_version %q is not supported (lambdavet reads 1.x)", version.Value)}}, true
	}
	pl = &plan{path: path, doc: root, resources: map[string][]*planInstance{}, expressions: map[string]*cfn.Node{}}
	changes := map[string]*cfn.Node{}
	for _, rc := range items(root.Get("resource_changes")) {
		if a := rc.Get("address"); a != nil {
			changes[a.Value] = rc.Get("change")
		}
	}
	var walk func(m *cfn.Node, depth int)
	walk = func(m *cfn.Node, depth int) {
		if m == nil || depth > maxModuleDepth*4 {
			return
		}
		for _, r := range items(m.Get("resources")) {
			addr := r.Get("address")
			if addr == nil || addr.Kind != cfn.ScalarNode {
				continue
			}
			config, when := splitAddress(addr.Value)
			inst := &planInstance{addr: addr.Value, when: when, typ: scalar(r.Get("type")), data: scalar(r.Get("mode")) == "data",
				node: r, values: r.Get("values"), sensitive: r.Get("sensitive_values")}
			if ch := changes[addr.Value]; ch != nil {
				inst.unknown = ch.Get("after_unknown")
			}
			if _, seen := pl.resources[config]; !seen {
				pl.order = append(pl.order, config)
			}
			pl.resources[config] = append(pl.resources[config], inst)
		}
		for _, c := range items(m.Get("child_modules")) {
			walk(c, depth+1)
		}
	}
	walk(root.Get("planned_values").Get("root_module"), 0)
	var config func(m *cfn.Node, prefix string, depth int)
	config = func(m *cfn.Node, prefix string, depth int) {
		if m == nil || depth > maxModuleDepth*4 {
			return
		}
		for _, r := range items(m.Get("resources")) {
			if a := r.Get("address"); a != nil {
				pl.expressions[prefix+a.Value] = r.Get("expressions")
			}
		}
		if calls := m.Get("module_calls"); calls != nil && calls.Kind == cfn.MappingNode {
			for i, k := range calls.Keys {
				config(calls.Values[i].Get("module"), prefix+"module."+k.Value+".", depth+1)
			}
		}
	}
	config(root.Get("configuration").Get("root_module"), "", 0)
	return pl, nil, true
}

// splitAddress splits a resource instance address into the address of its
// configuration block, without instance keys, and the condition naming the
// instance: module.a["x"].aws_lambda_function.f[0] is
// module.a.aws_lambda_function.f when `module.a["x"] and count.index is 0`.
func splitAddress(addr string) (config string, when model.When) {
	var segs []string
	for i := 0; i < len(addr); {
		j := i
		for j < len(addr) && addr[j] != '.' && addr[j] != '[' {
			j++
		}
		segs = append(segs, addr[i:j])
		if j < len(addr) && addr[j] == '[' {
			end := keyEnd(addr, j)
			key := addr[j+1 : min(end, len(addr))]
			if len(segs) >= 2 && segs[len(segs)-2] == "module" && end+1 < len(addr) {
				when = append(when, model.Note(strings.Join(segs, ".")+"["+key+"]")...)
			} else {
				when = append(when, instanceWhen(key)...)
			}
			j = end + 1
		}
		i = j + 1 // past the dot
	}
	return strings.Join(segs, "."), when
}

// keyEnd returns the index of the "]" closing the key that opens at i,
// past quoted strings (a for_each key may hold "]" or ".").
func keyEnd(addr string, i int) int {
	inString := false
	for j := i + 1; j < len(addr); j++ {
		switch c := addr[j]; {
		case inString && c == '\\':
			j++
		case c == '"':
			inString = !inString
		case !inString && c == ']':
			return j
		}
	}
	return len(addr)
}

// instanceWhen names a resource instance by its key, as the HCL loader
// names count and for_each instances.
func instanceWhen(key string) model.When {
	if s, err := strconv.Unquote(key); err == nil {
		return model.EachInstance(s)
	}
	return model.CountInstance(key)
}

// planValue converts a value of the plan into the model. unknown and
// sensitive are the parts of after_unknown and sensitive_values at the same
// place: a value known only after apply stays unknown, and so does a
// sensitive one, which lambdavet never repeats in a finding. at gives the
// range a node's value gets. attr says n is an attribute of a resource or
// of a nested block, where the provider writes "" for a string the
// configuration did not set; object says n is such a block (a map
// attribute's entries, environment variables, keep their "").
// ok is false when the value itself is unknown, sensitive or missing.
func planValue(n, unknown, sensitive *cfn.Node, at func(*cfn.Node) model.Range, attr, object bool, depth int) (*model.Value, bool) {
	switch {
	case isTrueNode(unknown):
		return nil, false
	case isTrueNode(sensitive):
		return nil, false
	case n == nil:
		return nil, false
	case depth > model.MaxWalkDepth:
		return model.NewUnknown("nested too deeply to model", at(n)), true
	}
	switch n.Kind {
	case cfn.MappingNode:
		m := model.NewMap(at(n))
		for i, k := range n.Keys {
			v, ok := planValue(n.Values[i], unknown.Get(k.Value), sensitive.Get(k.Value), at, object, false, depth+1)
			if !ok {
				v = model.NewUnknown("known only after apply", at(n.Values[i]))
				if isTrueNode(sensitive.Get(k.Value)) {
					v.Reason = "sensitive in the plan"
				}
			}
			m.Set(k.Value, v)
		}
		// Attributes known only after apply are left out of the values;
		// after_unknown still names them.
		if unknown != nil && unknown.Kind == cfn.MappingNode {
			for i, k := range unknown.Keys {
				if m.Field(k.Value) == nil && isTrueNode(unknown.Values[i]) {
					m.Set(k.Value, model.NewUnknown("known only after apply", at(n)))
				}
			}
		}
		return m, true
	case cfn.SequenceNode:
		elems := make([]*model.Value, len(n.Items))
		for i, it := range n.Items {
			// A sequence of objects is a nested block's instances; one of
			// scalars is a list attribute's elements.
			v, ok := planValue(it, index(unknown, i), index(sensitive, i), at, false, it.Kind == cfn.MappingNode, depth+1)
			if !ok {
				v = model.NewUnknown("known only after apply", at(it))
			}
			elems[i] = v
		}
		return model.NewList(elems, at(n)), true
	}
	switch n.Scalar {
	case cfn.NullScalar:
		return model.NewAbsent(nil), true
	case cfn.BoolScalar:
		return model.NewBool(n.Value == "true", at(n)), true
	case cfn.IntScalar, cfn.FloatScalar:
		f, err := strconv.ParseFloat(n.Value, 64)
		if err != nil {
			return model.NewUnknown(fmt.Sprintf("number %s not modeled", n.Value), at(n)), true
		}
		return model.NewNumber(f, at(n)), true
	}
	if attr && n.Value == "" {
		// An optional string the configuration did not set: the
		// provider's "" means the AWS default, as an unset attribute does.
		return model.NewAbsent(nil), true
	}
	return model.NewString(n.Value, at(n)), true
}

// isTrueNode reports whether a marker of after_unknown or sensitive_values
// is true: the whole value is unknown (or sensitive).
func isTrueNode(n *cfn.Node) bool {
	return n != nil && n.Kind == cfn.ScalarNode && n.Scalar == cfn.BoolScalar && n.Value == "true"
}

// index returns the i-th item of a marker sequence, or nil.
func index(n *cfn.Node, i int) *cfn.Node {
	if n == nil || n.Kind != cfn.SequenceNode || i >= len(n.Items) {
		return nil
	}
	return n.Items[i]
}

// planName is how a finding names the plan a value came from.
func planName(path string) string { return fmt.Sprintf("the plan %s", filepath.Base(path)) }

// planSlot is where one instance of a resource, in one plan, holds the
// value at the place being filled.
type planSlot struct {
	when                       model.When
	origin                     string
	values, unknown, sensitive *cfn.Node
}

// at returns the slot one key further in.
func (s planSlot) at(key string) planSlot {
	return planSlot{when: s.when, origin: s.origin, values: s.values.Get(key), unknown: s.unknown.Get(key), sensitive: s.sensitive.Get(key)}
}

// item returns the slot of the i-th element of a list.
func (s planSlot) item(i int) planSlot {
	return planSlot{when: s.when, origin: s.origin, values: index(s.values, i), unknown: index(s.unknown, i), sensitive: index(s.sensitive, i)}
}

// readPlans parses the plans among the project's files (JSON files that
// are neither configuration nor variables), whose values fill what the
// configuration leaves unknown.
func (l *loader) readPlans() {
	for _, f := range l.files {
		if !strings.HasSuffix(f, ".json") || strings.HasSuffix(f, ".tf.json") || strings.HasSuffix(f, ".tfvars.json") || filepath.Base(f) == "modules.json" {
			continue
		}
		src, err := l.read(f)
		if err != nil {
			l.project.Errors = append(l.project.Errors, &model.LoadError{Range: model.Range{File: f}, Message: fmt.Sprintf("cannot read: %v", err)})
			continue
		}
		if !IsPlan(src) {
			continue
		}
		pl, errs, ok := parsePlan(f, src, l.budget)
		if !ok {
			continue
		}
		l.planFiles = append(l.planFiles, &model.File{Path: f, Format: model.FormatTerraformPlan, Content: src})
		l.project.Errors = append(l.project.Errors, errs...)
		if pl != nil {
			l.plans = append(l.plans, pl)
		}
	}
}

// overlay fills the settings of the resource at addr that evaluating the
// configuration left unknown (a variable without a value, a data source, a
// module's output) with the values the plans resolved. A filled value
// keeps the range of the expression it replaces, so a finding points at
// the attribute to edit; instances whose values differ become paths named
// by instance, and so do plans, when a folder holds several.
func (l *loader) overlay(addr string, props *model.Value) *model.Value {
	if len(l.plans) == 0 || props == nil {
		return props
	}
	var slots []planSlot
	for _, pl := range l.plans {
		var planWhen model.When
		if len(l.plans) > 1 {
			planWhen = model.Note("in " + filepath.Base(pl.path))
		}
		for _, in := range pl.resources[addr] {
			slots = append(slots, planSlot{when: model.JoinWhen(planWhen, in.when), origin: planName(pl.path),
				values: in.values, unknown: in.unknown, sensitive: in.sensitive})
		}
	}
	if len(slots) == 0 {
		return props
	}
	return fill(props, slots, false, true, 0)
}

// fill replaces the unknown parts of v with the slots' values; attr and
// object say what v is, as for planValue. v is never written to: loaders share
// values (a variable's default, the sealed unset settings), so a changed
// map or list is a new one.
func fill(v *model.Value, slots []planSlot, attr, object bool, depth int) *model.Value {
	if v == nil || depth > model.MaxWalkDepth {
		return v
	}
	switch {
	case v.State == model.Unknown:
		if !fillable(v) {
			return v
		}
		rng := v.Range
		at := func(*cfn.Node) model.Range { return rng }
		vals := make([]*model.Value, len(slots))
		whens := make([]model.When, len(slots))
		for i, s := range slots {
			pv, ok := planValue(s.values, s.unknown, s.sensitive, at, attr, object, 0)
			if !ok {
				return v
			}
			if pv.State != model.Absent {
				pv = pv.WithOrigin(s.origin)
			}
			vals[i], whens[i] = pv, s.when
		}
		return combine(vals, whens)
	case v.State == model.Known && v.Type == model.Map:
		var out *model.Value
		for i, k := range v.Keys {
			child := v.FieldAt(i)
			sub := make([]planSlot, len(slots))
			for j, s := range slots {
				sub[j] = s.at(k)
			}
			nv := fill(child, sub, object, false, depth+1)
			if nv != child && out == nil {
				out = model.NewMap(v.Range)
				out.Origin, out.When = v.Origin, v.When
				for _, done := range v.Keys[:i] {
					out.Set(done, v.Field(done))
				}
			}
			if out != nil {
				out.Set(k, nv)
			}
		}
		if out != nil {
			return out
		}
	case v.State == model.Known && v.Type == model.List:
		for _, s := range slots {
			if s.values == nil || s.values.Kind != cfn.SequenceNode || len(s.values.Items) != len(v.List) {
				return v
			}
		}
		var elems []*model.Value
		for i, it := range v.List {
			sub := make([]planSlot, len(slots))
			for j, s := range slots {
				sub[j] = s.item(i)
			}
			nv := fill(it, sub, false, it.State == model.Known && it.Type == model.Map, depth+1)
			if nv != it && elems == nil {
				elems = append(make([]*model.Value, 0, len(v.List)), v.List[:i]...)
			}
			if elems != nil {
				elems = append(elems, nv)
			}
		}
		if elems != nil {
			c := v.Copy()
			c.List = elems
			return c
		}
	}
	return v
}

// fillable reports whether the plan may stand in for an unknown value: one
// that names no managed resource of the configuration (a variable, a data
// source, a module's output). A value built from a resource's attributes
// keeps its references, which the trigger and network rules follow.
func fillable(v *model.Value) bool {
	for _, r := range v.Refs {
		rest := r.Resource
		for strings.HasPrefix(rest, "module.") {
			_, after, _ := strings.Cut(strings.TrimPrefix(rest, "module."), ".")
			rest = after
		}
		if rest != "" && !strings.HasPrefix(rest, "data.") {
			return false
		}
	}
	return true
}

// items returns a sequence node's items; none for anything else, a
// missing node included, as a plan may leave out what it has none of.
func items(n *cfn.Node) []*cfn.Node {
	if n == nil || n.Kind != cfn.SequenceNode {
		return nil
	}
	return n.Items
}

// scalar returns a scalar node's text, "" for anything else.
func scalar(n *cfn.Node) string {
	if n == nil || n.Kind != cfn.ScalarNode {
		return ""
	}
	return n.Value
}
