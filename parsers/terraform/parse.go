// Package terraform loads Terraform root modules (HCL and JSON syntax) into
// the lambdavet model: variables from defaults, tfvars and flags, locals,
// count and for_each, dynamic blocks, local modules and the widely used
// terraform-aws-modules/lambda registry module, each value remembering the
// line that set it.
package terraform

import (
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

// parseFile parses one .tf or .tf.json file into a body. Its nesting is
// bounded first, on the tokens the parser will read (see checkTokens), and
// its expressions are guarded (see guard).
func (l *loader) parseFile(name string, src []byte) (*body, []*model.LoadError) {
	if strings.HasSuffix(name, ".json") {
		if errs := l.checkJSON(name, src); errs != nil {
			return nil, errs
		}
		f, diags := hcljson.Parse(src, name)
		if diags.HasErrors() {
			return nil, loadErrors(diags, l.lines(name, src))
		}
		content, diags := f.Body.Content(topSchema)
		errs := loadErrors(diags, l.lines(name, src))
		b := &body{}
		for _, blk := range content.Blocks {
			b.blocks = append(b.blocks, jsonBlock(blk, l.lines(name, src), &errs))
		}
		return b, errs
	}
	f, errs := l.parseConfig(name, src)
	if f == nil {
		return nil, errs
	}
	return nativeBody(f.Body.(*hclsyntax.Body)), nil
}

// nestingError is the load error of syntax nested past the limit.
func (l *loader) nestingError(name string, src []byte, off int) *model.LoadError {
	r := l.lines(name, src).at(name, off, off)
	return &model.LoadError{Range: r, Message: fmt.Sprintf("nesting deeper than %d levels; file not loaded (if the input is legitimate, raise budget.%s in .lambdavet.yaml)", l.depthLimit, model.BudgetDepth)}
}

// checkJSON bounds a JSON file's nesting, and that of each of its strings
// read as a template.
func (l *loader) checkJSON(name string, src []byte) []*model.LoadError {
	if off, ok := checkJSONNesting(src, l.depthLimit); !ok {
		return []*model.LoadError{l.nestingError(name, src, off)}
	}
	if off, ok := checkJSONTemplates(src, l.depthLimit); !ok {
		return []*model.LoadError{l.nestingError(name, src, off)}
	}
	return nil
}

// parseConfig parses a native-syntax file (a module file or a tfvars file)
// with its nesting bounded and its expressions guarded; nil when it has
// syntax errors.
func (l *loader) parseConfig(name string, src []byte) (*hcl.File, []*model.LoadError) {
	if nestingBound(src) > l.depthLimit && !l.scannedWithin(src) {
		toks, _ := hclsyntax.LexConfig(src, name, hcl.InitialPos)
		if r, ok := checkTokens(toks, l.depthLimit); !ok {
			return nil, []*model.LoadError{l.nestingError(name, src, r.Start.Byte)}
		}
	}
	f, diags := hclsyntax.ParseConfig(src, name, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, loadErrors(diags, l.lines(name, src))
	}
	l.guardBody(f.Body.(*hclsyntax.Body))
	return f, nil
}

// scannedWithin reports whether scanNesting finds a file's nesting within
// the limit, for sure: then lexing it first for checkTokens would find
// the same, and only the parser lexes it. Past the limit, or unsure, the
// lexer's tokens decide, and name the token where the limit is crossed.
func (l *loader) scannedWithin(src []byte) bool {
	most, sure := scanNesting(src)
	return sure && most <= l.depthLimit
}

// parseExpression parses a standalone expression (a -var value) or, with
// template set, a template (a JSON-syntax string), bounded and guarded
// like a file. On a nesting error it returns the offset in src.
func (l *loader) parseExpression(src []byte, name string, start hcl.Pos, template bool) (hclsyntax.Expression, int, bool) {
	lex, parse := hclsyntax.LexExpression, hclsyntax.ParseExpression
	if template {
		lex, parse = hclsyntax.LexTemplate, hclsyntax.ParseTemplate
	}
	if nestingBound(src) > l.depthLimit {
		toks, _ := lex(src, name, start)
		if r, ok := checkTokens(toks, l.depthLimit); !ok {
			return nil, r.Start.Byte - start.Byte, false
		}
	}
	expr, diags := parse(src, name, start)
	if diags.HasErrors() {
		return nil, 0, true
	}
	return l.guard(expr, 0), 0, true
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
func jsonBlock(blk *hcl.Block, src *lineIndex, errs *[]*model.LoadError) *block {
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
func loadErrors(diags hcl.Diagnostics, lines *lineIndex) []*model.LoadError {
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
			r = lines.toRange(*d.Subject)
		}
		out = append(out, &model.LoadError{Range: r, Message: msg})
	}
	return out
}

// lineIndex holds the offsets where a file's lines start, computed once,
// so a position's column costs a binary search instead of a scan back to
// the line start (quadratic on a long line of many values).
type lineIndex struct {
	starts []int
	size   int
}

func newLineIndex(src []byte) *lineIndex {
	x := &lineIndex{starts: []int{0}, size: len(src)}
	for i, c := range src {
		if c == '\n' {
			x.starts = append(x.starts, i+1)
		}
	}
	return x
}

// point is the position of byte offset off: 1-based line and byte column.
func (x *lineIndex) point(off int) model.Point {
	if x == nil {
		return model.Point{Line: int32(1), Column: int32(off + 1), Offset: int32(off)}
	}
	off = max(0, min(off, x.size))
	i := sort.SearchInts(x.starts, off+1) - 1
	return model.Point{Line: int32(i + 1), Column: int32(off - x.starts[i] + 1), Offset: int32(off)}
}

// at is the range [start, end) of file name.
func (x *lineIndex) at(name string, start, end int) model.Range {
	return model.Range{File: name, Start: x.point(start), End: x.point(end)}
}

// toRange converts an HCL range. HCL counts columns in characters; the
// model counts bytes, so columns are recomputed from the byte offsets.
func (x *lineIndex) toRange(r hcl.Range) model.Range {
	s, e := x.point(r.Start.Byte), x.point(r.End.Byte)
	// HCL's lines are kept: it also counts a lone CR as a line break.
	s.Line, e.Line = int32(r.Start.Line), int32(r.End.Line)
	return model.Range{File: r.Filename, Start: s, End: e}
}
