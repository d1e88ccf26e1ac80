package lsp

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// refApplyChange is the plain implementation the text is checked
// against: every position converted by scanning the whole text, every
// edit copying it.
func refApplyChange(src []byte, c contentChange) ([]byte, error) {
	if c.Range == nil {
		return []byte(c.Text), nil
	}
	m := newMapper(src)
	start, end := m.offset(c.Range.Start), m.offset(c.Range.End)
	if end < start {
		return nil, fmt.Errorf("range ends before it starts")
	}
	out := make([]byte, 0, len(src)-(end-start)+len(c.Text))
	out = append(out, src[:start]...)
	out = append(out, c.Text...)
	out = append(out, src[end:]...)
	return out, nil
}

// checkChunks verifies the invariants of a text: counts that add up, no
// empty chunk, no chunk ending inside "\r\n" or a character.
func checkChunks(t *testing.T, text *docText) {
	t.Helper()
	size, breaks := 0, 0
	for i, c := range text.chunks {
		if len(c.b) == 0 {
			t.Fatalf("chunk %d is empty", i)
		}
		if b, u := count(c.b); b != c.breaks || u != c.units {
			t.Fatalf("chunk %d counts %d breaks %d units, has %d %d", i, c.breaks, c.units, b, u)
		}
		if i+1 < len(text.chunks) {
			next := text.chunks[i+1].b
			if c.b[len(c.b)-1] == '\r' && next[0] == '\n' {
				t.Fatalf("chunks %d and %d split a \\r\\n", i, i+1)
			}
			if !utf8.RuneStart(next[0]) {
				t.Fatalf("chunk %d starts inside a character", i+1)
			}
		}
		size += len(c.b)
		breaks += c.breaks
	}
	if size != text.size || breaks != text.breaks {
		t.Fatalf("text counts %d bytes %d breaks, has %d %d", text.size, text.breaks, size, breaks)
	}
}

// pieces are what the fuzzed edits insert: line breaks of each kind,
// characters of one to four bytes (two UTF-16 units for the emoji).
var pieces = []string{"", "a", "\n", "\r", "\r\n", "é", "日", "😀", "xy\nz", "\r\r\n\n", "😀\r", "\n😀", strings.Repeat("b", 40)}

// FuzzApplyChanges applies random sequences of incremental edits, with
// UTF-16 positions anywhere (past the line's end, inside surrogate pairs,
// lines past the end, negative), to a text kept in chunks of a few bytes,
// and checks each result against refApplyChange.
func FuzzApplyChanges(f *testing.F) {
	defer func(t, mx, mn int) { chunkTarget, chunkMax, chunkMin = t, mx, mn }(chunkTarget, chunkMax, chunkMin)
	chunkTarget, chunkMax, chunkMin = 8, 16, 3
	f.Add("MemorySize: 20480 # 😀 日本\r\nTimeout: 30\n", []byte{0, 12, 0, 5, 1, 3, 2, 1, 0, 0, 7})
	f.Add("a\r\nb\rc\nd😀e\r", []byte{1, 0, 0, 1, 4, 2, 1, 2, 3, 1, 0, 9, 9, 9, 9})
	f.Add(strings.Repeat("line 😀 ünïcode\r\n", 20), []byte{5, 3, 2, 7, 11, 200, 17, 4, 0, 2, 9, 250, 3, 3, 3})
	f.Add("0", []byte("0A0002")) // the fuzzer's first find: a text edited to nothing
	f.Fuzz(func(t *testing.T, src string, ops []byte) {
		src = strings.ToValidUTF8(src, "?") // what JSON decoding gives
		ref := []byte(src)
		text := newDocText([]byte(src))
		checkChunks(t, text)
		next := func() int {
			if len(ops) == 0 {
				return 0
			}
			b := int(ops[0])
			ops = ops[1:]
			return b
		}
		for step := 0; len(ops) > 0 && step < 200; step++ {
			lines := bytes.Count(ref, []byte("\n")) + bytes.Count(ref, []byte("\r")) + 2
			op := next()
			var changes []contentChange
			// One didChange carries one to four edits.
			for n := op%4 + 1; n > 0; n-- {
				kind := next()
				c := contentChange{Text: pieces[kind%len(pieces)]}
				if kind%29 != 28 {
					l1 := next()%(lines+1) - 1 + next()/255 // now and then line -1 or past the end
					c1 := next() % 24
					l2 := l1 + next()%3
					c2 := next() % 24
					if kind%7 == 6 {
						l2, c2 = l1-1, 0 // an inverted range
					}
					c.Range = &Range{Start: Position{l1, c1}, End: Position{l2, c2}}
				}
				changes = append(changes, c)
			}
			var refErr error
			for _, c := range changes {
				out, err := refApplyChange(ref, c)
				if err != nil {
					refErr = err
					break
				}
				ref = out
			}
			got, err := text.apply(changes)
			if (err != nil) != (refErr != nil) {
				t.Fatalf("step %d %+v: error %v, reference %v", step, changes, err, refErr)
			}
			checkChunks(t, got)
			if !bytes.Equal(got.bytes(), ref) {
				t.Fatalf("step %d %+v:\n got %q\nwant %q", step, changes, got.bytes(), ref)
			}
			if before, after := text.bytes(), got.bytes(); len(before) > 0 && len(after) > 0 && &before[0] == &after[0] {
				t.Fatalf("step %d: the new text shares the old one's bytes", step)
			}
			text = got
		}
	})
}

// TestManyEditsOneChange: one didChange of 10,000 one-character edits on
// a 1 MB document costs what the edits change, not edits × size (before:
// about 70 s, each edit scanning and copying the whole document).
func TestManyEditsOneChange(t *testing.T) {
	line := strings.Repeat("x", 99) + "\n" // 10,000 lines of 100 bytes
	src := strings.Repeat(line, 10_000)
	for _, name := range []string{"in order", "reverse order", "one long line"} {
		t.Run(name, func(t *testing.T) {
			text, edits := src, make([]contentChange, 10_000)
			for i := range edits {
				l, c := i, 50
				switch name {
				case "reverse order":
					l = len(edits) - 1 - i
				case "one long line":
					l, c = 0, (i*7919)%1_000_000
				}
				edits[i] = contentChange{Range: &Range{Start: Position{l, c}, End: Position{l, c + 1}}, Text: "y"}
			}
			if name == "one long line" {
				text = strings.ReplaceAll(src, "\n", " ")
			}
			begin := time.Now()
			got, err := newDocText([]byte(text)).apply(edits)
			if err != nil {
				t.Fatal(err)
			}
			out := got.bytes()
			elapsed := time.Since(begin)
			if len(out) != len(text) || bytes.Count(out, []byte("y")) != 10_000 {
				t.Fatalf("%d bytes, %d edits applied", len(out), bytes.Count(out, []byte("y")))
			}
			t.Logf("%s: %v", name, elapsed)
			if elapsed > 3*time.Second {
				t.Errorf("10,000 edits on 1 MB took %v", elapsed)
			}
		})
	}
}
