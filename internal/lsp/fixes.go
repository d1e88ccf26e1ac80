package lsp

// Quick fixes. An analyzer offers a fix as analysis.Diagnostic.SuggestedFixes;
// the driver resolves diagnostics to file:line:column and keeps no fixes,
// so the server wraps the rules it runs and records each fix, resolved to
// byte offsets, under the place, rule and message of its diagnostic. The
// diagnostics that come back from the run (after the configuration and the
// suppressions) find their fixes by the same key.

import (
	"go/token"
	"sort"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/lambdavet/lambdavet/analyzers/rule"
)

type fixKey struct {
	file      string
	line, col int
	rule, msg string
}

type fixEdit struct {
	file       string // as the driver names it
	start, end int    // byte offsets
	text       string
}

type fixRecord struct {
	title string
	edits []fixEdit
}

type fixTable struct {
	mu sync.Mutex
	m  map[fixKey][]fixRecord
}

func newFixTable() *fixTable { return &fixTable{m: map[fixKey][]fixRecord{}} }

func (t *fixTable) lookup(k fixKey) []fixRecord {
	if t == nil {
		return nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.m[k]
}

// record files the suggested fixes of d.
func (t *fixTable) record(fset *token.FileSet, d analysis.Diagnostic) {
	pos := fset.Position(d.Pos)
	id, _, _ := rule.Decode(d)
	k := fixKey{file: absPath(pos.Filename), line: pos.Line, col: pos.Column, rule: id, msg: d.Message}
	var recs []fixRecord
	for _, sf := range d.SuggestedFixes {
		rec := fixRecord{title: sf.Message}
		ok := len(sf.TextEdits) > 0
		for _, e := range sf.TextEdits {
			f := fset.File(e.Pos)
			if f == nil {
				ok = false
				break
			}
			start := f.Offset(e.Pos)
			end := start
			if e.End.IsValid() {
				if fset.File(e.End) != f {
					ok = false
					break
				}
				end = f.Offset(e.End)
			}
			if end < start {
				ok = false
				break
			}
			rec.edits = append(rec.edits, fixEdit{file: f.Name(), start: start, end: end, text: string(e.NewText)})
		}
		if ok && rec.title != "" {
			recs = append(recs, rec)
		}
	}
	if len(recs) == 0 {
		return
	}
	t.mu.Lock()
	t.m[k] = append(t.m[k], recs...)
	t.mu.Unlock()
}

// convert turns a recorded fix into a workspace edit, positions taken in
// the text the run read.
func (r fixRecord) convert(mapperFor func(string) *mapper) codeFix {
	edit := WorkspaceEdit{Changes: map[string][]TextEdit{}}
	for _, e := range r.edits {
		m := mapperFor(e.file)
		uri := pathToURI(absPath(e.file))
		edit.Changes[uri] = append(edit.Changes[uri], TextEdit{
			Range:   Range{Start: m.position(e.start), End: m.position(e.end)},
			NewText: e.text,
		})
	}
	return codeFix{title: r.title, edit: edit}
}

// wrap returns the analyzers with each rule (an analyzer no other one
// requires) reporting its suggested fixes to the server.
func (s *server) wrap(as []*analysis.Analyzer) []*analysis.Analyzer {
	required := map[*analysis.Analyzer]bool{}
	var mark func(a *analysis.Analyzer)
	mark = func(a *analysis.Analyzer) {
		for _, r := range a.Requires {
			if !required[r] {
				required[r] = true
				mark(r)
			}
		}
	}
	for _, a := range as {
		mark(a)
	}
	out := make([]*analysis.Analyzer, 0, len(as))
	for _, a := range as {
		if required[a] || a.Run == nil {
			out = append(out, a)
			continue
		}
		w := &analysis.Analyzer{
			Name:             a.Name,
			Doc:              a.Doc,
			URL:              a.URL,
			Flags:            a.Flags,
			Requires:         a.Requires,
			ResultType:       a.ResultType,
			FactTypes:        a.FactTypes,
			RunDespiteErrors: a.RunDespiteErrors,
		}
		orig := a
		w.Run = func(pass *analysis.Pass) (any, error) {
			s.busy.start(orig.Name)
			defer s.busy.done(orig.Name)
			report := pass.Report
			pass.Report = func(d analysis.Diagnostic) {
				if len(d.SuggestedFixes) > 0 {
					s.fixSink.Load().recordIfAny(pass.Fset, d)
				}
				report(d)
			}
			return orig.Run(pass)
		}
		out = append(out, w)
	}
	return out
}

func (t *fixTable) recordIfAny(fset *token.FileSet, d analysis.Diagnostic) {
	if t != nil {
		t.record(fset, d)
	}
}

// busyRules counts the rules running now, so that a run that times out
// can name the rules that never returned.
type busyRules struct {
	mu sync.Mutex
	n  map[string]int
}

func (b *busyRules) start(name string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.n == nil {
		b.n = map[string]int{}
	}
	b.n[name]++
}

func (b *busyRules) done(name string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.n[name]--; b.n[name] <= 0 {
		delete(b.n, name)
	}
}

// names returns the rules running now, sorted.
func (b *busyRules) names() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := make([]string, 0, len(b.n))
	for name := range b.n {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}
