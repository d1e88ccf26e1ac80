// Package rule holds what every lambdavet rule shares, Go or Rego: its
// metadata (stable id, title, severity, doc), and the one way to report a
// finding so that the driver can recover the rule id, the severity and the
// resource from a plain analysis.Diagnostic.
package rule

import (
	"fmt"
	"go/token"
	"runtime"
	"sort"
	"strings"
	"sync"
	"weak"

	"golang.org/x/tools/go/analysis"

	"github.com/lambdavet/lambdavet/parsers/model"
)

// Severity orders findings: error (AWS rejects it or it cannot work),
// warning (it works badly), info (worth knowing).
type Severity int

// Severities, from least to most severe.
const (
	Info Severity = iota + 1
	Warning
	Error
)

func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return "unknown"
}

// ParseSeverity reads "error", "warning" or "info".
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "error":
		return Error, nil
	case "warning":
		return Warning, nil
	case "info":
		return Info, nil
	}
	return 0, fmt.Errorf("unknown severity %q (want error, warning or info)", s)
}

// DocBase is where rule pages are published; each rule's URL is
// DocBase + ID + ".md".
const DocBase = "https://github.com/lambdavet/lambdavet/blob/main/docs/rules/"

// Meta describes a rule.
type Meta struct {
	ID       string   // stable id, LVnnn
	Title    string   // short lower-case title
	Severity Severity // default severity
	Source   string   // "go" or "rego", or the user policy file
}

// URL returns the rule's documentation address.
func (m Meta) URL() string { return DocBase + m.ID + ".md" }

var (
	mu       sync.RWMutex
	registry = map[string]Meta{}
)

// Register records a built-in rule's id and metadata in the directory
// (Lookup, All): the rules this build has, for the reports, suppressions
// and pages that name a rule by id alone. Registering an id twice with
// another source is an error, since ids are unique across Go and Rego
// rules. User rules are not registered: each is known through its
// analyzer (Attach, MetaOf), under the configuration that loaded it, so
// two configurations may define one id each their own way.
func Register(m Meta) error {
	mu.Lock()
	defer mu.Unlock()
	if old, ok := registry[m.ID]; ok && old.Source != m.Source {
		return fmt.Errorf("rule %s is defined twice (%s and %s)", m.ID, old.Source, m.Source)
	}
	registry[m.ID] = m
	return nil
}

// attached is each rule analyzer's metadata, by a weak pointer to the
// analyzer: an analyzer let go (a configuration the editor reloaded) drops
// its entry.
var attached sync.Map // weak.Pointer[analysis.Analyzer] → Meta

// Attach records the metadata of the rule a runs, what MetaOf returns for
// it whatever the directory holds for its id, and returns a. Two
// configurations that define one user rule differently load two
// analyzers, each with its own.
func Attach(a *analysis.Analyzer, m Meta) *analysis.Analyzer {
	key := weak.Make(a)
	attached.Store(key, m)
	runtime.AddCleanup(a, func(k weak.Pointer[analysis.Analyzer]) { attached.Delete(k) }, key)
	return a
}

// MetaOf returns the metadata of the rule an analyzer runs: what Attach
// recorded, else the directory's for its name.
func MetaOf(a *analysis.Analyzer) (Meta, bool) {
	if m, ok := attached.Load(weak.Make(a)); ok {
		return m.(Meta), true
	}
	return Lookup(a.Name)
}

// Lookup returns a registered rule's metadata.
func Lookup(id string) (Meta, bool) {
	mu.RLock()
	defer mu.RUnlock()
	m, ok := registry[id]
	return m, ok
}

// All returns every registered rule, sorted by id.
func All() []Meta {
	mu.RLock()
	defer mu.RUnlock()
	out := make([]Meta, 0, len(registry))
	for _, m := range registry {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Finding is one problem a rule found.
type Finding struct {
	Rule string
	// Severity overrides the rule's default when non-zero (a rule whose
	// severity depends on certainty, such as a deprecation date passed).
	Severity Severity
	Range    model.Range
	// Resource is the resource the finding is about; the diagnostic links
	// to its definition.
	Resource *model.Resource
	// ResourceName is used when Resource is nil (a Rego finding).
	ResourceName string
	Message      string
}

const resourcePrefix = "resource "

// Report turns a finding into an analysis.Diagnostic with exact positions.
// The category is the rule id (with ":severity" when overridden), and the
// first related information names the resource and points at its definition.
func Report(pass *analysis.Pass, f Finding) {
	pos, end := Pos(pass.Fset, f.Range)
	if !pos.IsValid() {
		return // a range outside the project's files: nothing to point at
	}
	cat := f.Rule
	if f.Severity != 0 {
		cat += ":" + f.Severity.String()
	}
	d := analysis.Diagnostic{Pos: pos, End: end, Category: cat, Message: f.Message, URL: DocBase + f.Rule + ".md"}
	name := f.ResourceName
	if f.Resource != nil {
		name = f.Resource.Name
	}
	if name != "" {
		rel := analysis.RelatedInformation{Message: resourcePrefix + name}
		if f.Resource != nil {
			rel.Pos, rel.End = Pos(pass.Fset, f.Resource.Range)
		}
		d.Related = append(d.Related, rel)
	}
	pass.Report(d)
}

// Decode recovers the rule id, the severity override (0 when none) and the
// resource name from a diagnostic made by Report.
func Decode(d analysis.Diagnostic) (id string, sev Severity, resource string) {
	id, s, ok := strings.Cut(d.Category, ":")
	if ok {
		sev, _ = ParseSeverity(s)
	}
	if len(d.Related) > 0 && strings.HasPrefix(d.Related[0].Message, resourcePrefix) {
		resource = strings.TrimPrefix(d.Related[0].Message, resourcePrefix)
	}
	return id, sev, resource
}

// Pos converts a model range to token positions in fset, by file name and
// byte offset. It returns NoPos when the file is not in fset.
func Pos(fset *token.FileSet, r model.Range) (token.Pos, token.Pos) {
	var pos, end token.Pos = token.NoPos, token.NoPos
	fset.Iterate(func(f *token.File) bool {
		if f.Name() != r.File {
			return true
		}
		clamp := func(off int) int { return max(0, min(off, f.Size())) }
		pos = f.Pos(clamp(int(r.Start.Offset)))
		end = f.Pos(clamp(max(int(r.End.Offset), int(r.Start.Offset))))
		return false
	})
	return pos, end
}

// MustRegister registers a Go rule's metadata at init; a duplicate id is a
// programming error.
func MustRegister(m Meta) Meta {
	if err := Register(m); err != nil {
		panic(err)
	}
	return m
}

// DocFromSource extracts an analyzer's documentation from its doc.go, the
// way go/analysis passes keep it: the package comment's "# Analyzer ID"
// section, whose first line is the short title.
func DocFromSource(src, id string) string {
	var lines []string
	in := false
	for _, line := range strings.Split(src, "\n") {
		if !strings.HasPrefix(line, "//") {
			if in {
				break
			}
			continue
		}
		text := strings.TrimPrefix(strings.TrimPrefix(line, "//"), " ")
		if strings.HasPrefix(text, "# Analyzer ") {
			in = strings.TrimSpace(strings.TrimPrefix(text, "# Analyzer ")) == id
			continue
		}
		if in {
			lines = append(lines, text)
		}
	}
	doc := strings.TrimSpace(strings.Join(lines, "\n"))
	doc = strings.TrimPrefix(doc, id+": ")
	return doc
}
