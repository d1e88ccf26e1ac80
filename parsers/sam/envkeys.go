package sam

import (
	"github.com/lambdavet/lambdavet/parsers/cfn"
	"github.com/lambdavet/lambdavet/parsers/model"
)

// keyIndex says where the names of the literal mappings under an
// Environment node are written: by the mapping's range, and by the range
// of the value each name was given.
type keyIndex struct {
	byMap   map[model.Range]map[string]model.Range
	byValue map[valueAt]model.Range
	// variables are the names of the Environment's own Variables mapping.
	variables map[string]model.Range
}

type valueAt struct {
	key string
	at  model.Range
}

// maxEnvNesting bounds the walk below an Environment node: Fn::If
// branches nest a few levels, never this deep.
const maxEnvNesting = 64

// indexKeys indexes the names under env (nil when env is nil).
func indexKeys(env *cfn.Node) *keyIndex {
	if env == nil {
		return nil
	}
	x := &keyIndex{byMap: map[model.Range]map[string]model.Range{}, byValue: map[valueAt]model.Range{}, variables: map[string]model.Range{}}
	x.add(env, 0)
	if v := env.Get("Variables"); v != nil && v.Kind == cfn.MappingNode && !v.IsIntrinsic() {
		for _, k := range v.Keys {
			x.variables[k.Value] = k.Range
		}
	}
	return x
}

func (x *keyIndex) add(n *cfn.Node, depth int) {
	if n == nil || depth > maxEnvNesting {
		return
	}
	if n.Kind == cfn.MappingNode && !n.IsIntrinsic() {
		keys := make(map[string]model.Range, len(n.Keys))
		for i, k := range n.Keys {
			keys[k.Value] = k.Range
			x.byValue[valueAt{k.Value, n.Values[i].Range}] = k.Range
		}
		x.byMap[n.Range] = keys
	}
	for _, c := range n.Values {
		x.add(c, depth+1)
	}
	for _, c := range n.Items {
		x.add(c, depth+1)
	}
}

// envKeyFinder finds where a variable name of a function's Variables map
// is written: in a mapping under the function's own Environment (its
// Variables, an Fn::If branch) or, for a name it inherits, under the
// Globals Environment, or in the Mappings for a map Fn::FindInMap gave.
// local is the function's Environment node, global and mappings give the
// index of the Globals Environment and of the Mappings (each nil when
// absent); the local index is built on first use.
func envKeyFinder(local *cfn.Node, global, mappings func() *keyIndex) model.KeyFinder {
	var own *keyIndex
	built := false
	return func(m *model.Value, key string) (model.Range, model.Origin, bool) {
		if !built {
			own, built = indexKeys(local), true
		}
		if own != nil {
			if r, ok := own.byMap[m.Range][key]; ok {
				return r, m.Origin, true
			}
		}
		// A map from Fn::FindInMap: its names are in the Mappings.
		if x := mappings(); x != nil {
			if r, ok := x.byMap[m.Range][key]; ok {
				return r, m.Origin, true
			}
		}
		g := global()
		if g == nil {
			return model.Range{}, nil, false
		}
		if r, ok := g.byMap[m.Range][key]; ok {
			return r, model.OriginOf(model.OriginGlobals), true
		}
		// A map merged from Globals and the function's own: the name is
		// the inherited one, written where its value was (a literal) or,
		// for a value from elsewhere, in the Globals Variables.
		if v := m.Field(key); v != nil {
			if r, ok := g.byValue[valueAt{key, v.Range}]; ok {
				return r, model.OriginOf(model.OriginGlobals), true
			}
		}
		if r, ok := g.variables[key]; ok {
			return r, model.OriginOf(model.OriginGlobals), true
		}
		return model.Range{}, nil, false
	}
}
