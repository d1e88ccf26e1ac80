package lsp

// An open document's text, kept so that an edit costs what it changes,
// not what the document holds: one didChange may carry thousands of
// edits, each addressed by a protocol position (line, UTF-16 unit) in the
// text the edits before it left. Converting each position by scanning the
// whole text, and copying the whole text for each edit, cost edits ×
// size (10,000 edits on 1 MB: 70 s).
//
// The text is a list of chunks of a few kilobytes, each knowing its line
// breaks and UTF-16 units, so a position is found by skipping whole
// chunks and scanning one, and an edit copies only the chunks at its two
// ends. Chunks are never changed once made: a lint's snapshot of the text
// is a pointer, taken under the server's lock without copying.

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"
	"sync"
	"unicode/utf8"
)

// Chunk sizes: an edit copies up to two chunks, a position skips the
// chunks before it (32 MB, the largest file lambdavet reads, is about
// 8,000 chunks). Variables only so that the fuzz test can make chunks of
// a few bytes.
var (
	chunkTarget = 4 << 10
	chunkMax    = 8 << 10
	chunkMin    = 1 << 10
)

// chunk is a piece of text. No chunk ends between the "\r" and "\n" of a
// line break, and, in valid UTF-8 (all JSON strings decode to it), none
// ends inside a character: so the counts of consecutive chunks add up.
type chunk struct {
	b []byte
	// breaks are the line breaks that end in b ("\n", "\r\n", or "\r").
	breaks int
	// units are b's length in UTF-16 code units.
	units int
}

// docText is an immutable document text.
type docText struct {
	chunks []chunk
	size   int
	breaks int

	once sync.Once
	flat []byte
}

// newDocText makes a text of b, which must not change afterwards.
func newDocText(b []byte) *docText {
	t := &docText{chunks: splitChunks(nil, b)}
	t.size, t.breaks = totals(t.chunks)
	t.once.Do(func() { t.flat = b })
	return t
}

// bytes returns the text in one piece, made once (outside the server's
// lock: the lint that needs it makes it).
func (t *docText) bytes() []byte {
	t.once.Do(func() {
		out := make([]byte, 0, t.size)
		for _, c := range t.chunks {
			out = append(out, c.b...)
		}
		t.flat = out
	})
	return t.flat
}

// apply returns the text after the changes of one didChange, in order.
// When a change is invalid, the text after the changes before it is
// returned, with the error.
func (t *docText) apply(changes []contentChange) (*docText, error) {
	e := &textEditor{chunks: slices.Clone(t.chunks), size: t.size, breaks: t.breaks}
	var err error
	for i, c := range changes {
		if c.Range == nil {
			e.chunks = splitChunks(nil, []byte(c.Text))
			e.size, e.breaks = totals(e.chunks)
			e.at, e.atBytes, e.atBreaks = 0, 0, 0
			continue
		}
		start, end := e.offset(c.Range.Start), e.offset(c.Range.End)
		if end < start {
			err = fmt.Errorf("change %d: range ends (%d:%d) before it starts (%d:%d)",
				i, c.Range.End.Line, c.Range.End.Character, c.Range.Start.Line, c.Range.Start.Character)
			break
		}
		e.replace(start, end, c.Text)
	}
	out := &docText{chunks: e.chunks, size: e.size, breaks: e.breaks}
	return out, err
}

// textEditor applies edits to a private list of chunks. Its cursor is a
// chunk index with the bytes and line breaks before it, so that edits
// close to each other (editors send them in order) skip few chunks.
type textEditor struct {
	chunks       []chunk
	size, breaks int

	at, atBytes, atBreaks int
}

// moveTo moves the cursor to chunk i (0 <= i <= len(chunks)).
func (e *textEditor) moveTo(i int) {
	for e.at < i {
		e.atBytes += len(e.chunks[e.at].b)
		e.atBreaks += e.chunks[e.at].breaks
		e.at++
	}
	for e.at > i {
		e.at--
		e.atBytes -= len(e.chunks[e.at].b)
		e.atBreaks -= e.chunks[e.at].breaks
	}
}

// offset returns the byte offset of a protocol position, as mapper.offset
// does: a line past the end is the end of the text, a character past the
// end of its line the end of the line, a character inside a surrogate
// pair the start of the character it splits.
func (e *textEditor) offset(p Position) int {
	if p.Line < 0 || len(e.chunks) == 0 {
		return 0
	}
	if p.Line > e.breaks {
		return e.size
	}
	k, pos, off := 0, 0, 0
	if p.Line > 0 {
		// The chunk where the p.Line-th break ends.
		for e.at > 0 && e.atBreaks >= p.Line {
			e.moveTo(e.at - 1)
		}
		for e.atBreaks+e.chunks[e.at].breaks < p.Line {
			e.moveTo(e.at + 1)
		}
		k = e.at
		pos = afterBreaks(e.chunks[k].b, p.Line-e.atBreaks)
		off = e.atBytes + pos
	}
	units := 0
	for ; k < len(e.chunks); k, pos = k+1, 0 {
		c := &e.chunks[k]
		if pos == 0 && c.breaks == 0 && units+c.units <= p.Character {
			// The whole chunk is on the line and before the position.
			units += c.units
			off += len(c.b)
			continue
		}
		for pos < len(c.b) {
			if pos+8 <= len(c.b) && units+8 <= p.Character {
				// Eight ASCII characters, none a line break, at once.
				if w := binary.LittleEndian.Uint64(c.b[pos:]); w&hiBits == 0 && !hasByte(w, '\n') && !hasByte(w, '\r') {
					units += 8
					pos += 8
					off += 8
					continue
				}
			}
			b := c.b[pos]
			if b == '\n' || b == '\r' {
				return off
			}
			n, size := 1, 1
			if b >= utf8.RuneSelf {
				var r rune
				r, size = utf8.DecodeRune(c.b[pos:])
				if r >= 0x10000 {
					n = 2
				}
			}
			if units+n > p.Character {
				return off
			}
			units += n
			pos += size
			off += size
		}
	}
	return off
}

const (
	loBits = 0x0101010101010101
	hiBits = 0x8080808080808080
)

// hasByte reports whether one of the eight bytes of w, all ASCII, is c.
func hasByte(w uint64, c byte) bool {
	x := w ^ (loBits * uint64(c))
	return (x-loBits)&^x&hiBits != 0
}

// replace replaces the bytes [start, end) with text.
func (e *textEditor) replace(start, end int, text string) {
	if len(e.chunks) == 0 {
		e.chunks = splitChunks(nil, []byte(text))
		e.size, e.breaks = totals(e.chunks)
		return
	}
	// The chunks holding start and end.
	if e.at == len(e.chunks) {
		e.moveTo(e.at - 1)
	}
	for e.atBytes > start {
		e.moveTo(e.at - 1)
	}
	for e.atBytes+len(e.chunks[e.at].b) < start {
		e.moveTo(e.at + 1)
	}
	lo, hi := e.at, e.at
	so, endBase := start-e.atBytes, e.atBytes
	for endBase+len(e.chunks[hi].b) < end {
		endBase += len(e.chunks[hi].b)
		hi++
	}
	eo := end - endBase
	first, last := e.chunks[lo].b, e.chunks[hi].b
	buf := make([]byte, 0, so+len(text)+len(last)-eo)
	buf = append(buf, first[:so]...)
	buf = append(buf, text...)
	buf = append(buf, last[eo:]...)
	// A neighbor joins when the seam would split a "\r\n", when nothing is
	// left between the two neighbors, or when both sides are small.
	if lo > 0 {
		prev := e.chunks[lo-1].b
		if len(buf) == 0 || prev[len(prev)-1] == '\r' && buf[0] == '\n' || small(prev, buf) {
			buf = append(prev[:len(prev):len(prev)], buf...)
			lo--
		}
	}
	if hi+1 < len(e.chunks) {
		next := e.chunks[hi+1].b
		if len(buf) > 0 && buf[len(buf)-1] == '\r' && next[0] == '\n' || small(buf, next) {
			buf = append(buf, next...)
			hi++
		}
	}
	e.moveTo(lo)
	var removedBytes, removedBreaks int
	for _, c := range e.chunks[lo : hi+1] {
		removedBytes += len(c.b)
		removedBreaks += c.breaks
	}
	repl := splitChunks(nil, buf)
	addedBytes, addedBreaks := totals(repl)
	e.chunks = slices.Replace(e.chunks, lo, hi+1, repl...)
	e.size += addedBytes - removedBytes
	e.breaks += addedBreaks - removedBreaks
}

// small reports whether two neighbors are better one chunk: one of them
// is small and together they are not large.
func small(a, b []byte) bool {
	return len(a)+len(b) <= chunkTarget && min(len(a), len(b)) < chunkMin
}

// splitChunks appends b, cut into chunks, to dst. Cuts fall at the start
// of a character and never inside a "\r\n".
func splitChunks(dst []chunk, b []byte) []chunk {
	for len(b) > 0 {
		n := len(b)
		if n > chunkMax {
			n = chunkTarget
			for n < len(b) && n < chunkMax && (!utf8.RuneStart(b[n]) || b[n] == '\n' && b[n-1] == '\r') {
				n++
			}
		}
		piece := b[:n:n]
		breaks, units := count(piece)
		dst = append(dst, chunk{b: piece, breaks: breaks, units: units})
		b = b[n:]
	}
	return dst
}

// count returns the line breaks ending in b and its UTF-16 length; a "\r"
// at the end is a break (no chunk ends inside a "\r\n"). It runs once
// per edit over a chunk, so ASCII goes eight bytes at a time.
func count(b []byte) (breaks, units int) {
	breaks = bytes.Count(b, []byte{'\n'})
	for i := bytes.IndexByte(b, '\r'); i >= 0; {
		if i+1 == len(b) || b[i+1] != '\n' {
			breaks++ // a "\r" alone
		}
		j := bytes.IndexByte(b[i+1:], '\r')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	for i := 0; i < len(b); {
		if i+8 <= len(b) && binary.LittleEndian.Uint64(b[i:])&hiBits == 0 {
			units += 8
			i += 8
			continue
		}
		if b[i] < utf8.RuneSelf {
			units++
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r >= 0x10000 {
			units++
		}
		units++
		i += size
	}
	return breaks, units
}

// afterBreaks returns the offset just after the n-th line break of b
// (n >= 1, and b holds at least n).
func afterBreaks(b []byte, n int) int {
	cr := bytes.IndexByte(b, '\r') >= 0
	i := 0
	for {
		var j int
		if cr {
			j = bytes.IndexAny(b[i:], "\r\n")
		} else {
			j = bytes.IndexByte(b[i:], '\n')
		}
		if j < 0 {
			return len(b)
		}
		i += j
		if b[i] == '\r' && i+1 < len(b) && b[i+1] == '\n' {
			i++
		}
		i++
		if n--; n == 0 {
			return i
		}
	}
}

// totals returns the bytes and line breaks of chunks.
func totals(chunks []chunk) (size, breaks int) {
	for _, c := range chunks {
		size += len(c.b)
		breaks += c.breaks
	}
	return size, breaks
}
