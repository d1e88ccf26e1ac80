package lsp

import (
	"encoding/json"
	"strings"
	"testing"
)

const memoryTemplate = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Worker:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs22.x
      Code: {ZipFile: "x"}
      MemorySize: 20480
`

// TestHover: hovering over a finding shows its rule's page; elsewhere,
// nothing; a rule without a page shows its id and message.
func TestHover(t *testing.T) {
	pages := map[string]string{"LV101": "# LV101: memory out of range\n\nWhat it finds.\n"}
	s := startServer(t, Options{Explain: func(id string) (string, bool) { p, ok := pages[id]; return p, ok }})
	s.initialize(s.dir, nil, nil)
	uri := s.open(s.write("template.yaml", memoryTemplate), memoryTemplate)
	d := s.waitDiags(uri, 1, hasCode("LV101"))
	r := d.Diagnostics[0].Range

	hover := func(line, char int) *Hover {
		t.Helper()
		m := s.request("textDocument/hover", map[string]any{
			"textDocument": map[string]any{"uri": uri}, "position": Position{Line: line, Character: char},
		})
		if m.Error != nil {
			t.Fatalf("hover: %v", m.Error)
		}
		var h *Hover
		if err := json.Unmarshal(m.Result, &h); err != nil {
			t.Fatal(err)
		}
		return h
	}
	for _, pos := range []Position{r.Start, r.End, {Line: r.Start.Line, Character: (r.Start.Character + r.End.Character) / 2}} {
		h := hover(pos.Line, pos.Character)
		if h == nil || h.Contents.Kind != "markdown" || h.Contents.Value != strings.TrimSpace(pages["LV101"]) || h.Range == nil || *h.Range != r {
			t.Errorf("hover at %+v = %+v, want the LV101 page over %+v", pos, h, r)
		}
	}
	if h := hover(0, 3); h != nil {
		t.Errorf("hover away from findings = %+v, want null", h)
	}
	if h := hover(r.End.Line, r.End.Character+1); h != nil {
		t.Errorf("hover just past the finding = %+v, want null", h)
	}

	delete(pages, "LV101")
	h := hover(r.Start.Line, r.Start.Character)
	if h == nil || !strings.HasPrefix(h.Contents.Value, "**LV101**: ") || !strings.Contains(h.Contents.Value, d.Diagnostics[0].Message) {
		t.Errorf("hover without a page = %+v", h)
	}

	// After an edit the old findings' positions are stale: no hover until
	// the new text is linted.
	s.change(uri, 2, contentChange{Range: rng(8, 18, 8, 23), Text: "1024"})
	s.waitDiags(uri, 2, empty)
	if h := hover(r.Start.Line, r.Start.Character); h != nil {
		t.Errorf("hover after the fix = %+v", h)
	}
}

// ignoreAction returns the suppression action for LV101 on the memory line.
func ignoreAction(t *testing.T, s *session, uri string) CodeAction {
	t.Helper()
	for _, a := range s.codeActions(uri, rng(8, 0, 8, 0), nil) {
		if a.Title == "Ignore LV101 on this line (add reason)" {
			return a
		}
	}
	t.Fatal("no suppression action")
	return CodeAction{}
}

// TestIgnoreWithReason: the suppression's placeholder reason is where the
// cursor goes (a snippet tab stop, or a selection after the edit), so the
// user types the reason instead of leaving an LV001 behind.
func TestIgnoreWithReason(t *testing.T) {
	comment := "      # lambdavet:ignore LV101 "

	t.Run("snippet", func(t *testing.T) {
		s := startServer(t, Options{})
		s.initialize(s.dir, nil, map[string]any{"workspace": map[string]any{
			"workspaceEdit": map[string]any{"documentChanges": true, "snippetEditSupport": true},
		}})
		uri := s.open(s.write("template.yaml", memoryTemplate), memoryTemplate)
		s.waitDiags(uri, 1, hasCode("LV101"))
		a := ignoreAction(t, s, uri)
		if a.Command != nil || len(a.Edit.Changes) != 0 || len(a.Edit.DocumentChanges) != 1 {
			t.Fatalf("snippet action = %+v", a)
		}
		dc := a.Edit.DocumentChanges[0]
		if dc.TextDocument.URI != uri || dc.TextDocument.Version == nil || *dc.TextDocument.Version != 1 || len(dc.Edits) != 1 {
			t.Fatalf("document change = %+v", dc)
		}
		e := dc.Edits[0]
		if e.Range != *rng(8, 0, 8, 0) || e.Snippet.Kind != "snippet" || e.Snippet.Value != comment+"${1:reason}\n" {
			t.Errorf("snippet edit = %+v", e)
		}
	})

	t.Run("select", func(t *testing.T) {
		s := startServer(t, Options{})
		s.initialize(s.dir, nil, map[string]any{"window": map[string]any{"showDocument": map[string]any{"support": true}}})
		uri := s.open(s.write("template.yaml", memoryTemplate), memoryTemplate)
		s.waitDiags(uri, 1, hasCode("LV101"))
		a := ignoreAction(t, s, uri)
		edit := a.Edit.Changes[uri]
		if len(edit) != 1 || edit[0].NewText != comment+ReasonPlaceholder+"\n" || a.Command == nil || a.Command.Command != SelectReasonCommand {
			t.Fatalf("select action = %+v", a)
		}
		// The client applies the edit, then runs the command with its
		// arguments as given.
		text := memoryTemplate[:strings.Index(memoryTemplate, "      MemorySize")] + edit[0].NewText + memoryTemplate[strings.Index(memoryTemplate, "      MemorySize"):]
		s.change(uri, 2, contentChange{Text: text})
		if m := s.request("workspace/executeCommand", map[string]any{"command": a.Command.Command, "arguments": a.Command.Arguments}); m.Error != nil {
			t.Fatalf("executeCommand: %v", m.Error)
		}
		s.waitFor("showDocument", func() bool { return len(s.shown) > 0 })
		s.mu.Lock()
		got := s.shown[0]
		s.mu.Unlock()
		want := Range{Start: Position{Line: 8, Character: len(comment)}, End: Position{Line: 8, Character: len(comment) + len(ReasonPlaceholder)}}
		if got.URI != uri || !got.TakeFocus || got.Selection == nil || *got.Selection != want {
			t.Errorf("showDocument = %+v, want %+v selected", got, want)
		}
		lines := strings.Split(text, "\n")
		if sel := lines[8][want.Start.Character:want.End.Character]; sel != ReasonPlaceholder {
			t.Errorf("the selection covers %q, want the placeholder", sel)
		}
		if m := s.request("workspace/executeCommand", map[string]any{"command": SelectReasonCommand, "arguments": []any{uri}}); m.Error == nil {
			t.Errorf("command without a range: %+v", m)
		}
	})

	t.Run("plain", func(t *testing.T) {
		s := startServer(t, Options{})
		s.initialize(s.dir, nil, nil)
		uri := s.open(s.write("template.yaml", memoryTemplate), memoryTemplate)
		s.waitDiags(uri, 1, hasCode("LV101"))
		a := ignoreAction(t, s, uri)
		if edit := a.Edit.Changes[uri]; len(edit) != 1 || edit[0].NewText != comment+ReasonPlaceholder+"\n" || a.Command != nil {
			t.Errorf("plain action = %+v", a)
		}
	})
}

func TestEscapeSnippet(t *testing.T) {
	if got, want := escapeSnippet(`a$b}c\d`), `a\$b\}c\\d`; got != want {
		t.Errorf("escapeSnippet = %q, want %q", got, want)
	}
	if got := utf16Len("é😀"); got != 3 {
		t.Errorf("utf16Len = %d, want 3", got)
	}
}
