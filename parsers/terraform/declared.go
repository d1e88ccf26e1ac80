package terraform

// What the command line needs to judge -var flags before Terraform would:
// the variables a root module declares, and whether a raw value fits the
// declared type. Kept apart from the loader, which evaluates values and
// does not refuse them.

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// Variable is a variable declared by a root module.
type Variable struct {
	// Type is the declared type; cty.DynamicPseudoType when none is given.
	Type cty.Type
}

// DeclaredVariables returns the variables declared by the .tf and .tf.json
// files of files that lie directly in dir (a root module's own files, not
// its modules'), by name. Files that do not parse declare nothing: the
// loader reports them.
func DeclaredVariables(dir string, files []string, read func(string) ([]byte, error)) map[string]Variable {
	out := map[string]Variable{}
	schema := &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "variable", LabelNames: []string{"name"}}}}
	for _, f := range files {
		if filepath.Clean(filepath.Dir(f)) != filepath.Clean(dir) || !(strings.HasSuffix(f, ".tf") || strings.HasSuffix(f, ".tf.json")) {
			continue
		}
		src, err := read(f)
		if err != nil {
			continue
		}
		var file *hcl.File
		if strings.HasSuffix(f, ".json") {
			file, _ = hcljson.Parse(src, f)
		} else {
			file, _ = hclsyntax.ParseConfig(src, f, hcl.InitialPos)
		}
		if file == nil || file.Body == nil {
			continue
		}
		content, _, _ := file.Body.PartialContent(schema)
		for _, b := range content.Blocks {
			v := Variable{Type: cty.DynamicPseudoType}
			attrs, _ := b.Body.JustAttributes()
			if a, ok := attrs["type"]; ok {
				if t, diags := typeexpr.TypeConstraint(a.Expr); !diags.HasErrors() {
					v.Type = t
				}
			}
			out[b.Labels[0]] = v
		}
	}
	return out
}

// CheckValue reports whether raw, given as -var name=raw, is a value of
// the variable's type, as Terraform reads it: a plain string for a
// primitive type (converted, so "abc" is no number), an HCL expression
// otherwise.
func (v Variable) CheckValue(raw string) error {
	if v.Type == cty.DynamicPseudoType || v.Type == cty.String {
		return nil
	}
	var val cty.Value
	if v.Type.IsPrimitiveType() {
		val = cty.StringVal(raw)
	} else {
		expr, diags := hclsyntax.ParseExpression([]byte(raw), "-var", hcl.InitialPos)
		if diags.HasErrors() {
			return fmt.Errorf("not a valid %s: %s", v.Type.FriendlyName(), diags[0].Summary)
		}
		val, diags = expr.Value(nil)
		if diags.HasErrors() {
			return fmt.Errorf("not a valid %s: %s", v.Type.FriendlyName(), diags[0].Summary)
		}
	}
	if _, err := convert.Convert(val, v.Type); err != nil {
		return fmt.Errorf("not a valid %s: %w", v.Type.FriendlyName(), err)
	}
	return nil
}
