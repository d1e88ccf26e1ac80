// Package terraform loads Terraform root modules (HCL and JSON syntax) into
// the lambdavet model: variables from defaults, tfvars and flags, locals,
// count and for_each, dynamic blocks, local modules and the widely used
// terraform-aws-modules/lambda registry module, each value remembering the
// line that set it.
package terraform

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"

	"github.com/lambdavet/lambdavet/parsers/model"
)

// body is a format-neutral view of an HCL body: its attributes and nested
// blocks, from native syntax or JSON.
type body struct {
	attrs  []*hcl.Attribute
	blocks []*block
}

type block struct {
	typ      string
	labels   []string
	defRange hcl.Range
	body     *body
}

func (b *body) attr(name string) *hcl.Attribute {
	if b == nil {
		return nil
	}
	for _, a := range b.attrs {
		if a.Name == name {
			return a
		}
	}
	return nil
}

// topSchema lists the top-level blocks of a Terraform module.
var topSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
	{Type: "variable", LabelNames: []string{"name"}},
	{Type: "locals"},
	{Type: "resource", LabelNames: []string{"type", "name"}},
	{Type: "data", LabelNames: []string{"type", "name"}},
	{Type: "module", LabelNames: []string{"name"}},
	{Type: "output", LabelNames: []string{"name"}},
	{Type: "provider", LabelNames: []string{"name"}},
	{Type: "terraform"},
	{Type: "moved"},
	{Type: "import"},
	{Type: "removed"},
	{Type: "check", LabelNames: []string{"name"}},
	{Type: "ephemeral", LabelNames: []string{"type", "name"}},
}}

// maxNesting bounds bracket nesting. The HCL parsers recurse per level and
// a hostile file thousands of levels deep overflows the stack, a crash no
// recover catches, so such files are refused before parsing.
const maxNesting = 1000

// checkNesting scans for brackets nested deeper than maxNesting, skipping
// strings and comments; it returns the offset where the limit is crossed.
func checkNesting(src []byte) (int, bool) {
	depth := 0
	for i := 0; i < len(src); i++ {
		switch c := src[i]; c {
		case '"':
			for i++; i < len(src) && src[i] != '"' && src[i] != '\n'; i++ {
				if src[i] == '\\' {
					i++
				}
			}
		case '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case '/':
			if i+1 < len(src) && src[i+1] == '/' {
				for i < len(src) && src[i] != '\n' {
					i++
				}
			} else if i+1 < len(src) && src[i+1] == '*' {
				end := bytes.Index(src[i+2:], []byte("*/"))
				if end < 0 {
					return 0, true
				}
				i += end + 3
			}
		case '(', '[', '{':
			depth++
			if depth > maxNesting {
				return i, false
			}
		case ')', ']', '}':
			depth--
		}
	}
	return 0, true
}

// parseFile parses one .tf or .tf.json file into a body.
func parseFile(name string, src []byte) (*body, []*model.LoadError) {
	if off, ok := checkNesting(src); !ok {
		r := model.Range{File: name, Start: model.Point{Line: 1 + bytes.Count(src[:off], []byte("\n")), Column: byteColumn(src, off), Offset: off}}
		r.End = r.Start
		return nil, []*model.LoadError{{Range: r, Message: fmt.Sprintf("nesting deeper than %d levels; file not loaded", maxNesting)}}
	}
	if strings.HasSuffix(name, ".json") {
		f, diags := hcljson.Parse(src, name)
		if diags.HasErrors() {
			return nil, loadErrors(diags, src)
		}
		content, diags := f.Body.Content(topSchema)
		errs := loadErrors(diags, src)
		b := &body{}
		for _, blk := range content.Blocks {
			b.blocks = append(b.blocks, jsonBlock(blk, src, &errs))
		}
		return b, errs
	}
	f, diags := hclsyntax.ParseConfig(src, name, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, loadErrors(diags, src)
	}
	return nativeBody(f.Body.(*hclsyntax.Body)), nil
}

func nativeBody(sb *hclsyntax.Body) *body {
	b := &body{}
	names := make([]string, 0, len(sb.Attributes))
	for n := range sb.Attributes {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		return sb.Attributes[names[i]].SrcRange.Start.Byte < sb.Attributes[names[j]].SrcRange.Start.Byte
	})
	for _, n := range names {
		b.attrs = append(b.attrs, sb.Attributes[n].AsHCLAttribute())
	}
	for _, blk := range sb.Blocks {
		b.blocks = append(b.blocks, &block{typ: blk.Type, labels: blk.Labels, defRange: blk.DefRange(), body: nativeBody(blk.Body)})
	}
	return b
}

// jsonBlock converts a top-level JSON block. Inside it, JSON cannot tell a
// nested block from an object attribute without the provider's schema, so
// everything is an attribute; the function mapping accepts both shapes.
func jsonBlock(blk *hcl.Block, src []byte, errs *[]*model.LoadError) *block {
	out := &block{typ: blk.Type, labels: blk.Labels, defRange: blk.DefRange, body: &body{}}
	if blk.Type == "locals" || blk.Type == "variable" || blk.Type == "resource" || blk.Type == "data" ||
		blk.Type == "module" || blk.Type == "output" {
		attrs, diags := blk.Body.JustAttributes()
		*errs = append(*errs, loadErrors(diags, src)...)
		names := make([]string, 0, len(attrs))
		for n := range attrs {
			names = append(names, n)
		}
		sort.Slice(names, func(i, j int) bool { return attrs[names[i]].Range.Start.Byte < attrs[names[j]].Range.Start.Byte })
		for _, n := range names {
			out.body.attrs = append(out.body.attrs, attrs[n])
		}
	}
	return out
}

// loadErrors converts HCL diagnostics (errors only) to load errors.
func loadErrors(diags hcl.Diagnostics, src []byte) []*model.LoadError {
	var out []*model.LoadError
	for _, d := range diags {
		if d.Severity != hcl.DiagError {
			continue
		}
		msg := d.Summary
		if d.Detail != "" {
			msg += ": " + d.Detail
		}
		r := model.Range{}
		if d.Subject != nil {
			r = toRange(*d.Subject, src)
		}
		out = append(out, &model.LoadError{Range: r, Message: msg})
	}
	return out
}

// toRange converts an HCL range. HCL counts columns in characters; the
// model counts bytes, so columns are recomputed from the byte offsets.
func toRange(r hcl.Range, src []byte) model.Range {
	return model.Range{
		File:  r.Filename,
		Start: model.Point{Line: r.Start.Line, Column: byteColumn(src, r.Start.Byte), Offset: r.Start.Byte},
		End:   model.Point{Line: r.End.Line, Column: byteColumn(src, r.End.Byte), Offset: r.End.Byte},
	}
}

func byteColumn(src []byte, off int) int {
	if off > len(src) {
		off = len(src)
	}
	start := off
	for start > 0 && src[start-1] != '\n' {
		start--
	}
	return off - start + 1
}

func describe(r hcl.Range) string { return fmt.Sprintf("%s:%d", r.Filename, r.Start.Line) }
