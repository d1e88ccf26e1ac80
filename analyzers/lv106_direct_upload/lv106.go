package lv106

import (
	_ "embed"
	"fmt"

	"golang.org/x/tools/go/analysis"

	"github.com/lambdavet/lambdavet/analyzers/load"
	"github.com/lambdavet/lambdavet/analyzers/pkgsize"
	"github.com/lambdavet/lambdavet/analyzers/rule"
)

var meta = rule.MustRegister(rule.Meta{ID: "LV106", Title: "direct upload over 50 MB zipped", Severity: rule.Error, Source: "go"})

//go:embed doc.go
var docSource string

// Analyzer reports zip packages uploaded directly to Lambda that are over
// the direct-upload limit.
var Analyzer = &analysis.Analyzer{
	Name:     meta.ID,
	Doc:      rule.DocFromSource(docSource, meta.ID),
	URL:      meta.URL(),
	Requires: []*analysis.Analyzer{load.Analyzer, pkgsize.Analyzer},
	Run:      run,
}

const limit = pkgsize.DirectUploadLimit

func run(pass *analysis.Pass) (any, error) {
	ps := pass.ResultOf[pkgsize.Analyzer].(*pkgsize.Packages)
	for _, up := range ps.DirectUploads() {
		over, z, err := ps.ZippedOver(up.Source, limit)
		if err != nil || !over {
			continue
		}
		size := "zips to " + pkgsize.FormatMB(z.Bytes, limit)
		if z.AtLeast {
			size = "zips to more than 50 MB"
		}
		if up.Source.Kind == pkgsize.ZipFile {
			size = "is " + pkgsize.FormatMB(z.Bytes, limit)
		}
		what := up.Source.Describe()
		if u, err := ps.Unzipped(up.Source); err == nil && up.Source.Kind != pkgsize.ZipFile {
			what += fmt.Sprintf(" (%s of files)", pkgsize.FormatMB(u.Bytes, 0))
		}
		msg := fmt.Sprintf("%s uploads %s directly to Lambda, which %s, above the Lambda limit of 50 MB for a direct upload; upload it to S3 and set s3_bucket and s3_key instead",
			up.Subject, what, size)
		if len(up.At.Origin) > 0 {
			msg += fmt.Sprintf(" (set by %s)", up.At.Origin)
		}
		if len(up.When) > 0 {
			msg += fmt.Sprintf(" (when %s)", up.When)
		}
		rng := up.Resource.Range
		if !up.At.Range.IsZero() {
			rng = up.At.Range
		}
		rule.Report(pass, rule.Finding{Rule: meta.ID, Range: rng, Resource: up.Resource, Message: msg})
	}
	return nil, nil
}
