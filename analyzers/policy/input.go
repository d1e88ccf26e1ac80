package policy

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strconv"

	"github.com/open-policy-agent/opa/v1/ast"
)

// inputConverter turns the model's JSON form into a Rego value. It is
// ast.InterfaceToValue with one difference that matters for speed: a map
// that occurs several times (the model shares the JSON form of a value
// between a function's settings, its properties and its resource) is
// converted once, and its Rego value shared, which is safe since Rego
// values are not modified during evaluation.
type inputConverter struct {
	seen map[uintptr]ast.Value
}

func toRegoInput(x any) (ast.Value, error) {
	c := &inputConverter{seen: map[uintptr]ast.Value{}}
	return c.value(x)
}

func (c *inputConverter) value(x any) (ast.Value, error) {
	switch x := x.(type) {
	case nil:
		return ast.Null{}, nil
	case bool:
		return ast.Boolean(x), nil
	case string:
		return ast.String(x), nil
	case int:
		return ast.Number(strconv.Itoa(x)), nil
	case float64:
		return ast.Number(strconv.FormatFloat(x, 'g', -1, 64)), nil
	case json.Number:
		return ast.Number(x), nil
	case []any:
		terms := make([]*ast.Term, len(x))
		for i, e := range x {
			v, err := c.value(e)
			if err != nil {
				return nil, err
			}
			terms[i] = ast.NewTerm(v)
		}
		return ast.NewArray(terms...), nil
	case map[string]any:
		key := reflect.ValueOf(x).Pointer()
		if v, ok := c.seen[key]; ok {
			return v, nil
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		pairs := make([][2]*ast.Term, len(keys))
		for i, k := range keys {
			v, err := c.value(x[k])
			if err != nil {
				return nil, err
			}
			pairs[i] = [2]*ast.Term{ast.StringTerm(k), ast.NewTerm(v)}
		}
		obj := ast.NewObject(pairs...)
		c.seen[key] = obj
		return obj, nil
	}
	// Anything else takes the general path.
	v, err := ast.InterfaceToValue(x)
	if err != nil {
		return nil, fmt.Errorf("converting %T for Rego: %w", x, err)
	}
	return v, nil
}
