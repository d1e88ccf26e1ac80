package lv301

import (
	_ "embed"
	"fmt"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/lambdavet/lambdavet/analyzers/internal/timing"
	"github.com/lambdavet/lambdavet/analyzers/load"
	"github.com/lambdavet/lambdavet/analyzers/rule"
	"github.com/lambdavet/lambdavet/parsers/model"
)

var meta = rule.MustRegister(rule.Meta{ID: "LV301", Title: "timeout longer than the caller waits", Severity: rule.Warning, Source: "go"})

// Analyzer reports functions whose Timeout exceeds what a synchronous caller waits.
var Analyzer = &analysis.Analyzer{
	Name:     meta.ID,
	Doc:      doc(),
	URL:      meta.URL(),
	Requires: []*analysis.Analyzer{load.Analyzer},
	Run:      run,
}

//go:embed doc.go
var docSource string

func doc() string { return rule.DocFromSource(docSource, meta.ID) }

func run(pass *analysis.Pass) (any, error) {
	p := pass.ResultOf[load.Analyzer].(*model.Project)
	for _, f := range p.Functions {
		// One finding per caller kind and limit, naming its sources.
		type group struct {
			caller  timing.Caller
			sources []string
		}
		groups := map[string]*group{}
		var keys []string
		for _, t := range f.Triggers {
			c, ok := timing.CallerLimit(t)
			if !ok {
				continue
			}
			k := fmt.Sprintf("%s/%v", c.Name, c.Limit)
			g, seen := groups[k]
			if !seen {
				g = &group{caller: c}
				groups[k] = g
				keys = append(keys, k)
			}
			g.sources = append(g.sources, fmt.Sprintf("%q", t.Source))
		}
		sort.Strings(keys)
		for _, k := range keys {
			g := groups[k]
			for _, to := range timing.Timeouts(f) {
				if to.Value == nil || to.Seconds <= g.caller.Limit {
					continue // the default 3 s is within every caller's wait
				}
				rule.Report(pass, rule.Finding{
					Rule:     meta.ID,
					Range:    to.Value.Range,
					Resource: f.Resource,
					Message: fmt.Sprintf("%s sets %s %s, but its caller %s (%s) stops waiting after %s seconds%s: the client gets an error while the function runs on, and is billed, for up to %s more %s%s",
						f.Subject, timing.Property(f, "timeout"), timing.FormatSeconds(to.Seconds), g.caller.Name, sourceList(g.sources),
						timing.FormatSeconds(g.caller.Limit), g.caller.Why, timing.FormatSeconds(to.Seconds-g.caller.Limit), timing.Plural(to.Seconds-g.caller.Limit), timing.Note(to.Value)),
				})
			}
		}
	}
	return nil, nil
}

func sourceList(s []string) string {
	if len(s) > 3 {
		return strings.Join(s[:3], ", ") + fmt.Sprintf(" and %d more", len(s)-3)
	}
	return strings.Join(s, ", ")
}
