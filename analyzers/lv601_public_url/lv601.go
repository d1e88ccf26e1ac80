package lv601

import (
	_ "embed"
	"fmt"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/lambdavet/lambdavet/analyzers/internal/access"
	"github.com/lambdavet/lambdavet/analyzers/load"
	"github.com/lambdavet/lambdavet/analyzers/rule"
	"github.com/lambdavet/lambdavet/parsers/model"
)

var meta = rule.MustRegister(rule.Meta{ID: "LV601", Title: "function URL with AuthType NONE", Severity: rule.Warning, Source: "go"})

//go:embed doc.go
var docSource string

// Analyzer reports function URLs that need no authentication.
var Analyzer = &analysis.Analyzer{
	Name:     meta.ID,
	Doc:      rule.DocFromSource(docSource, meta.ID),
	URL:      meta.URL(),
	Requires: []*analysis.Analyzer{load.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	p := pass.ResultOf[load.Analyzer].(*model.Project)
	fs := access.NewFunctions(p)
	urls := access.URLs(p, fs)
	created := map[*model.Function]bool{}
	unresolved := false
	for _, u := range urls {
		if u.Function != nil {
			created[u.Function] = true
		} else {
			unresolved = true
		}
		for _, c := range access.Strings(u.AuthType) {
			if c.Str != "NONE" {
				continue
			}
			rule.Report(pass, rule.Finding{
				Rule: meta.ID, Range: c.Value.Range, Resource: u.Resource,
				Message: fmt.Sprintf("%s%s: anyone on the internet who has its address can invoke the function, unauthenticated, and every request is billed to you; set %s \"AWS_IAM\" and sign the requests (CloudFront origin access control signs for browsers), or, to keep it public on purpose, %s",
					what(u, c.Value), access.Note(c.Value, c.When), u.Property, suppression(c.Value.Range)),
			})
		}
	}
	// A permission for a URL the project does not create: the URL is
	// public through it.
	for _, perm := range access.Permissions(p) {
		fn := fs.For(perm.Get("FunctionName"))
		if (fn != nil && created[fn]) || (fn == nil && (unresolved || len(urls) > 0)) {
			continue // the URL is the project's: it is judged by its AuthType
		}
		for _, g := range perm.Grants() {
			if only, auth := perm.URLOnly(g); g.Kind != access.Anyone || !only || auth != "NONE" {
				continue
			}
			target := fs.Describe(perm.Get("FunctionName"))
			rule.Report(pass, rule.Finding{
				Rule: meta.ID, Range: g.Principal.Range, Resource: perm.Resource,
				Message: fmt.Sprintf("%s lets anyone (%s \"*\") invoke the function URL of %s without authentication (%s \"NONE\")%s: anyone on the internet who has the address can invoke it, and every request is billed to you; use %s \"AWS_IAM\" with a principal that signs its requests, or, to keep it public on purpose, %s",
					perm.Subject(), perm.Name("Principal"), target, perm.Name("FunctionUrlAuthType"), access.Note(g.Principal, g.When), perm.Name("FunctionUrlAuthType"), suppression(g.Principal.Range)),
			})
		}
	}
	return nil, nil
}

// what says which URL is public: a SAM function's, or a URL resource and
// the function it invokes. A value set elsewhere (a parameter or variable
// default) may reach several URLs: their findings, at that one place, name
// only the URL, so they merge into one.
func what(u *access.URL, v *model.Value) string {
	if u.Resource.Type == "AWS::Serverless::Function" || u.Resource.Type == "AWS::Lambda::Function" {
		// A URL declared on the function (SAM, the Serverless Framework).
		return fmt.Sprintf("%s has a function URL with %s \"NONE\"", u.Subject, u.Property)
	}
	of := ""
	if u.Function != nil && len(v.Origin) == 0 {
		of = " (of " + u.Function.Subject + ")"
	}
	return fmt.Sprintf("%s%s sets %s \"NONE\"", u.Subject, of, u.Property)
}

// suppression says how to keep the finding, with a reason, in the format
// of the file at r: a comment, or in a JSON template the resource's
// Metadata.
func suppression(r model.Range) string {
	if strings.HasSuffix(r.File, ".tf.json") {
		return "say why where the configuration allows it (a # lambdavet:ignore LV601 <reason> comment in HCL, or an exclusion in .lambdavet.yaml)"
	}
	if filepath.Ext(r.File) == ".json" {
		return "say why in the resource's Metadata (lambdavet: ignore: [{rule: LV601, reason: ...}])"
	}
	return "say why in a suppression on this line (# lambdavet:ignore LV601 <reason>)"
}
