package lv604

import (
	_ "embed"
	"fmt"

	"golang.org/x/tools/go/analysis"

	"github.com/lambdavet/lambdavet/analyzers/internal/access"
	"github.com/lambdavet/lambdavet/analyzers/load"
	"github.com/lambdavet/lambdavet/analyzers/rule"
	"github.com/lambdavet/lambdavet/parsers/model"
)

var meta = rule.MustRegister(rule.Meta{ID: "LV604", Title: "literal secret in environment variables", Severity: rule.Error, Source: "go"})

//go:embed doc.go
var docSource string

// Analyzer reports literal secrets in environment variables.
var Analyzer = &analysis.Analyzer{
	Name:     meta.ID,
	Doc:      rule.DocFromSource(docSource, meta.ID),
	URL:      meta.URL(),
	Requires: []*analysis.Analyzer{load.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	p := pass.ResultOf[load.Analyzer].(*model.Project)
	for _, f := range p.Functions {
		f.Environment.EachCandidate(nil, func(m *model.Value, when model.When) {
			if m.State != model.Known || m.Type != model.Map {
				return
			}
			check(pass, f, m, when)
		})
	}
	return nil, nil
}

// found is a variable set to a secret along a path.
type found struct {
	name  string
	value *model.Value
	when  model.When
	what  string
}

// check reports the secrets among the variables of one Variables map.
func check(pass *analysis.Pass, f *model.Function, m *model.Value, when model.When) {
	for _, s := range secrets(m, when) {
		rule.Report(pass, rule.Finding{
			Rule: meta.ID, Range: s.value.Range, Resource: f.Resource,
			Message: fmt.Sprintf("%s sets environment variable %q to %s%s: whoever may read the function's configuration (the console, lambda:GetFunctionConfiguration) or its source reads it in the clear, and changing it takes a deployment; keep it in Secrets Manager or Parameter Store (SecureString), give the function the secret's name and read it at run time, and rotate this one",
				f.Subject, s.name, s.what, access.Note(s.value, s.when)),
		})
	}
}

// secrets returns the variables of a Variables map, taken along when, that
// are set to a secret.
func secrets(m *model.Value, when model.When) []found {
	// The access key id a secret access key goes with, by variable name.
	keyID := ""
	for i, k := range m.Keys {
		for _, c := range literals(m.FieldAt(i)) {
			if accessKeyID.MatchString(c.Str) && !placeholder(c.Str) {
				keyID = k
			}
		}
	}
	var out []found
	for i, k := range m.Keys {
		for _, c := range literals(m.FieldAt(i)) {
			what := ""
			if s, ok := known(c.Str); ok {
				what = "a literal " + s.kind
			} else if secretAccessKey.MatchString(c.Str) && (keyID != "" || secretName(k)) && random(c.Str) {
				what = "a literal AWS secret access key"
				if keyID != "" {
					what += fmt.Sprintf(" (its access key id is in %q)", keyID)
				}
			} else if secretName(k) && random(c.Str) {
				what = "what looks like a literal secret (a random-looking value under a secret's name)"
			}
			if what != "" {
				out = append(out, found{name: k, value: c.Value, when: model.JoinWhen(when, c.When), what: what})
			}
		}
	}
	return out
}

// literals returns the literal strings a variable may be set to, with
// their paths; numbers, booleans, references and unknown values are not
// strings anyone wrote as a secret.
func literals(v *model.Value) []access.String {
	var out []access.String
	v.EachCandidate(nil, func(c *model.Value, when model.When) {
		if c.State == model.Known && c.Type == model.String {
			out = append(out, access.String{Value: c, Str: c.Str, When: when})
		}
	})
	return out
}
