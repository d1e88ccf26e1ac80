package lv602

import (
	_ "embed"
	"fmt"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/lambdavet/lambdavet/analyzers/internal/access"
	"github.com/lambdavet/lambdavet/analyzers/load"
	"github.com/lambdavet/lambdavet/analyzers/rule"
	"github.com/lambdavet/lambdavet/parsers/model"
)

var meta = rule.MustRegister(rule.Meta{ID: "LV602", Title: "permission lets any principal invoke the function", Severity: rule.Warning, Source: "go"})

//go:embed doc.go
var docSource string

// Analyzer reports permissions open to any principal or a whole account.
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
	for _, perm := range access.Permissions(p) {
		for _, g := range perm.Grants() {
			if g.Kind != access.Anyone && g.Kind != access.Account {
				continue
			}
			if only, auth := perm.URLOnly(g); only {
				// A function URL's own permission: with NONE it is LV601's,
				// through InvokedViaFunctionUrl the URL's auth type decides,
				// and an auth type not known is not judged.
				set := access.Present(perm.Get("FunctionUrlAuthType"), g.When) != access.Missing
				if auth == "NONE" || (auth == "" && set) || !strings.EqualFold(g.Action, "lambda:InvokeFunctionUrl") {
					continue
				}
			}
			for _, when := range perm.Unconditioned(g.When, "SourceArn", "SourceAccount", "PrincipalOrgID") {
				report(pass, fs, perm, g, when)
			}
		}
	}
	return nil, nil
}

// report makes the finding for a grant without conditions along when.
func report(pass *analysis.Pass, fs *access.Functions, perm *access.Permission, g access.Grant, when model.When) {
	target := fs.Describe(perm.Get("FunctionName"))
	who, why, fix := "any AWS account", "every identity of every AWS account that its own policies allow can call it", "name the account or role that calls it"
	if g.Kind == access.Account {
		account := access.AccountOf(g.Name)
		who = fmt.Sprintf("the whole account %q", account)
		why = "that account's own IAM policies decide which of its roles and users may call it"
		fix = fmt.Sprintf("name the role that calls it (arn:aws:iam::%s:role/NAME)", account)
	}
	rule.Report(pass, rule.Finding{
		Rule: meta.ID, Range: g.Principal.Range, Resource: perm.Resource,
		Message: fmt.Sprintf("%s lets %s (%s %q) invoke %s (%s) with no %s, %s or %s condition%s: %s; %s, or keep it to your organization with %s",
			perm.Subject(), who, perm.Name("Principal"), g.Name, target, g.Action,
			perm.Name("SourceArn"), perm.Name("SourceAccount"), perm.Name("PrincipalOrgID"), access.Note(g.Principal, when),
			why, fix, perm.Name("PrincipalOrgID")),
	})
}
