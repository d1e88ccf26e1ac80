package report

import (
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/lambdavet/lambdavet/analyzers/rule"
	"github.com/lambdavet/lambdavet/docs"
	"github.com/lambdavet/lambdavet/internal/driver"
)

// InformationURI is lambdavet's home page, named in SARIF's tool.driver.
const InformationURI = "https://github.com/lambdavet/lambdavet"

// FingerprintKey names lambdavet's fingerprint in SARIF partialFingerprints
// (the baseline's fingerprint, with paths relative to the repository root).
const FingerprintKey = "lambdavetFingerprint/v1"

// srcRoot is the uriBaseId of repository-relative artifact locations.
const srcRoot = "%SRCROOT%"

// The SARIF 2.1.0 objects lambdavet writes, with the properties GitHub code
// scanning reads.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool               sarifTool                   `json:"tool"`
		Invocations        []sarifInvocation           `json:"invocations"`
		OriginalURIBaseIDs map[string]sarifArtifactLoc `json:"originalUriBaseIds,omitempty"`
		Results            []sarifResult               `json:"results"`
		ColumnKind         string                      `json:"columnKind"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		Version        string      `json:"version,omitempty"`
		InformationURI string      `json:"informationUri"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string             `json:"id"`
		Name                 string             `json:"name"`
		ShortDescription     sarifText          `json:"shortDescription"`
		FullDescription      sarifText          `json:"fullDescription"`
		HelpURI              string             `json:"helpUri,omitempty"`
		Help                 *sarifHelp         `json:"help,omitempty"`
		DefaultConfiguration sarifConfiguration `json:"defaultConfiguration"`
		Properties           map[string]any     `json:"properties,omitempty"`
	}
	sarifText struct {
		Text string `json:"text"`
	}
	sarifHelp struct {
		Text     string `json:"text"`
		Markdown string `json:"markdown,omitempty"`
	}
	sarifConfiguration struct {
		Level string `json:"level"`
	}
	sarifInvocation struct {
		ExecutionSuccessful        bool                `json:"executionSuccessful"`
		ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
	}
	sarifNotification struct {
		Level     string          `json:"level"`
		Message   sarifText       `json:"message"`
		Locations []sarifLocation `json:"locations,omitempty"`
	}
	sarifResult struct {
		RuleID              string             `json:"ruleId"`
		RuleIndex           int                `json:"ruleIndex"`
		Level               string             `json:"level"`
		Message             sarifText          `json:"message"`
		Locations           []sarifLocation    `json:"locations"`
		RelatedLocations    []sarifLocation    `json:"relatedLocations,omitempty"`
		PartialFingerprints map[string]string  `json:"partialFingerprints"`
		Suppressions        []sarifSuppression `json:"suppressions,omitempty"`
		Properties          map[string]any     `json:"properties,omitempty"`
	}
	sarifSuppression struct {
		Kind          string `json:"kind"`
		Status        string `json:"status"`
		Justification string `json:"justification,omitempty"`
	}
	sarifLocation struct {
		ID               *int                  `json:"id,omitempty"`
		PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
		Message          *sarifText            `json:"message,omitempty"`
	}
	sarifPhysicalLocation struct {
		ArtifactLocation sarifArtifactLoc `json:"artifactLocation"`
		Region           *sarifRegion     `json:"region,omitempty"`
	}
	sarifArtifactLoc struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId,omitempty"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn,omitempty"`
		EndLine     int `json:"endLine,omitempty"`
		EndColumn   int `json:"endColumn,omitempty"`
	}
)

func sarifLevel(s rule.Severity) string {
	switch s {
	case rule.Error:
		return "error"
	case rule.Warning:
		return "warning"
	}
	return "note"
}

// SARIF writes a SARIF 2.1.0 log with one run: the rules that ran, each
// finding with its place (relative to opts.Root), and the files that could
// not be read or parsed as tool execution notifications.
func SARIF(w io.Writer, res *driver.Result, opts Options) error {
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name: "lambdavet", Version: opts.Version, InformationURI: InformationURI, Rules: []sarifRule{},
		}},
		Results:    []sarifResult{},
		ColumnKind: "utf16CodeUnits",
	}
	if opts.Root != "" {
		run.OriginalURIBaseIDs = map[string]sarifArtifactLoc{srcRoot: {URI: fileURI(opts.Root, true)}}
	}
	index := map[string]int{}
	addRule := func(m rule.Meta) int {
		if i, ok := index[m.ID]; ok {
			return i
		}
		index[m.ID] = len(run.Tool.Driver.Rules)
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRuleOf(m))
		return index[m.ID]
	}
	for _, m := range opts.Rules {
		addRule(m)
	}
	// Suppressed findings are results too, each with its suppression: code
	// scanning shows them as dismissed instead of never having seen them,
	// and closes its alert only when the finding is really gone.
	all := slices.Concat(res.Diagnostics, nil)
	for _, s := range res.Suppressed {
		all = append(all, s.Diagnostic)
	}
	// One numbering over both, so a suppressed copy of a reported finding
	// gets a fingerprint of its own; the reported ones keep theirs.
	fps := fingerprintsOf(all, res.Sources, opts.Root)
	for n, d := range all {
		m, ok := rule.Lookup(d.Rule)
		if !ok {
			m = rule.Meta{ID: d.Rule, Title: d.Name, Severity: d.Severity}
		}
		i := addRule(m)
		loc := sarifLocationOf(res, opts.Root, d.File, d.Line, d.Column, d.EndLine, d.EndColumn)
		r := sarifResult{
			RuleID: d.Rule, RuleIndex: i, Level: sarifLevel(d.Severity),
			Message:             sarifText{Text: d.Message},
			Locations:           []sarifLocation{loc},
			PartialFingerprints: map[string]string{FingerprintKey: fps[n]},
		}
		if k := n - len(res.Diagnostics); k >= 0 {
			s := res.Suppressed[k]
			kind := "inSource"
			if s.External {
				kind = "external"
			}
			r.Suppressions = []sarifSuppression{{Kind: kind, Status: "accepted", Justification: s.Justification}}
		}
		if d.Resource != "" {
			r.Properties = map[string]any{"resource": d.Resource}
		}
		for k, rel := range d.Related {
			id := k + 1
			l := sarifLocationOf(res, opts.Root, rel.File, rel.Line, rel.Column, 0, 0)
			l.ID = &id
			l.Message = &sarifText{Text: rel.Message}
			r.RelatedLocations = append(r.RelatedLocations, l)
		}
		run.Results = append(run.Results, r)
	}
	inv := sarifInvocation{ExecutionSuccessful: len(res.Errors) == 0}
	for _, e := range res.Errors {
		n := sarifNotification{Level: "error", Message: sarifText{Text: e.Message}}
		if e.File != "" {
			n.Locations = []sarifLocation{sarifLocationOf(res, opts.Root, e.File, e.Line, e.Column, 0, 0)}
		}
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, n)
	}
	run.Invocations = []sarifInvocation{inv}
	log := sarifLog{
		Schema:  "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
		Version: "2.1.0",
		Runs:    []sarifRun{run},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(log)
}

// sarifRuleOf describes a rule from its metadata and its documentation page.
func sarifRuleOf(m rule.Meta) sarifRule {
	r := sarifRule{
		ID:                   m.ID,
		Name:                 ruleName(m.Title),
		ShortDescription:     sarifText{Text: m.Title},
		FullDescription:      sarifText{Text: m.Title},
		DefaultConfiguration: sarifConfiguration{Level: sarifLevel(m.Severity)},
		Properties:           map[string]any{"tags": []string{"aws-lambda", "configuration"}},
	}
	if r.Name == "" {
		r.Name = m.ID
	}
	if r.ShortDescription.Text == "" {
		r.ShortDescription.Text = m.ID
		r.FullDescription.Text = m.ID
	}
	if page, ok := docs.Rule(m.ID); ok {
		r.HelpURI = m.URL()
		if what := section(page, "What it finds"); what != "" {
			r.FullDescription.Text = what
		}
		text := r.FullDescription.Text
		if fix := section(page, "How to fix"); fix != "" {
			text += "\n\nHow to fix: " + fix
		}
		r.Help = &sarifHelp{Text: text + "\n\n" + r.HelpURI, Markdown: page}
	}
	return r
}

// ruleName turns a title into the PascalCase name SARIF viewers show:
// "memory size out of range" becomes "MemorySizeOutOfRange".
func ruleName(title string) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(title, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		r, n := utf8.DecodeRuneInString(w)
		b.WriteRune(unicode.ToUpper(r))
		b.WriteString(w[n:])
	}
	return b.String()
}

// section returns the first paragraph of a "## name" section of a page,
// joined into one line.
func section(page, name string) string {
	_, rest, ok := strings.Cut(page, "\n## "+name+"\n")
	if !ok {
		return ""
	}
	rest = strings.TrimLeft(rest, "\n")
	para, _, _ := strings.Cut(rest, "\n\n")
	if strings.HasPrefix(para, "#") || strings.HasPrefix(para, "```") {
		return ""
	}
	return strings.Join(strings.Fields(para), " ")
}

// sarifLocationOf places a file range; columns are converted from bytes to
// UTF-16 code units, SARIF's default column kind, using the source.
func sarifLocationOf(res *driver.Result, root, file string, line, col, endLine, endCol int) sarifLocation {
	loc := sarifLocation{PhysicalLocation: sarifPhysicalLocation{ArtifactLocation: artifact(root, file)}}
	if line < 1 {
		return loc
	}
	src := res.Sources[file]
	reg := &sarifRegion{StartLine: line}
	if col >= 1 {
		reg.StartColumn = utf16Column(src, line, col)
	}
	if endLine > line || (endLine == line && endCol > col && col >= 1) {
		reg.EndLine = endLine
		reg.EndColumn = utf16Column(src, endLine, endCol)
	}
	loc.PhysicalLocation.Region = reg
	return loc
}

// artifact names a file relative to the repository root when it lies
// inside it, else by an absolute file URI.
func artifact(root, file string) sarifArtifactLoc {
	if rel, ok := relPath(root, file); ok {
		return sarifArtifactLoc{URI: (&url.URL{Path: rel}).EscapedPath(), URIBaseID: srcRoot}
	}
	return sarifArtifactLoc{URI: fileURI(file, false)}
}

// fileURI returns the file: URI of a path, with a final slash for a folder.
func fileURI(p string, dir bool) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		abs = p
	}
	s := filepath.ToSlash(abs)
	if !strings.HasPrefix(s, "/") {
		s = "/" + s // a Windows drive letter
	}
	if dir && !strings.HasSuffix(s, "/") {
		s += "/"
	}
	return (&url.URL{Scheme: "file", Path: s}).String()
}

// utf16Column converts a 1-based byte column of a line of src to a 1-based
// column in UTF-16 code units; without the source it is returned as is.
func utf16Column(src []byte, line, col int) int {
	if src == nil || col < 1 {
		return col
	}
	text := lineAt(src, line)
	if col-1 > len(text) {
		return col - len(text) + len(utf16.Encode([]rune(text)))
	}
	return len(utf16.Encode([]rune(text[:col-1]))) + 1
}
