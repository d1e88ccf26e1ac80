package lv107

import (
	_ "embed"
	"fmt"
	"math"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/lambdavet/lambdavet/analyzers/load"
	"github.com/lambdavet/lambdavet/analyzers/pkgsize"
	"github.com/lambdavet/lambdavet/analyzers/rule"
	"github.com/lambdavet/lambdavet/parsers/model"
)

var meta = rule.MustRegister(rule.Meta{ID: "LV107", Title: "code and layers over 250 MB unzipped", Severity: rule.Error, Source: "go"})

//go:embed doc.go
var docSource string

// Analyzer reports functions whose code and layers unzip to more than
// Lambda allows.
var Analyzer = &analysis.Analyzer{
	Name:     meta.ID,
	Doc:      rule.DocFromSource(docSource, meta.ID),
	URL:      meta.URL(),
	Requires: []*analysis.Analyzer{load.Analyzer, pkgsize.Analyzer},
	Run:      run,
}

const limit = pkgsize.UnzippedLimit

func run(pass *analysis.Pass) (any, error) {
	p := pass.ResultOf[load.Analyzer].(*model.Project)
	ps := pass.ResultOf[pkgsize.Analyzer].(*pkgsize.Packages)
	for _, fn := range p.Functions {
		check(pass, ps, fn)
	}
	return nil, nil
}

// measured is one part with its size, or why it has none.
type measured struct {
	part pkgsize.Part
	size pkgsize.Size
	ok   bool
}

func check(pass *analysis.Pass, ps *pkgsize.Packages, fn *model.Function) {
	codes := ps.Code(fn)
	if len(codes) == 0 {
		codes = []pkgsize.Part{{}} // inline code: the layers alone
	}
	sets := ps.Layers(fn)
	if len(sets) == 0 {
		sets = []pkgsize.LayerSet{{}}
	}
	sizes := map[*pkgsize.Source]measured{}
	measure := func(part pkgsize.Part) measured {
		if part.Source == nil {
			return measured{part: part}
		}
		if m, ok := sizes[part.Source]; ok {
			m.part = part
			return m
		}
		s, err := ps.Unzipped(part.Source)
		m := measured{part: part, size: s, ok: err == nil}
		sizes[part.Source] = m
		return m
	}
	for _, code := range codes {
		baseOver := false
		for _, set := range sets {
			if !set.Conditional {
				baseOver = false
			}
			if set.Conditional && baseOver {
				continue // the layers on every path are already too much
			}
			when, ok := model.JoinCompatible(code.When, set.When)
			if !ok {
				continue // no path deploys this code with these layers
			}
			parts := []measured{}
			if code.At != nil {
				parts = append(parts, measure(code))
			}
			for _, l := range set.Parts {
				parts = append(parts, measure(l))
			}
			var total uint64
			atLeast := false
			for _, m := range parts {
				if !m.ok {
					atLeast = true
					continue
				}
				if total += m.size.Bytes; total < m.size.Bytes {
					total = math.MaxUint64 // a zip that claims absurd sizes
				}
				atLeast = atLeast || m.size.AtLeast
			}
			over := total > limit
			if !set.Conditional {
				baseOver = over
			}
			if !over {
				continue
			}
			report(pass, fn, code, set, when, parts, total, atLeast)
		}
	}
}

func report(pass *analysis.Pass, fn *model.Function, code pkgsize.Part, set pkgsize.LayerSet, when model.When, parts []measured, total uint64, atLeast bool) {
	// Point at the code when it was measured, else at the largest layer.
	at := code.At
	var largest uint64
	if code.At == nil || code.Source == nil {
		at = nil
		for _, m := range parts {
			if m.part.Layer && m.ok && (at == nil || m.size.Bytes > largest) {
				at, largest = m.part.At, m.size.Bytes
			}
		}
	}
	rng := fn.Resource.Range
	if at != nil && !at.Range.IsZero() {
		rng = at.Range
	}
	least := ""
	if atLeast {
		least = "at least "
	}
	hasLayers := len(set.Parts) > 0
	var msg string
	if hasLayers {
		msg = fmt.Sprintf("%s code and layers unzip to %s%s, above the Lambda limit of 250 MB (%s)",
			fn.Subject, least, pkgsize.FormatMB(total, limit), describe(parts))
	} else {
		msg = fmt.Sprintf("%s code unzips to %s%s, above the Lambda limit of 250 MB (%s)",
			fn.Subject, least, pkgsize.FormatMB(total, limit), describe(parts))
	}
	if code.At != nil && len(code.At.Origin) > 0 {
		msg += fmt.Sprintf(" (set by %s)", code.At.Origin)
	}
	if len(when) > 0 {
		msg += fmt.Sprintf(" (when %s)", when)
	}
	rule.Report(pass, rule.Finding{Rule: meta.ID, Range: rng, Resource: fn.Resource, Message: msg})
}

// describe lists each part's size and where it was measured from.
func describe(parts []measured) string {
	var out []string
	for _, m := range parts {
		name := "code"
		if m.part.Layer {
			name = m.part.Name
		}
		switch {
		case m.ok:
			least := ""
			if m.size.AtLeast {
				least = "at least "
			}
			out = append(out, fmt.Sprintf("%s %s%s from %s", name, least, pkgsize.FormatMB(m.size.Bytes, 0), m.part.Source.Describe()))
		case m.part.Layer:
			out = append(out, name+" not measured")
		default:
			out = append(out, "code not measured")
		}
	}
	return strings.Join(out, ", ")
}
