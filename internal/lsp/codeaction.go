package lsp

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/lambdavet/lambdavet/internal/discover"
	"github.com/lambdavet/lambdavet/internal/suppress"
)

// freshWait bounds how long a code action request waits for the lint of
// the document's current text.
const freshWait = 2 * time.Second

// ReasonPlaceholder is what the suppression code action writes where the
// reason goes, for the user to replace.
const ReasonPlaceholder = "<reason>"

// codeActions offers, for the findings on the lines of the request's
// range: the fixes their rules suggest, and a suppression comment above
// the line.
func (s *server) codeActions(ctx context.Context, p *codeActionParams) ([]CodeAction, error) {
	actions := []CodeAction{}
	if len(p.Context.Only) > 0 && !slices.ContainsFunc(p.Context.Only, func(k string) bool {
		return k == CodeActionKindQuickFix || strings.HasPrefix(CodeActionKindQuickFix, k+".") || k == ""
	}) {
		return actions, nil
	}
	path, err := uriToPath(p.TextDocument.URI)
	if err != nil {
		return actions, nil
	}
	if err := s.waitFresh(ctx, path, freshWait); err != nil {
		return nil, err
	}
	s.mu.Lock()
	d := s.docs[path]
	var doc *docText
	var version int32
	if d != nil {
		doc, version = d.text, d.version
	}
	findings := slices.Clone(s.fileDiags[path])
	s.mu.Unlock()
	if d == nil {
		return actions, nil
	}
	text := doc.bytes()
	m := newMapper(text)
	marker := commentMarker(path, text)
	ignored := map[string]bool{}
	for _, f := range findings {
		r := f.diag.Range
		if r.Start.Line > p.Range.End.Line || p.Range.Start.Line > r.End.Line {
			continue
		}
		if f.version != version {
			continue // positions of an older text
		}
		for i, fix := range f.fixes {
			actions = append(actions, CodeAction{
				Title: fix.title, Kind: CodeActionKindQuickFix,
				Diagnostics: []Diagnostic{f.diag}, IsPreferred: i == 0, Edit: fix.edit,
			})
		}
		if f.rule == "" || f.rule == suppress.MalformedRule || f.rule == suppress.UnusedRule || marker == "" {
			continue
		}
		line := r.Start.Line
		key := fmt.Sprintf("%s@%d", f.rule, line)
		if ignored[key] {
			continue
		}
		ignored[key] = true
		comment := m.lineIndent(line) + marker + " lambdavet:ignore " + f.rule + " " + ReasonPlaceholder + m.eol()
		actions = append(actions, CodeAction{
			Title:       fmt.Sprintf("Ignore %s on this line (add reason)", f.rule),
			Kind:        CodeActionKindQuickFix,
			Diagnostics: []Diagnostic{f.diag},
			Edit: WorkspaceEdit{Changes: map[string][]TextEdit{d.uri: {{
				Range:   Range{Start: Position{Line: line}, End: Position{Line: line}},
				NewText: comment,
			}}}},
		})
	}
	return actions, nil
}

// commentMarker returns how a suppression comment starts in a file, or ""
// when the format has no comments (JSON templates, .tf.json).
func commentMarker(path string, text []byte) string {
	switch {
	case strings.HasSuffix(path, ".json"):
		return ""
	case discover.IsTerraform(path) || isTFVars(path):
		return "#"
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".yaml", ".yml", ".template":
		if strings.HasPrefix(strings.TrimLeft(string(text), " \t\r\n\ufeff"), "{") {
			return "" // a JSON template under a YAML name
		}
		return "#"
	}
	return ""
}

// waitFresh waits until the findings of path are those of its current
// text, the context is done, or limit passes (then the findings at hand
// are used).
func (s *server) waitFresh(ctx context.Context, path string, limit time.Duration) error {
	deadline := time.NewTimer(limit)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		fresh := s.freshLocked(path)
		ch := s.changed
		s.mu.Unlock()
		if fresh {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		case <-deadline.C:
			return nil
		}
	}
}

func (s *server) freshLocked(path string) bool {
	d := s.docs[path]
	if d == nil {
		return true
	}
	if !d.discovered {
		return false
	}
	for _, root := range d.projects {
		if s.dirty[root] || (s.running != nil && s.running.roots[root]) {
			return false
		}
	}
	return true
}
