package lsp

import (
	"context"
	"encoding/json"
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
		actions = append(actions, s.ignoreAction(d.uri, version, m, marker, line, f))
	}
	return actions, nil
}

// SelectReasonCommand is the command the suppression code action runs
// after inserting its comment, on clients that can show a document with a
// selection: it selects the placeholder, so typing replaces it.
const SelectReasonCommand = "lambdavet.selectReason"

// ignoreAction is the code action that suppresses f's rule on line with a
// comment above it. Left as is, the placeholder reason would itself be a
// finding (LV001), so the action puts the cursor on it where the client
// allows: as a snippet's tab stop (LSP 3.18 snippet edits), else by
// selecting it after the edit (window/showDocument), else the user finds
// the placeholder and LV001 reminds them.
func (s *server) ignoreAction(uri string, version int32, m *mapper, marker string, line int, f finding) CodeAction {
	prefix := m.lineIndent(line) + marker + " lambdavet:ignore " + f.rule + " "
	at := Range{Start: Position{Line: line}, End: Position{Line: line}}
	action := CodeAction{
		Title:       fmt.Sprintf("Ignore %s on this line (add reason)", f.rule),
		Kind:        CodeActionKindQuickFix,
		Diagnostics: []Diagnostic{f.diag},
	}
	s.mu.Lock()
	caps := s.caps
	s.mu.Unlock()
	switch {
	case caps.Workspace.WorkspaceEdit.DocumentChanges && caps.Workspace.WorkspaceEdit.SnippetEditSupport:
		v := version
		action.Edit = WorkspaceEdit{DocumentChanges: []TextDocumentEdit{{
			TextDocument: optionalVersionedTextDocumentIdentifier{URI: uri, Version: &v},
			Edits: []SnippetTextEdit{{Range: at, Snippet: StringValue{
				Kind: "snippet", Value: escapeSnippet(prefix) + "${1:reason}" + m.eol(),
			}}},
		}}}
	default:
		action.Edit = WorkspaceEdit{Changes: map[string][]TextEdit{uri: {{Range: at, NewText: prefix + ReasonPlaceholder + m.eol()}}}}
		if caps.Window.ShowDocument.Support {
			start := utf16Len(prefix)
			placeholder := Range{
				Start: Position{Line: line, Character: start},
				End:   Position{Line: line, Character: start + utf16Len(ReasonPlaceholder)},
			}
			action.Command = &Command{Title: "Select the reason", Command: SelectReasonCommand, Arguments: []any{uri, placeholder}}
		}
	}
	return action
}

// escapeSnippet escapes the characters the snippet syntax gives a meaning.
func escapeSnippet(s string) string {
	return strings.NewReplacer(`\`, `\\`, `$`, `\$`, `}`, `\}`).Replace(s)
}

// utf16Len is the length of s in the protocol's UTF-16 units.
func utf16Len(s string) int {
	return countUnits([]byte(s), 0, len(s))
}

// selectReason runs SelectReasonCommand: it asks the client to show the
// document with the placeholder reason selected.
func (s *server) selectReason(args []json.RawMessage) error {
	var uri string
	var r Range
	if len(args) != 2 || json.Unmarshal(args[0], &uri) != nil || json.Unmarshal(args[1], &r) != nil {
		return fmt.Errorf("%s takes a document URI and a range", SelectReasonCommand)
	}
	ch, err := s.conn.call("window/showDocument", showDocumentParams{URI: uri, TakeFocus: true, Selection: &r})
	if err != nil {
		return fmt.Errorf("window/showDocument: %w", err)
	}
	go func() { <-ch }()
	return nil
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
