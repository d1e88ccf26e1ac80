package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/lambdavet/lambdavet/analyzers/rule"
	"github.com/lambdavet/lambdavet/internal/driver"
)

// GitHub writes one GitHub Actions workflow command per finding, which the
// runner turns into an annotation on the pull request's diff:
//
//	::error file=template.yaml,line=9,col=17,endLine=9,endColumn=22,title=LV101::function "Worker" sets ...
//
// Errors are `error`, warnings `warning`, infos `notice`; files that could
// not be read or parsed are errors titled "lambdavet". Paths are relative to
// opts.Root, the repository root, as GitHub wants them.
func GitHub(w io.Writer, res *driver.Result, opts Options) error {
	for _, d := range res.Diagnostics {
		props := []string{
			"file=" + escapeProperty(ghPath(opts.Root, d.File)),
			fmt.Sprintf("line=%d", d.Line),
			fmt.Sprintf("col=%d", d.Column),
		}
		if d.EndLine > 0 {
			props = append(props, fmt.Sprintf("endLine=%d", d.EndLine), fmt.Sprintf("endColumn=%d", d.EndColumn))
		}
		props = append(props, "title="+escapeProperty(d.Rule))
		if _, err := fmt.Fprintf(w, "::%s %s::%s\n", ghLevel(d.Severity), strings.Join(props, ","), escapeData(d.Message)); err != nil {
			return err
		}
	}
	for _, e := range res.Errors {
		var props []string
		if e.File != "" {
			props = append(props, "file="+escapeProperty(ghPath(opts.Root, e.File)))
		}
		if e.Line > 0 {
			props = append(props, fmt.Sprintf("line=%d", e.Line), fmt.Sprintf("col=%d", max(e.Column, 1)))
		}
		props = append(props, "title=lambdavet")
		if _, err := fmt.Fprintf(w, "::error %s::%s\n", strings.Join(props, ","), escapeData(e.Message)); err != nil {
			return err
		}
	}
	return nil
}

func ghLevel(s rule.Severity) string {
	switch s {
	case rule.Error:
		return "error"
	case rule.Warning:
		return "warning"
	}
	return "notice"
}

func ghPath(root, file string) string {
	rel, _ := relPath(root, file)
	return rel
}

// escapeData escapes a workflow command's message, as @actions/core does:
// a percent sign or a line break would otherwise end or corrupt it. Other
// control characters (ESC drives the log viewer's colors) are written as
// Go escapes first (Escape), keeping \r and \n for the runner's own
// escapes, which it turns back into line breaks in the annotation.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(escapeControls(s))
}

// escapeProperty escapes a workflow command property value, where ':' and
// ',' separate properties too.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(escapeControls(s))
}

// escapeControls is Escape for every control character but \r and \n,
// which the workflow command escapes are for.
func escapeControls(s string) string {
	var b strings.Builder
	for {
		i := strings.IndexAny(s, "\r\n")
		if i < 0 {
			b.WriteString(Escape(s))
			return b.String()
		}
		b.WriteString(Escape(s[:i]))
		b.WriteByte(s[i])
		s = s[i+1:]
	}
}
