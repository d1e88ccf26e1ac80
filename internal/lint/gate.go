package lint

import (
	"path/filepath"
	"sort"

	"golang.org/x/tools/go/analysis"

	"github.com/lambdavet/lambdavet/analyzers/rule"
	"github.com/lambdavet/lambdavet/internal/baseline"
	"github.com/lambdavet/lambdavet/internal/config"
	"github.com/lambdavet/lambdavet/internal/discover"
	"github.com/lambdavet/lambdavet/internal/driver"
	"github.com/lambdavet/lambdavet/internal/suppress"
)

// gate decides, per rule and file, what the configuration and the rules
// turned on or off outside it say, and filters the findings accordingly.
type gate struct {
	cfg *config.Config
	// flags are the rules turned on or off outside the configuration,
	// which win over it.
	flags map[string]bool
	// only: the rules flags does not name are off.
	only bool
	// ran are the rules whose analyzers ran.
	ran map[string]bool
	// known are the ids of the rules that exist under the configuration
	// (its analyzers, whether they run or not, and the suppression rules).
	known []string
	// metas are the metadata of the rules that ran, from their analyzers
	// (a user rule is defined per configuration).
	metas map[string]rule.Meta
}

func newGate(cfg *config.Config, flags map[string]bool, only bool) *gate {
	g := &gate{cfg: cfg, flags: map[string]bool{}, only: only, ran: map[string]bool{}, metas: map[string]rule.Meta{}}
	for id, on := range flags {
		g.flags[id] = on
	}
	return g
}

// running records that analyzer a runs under the gate.
func (g *gate) running(a *analysis.Analyzer) {
	g.ran[a.Name] = true
	if m, ok := rule.MetaOf(a); ok {
		g.metas[a.Name] = m
	}
}

// runs reports whether rule id runs at all: turned on outside the
// configuration, or turned on anywhere in it, or not turned off at its
// top.
func (g *gate) runs(id string) bool {
	if on, ok := g.flags[id]; ok || g.only {
		return on
	}
	if g.cfg == nil {
		return true
	}
	if r, ok := g.cfg.Rules[id]; ok && r.Enabled != nil && !*r.Enabled {
		return g.cfg.MayEnable(id)
	}
	return true
}

// on reports whether rule id applies to file.
func (g *gate) on(id, file string) bool {
	if on, ok := g.flags[id]; ok || g.only {
		return on
	}
	if s := g.cfg.Rule(id, file); s.Enabled != nil {
		return *s.Enabled
	}
	return true
}

// severity returns the severity of a finding of rule id in file.
func (g *gate) severity(id, file string, sev rule.Severity) rule.Severity {
	if s := g.cfg.Rule(id, file).Severity; s != 0 {
		return s
	}
	return sev
}

// checked says whether rule id ran over file, so that a suppression of it
// that matched nothing there is really unused.
func (g *gate) checked(res *driver.Result, id, file string) bool {
	if !g.ran[id] || !g.on(id, file) {
		return false
	}
	for _, e := range res.Errors {
		if e.File == file {
			return false // a file that did not load completely proves nothing
		}
	}
	return true
}

// configure drops the findings in excluded files and of rules turned off
// there, and sets the configured severities.
func (g *gate) configure(ds []driver.Diagnostic) []driver.Diagnostic {
	var out []driver.Diagnostic
	for _, d := range ds {
		if g.cfg.Excluded(d.File) || !g.on(d.Rule, d.File) {
			continue
		}
		d.Severity = g.severity(d.Rule, d.File, d.Severity)
		out = append(out, d)
	}
	return out
}

// apply applies the configuration and the suppressions to res in place,
// adding the findings about suppressions (LV001, LV002).
func (g *gate) apply(res *driver.Result) {
	var files []suppress.File
	for _, file := range suppress.Files(res.Projects) {
		if !g.cfg.Excluded(file.Path) {
			files = append(files, file)
		}
	}
	set := suppress.Find(files, res.Projects)
	set.Known = g.known
	out := set.Apply(g.configure(res.Diagnostics), func(id, file string) bool { return g.checked(res, id, file) })
	res.Diagnostics = append(out.Kept, g.configure(out.Problems)...)
	driver.SortDiagnostics(res.Diagnostics)
	for _, s := range out.Suppressed {
		res.Suppressed = append(res.Suppressed, driver.Suppressed{Diagnostic: s.Diagnostic, Justification: s.Directive.Reason})
	}
}

// lintedFile says whether rule id was looked for in the file at abs in
// this run, so a baseline entry for it that matched nothing is really
// gone: the file was linted, loaded completely, and the rule ran over it.
func (g *gate) lintedFile(res *driver.Result, id, abs string) bool {
	for file := range res.Sources {
		if a, err := filepath.Abs(file); err == nil && a == abs {
			return g.checked(res, id, file)
		}
	}
	return false
}

// rulesRun returns the rules that ran, with their configured severity.
func (g *gate) rulesRun() []rule.Meta {
	var out []rule.Meta
	for id := range g.ran {
		m, ok := g.metas[id]
		if !ok {
			m, ok = rule.Lookup(id)
		}
		if !ok {
			continue
		}
		if g.cfg != nil {
			if s, ok := g.cfg.Rules[id]; ok && s.Severity != 0 {
				m.Severity = s.Severity
			}
		}
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// applyBaseline filters res by the baseline: the one named outside the
// configuration (readFrom), wherever it is, else the configuration's,
// which must be inside its tree. It returns how many recorded findings
// are gone: only those the run looked for (g.lintedFile), and not those a
// suppression silenced, since they are still there.
func applyBaseline(cfg *config.Config, g *gate, readFrom string, res *driver.Result) (stale int, err error) {
	root := ""
	if readFrom == "" && cfg != nil && cfg.Baseline != "" {
		readFrom, root = discover.DisplayPath(cfg.Baseline), cfg.Root
	}
	if readFrom == "" {
		return 0, nil
	}
	read := baseline.Read
	if root != "" {
		read = func(path string) (*baseline.Baseline, error) { return baseline.ReadIn(path, root) }
	}
	b, err := read(readFrom)
	if err != nil {
		return 0, err
	}
	var matched []driver.Diagnostic
	res.Diagnostics, matched = b.Split(res.Diagnostics, res.Sources)
	for _, d := range matched {
		res.Suppressed = append(res.Suppressed, driver.Suppressed{Diagnostic: d, External: true, Justification: "recorded in the baseline " + readFrom})
	}
	seen := make([]driver.Diagnostic, 0, len(res.Suppressed))
	for _, s := range res.Suppressed {
		if !s.External {
			seen = append(seen, s.Diagnostic)
		}
	}
	b.Seen(seen, res.Sources)
	return b.Gone(func(id, abs string) bool { return g.lintedFile(res, id, abs) }), nil
}
