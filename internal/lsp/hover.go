package lsp

import (
	"slices"
	"strings"
)

// hover answers textDocument/hover over a finding with its rule's
// documentation (what `lambdavet -explain ID` prints), so the page behind
// a diagnostic's code is one hover away; nil when no finding of the
// document's current text covers the position.
func (s *server) hover(p *hoverParams) (*Hover, error) {
	path, err := uriToPath(p.TextDocument.URI)
	if err != nil {
		return nil, nil
	}
	s.mu.Lock()
	d := s.docs[path]
	findings := slices.Clone(s.fileDiags[path])
	s.mu.Unlock()
	if d == nil {
		return nil, nil
	}
	var (
		pages []string
		seen  = map[string]bool{}
		first *Range
	)
	for _, f := range findings {
		r := f.diag.Range
		if f.version != d.version || !covers(r, p.Position) || f.rule == "" || seen[f.rule] {
			continue
		}
		seen[f.rule] = true
		if first == nil {
			first = &r
		}
		pages = append(pages, s.explain(f))
	}
	if len(pages) == 0 {
		return nil, nil
	}
	return &Hover{Contents: MarkupContent{Kind: "markdown", Value: strings.Join(pages, "\n\n---\n\n")}, Range: first}, nil
}

// explain returns the documentation of f's rule, or, for a rule without
// a page (a user policy), its id and the finding's message.
func (s *server) explain(f finding) string {
	if s.opts.Explain != nil {
		if page, ok := s.opts.Explain(f.rule); ok {
			return strings.TrimSpace(page)
		}
	}
	return "**" + f.rule + "**: " + f.diag.Message
}

// covers reports whether pos lies in r, ends included (an editor hovers
// over a character, and an empty range marks the one at its start).
func covers(r Range, pos Position) bool {
	before := func(a, b Position) bool {
		return a.Line < b.Line || a.Line == b.Line && a.Character <= b.Character
	}
	return before(r.Start, pos) && before(pos, r.End)
}
