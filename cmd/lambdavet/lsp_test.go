package main

import (
	"io"
	"strings"
	"testing"
)

// TestEditorHoverIsExplain: the editor's hover shows what -explain prints.
func TestEditorHoverIsExplain(t *testing.T) {
	explain := lspOptions(io.Discard, 0).Explain
	if explain == nil {
		t.Fatal("the editor server has no rule pages")
	}
	page, ok := explain("LV101")
	code, out, _ := runCLI(t, "-explain", "LV101")
	if !ok || code != 0 || strings.TrimSpace(page) != strings.TrimSpace(out) || !strings.Contains(page, "LV101") {
		t.Errorf("hover page (%v) = %q, -explain (exit %d) = %q", ok, page, code, out)
	}
	if _, ok := explain("LV999"); ok {
		t.Error("a page for an unknown rule")
	}
}
