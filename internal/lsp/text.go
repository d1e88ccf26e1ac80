package lsp

// Positions. The protocol counts lines ending at "\n", "\r\n" or "\r", and
// characters in UTF-16 code units; lambdavet's diagnostics count lines
// ending at "\n" and columns in bytes (go/token). Both are converted
// through byte offsets into the exact text that was linted.

import (
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"unicode/utf8"
)

// mapper converts between byte offsets, protocol positions and go/token
// line:column pairs for one text.
type mapper struct {
	src []byte
	// lines are the offsets where protocol lines start.
	lines []int
	// nl are the offsets where go/token lines (split at "\n") start.
	nl []int
	// cps are UTF-16 checkpoints for long lines, made when first needed.
	cps []checkpoint
}

func newMapper(src []byte) *mapper {
	m := &mapper{src: src, lines: []int{0}, nl: []int{0}}
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '\n':
			m.lines = append(m.lines, i+1)
			m.nl = append(m.nl, i+1)
		case '\r':
			if i+1 < len(src) && src[i+1] == '\n' {
				continue // the "\n" ends the line
			}
			m.lines = append(m.lines, i+1)
		}
	}
	return m
}

// lineEnd returns the offset where protocol line i's text ends (before its
// line terminator).
func (m *mapper) lineEnd(i int) int {
	if i+1 >= len(m.lines) {
		return len(m.src)
	}
	end := m.lines[i+1] - 1 // the last byte of the terminator
	if m.src[end] == '\n' && end > m.lines[i] && m.src[end-1] == '\r' {
		end--
	}
	return end
}

// offset returns the byte offset of a protocol position. A line past the
// end is the end of the text; a character past the end of its line is the
// end of the line (as the protocol says); a character inside a surrogate
// pair is the start of the character it splits.
func (m *mapper) offset(p Position) int {
	if p.Line < 0 {
		return 0
	}
	if p.Line >= len(m.lines) {
		return len(m.src)
	}
	off, end := m.lines[p.Line], m.lineEnd(p.Line)
	for units := 0; off < end; {
		r, size := utf8.DecodeRune(m.src[off:end])
		n := 1
		if r >= 0x10000 {
			n = 2
		}
		if units+n > p.Character {
			break
		}
		units += n
		off += size
	}
	return off
}

// position returns the protocol position of a byte offset.
func (m *mapper) position(off int) Position {
	off = max(0, min(off, len(m.src)))
	line := sort.Search(len(m.lines), func(i int) bool { return m.lines[i] > off }) - 1
	start := m.lines[line]
	if end := m.lineEnd(line); off > end {
		off = end // inside a "\r\n": the end of the line's text
	}
	if off-start <= unitBlock {
		return Position{Line: line, Character: countUnits(m.src, start, off)}
	}
	// A long line: from the checkpoints, so that the findings of a
	// one-line template cost no more than those of any other.
	return Position{Line: line, Character: m.unitsAt(off) - m.unitsAt(start)}
}

// unitBlock is the spacing of the mapper's UTF-16 checkpoints.
const unitBlock = 1024

// checkpoint is the UTF-16 length of the text before a character start.
type checkpoint struct{ off, units int }

// unitsAt returns the UTF-16 length of src[:x], scanning at most about
// unitBlock bytes from a checkpoint; the checkpoints are made once.
func (m *mapper) unitsAt(x int) int {
	if m.cps == nil {
		m.cps = []checkpoint{{0, 0}}
		units := 0
		for i := 0; i < len(m.src); {
			if i >= len(m.cps)*unitBlock {
				m.cps = append(m.cps, checkpoint{i, units})
			}
			r, size := utf8.DecodeRune(m.src[i:])
			units++
			if r >= 0x10000 {
				units++
			}
			i += size
		}
	}
	j := min(x/unitBlock, len(m.cps)-1)
	for j > 0 && m.cps[j].off > x {
		j--
	}
	return m.cps[j].units + countUnits(m.src, m.cps[j].off, x)
}

// countUnits returns the UTF-16 length of src[from:to], from a character
// start; a character cut at to counts a unit per byte, as the protocol's
// positions never fall inside one.
func countUnits(src []byte, from, to int) int {
	units := 0
	for i := from; i < to; {
		r, size := utf8.DecodeRune(src[i:to])
		if r >= 0x10000 {
			units += 2
		} else {
			units++
		}
		i += size
	}
	return units
}

// tokenOffset returns the byte offset of a go/token 1-based line and byte
// column, clamped to the line.
func (m *mapper) tokenOffset(line, col int) int {
	if line < 1 {
		return 0
	}
	if line > len(m.nl) {
		return len(m.src)
	}
	start := m.nl[line-1]
	end := len(m.src)
	if line < len(m.nl) {
		end = m.nl[line] - 1
	}
	return max(start, min(start+max(col-1, 0), end))
}

// tokenRange returns the protocol range of a go/token span; an end before
// the start (or none) makes an empty range at the start.
func (m *mapper) tokenRange(line, col, endLine, endCol int) Range {
	start := m.tokenOffset(line, col)
	end := start
	if endLine > 0 {
		end = max(start, m.tokenOffset(endLine, endCol))
	}
	return Range{Start: m.position(start), End: m.position(end)}
}

// lineIndent returns the leading blanks of protocol line i.
func (m *mapper) lineIndent(i int) string {
	if i < 0 || i >= len(m.lines) {
		return ""
	}
	line := m.src[m.lines[i]:m.lineEnd(i)]
	n := 0
	for n < len(line) && (line[n] == ' ' || line[n] == '\t') {
		n++
	}
	return string(line[:n])
}

// eol returns the line terminator the text uses ("\n" unless its first
// line ends in "\r\n").
func (m *mapper) eol() string {
	if len(m.lines) > 1 && m.lines[1] >= 2 && m.src[m.lines[1]-2] == '\r' && m.src[m.lines[1]-1] == '\n' {
		return "\r\n"
	}
	return "\n"
}

var errNotFile = errors.New("not a file: URI")

// uriToPath returns the absolute, cleaned file path of a file: URI.
func uriToPath(uri string) (string, error) {
	u, err := url.Parse(uri)
	if err != nil {
		return "", err
	}
	if u.Scheme != "file" {
		return "", fmt.Errorf("%w: %s", errNotFile, uri)
	}
	p := u.Path
	if runtime.GOOS == "windows" {
		// file:///C:/x is C:\x.
		p = strings.TrimPrefix(p, "/")
		if u.Host != "" {
			p = `\\` + u.Host + `\` + p
		}
	}
	return filepath.Clean(filepath.FromSlash(p)), nil
}

// pathToURI returns the file: URI of an absolute path.
func pathToURI(path string) string {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // a Windows drive
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}
