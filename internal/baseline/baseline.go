// Package baseline lets a team adopt lambdavet on a repository that already
// has findings: `-baseline-write FILE` records today's findings, and
// `-baseline FILE` then reports only findings that are not in it.
//
// A finding is recognized by a fingerprint of its rule, its file (relative
// to the baseline file's folder, so the baseline works from any working
// directory), its resource and the source text it points at (the value to
// fix), never its line number: editing other parts of a file moves findings
// without making them new. Identical fingerprints are counted, so a second
// copy of a recorded finding is new.
package baseline

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/lambdavet/lambdavet/internal/driver"
	"github.com/lambdavet/lambdavet/internal/safefile"
)

// Version is the format version written and read.
const Version = 1

// Entry is one recorded finding. Only Fingerprint is used for matching;
// the other fields tell a reviewer what was accepted.
type Entry struct {
	Rule        string `json:"rule"`
	File        string `json:"file"`
	Resource    string `json:"resource,omitempty"`
	Message     string `json:"message"`
	Fingerprint string `json:"fingerprint"`
}

// document is the file's JSON form.
type document struct {
	Tool     string  `json:"tool"`
	Version  int     `json:"version"`
	Findings []Entry `json:"findings"`
}

// Baseline is a read baseline file.
type Baseline struct {
	path string
	dir  string
	// counts holds how many findings of each fingerprint are recorded and
	// not yet matched.
	counts map[string]int
	total  int
	// left holds, by fingerprint, the recorded findings not matched yet by
	// Split or Seen; entries gives each fingerprint's rule and file.
	left    map[string]int
	entries map[string]Entry
}

// Fingerprint identifies a finding by its rule, its file (slash-separated,
// relative to a fixed folder), its resource and the text of the value it
// points at, as 32 hex digits.
func Fingerprint(rule, file, resource, value string) string {
	h := sha256.New()
	for _, part := range []string{rule, filepath.ToSlash(file), resource, value} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// Value returns the source text diagnostic d points at, with runs of white
// space made one space: the value to fix. When the range is empty it is the
// text of the line.
func Value(src []byte, d driver.Diagnostic) string {
	lines := strings.Split(string(src), "\n")
	if d.Line < 1 || d.Line > len(lines) {
		return ""
	}
	var text string
	endLine, endCol := d.EndLine, d.EndColumn
	if endLine < d.Line || (endLine == d.Line && endCol <= d.Column) {
		text = lines[d.Line-1]
	} else {
		endLine = min(endLine, len(lines))
		var b strings.Builder
		for l := d.Line; l <= endLine; l++ {
			line := lines[l-1]
			from, to := 0, len(line)
			if l == d.Line {
				from = min(max(d.Column-1, 0), len(line))
			}
			if l == endLine {
				to = min(max(endCol-1, from), len(line))
			}
			b.WriteString(line[from:to])
			b.WriteByte('\n')
		}
		text = b.String()
	}
	return strings.Join(strings.Fields(text), " ")
}

// rel returns file relative to dir, slash-separated; file as given when it
// cannot be made relative.
func rel(dir, file string) string {
	abs, err := filepath.Abs(file)
	if err != nil {
		return filepath.ToSlash(file)
	}
	r, err := filepath.Rel(dir, abs)
	if err != nil {
		return filepath.ToSlash(file)
	}
	return filepath.ToSlash(r)
}

func fingerprint(dir string, d driver.Diagnostic, sources map[string][]byte) string {
	return Fingerprint(d.Rule, rel(dir, d.File), d.Resource, Value(sources[d.File], d))
}

// absDir returns the absolute folder of path.
func absDir(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("baseline %s: %w", path, err)
	}
	return filepath.Dir(abs), nil
}

// Write records diags in a baseline file at path; sources are the files'
// contents, for the values the fingerprints are made of.
func Write(path string, diags []driver.Diagnostic, sources map[string][]byte) error {
	dir, err := absDir(path)
	if err != nil {
		return err
	}
	doc := document{Tool: "lambdavet", Version: Version, Findings: []Entry{}}
	for _, d := range diags {
		doc.Findings = append(doc.Findings, Entry{
			Rule: d.Rule, File: rel(dir, d.File), Resource: d.Resource, Message: d.Message,
			Fingerprint: fingerprint(dir, d, sources),
		})
	}
	// Sorted without line numbers, so rewriting the baseline after lines
	// moved changes nothing.
	sort.SliceStable(doc.Findings, func(i, j int) bool {
		a, b := doc.Findings[i], doc.Findings[j]
		for _, c := range [][2]string{{a.File, b.File}, {a.Rule, b.Rule}, {a.Resource, b.Resource}, {a.Fingerprint, b.Fingerprint}, {a.Message, b.Message}} {
			if c[0] != c[1] {
				return c[0] < c[1]
			}
		}
		return false
	})
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding baseline: %w", err)
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("writing baseline: %w", err)
	}
	return nil
}

// MaxSize bounds a baseline file: a finding is recorded in about 150
// bytes, so this holds several hundred thousand.
const MaxSize = 64 << 20

// Read reads the baseline file at path (named on the command line: the
// user's choice, wherever it is), through the bounded reader: a regular
// file of at most MaxSize, so /dev/zero or a FIFO is refused at once.
func Read(path string) (*Baseline, error) {
	return read(path, "")
}

// ReadIn reads the baseline file at path like Read, and refuses it when its
// real path (symbolic links resolved) is outside root: the baseline a
// committed configuration names must be in the repository.
func ReadIn(path, root string) (*Baseline, error) {
	return read(path, root)
}

func read(path, root string) (*Baseline, error) {
	dir, err := absDir(path)
	if err != nil {
		return nil, err
	}
	var b []byte
	if root != "" {
		b, err = safefile.ReadIn(root, path, MaxSize)
	} else {
		b, err = safefile.Read(path, MaxSize)
	}
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("baseline %s does not exist; create it with -baseline-write %s", path, path)
	}
	if err != nil {
		return nil, fmt.Errorf("reading baseline: %w", err)
	}
	var doc document
	if err := json.Unmarshal(b, &doc); err != nil {
		// Not the decoder's message: it can quote the file (json: cannot
		// unmarshal string "…"), which may not be a baseline at all.
		return nil, fmt.Errorf("baseline %s is not a lambdavet baseline (%s); write it with -baseline-write", path, jsonProblem(err))
	}
	if doc.Tool != "lambdavet" || doc.Version != Version {
		return nil, fmt.Errorf("baseline %s: not a lambdavet baseline of version %d; write it again with -baseline-write", path, Version)
	}
	bl := &Baseline{path: path, dir: dir, counts: map[string]int{}, left: map[string]int{}, entries: map[string]Entry{}}
	for i, e := range doc.Findings {
		if e.Fingerprint == "" {
			return nil, fmt.Errorf("baseline %s: finding %d has no fingerprint", path, i+1)
		}
		bl.counts[e.Fingerprint]++
		bl.left[e.Fingerprint]++
		bl.entries[e.Fingerprint] = e
		bl.total++
	}
	return bl, nil
}

// jsonProblem says what is wrong with a JSON document without quoting it.
func jsonProblem(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Sprintf("invalid JSON at byte %d", syn.Offset)
	case errors.As(err, &typ):
		return fmt.Sprintf("a JSON %s where a baseline has another type, at byte %d", typ.Value, typ.Offset)
	}
	return "invalid JSON"
}

// Filter returns the diagnostics the baseline does not record, and how many
// it matched. Each recorded finding matches at most one diagnostic.
func (b *Baseline) Filter(diags []driver.Diagnostic, sources map[string][]byte) (kept []driver.Diagnostic, matched int) {
	kept, m := b.Split(diags, sources)
	return kept, len(m)
}

// Split returns the diagnostics the baseline does not record (kept) and
// those it does (matched), which SARIF still lists as suppressed. Each
// recorded finding matches one diagnostic, over all calls of Split and Seen.
func (b *Baseline) Split(diags []driver.Diagnostic, sources map[string][]byte) (kept, matched []driver.Diagnostic) {
	for _, d := range diags {
		if b.take(d, sources) {
			matched = append(matched, d)
			continue
		}
		kept = append(kept, d)
	}
	return kept, matched
}

// Seen marks findings that are still there but silenced by other means (a
// suppression in the file): the recorded findings they match are not gone.
func (b *Baseline) Seen(diags []driver.Diagnostic, sources map[string][]byte) {
	for _, d := range diags {
		b.take(d, sources)
	}
}

func (b *Baseline) take(d driver.Diagnostic, sources map[string][]byte) bool {
	fp := fingerprint(b.dir, d, sources)
	if b.left[fp] > 0 {
		b.left[fp]--
		return true
	}
	return false
}

// Gone returns how many recorded findings nothing matched, among those
// that checked says were looked for: checked gets the rule and the file's
// absolute path, and says whether that rule ran over that file in this run.
// A finding of a file not linted (another folder, a file that did not
// load) or of a rule turned off is not gone: rewriting the baseline then
// would delete it.
func (b *Baseline) Gone(checked func(rule, absFile string) bool) int {
	n := 0
	for fp, left := range b.left {
		if left == 0 {
			continue
		}
		e := b.entries[fp]
		if checked(e.Rule, filepath.Join(b.dir, filepath.FromSlash(e.File))) {
			n += left
		}
	}
	return n
}

// Len returns how many findings the baseline records.
func (b *Baseline) Len() int { return b.total }
