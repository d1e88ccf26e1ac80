package terraform

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/lambdavet/lambdavet/parsers/model"
)

// resourceMeta are meta-arguments and blocks that are not resource settings.
var resourceMeta = map[string]bool{
	"count": true, "for_each": true, "provider": true, "depends_on": true,
	"lifecycle": true, "provisioner": true, "connection": true,
}

// collect evaluates the module's resources, then its children's, into the
// project.
func (m *module) collect() {
	for _, blk := range m.resources {
		m.collectResource(blk)
	}
	// Data sources are kept with their arguments (an archive_file's
	// source_dir, say) for rules that need them; their results stay unknown.
	for _, blk := range m.dataSources {
		props, created := m.instances(blk)
		if !created {
			continue
		}
		m.l.project.Resources = append(m.l.project.Resources, &model.Resource{
			Name: m.addr + "data." + blk.labels[0] + "." + blk.labels[1], Type: blk.labels[0],
			Range: m.l.rng(blk.defRange), Properties: props, DataSource: true,
		})
	}
	names := make([]string, 0, len(m.children))
	for n := range m.children {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		m.children[n].collect()
	}
}

func (m *module) collectResource(blk *block) {
	typ, name := blk.labels[0], blk.labels[1]
	props, created := m.instances(blk)
	if !created {
		return // count = 0 or an empty for_each
	}
	props = m.l.overlay(m.addr+typ+"."+name, props)
	r := &model.Resource{Name: m.addr + typ + "." + name, Type: typ, Range: m.l.rng(blk.defRange), Properties: props}
	m.l.project.Resources = append(m.l.project.Resources, r)
	if typ == "aws_lambda_function" {
		m.l.project.Functions = append(m.l.project.Functions, m.l.lambdaFunction(r, props))
	}
}

// instances evaluates a resource body once per count/for_each instance and
// combines the results into one value: equal settings stay one value, and
// settings that differ become alternatives named by instance, so a bad
// value is reported once, on the line that set it.
func (m *module) instances(blk *block) (*model.Value, bool) {
	scopes, whens := m.instanceScopes(blk)
	if len(scopes) == 0 {
		return nil, false
	}
	vals := make([]*model.Value, len(scopes))
	for i, s := range scopes {
		vals[i] = s.bodyValue(blk.body, m.l.rng(blk.defRange))
	}
	return combine(vals, whens), true
}

// instanceScopes returns one scope per count/for_each instance of a block
// (resource or module call) with the path that names it, one scope with
// unknown count.index/each when the instances are not known, and none when
// the block creates nothing.
func (m *module) instanceScopes(blk *block) ([]*scope, []model.When) {
	base := &scope{m: m}
	var scopes []*scope
	var whens []model.When
	switch {
	case blk.body.attr("count") != nil:
		cv := base.value(blk.body.attr("count").Expr)
		n, ok := cv.AsNumber()
		if !ok || n > maxInstances {
			s := *base
			s.countIndex = model.NewUnknown("count.index of an instance", model.Range{})
			return []*scope{&s}, []model.When{nil}
		}
		for i := 0; i < int(n); i++ {
			s := *base
			s.countIndex = model.NewNumber(float64(i), model.Range{})
			scopes = append(scopes, &s)
			whens = append(whens, model.CountInstance(strconv.Itoa(i)))
		}
	case blk.body.attr("for_each") != nil:
		fv := base.value(blk.body.attr("for_each").Expr)
		keys, values, ok := forEachItems(fv)
		if !ok || len(keys) > maxInstances {
			s := *base
			s.eachKey = model.NewUnknown("each.key of an instance", model.Range{})
			s.eachValue = model.NewUnknown("each.value of an instance", model.Range{})
			return []*scope{&s}, []model.When{nil}
		}
		for i, k := range keys {
			s := *base
			s.eachKey = model.NewString(k, values[i].Range)
			s.eachValue = values[i]
			scopes = append(scopes, &s)
			whens = append(whens, model.EachInstance(k))
		}
	default:
		return []*scope{base}, []model.When{nil}
	}
	return scopes, whens
}

// forEachItems lists the instances of a for_each value: a map's keys, or a
// set of strings whose elements are their own keys.
func forEachItems(v *model.Value) (keys []string, values []*model.Value, ok bool) {
	if !v.IsKnown() {
		return nil, nil, false
	}
	switch v.Type {
	case model.Map:
		keys = append(keys, v.Keys...)
		sort.Strings(keys)
		for _, k := range keys {
			values = append(values, v.Field(k))
		}
		return keys, values, true
	case model.List:
		for _, it := range v.List {
			s, ok := it.AsString()
			if !ok {
				return nil, nil, false
			}
			keys = append(keys, s)
			values = append(values, it)
		}
		return keys, values, true
	}
	return nil, nil, false
}

// combine merges the values of several instances.
func combine(vals []*model.Value, whens []model.When) *model.Value {
	if len(vals) == 1 {
		return vals[0]
	}
	first := vals[0]
	same := true
	allMaps := true
	for _, v := range vals {
		same = same && sameValue(first, v)
		allMaps = allMaps && v.IsKnown() && v.Type == model.Map
	}
	if same {
		return first
	}
	if allMaps {
		out := model.NewMap(first.Range)
		seen := map[string]bool{}
		for _, v := range vals {
			for _, k := range v.Keys {
				if seen[k] {
					continue
				}
				seen[k] = true
				parts := make([]*model.Value, len(vals))
				for i, w := range vals {
					parts[i] = w.Dig(k)
				}
				out.Set(k, combine(parts, whens))
			}
		}
		return out
	}
	c := &model.Value{State: model.Conditional, Range: first.Range}
	for i, v := range vals {
		for _, leaf := range v.Leaves() {
			if containsSame(c.Alternatives, leaf) {
				continue
			}
			l := *leaf.Copy()
			l.When = whens[i].Then(l.When)
			c.Alternatives = append(c.Alternatives, &l)
		}
	}
	if len(c.Alternatives) == 1 {
		return c.Alternatives[0]
	}
	return c
}

func containsSame(vs []*model.Value, v *model.Value) bool {
	for _, w := range vs {
		if sameValue(w, v) {
			return true
		}
	}
	return false
}

// sameValue reports whether two values are the same setting from the same
// place: instances that share it need no alternatives.
func sameValue(a, b *model.Value) bool { return equalSetting(a, b, true, 0) }

// equalValue reports whether two values are the same setting, wherever
// they were written.
func equalValue(a, b *model.Value) bool { return equalSetting(a, b, false, 0) }

func equalSetting(a, b *model.Value, samePlace bool, depth int) bool {
	if a.State != b.State || a.Type != b.Type || (samePlace && a.Range != b.Range) || depth > model.MaxWalkDepth {
		return false
	}
	switch a.State {
	case model.Absent:
		return true
	case model.Unknown:
		return a.Reason == b.Reason
	case model.Conditional:
		return false
	}
	switch a.Type {
	case model.String:
		return a.Str == b.Str
	case model.Number:
		return a.Num == b.Num
	case model.Bool:
		return a.Bool == b.Bool
	case model.Null:
		return true
	case model.Reference:
		return *a.Ref == *b.Ref
	case model.List:
		if len(a.List) != len(b.List) {
			return false
		}
		for i := range a.List {
			if !equalSetting(a.List[i], b.List[i], samePlace, depth+1) {
				return false
			}
		}
		return true
	case model.Map:
		if len(a.Keys) != len(b.Keys) {
			return false
		}
		for i, k := range a.Keys {
			g := b.Field(k)
			if g == nil || !equalSetting(a.FieldAt(i), g, samePlace, depth+1) {
				return false
			}
		}
		return true
	}
	return false
}

// bodyValue evaluates a block body: attributes by name, nested blocks as a
// list of maps under their type (blocks repeat), dynamic blocks expanded
// where their for_each is known.
func (sc *scope) bodyValue(b *body, rng model.Range) *model.Value {
	out := model.NewMap(rng)
	for _, a := range b.attrs {
		if resourceMeta[a.Name] {
			continue
		}
		v := sc.value(a.Expr)
		if v.State == model.Absent {
			continue // null: not set
		}
		out.Set(a.Name, v)
	}
	for _, blk := range b.blocks {
		if resourceMeta[blk.typ] {
			continue
		}
		if blk.typ == "dynamic" && len(blk.labels) == 1 {
			sc.dynamicBlock(out, blk)
			continue
		}
		appendBlock(out, blk.typ, sc.bodyValue(blk.body, sc.m.l.rng(blk.defRange)))
	}
	return out
}

func appendBlock(out *model.Value, typ string, v *model.Value) {
	list := out.Get(typ)
	if list == nil || !list.IsKnown() || list.Type != model.List {
		list = model.NewList(nil, v.Range)
		out.Set(typ, list)
	}
	list.List = append(list.List, v)
}

func (sc *scope) dynamicBlock(out *model.Value, blk *block) {
	typ := blk.labels[0]
	iter := typ
	if a := blk.body.attr("iterator"); a != nil {
		if kw := hclKeyword(a); kw != "" {
			iter = kw
		}
	}
	var content *block
	for _, c := range blk.body.blocks {
		if c.typ == "content" {
			content = c
		}
	}
	fe := blk.body.attr("for_each")
	if content == nil || fe == nil {
		return
	}
	rng := sc.m.l.rng(blk.defRange)
	keys, values, ok := forEachItems(sc.value(fe.Expr))
	if !ok {
		// A list of anything (for_each = [true]) is common too.
		v := sc.value(fe.Expr)
		if v.IsKnown() && v.Type == model.List {
			keys, values, ok = nil, v.List, true
			for i := range values {
				keys = append(keys, fmt.Sprint(i))
			}
		}
	}
	if !ok {
		out.Set(typ, model.NewUnknown(fmt.Sprintf("dynamic %q block whose for_each is not known", typ), rng))
		return
	}
	for i, k := range keys {
		it := model.NewMap(rng)
		it.Set("key", model.NewString(k, rng))
		it.Set("value", values[i])
		appendBlock(out, typ, sc.with(iter, it).bodyValue(content.body, rng))
	}
}
