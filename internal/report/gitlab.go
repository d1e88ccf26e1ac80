package report

import (
	"encoding/json"
	"io"

	"github.com/lambdavet/lambdavet/analyzers/rule"
	"github.com/lambdavet/lambdavet/internal/baseline"
	"github.com/lambdavet/lambdavet/internal/driver"
)

// LoadCheck is the check name of a load error in GitLab's report.
const LoadCheck = "lambdavet-load"

// gitlabIssue is one entry of a GitLab code quality report (a subset of
// the Code Climate issue format).
type gitlabIssue struct {
	Description string         `json:"description"`
	CheckName   string         `json:"check_name"`
	Fingerprint string         `json:"fingerprint"`
	Severity    string         `json:"severity"`
	Location    gitlabLocation `json:"location"`
}

type gitlabLocation struct {
	Path  string      `json:"path"`
	Lines gitlabLines `json:"lines"`
}

type gitlabLines struct {
	Begin int `json:"begin"`
	End   int `json:"end,omitempty"`
}

// GitLab writes a GitLab code quality report: a JSON array of issues, each
// with the rule as check_name, a fingerprint stable across line moves, and
// the path relative to opts.Root. A file that could not be read or parsed
// is an issue too (check_name lambdavet-load, severity blocker): the merge
// request widget is where reviewers look, and a file nobody linted must
// not look clean there.
func GitLab(w io.Writer, res *driver.Result, opts Options) error {
	out := []gitlabIssue{}
	fps := fingerprints(res, opts.Root)
	for i, d := range res.Diagnostics {
		rel, _ := relPath(opts.Root, d.File)
		issue := gitlabIssue{
			Description: d.Message + " (" + d.Rule + ")",
			CheckName:   d.Rule,
			Fingerprint: fps[i],
			Severity:    gitlabSeverity(d.Severity),
			Location:    gitlabLocation{Path: rel, Lines: gitlabLines{Begin: d.Line}},
		}
		if d.EndLine > d.Line {
			issue.Location.Lines.End = d.EndLine
		}
		out = append(out, issue)
	}
	for _, e := range res.Errors {
		rel, _ := relPath(opts.Root, e.File)
		out = append(out, gitlabIssue{
			Description: "cannot lint: " + e.Message,
			CheckName:   LoadCheck,
			Fingerprint: baseline.Fingerprint(LoadCheck, rel, "", e.Message),
			Severity:    "blocker",
			Location:    gitlabLocation{Path: rel, Lines: gitlabLines{Begin: max(e.Line, 1)}},
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

func gitlabSeverity(s rule.Severity) string {
	switch s {
	case rule.Error:
		return "critical"
	case rule.Warning:
		return "major"
	}
	return "info"
}
