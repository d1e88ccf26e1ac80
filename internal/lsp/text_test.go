package lsp

import (
	"sort"
	"strings"
	"testing"
	"time"
)

func TestMapperPositions(t *testing.T) {
	// "é" is 2 bytes and 1 UTF-16 unit, "日" 3 bytes and 1 unit, "😀" 4
	// bytes and 2 units (a surrogate pair).
	src := "ab\r\né日😀x\rlast\n"
	m := newMapper([]byte(src))
	for _, tc := range []struct {
		off  int
		want Position
	}{
		{0, Position{0, 0}},
		{2, Position{0, 2}},             // before "\r\n"
		{3, Position{0, 2}},             // inside "\r\n": the end of the line
		{4, Position{1, 0}},             // "é"
		{6, Position{1, 1}},             // "日"
		{9, Position{1, 2}},             // "😀"
		{13, Position{1, 4}},            // "x", after a surrogate pair
		{15, Position{2, 0}},            // after a lone "\r"
		{len(src), Position{3, 0}},      // after the final newline
		{len(src) + 10, Position{3, 0}}, // clamped
	} {
		if got := m.position(tc.off); got != tc.want {
			t.Errorf("position(%d) = %v, want %v", tc.off, got, tc.want)
		}
	}
	for _, tc := range []struct {
		pos  Position
		want int
	}{
		{Position{0, 0}, 0},
		{Position{0, 99}, 2}, // past the end of the line: its end
		{Position{1, 1}, 6},
		{Position{1, 2}, 9},
		{Position{1, 3}, 9}, // inside the surrogate pair: the start of the character
		{Position{1, 4}, 13},
		{Position{1, 5}, 14},
		{Position{2, 4}, 19},
		{Position{3, 0}, len(src)},
		{Position{9, 0}, len(src)}, // past the last line: the end
	} {
		if got := m.offset(tc.pos); got != tc.want {
			t.Errorf("offset(%v) = %d, want %d", tc.pos, got, tc.want)
		}
	}
}

func TestTokenRange(t *testing.T) {
	// go/token columns are bytes; lines end at "\n" only.
	src := "a: 1\n  Description: \"😀 é\" # x\n  MemorySize: 20480\n"
	m := newMapper([]byte(src))
	// "MemorySize" value at line 3, byte column 15..20.
	got := m.tokenRange(3, 15, 3, 20)
	want := Range{Start: Position{2, 14}, End: Position{2, 19}}
	if got != want {
		t.Errorf("tokenRange = %v, want %v", got, want)
	}
	// `# x` on line 2 starts at byte column 26 (the emoji is 4 bytes, "é"
	// 2): UTF-16 character 22 (the emoji is 2 units, "é" 1).
	line2 := strings.Split(src, "\n")[1]
	col := strings.Index(line2, "#") + 1
	if got := m.tokenRange(2, col, 0, 0).Start; got != (Position{1, 22}) {
		t.Errorf("comment at byte column %d: got %v, want 1:22", col, got)
	}
	// An end before the start makes an empty range.
	if got := m.tokenRange(3, 15, 1, 1); got.Start != got.End {
		t.Errorf("inverted range not emptied: %v", got)
	}
}

func TestApplyChange(t *testing.T) {
	src := []byte("MemorySize: 20480 # 😀 日本\nTimeout: 30\n")
	steps := []struct {
		change contentChange
		want   string
	}{
		// Replace "20480" (characters 12..17 on line 0).
		{contentChange{Range: &Range{Position{0, 12}, Position{0, 17}}, Text: "1024"}, "MemorySize: 1024 # 😀 日本\nTimeout: 30\n"},
		// Insert after the emoji: it counts two units.
		{contentChange{Range: &Range{Position{0, 21}, Position{0, 21}}, Text: "!"}, "MemorySize: 1024 # 😀! 日本\nTimeout: 30\n"},
		// Delete "日" (after "😀! ", at character 23).
		{contentChange{Range: &Range{Position{0, 23}, Position{0, 24}}, Text: ""}, "MemorySize: 1024 # 😀! 本\nTimeout: 30\n"},
		// Join the lines.
		{contentChange{Range: &Range{Position{0, 24}, Position{1, 0}}, Text: " "}, "MemorySize: 1024 # 😀! 本 Timeout: 30\n"},
		// Append at a line past the end.
		{contentChange{Range: &Range{Position{5, 0}, Position{5, 0}}, Text: "End: 1\n"}, "MemorySize: 1024 # 😀! 本 Timeout: 30\nEnd: 1\n"},
		// Replace everything.
		{contentChange{Text: "x"}, "x"},
	}
	text := newDocText(src)
	for i, st := range steps {
		var err error
		text, err = text.apply([]contentChange{st.change})
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		if got := string(text.bytes()); got != st.want {
			t.Fatalf("step %d: got %q, want %q", i, got, st.want)
		}
	}
	if _, err := newDocText([]byte("abc")).apply([]contentChange{{Range: &Range{Position{0, 2}, Position{0, 1}}}}); err == nil {
		t.Error("inverted range accepted")
	}
}

func TestURIs(t *testing.T) {
	for _, path := range []string{"/tmp/a b/template.yaml", "/tmp/ünï/x#y.tf"} {
		uri := pathToURI(path)
		back, err := uriToPath(uri)
		if err != nil || back != path {
			t.Errorf("%s -> %s -> %s, %v", path, uri, back, err)
		}
	}
	if _, err := uriToPath("untitled:Untitled-1"); err == nil {
		t.Error("untitled: URI taken as a file")
	}
	if p, err := uriToPath("file:///tmp/a%20b/t.yaml"); err != nil || p != "/tmp/a b/t.yaml" {
		t.Errorf("percent-encoded URI: %q, %v", p, err)
	}
}

func TestMapperEOLAndIndent(t *testing.T) {
	m := newMapper([]byte("a:\r\n    b: 1\r\n"))
	if m.eol() != "\r\n" {
		t.Errorf("eol = %q", m.eol())
	}
	if got := m.lineIndent(1); got != "    " {
		t.Errorf("indent = %q", got)
	}
	if newMapper([]byte("a\n")).eol() != "\n" {
		t.Error("eol of a \\n file")
	}
}

// TestLongLinePositions: positions on a 1 MB line are those of a scan
// from the line's start, and cost no scan of it each (before: 10,000
// findings on a one-line template scanned 10,000 × 1 MB under the lock).
func TestLongLinePositions(t *testing.T) {
	src := []byte("a\r\n" + strings.Repeat("x😀é日\r", 1) + strings.Repeat("ab😀cdé日", 100_000) + "\nend")
	m := newMapper(src)
	line := m.lines[2]
	begin := time.Now()
	for i := 0; i < 10_000; i++ {
		off := line + (i*7919)%(len(src)-line)
		got := m.position(off)
		if i%500 == 0 {
			// The reference: a scan from the line's start.
			l := sort.Search(len(m.lines), func(k int) bool { return m.lines[k] > off }) - 1
			end := min(off, m.lineEnd(l))
			if want := (Position{Line: l, Character: countUnits(src, m.lines[l], end)}); got != want {
				t.Fatalf("position(%d) = %v, want %v", off, got, want)
			}
		}
	}
	if d := time.Since(begin); d > time.Second {
		t.Errorf("10,000 positions on a 1 MB line took %v", d)
	}
}
