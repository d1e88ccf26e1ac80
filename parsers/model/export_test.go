package model

// SealedSettings are the unset settings every function shares, for the
// test that loaders never change them.
var SealedSettings = []*Value{missing, unset, unsetMemorySize, unsetTimeout, unsetEphemeralStorage, unsetArchitectures, unsetPackageType}

// CloneWithoutCache copies v and what it holds, without the JSON form each
// value caches, so two states of a value compare by content.
func CloneWithoutCache(v *Value) *Value {
	if v == nil {
		return nil
	}
	c := v.Copy()
	c.Default = CloneWithoutCache(v.Default)
	c.List = cloneAll(v.List)
	c.Alternatives = cloneAll(v.Alternatives)
	if v.fields != nil {
		c = c.MapValues(CloneWithoutCache)
	}
	return c
}

func cloneAll(vs []*Value) []*Value {
	if vs == nil {
		return nil
	}
	out := make([]*Value, len(vs))
	for i, v := range vs {
		out[i] = CloneWithoutCache(v)
	}
	return out
}
