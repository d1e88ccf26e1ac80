// Package suppress applies the suppressions written in linted files and
// reports the ones that cannot be trusted, as staticcheck does with its
// linter directives: a suppression must name the rule and say why, and one
// that matches no finding is itself reported, so none outlives its reason.
//
// Two forms are read:
//
//   - a comment, in YAML or HCL, on the line of the finding or alone on a
//     line above it (other comments and blank lines may come between):
//     `# lambdavet:ignore LV202 talks only to a private RDS`, several rules
//     separated by commas. A comment above a resource's name (its logical id
//     or its block) covers the findings of that resource.
//   - in CloudFormation, which in JSON has no comments, the resource's
//     Metadata: `Metadata: {lambdavet: {ignore: [{rule: LV202, reason: ...}]}}`,
//     covering the findings of that resource.
package suppress

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/lambdavet/lambdavet/analyzers/rule"
	"github.com/lambdavet/lambdavet/internal/catalog"
	"github.com/lambdavet/lambdavet/internal/didyoumean"
	"github.com/lambdavet/lambdavet/internal/driver"
	"github.com/lambdavet/lambdavet/parsers/model"
)

// The rules about suppressions themselves. Their ids come first in the
// catalog: they are about lambdavet's own directives, not about Lambda.
const (
	// MalformedRule reports a suppression without a reason or a rule.
	MalformedRule = "LV001"
	// UnusedRule reports a suppression that matched no finding.
	UnusedRule = "LV002"
)

func init() {
	for _, m := range []rule.Meta{
		{ID: MalformedRule, Title: "suppression without a reason", Severity: rule.Warning, Source: "go"},
		{ID: UnusedRule, Title: "unused suppression", Severity: rule.Warning, Source: "go"},
	} {
		if err := rule.Register(m); err != nil {
			panic(err) // only a second registration by another source can fail, and init runs first
		}
	}
}

// Kind says where a directive is written.
type Kind int

// The places a directive can be written.
const (
	// Comment is a `# lambdavet:ignore` comment.
	Comment Kind = iota + 1
	// Metadata is an entry of a CloudFormation resource's
	// Metadata.lambdavet.ignore.
	Metadata
)

// Directive is one suppression.
type Directive struct {
	Kind Kind
	// Rules are the rule ids it suppresses.
	Rules []string
	// Reason is why; "" when none was given.
	Reason string
	// File, Line, Column, EndLine and EndColumn place the directive itself.
	File                             string
	Line, Column, EndLine, EndColumn int
	// Covers are the lines of File a comment applies to: its own line when
	// it follows code, else the next line of code.
	Covers int
	// Resource is the resource a Metadata directive belongs to.
	Resource string
	// problem is set on a directive that cannot apply (no rule named).
	problem string
	used    map[string]bool
}

// File is a configuration file to read comment directives from.
type File struct {
	Path    string
	Format  model.Format
	Content []byte
}

// Files returns the configuration files of the projects, with content.
func Files(projects []*model.Project) []File {
	var out []File
	seen := map[string]bool{}
	for _, p := range projects {
		if p == nil {
			continue
		}
		for _, f := range p.Files {
			if seen[f.Path] {
				continue
			}
			seen[f.Path] = true
			out = append(out, File{Path: f.Path, Format: f.Format, Content: f.Content})
		}
	}
	return out
}

// Set is the directives of a run, with what is needed to match them.
type Set struct {
	// Directives are in file and line order.
	Directives []*Directive
	// Known are the ids of the rules the run knows: those of its
	// analyzers (a user rule is known under the configuration whose
	// policies define it, not under another) and the suppression rules.
	// Nil: the built-in rules (rule.All).
	Known []string
	// resources locates each resource by the files of its project and its
	// name: a Rego finding names its resource but does not point at it.
	resources map[string]map[string]model.Range
}

// Find returns the directives in the comments of files and in the
// Metadata of the projects' resources.
func Find(files []File, projects []*model.Project) *Set {
	set := &Set{resources: map[string]map[string]model.Range{}}
	var out []*Directive
	for _, f := range files {
		out = append(out, comments(f)...)
	}
	for _, p := range projects {
		if p == nil {
			continue
		}
		byName := map[string]model.Range{}
		for _, r := range p.Resources {
			out = append(out, metadata(r)...)
			byName[r.Name] = r.Range
		}
		for _, f := range p.Files {
			set.resources[f.Path] = byName
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
	set.Directives = out
	return set
}

// markers are the comment starts of each format. JSON has none.
func markers(f File) []string {
	switch f.Format {
	case model.FormatTerraform:
		return []string{"#", "//"}
	case model.FormatSAM, model.FormatCloudFormation:
		if trimmed := strings.TrimLeft(string(f.Content), " \t\r\n\ufeff"); strings.HasPrefix(trimmed, "{") {
			return nil // a JSON template
		}
		return []string{"#"}
	}
	return nil
}

const keyword = "lambdavet:ignore"

// comments reads the comment directives of one file.
func comments(f File) []*Directive {
	marks := markers(f)
	if len(marks) == 0 || !namesLambdavet(f.Content) || !mayHoldDirective.Match(f.Content) {
		return nil
	}
	lines := strings.Split(string(f.Content), "\n")
	var out []*Directive
	for i, line := range lines {
		col, text, written, ok := findDirective(line, marks)
		if !ok {
			continue
		}
		d := &Directive{Kind: Comment, File: f.Path, Line: i + 1, Column: col + 1,
			EndLine: i + 1, EndColumn: len(strings.TrimRight(line, "\r")) + 1}
		d.Covers = i + 1
		if strings.TrimSpace(line[:col]) == "" {
			// Alone on its line: it covers the next line of code.
			d.Covers = 0
			for j := i + 1; j < len(lines); j++ {
				t := strings.TrimSpace(lines[j])
				if t == "" || startsWithAny(t, marks) {
					continue
				}
				d.Covers = j + 1
				break
			}
		}
		d.parse(text)
		if written != keyword {
			// Near enough to be meant as a directive, but not one: it
			// suppresses nothing, which the user would never notice.
			first, _, _ := strings.Cut(text, " ")
			if !ruleList.MatchString(strings.TrimRight(first, ",:")) {
				first = "LV202"
			}
			d.Rules, d.Reason = nil, ""
			d.problem = fmt.Sprintf("malformed suppression %q suppresses nothing: write %q (lower case, no space around the colon)",
				written, "# "+keyword+" "+strings.TrimRight(first, ",:")+" <reason>")
		}
		out = append(out, d)
	}
	return out
}

// MayHold reports whether a file's text may hold a directive or a near
// miss of one (it names lambdavet in any spelling the near misses
// allow): the files whose text the suppressions are looked for in, which
// a run must keep after linting them.
func MayHold(src []byte) bool { return namesLambdavet(src) }

// namesLambdavet reports whether src holds "lambdavet" in any case, with
// at most one "-", "_" or space between "lambda" and "vet": what
// (?i)lambda[-_ ]?vet matches, in one pass over the bytes. The regular
// expression took 2.6 ms on a 200-function template, a tenth of the
// editor's time from an edit to its diagnostics, and ran on every file of
// a command-line run.
func namesLambdavet(src []byte) bool {
	for i := 6; i+3 <= len(src); i++ {
		if src[i]|0x20 != 'v' || src[i+1]|0x20 != 'e' || src[i+2]|0x20 != 't' {
			continue
		}
		if lambdaEndsAt(src, i) {
			return true
		}
		if sep := src[i-1]; (sep == '-' || sep == '_' || sep == ' ') && lambdaEndsAt(src, i-1) {
			return true
		}
	}
	return false
}

// lambdaEndsAt reports whether src[end-6:end] is "lambda" in any case.
func lambdaEndsAt(src []byte, end int) bool {
	if end < 6 {
		return false
	}
	for k, c := range []byte("lambda") {
		if src[end-6+k]|0x20 != c {
			return false
		}
	}
	return true
}

// mayHoldDirective finds, in a whole file, the text a directive or a near
// miss of one needs (any case, "lambda-vet", spaces around the colon).
var mayHoldDirective = regexp.MustCompile(`(?i)lambda[-_ ]?vet\s*:\s*ignore`)

// nearMiss matches, at the start of a comment's text, what was meant as a
// directive but is not one: "lambdavet: ignore", "LambdaVet:ignore",
// "lambdavet:ignore:LV101". The written form is group 0.
var nearMiss = regexp.MustCompile(`(?i)^lambda[-_ ]?vet[ \t]*:[ \t]*ignore([:=]|[ \t]|\r?$)`)

// findDirective returns the byte column of the comment marker that starts
// a directive on line, the text after the keyword, and the keyword as
// written: keyword itself, or a near miss of it (see nearMiss).
func findDirective(line string, marks []string) (col int, rest, written string, ok bool) {
	for _, m := range marks {
		for from := 0; ; {
			i := strings.Index(line[from:], m)
			if i < 0 {
				break
			}
			i += from
			from = i + len(m)
			// A comment starts a line or follows white space; "a#b" and
			// "http://x" are not comments.
			if i > 0 && line[i-1] != ' ' && line[i-1] != '\t' {
				continue
			}
			after := strings.TrimLeft(line[i+len(m):], " \t")
			text, found := strings.CutPrefix(after, keyword)
			if found && (text == "" || text[0] == ' ' || text[0] == '\t' || text[0] == '\r') {
				return i, strings.TrimSpace(text), keyword, true
			}
			if m := nearMiss.FindString(after); m != "" {
				w := strings.TrimRight(m, " \t\r")
				return i, strings.TrimSpace(strings.TrimLeft(after[len(m):], ":=")), w, true
			}
			break // the first comment on the line is not a directive
		}
	}
	return 0, "", "", false
}

func startsWithAny(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

var ruleList = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*(,[A-Za-z][A-Za-z0-9_]*)*$`)

// parse reads "RULE[,RULE...] reason" into d.
func (d *Directive) parse(text string) {
	first, rest, _ := strings.Cut(text, " ")
	first = strings.TrimRight(first, ",:")
	if !ruleList.MatchString(first) {
		d.problem = fmt.Sprintf("suppression names no rule: write %q", "# "+keyword+" LV202 <reason>")
		return
	}
	d.Rules = strings.Split(first, ",")
	d.Reason = cleanReason(rest)
}

// placeholderReason reports a reason left as the editor's placeholder
// ("<reason>"), which explains nothing.
func placeholderReason(r string) bool {
	return strings.HasPrefix(r, "<") && strings.HasSuffix(r, ">") && !strings.Contains(r[1:len(r)-1], " ")
}

// cleanReason trims the separators people put before a reason.
func cleanReason(s string) string {
	s = strings.TrimSpace(s)
	for _, p := range []string{"--", "-", ":", "—"} {
		s = strings.TrimSpace(strings.TrimPrefix(s, p))
	}
	return s
}

// metadata reads the directives of a resource's Metadata.lambdavet.ignore.
func metadata(r *model.Resource) []*Directive {
	list := r.Metadata.Path("lambdavet", "ignore")
	if list == nil {
		return nil
	}
	at := func(v *model.Value) *Directive {
		rng := v.Range
		if rng.IsZero() {
			rng = r.Range
		}
		return &Directive{Kind: Metadata, Resource: r.Name, File: rng.File,
			Line: int(rng.Start.Line), Column: int(rng.Start.Column), EndLine: int(rng.End.Line), EndColumn: int(rng.End.Column)}
	}
	if !list.IsKnown() || list.Type != model.List {
		d := at(list)
		d.problem = "Metadata lambdavet.ignore must be a list of {rule: ID, reason: TEXT}"
		return []*Directive{d}
	}
	var out []*Directive
	for _, it := range list.List {
		d := at(it)
		out = append(out, d)
		if s, ok := it.AsString(); ok && it.Type == model.String {
			d.parse(s) // "LV202 reason", as in a comment
			continue
		}
		id, _ := it.Get("rule").AsString()
		if !it.IsKnown() || it.Type != model.Map || !ruleList.MatchString(id) {
			d.problem = "suppression entry must be {rule: ID, reason: TEXT}"
			continue
		}
		if v := it.Get("rule"); v != nil && !v.Range.IsZero() {
			d.Line, d.Column, d.EndLine, d.EndColumn = int(v.Range.Start.Line), int(v.Range.Start.Column), int(v.Range.End.Line), int(v.Range.End.Column)
		}
		d.Rules = strings.Split(id, ",")
		reason, _ := it.Get("reason").AsString()
		d.Reason = strings.TrimSpace(reason)
	}
	return out
}

// names reports whether the directive suppresses rule id.
func (d *Directive) names(id string) bool {
	for _, r := range d.Rules {
		if strings.EqualFold(r, id) {
			return true
		}
	}
	return false
}

// matches reports whether d covers diagnostic x (its rule aside), whose
// resource is defined at res.
func (d *Directive) matches(x driver.Diagnostic, res model.Range) bool {
	switch d.Kind {
	case Comment:
		if d.Covers == 0 {
			return false
		}
		return (x.File == d.File && x.Line == d.Covers) || (res.File == d.File && int(res.Start.Line) == d.Covers)
	case Metadata:
		return x.Resource == d.Resource && res.File == d.File
	}
	return false
}

// resourceOf returns where the diagnostic's resource is defined: its
// related location when the rule gave one, else the resource of that name
// in the project of the diagnostic's file.
func (s *Set) resourceOf(x driver.Diagnostic) model.Range {
	for _, r := range x.Related {
		if strings.HasPrefix(r.Message, "resource ") && r.File != "" {
			return model.Range{File: r.File, Start: model.Point{Line: int32(r.Line), Column: int32(r.Column)}}
		}
	}
	if x.Resource == "" {
		return model.Range{}
	}
	return s.resources[x.File][x.Resource]
}

// Suppressed is a finding a directive silenced.
type Suppressed struct {
	Diagnostic driver.Diagnostic
	Directive  *Directive
}

// Result is the outcome of Apply.
type Result struct {
	// Kept are the findings no directive covers.
	Kept []driver.Diagnostic
	// Suppressed are the findings directives silenced.
	Suppressed []Suppressed
	// Problems are the LV001 and LV002 findings about the directives.
	Problems []driver.Diagnostic
}

// Apply silences the diagnostics the directives cover and reports the
// directives without a rule or a reason (LV001) and those that matched
// nothing (LV002). checked says whether rule id ran on file: a directive for
// a rule that was off proves nothing, so it is not called unused.
func (s *Set) Apply(diags []driver.Diagnostic, checked func(id, file string) bool) Result {
	var res Result
	for _, x := range diags {
		var by *Directive
		where := s.resourceOf(x)
		for _, d := range s.Directives {
			if d.problem == "" && d.names(x.Rule) && d.matches(x, where) {
				if d.used == nil {
					d.used = map[string]bool{}
				}
				d.used[strings.ToUpper(x.Rule)] = true
				if by == nil {
					by = d
				}
			}
		}
		if by != nil {
			res.Suppressed = append(res.Suppressed, Suppressed{Diagnostic: x, Directive: by})
		} else {
			res.Kept = append(res.Kept, x)
		}
	}
	for _, d := range s.Directives {
		if d.problem != "" {
			res.Problems = append(res.Problems, d.diagnostic(MalformedRule, d.problem))
			continue
		}
		if d.Reason == "" || placeholderReason(d.Reason) {
			res.Problems = append(res.Problems, d.diagnostic(MalformedRule,
				fmt.Sprintf("suppression of %s gives no reason: say why after the rule id", strings.Join(d.Rules, ","))))
		}
		for _, id := range d.Rules {
			if d.used[strings.ToUpper(id)] {
				continue
			}
			canon, known := s.lookup(id)
			if !known && !catalog.Has(strings.ToUpper(id)) {
				msg := fmt.Sprintf("suppression of %q names no lambdavet rule", id)
				if s := s.closest(id); s != "" {
					msg += fmt.Sprintf(" (did you mean %q?)", s)
				}
				res.Problems = append(res.Problems, d.diagnostic(UnusedRule, msg))
				continue
			}
			if !known {
				continue // a rule of the catalog this build does not have: it did not run
			}
			if checked != nil && !checked(canon, d.File) {
				continue
			}
			res.Problems = append(res.Problems, d.diagnostic(UnusedRule,
				fmt.Sprintf("suppression of %s matches no finding: remove it", canon)))
		}
	}
	return res
}

func (d *Directive) diagnostic(id, msg string) driver.Diagnostic {
	m, _ := rule.Lookup(id)
	end, endCol := d.EndLine, d.EndColumn
	if end == 0 {
		end, endCol = d.Line, d.Column
	}
	return driver.Diagnostic{
		Rule: id, Name: m.Title, Severity: m.Severity,
		File: d.File, Line: d.Line, Column: d.Column, EndLine: end, EndColumn: endCol,
		Resource: d.Resource, Message: msg, URL: m.URL(),
	}
}

// known returns the ids the set knows.
func (s *Set) known() []string {
	if s.Known != nil {
		return s.Known
	}
	var ids []string
	for _, m := range rule.All() {
		ids = append(ids, m.ID)
	}
	return ids
}

// lookup returns a known rule's id as it is defined, matching id without
// regard to case.
func (s *Set) lookup(id string) (string, bool) {
	for _, k := range s.known() {
		if strings.EqualFold(k, id) {
			return k, true
		}
	}
	return id, false
}

// closest returns the known id nearest to id, within two edits.
func (s *Set) closest(id string) string {
	return didyoumean.Suggest(id, s.known())
}
