package report

import (
	"encoding/json"
	"io"

	"github.com/lambdavet/lambdavet/analyzers/rule"
	"github.com/lambdavet/lambdavet/internal/driver"
)

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
// the path relative to opts.Root. Load errors are left to the exit code and
// the job log, as the format has no place for them.
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
