package terraform

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/lambdavet/lambdavet/parsers/model"
)

// findEnvKey is the model.KeyFinder of Terraform: a variable name is
// written in the object expression the Variables map was built from (the
// environment block's variables, a module's environment_variables, a
// variable default, a local, a tfvars entry) or in one of the objects a
// merge() call combines. JSON syntax, a for expression or a value from
// -var is not placed (the map's range stands in).
func (l *loader) findEnvKey(m *model.Value, key string) (model.Range, model.Origin, bool) {
	if r, ok := l.objectKeys(m.Range)[key]; ok {
		return r, m.Origin, true
	}
	// A name merged in from a local or a variable: written just before
	// its value, when the value is a literal of that object.
	if v := m.Field(key); v != nil && v.State != model.Conditional {
		if r, ok := l.keyBefore(v.Range, key); ok {
			return r, v.Origin, true
		}
	}
	return model.Range{}, nil, false
}

// keyBefore returns the range of key when the text just before the value
// written at r, on its line, is `key =`, `"key" =` or the same with a
// colon.
func (l *loader) keyBefore(r model.Range, key string) (model.Range, bool) {
	src, ok := l.srcs[r.File]
	if !ok || r.IsZero() || strings.HasSuffix(r.File, ".json") || r.Start.Offset <= 0 || int(r.Start.Offset) > len(src) {
		return model.Range{}, false
	}
	blank := func(c byte) bool { return c == ' ' || c == '\t' }
	i := int(r.Start.Offset)
	for i > 0 && blank(src[i-1]) {
		i--
	}
	if i == 0 || (src[i-1] != '=' && src[i-1] != ':') || (i > 1 && (src[i-2] == '=' || src[i-2] == '!' || src[i-2] == '<' || src[i-2] == '>')) {
		return model.Range{}, false
	}
	i--
	for i > 0 && blank(src[i-1]) {
		i--
	}
	end := i
	start := end - len(key)
	if end > 0 && src[end-1] == '"' {
		start = end - len(key) - 2
		if start < 0 || src[start] != '"' || string(src[start+1:end-1]) != key {
			return model.Range{}, false
		}
	} else if start < 0 || string(src[start:end]) != key || (start > 0 && identByte(src[start-1])) {
		return model.Range{}, false
	}
	return l.lines(r.File, src).at(r.File, start, end), true
}

func identByte(c byte) bool {
	return c == '_' || c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// objectKeys returns where each name of the object expression written at
// r is, read again from the source: values keep the range of what they
// were built from, not that of their keys. Memoized, as every instance of
// a resource with count or for_each shares its map.
func (l *loader) objectKeys(r model.Range) map[string]model.Range {
	if keys, ok := l.envKeys[r]; ok {
		return keys
	}
	keys := map[string]model.Range{}
	l.envKeys[r] = keys
	src, ok := l.srcs[r.File]
	if !ok || r.IsZero() || strings.HasSuffix(r.File, ".json") ||
		int(r.Start.Offset) < 0 || int(r.End.Offset) > len(src) || int(r.Start.Offset) >= int(r.End.Offset) {
		return keys
	}
	// The text parsed once already as part of its file, so its nesting
	// is within bounds; only the keys are read, nothing is evaluated.
	expr, diags := hclsyntax.ParseExpression(src[r.Start.Offset:r.End.Offset], r.File,
		hcl.Pos{Line: int(r.Start.Line), Column: int(r.Start.Column), Byte: int(r.Start.Offset)})
	if diags.HasErrors() {
		return keys
	}
	l.addObjectKeys(keys, expr, 0)
	return keys
}

func (l *loader) addObjectKeys(keys map[string]model.Range, expr hclsyntax.Expression, depth int) {
	if depth > maxParseDepth {
		return
	}
	switch e := expr.(type) {
	case *hclsyntax.ObjectConsExpr:
		for _, item := range e.Items {
			name := hcl.ExprAsKeyword(item.KeyExpr)
			if name == "" {
				v, diags := item.KeyExpr.Value(nil)
				if diags.HasErrors() || !v.IsKnown() || v.IsNull() || !v.Type().Equals(cty.String) {
					continue
				}
				name = v.AsString()
			}
			keys[name] = l.rng(item.KeyExpr.Range())
		}
	case *hclsyntax.FunctionCallExpr:
		// merge: a later argument's name wins, as its value does
		if e.Name == "merge" {
			for _, a := range e.Args {
				l.addObjectKeys(keys, a, depth+1)
			}
		}
	case *hclsyntax.ParenthesesExpr:
		l.addObjectKeys(keys, e.Expression, depth+1)
	}
}
