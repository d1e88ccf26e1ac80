package cfn

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/lambdavet/lambdavet/parsers/cfn/cfntest"
	"github.com/lambdavet/lambdavet/parsers/model"
)

// cost parses src once and returns the template, the bytes allocated and
// the time taken.
func cost(t *testing.T, src []byte, budget *model.Budget) (*Template, uint64, time.Duration) {
	t.Helper()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	tpl := ParseBudget("t.yaml", src, budget)
	took := time.Since(start)
	runtime.ReadMemStats(&after)
	return tpl, after.TotalAlloc - before.TotalAlloc, took
}

// wantError checks that parsing failed with one error containing msg at a
// real position (a line of the file, not 0 or 1:1 by default).
func wantError(t *testing.T, tpl *Template, msg string, line int) {
	t.Helper()
	if len(tpl.Errors) == 0 {
		t.Fatalf("no error, want %q", msg)
	}
	e := tpl.Errors[len(tpl.Errors)-1]
	if !strings.Contains(e.Message, msg) {
		t.Errorf("error %q, want it to contain %q", e.Message, msg)
	}
	if e.Range.File != "t.yaml" || int(e.Range.Start.Line) != line {
		t.Errorf("error at %v, want t.yaml line %d", e.Range, line)
	}
	if tpl.Root != nil {
		t.Errorf("a file past its limits has a root")
	}
}

// An alias bomb padded with a large comment: the alias bound is fixed, so
// the padding buys nothing; the error is at the alias that crossed it.
func TestAliasBombWithPadding(t *testing.T) {
	var b strings.Builder
	b.WriteString("Resources: {}\n# " + strings.Repeat("x", 8<<20) + "\n")
	b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&b, "a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]\n", i, i, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1)
	}
	src := []byte(b.String())
	tpl, alloc, took := cost(t, src, nil)
	wantError(t, tpl, "aliases expand to more than 500000 nodes", 8)
	// The padding is read, not multiplied: the file, its line index and
	// the YAML library's copies of the comment, twice (the piecewise parse
	// gives up at the first alias to another piece, then the whole parse).
	if limit := uint64(16 * len(src)); alloc > limit {
		t.Errorf("allocated %d bytes for a %d-byte file, want at most %d", alloc, len(src), limit)
	}
	if took > 5*time.Second {
		t.Errorf("took %v", took)
	}

	// A project budget with fewer values is the bound, and says so.
	budget := model.NewBudget(model.Limits{Values: 1000})
	tpl = ParseBudget("t.yaml", src, budget)
	wantError(t, tpl, "expanding YAML aliases exceeds lambdavet's values budget of 1000", 5)
	if budget.Err() == nil {
		t.Error("the project budget is not marked exhausted")
	}
}

// Anchors, aliases and merge keys of real templates keep working, sharing
// the converted tree.
func TestAnchorsAndMergeKeys(t *testing.T) {
	src := "Resources:\n" +
		"  A:\n    Type: AWS::SNS::Topic\n    Properties: &props\n      Tags: &tags [{Key: a, Value: b}]\n      TopicName: x\n" +
		"  B:\n    Type: AWS::SNS::Topic\n    Properties:\n      <<: *props\n      TopicName: y\n" +
		"  C:\n    Type: AWS::SNS::Topic\n    Properties: {Tags: *tags}\n"
	tpl := Parse("t.yaml", []byte(src))
	if len(tpl.Errors) != 1 || !strings.Contains(tpl.Errors[0].Message, `duplicate key "TopicName"`) {
		// The merged TopicName then the written one: reported as before.
		t.Fatalf("errors %v", tpl.Errors)
	}
	res := tpl.Root.Get("Resources")
	if got := res.Get("B").Get("Properties").Get("TopicName").Value; got != "y" {
		t.Errorf("B TopicName %q, want y", got)
	}
	if got := res.Get("B").Get("Properties").Get("Tags").Items[0].Get("Key").Value; got != "a" {
		t.Errorf("B's merged Tags key %q, want a", got)
	}
	ct := res.Get("C").Get("Properties").Get("Tags")
	if ct == nil || len(ct.Items) != 1 || ct.Range.Start.Line != 5 {
		t.Errorf("C's aliased Tags %+v, want the anchor's list at line 5", ct)
	}
}

// A generated 8 MB template parses in bounded memory per input byte (it
// was about 40 with five million allocations).
func TestSizeCost(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 8 MB")
	}
	for _, tc := range []struct {
		name    string
		src     []byte
		perByte float64
	}{
		{"yaml", cfntest.OfSize(8<<20, cfntest.Template), 45},
		{"json", cfntest.OfSize(8<<20, cfntest.JSONTemplate), 25},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tpl, alloc, took := cost(t, tc.src, nil)
			if len(tpl.Errors) > 0 || !tpl.IsTemplate {
				t.Fatalf("errors %v", tpl.Errors)
			}
			if per := float64(alloc) / float64(len(tc.src)); per > tc.perByte {
				t.Errorf("%.1f bytes allocated per input byte, want at most %v", per, tc.perByte)
			}
			t.Logf("%d bytes: %v, %.1f bytes allocated per input byte", len(tc.src), took, float64(alloc)/float64(len(tc.src)))
		})
	}
}

// Files with more nodes than can be held are refused before they are built,
// with a position, in memory proportional to the file.
func TestTooManyNodes(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  string
		line int
	}{
		{"JSON list", `{"Resources": {}, "L": [` + strings.Repeat("1,", 4<<20) + "1]}", 1},
		{"YAML flow list", "Resources: {}\nL: [" + strings.Repeat("1,", 4<<20) + "1]\n", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := []byte(tc.src)
			tpl, alloc, took := cost(t, src, nil)
			wantError(t, tpl, "file too large", tc.line)
			if limit := uint64(200 * len(src)); alloc > limit {
				t.Errorf("allocated %d bytes for %d, want at most %d", alloc, len(src), limit)
			}
			if took > 10*time.Second {
				t.Errorf("took %v", took)
			}
		})
	}
}

// Positions are linear in the file, also on one long line with characters
// of several bytes (each column was counted from the line start: a 600 KB
// line took over a minute).
func TestLongLinePositions(t *testing.T) {
	for _, word := range []string{"ab", "é€"} {
		var b strings.Builder
		b.WriteString("Resources: {")
		n := 0
		for b.Len() < 600_000 {
			fmt.Fprintf(&b, "K%d: [%s, %s], ", n, word, word)
			n++
		}
		last := fmt.Sprintf("K%d", n)
		b.WriteString(last + ": end}\n")
		src := []byte(b.String())
		tpl, _, took := cost(t, src, nil)
		if len(tpl.Errors) > 0 {
			t.Fatal(tpl.Errors[0])
		}
		if took > 5*time.Second {
			t.Errorf("%q: took %v", word, took)
		}
		k := tpl.Root.Get("Resources").KeyNode(last)
		off := bytes.LastIndex(src, []byte(last))
		if int(k.Range.Start.Offset) != off || k.Range.Start.Line != 1 || int(k.Range.Start.Column) != off+1 {
			t.Errorf("%q: last key at %+v, want offset %d", word, k.Range.Start, off)
		}
	}
}

// A large YAML file that is not a template costs a scan, not a parse.
func TestNonTemplateNotParsed(t *testing.T) {
	var b strings.Builder
	for i := 0; b.Len() < 200_000; i++ {
		fmt.Fprintf(&b, "item%d: &x%d {name: n%d, list: [*x%d, *x%d]}\n", i, i+1, i, i, i)
	}
	src := []byte(b.String()) // also not valid YAML (aliases before anchors)
	tpl, alloc, _ := cost(t, src, nil)
	if tpl.IsTemplate || tpl.Root != nil || len(tpl.Errors) > 0 {
		t.Errorf("a data file: IsTemplate %v, errors %v", tpl.IsTemplate, tpl.Errors)
	}
	if alloc > 4096 {
		t.Errorf("allocated %d bytes to decide", alloc)
	}
	if LooksLikeTemplate(src) {
		t.Error("LooksLikeTemplate says yes")
	}
	// A file naming Resources is parsed and decided on its content.
	tpl = Parse("t.yaml", []byte("Resources: [1, 2]\n"))
	if tpl.Root == nil || tpl.IsTemplate {
		t.Errorf("a list of Resources: root %v, IsTemplate %v", tpl.Root, tpl.IsTemplate)
	}
	// So is one that may spell it with an escape.
	tpl = Parse("t.json", []byte(`{"AWSTemplateFormatVersio\u006e": "2010-09-09"}`))
	if !tpl.IsTemplate {
		t.Error("an escaped AWSTemplateFormatVersion is not recognised")
	}
}

func utf16Bytes(s string, bigEndian bool) []byte {
	out := []byte{0xFF, 0xFE}
	if bigEndian {
		out = []byte{0xFE, 0xFF}
	}
	for _, u := range utf16.Encode([]rune(s)) {
		if bigEndian {
			out = append(out, byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	return out
}

// UTF-16 templates with a byte-order mark are decoded and linted, with
// positions in the decoded text; a UTF-8 byte-order mark is skipped in YAML
// and JSON alike.
func TestEncodings(t *testing.T) {
	yamlSrc := "AWSTemplateFormatVersion: '2010-09-09'\r\nResources:\r\n  Fn:\r\n    Type: AWS::Lambda::Function\r\n    Properties: {Description: \"é𝄞\", MemorySize: 128}\r\n"
	for _, tc := range []struct {
		name string
		src  []byte
		enc  string
	}{
		{"UTF-16LE", utf16Bytes(yamlSrc, false), EncodingUTF16LE},
		{"UTF-16BE", utf16Bytes(yamlSrc, true), EncodingUTF16BE},
		{"UTF-8 BOM", []byte("\xef\xbb\xbf" + yamlSrc), EncodingUTF8},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tpl := Parse("t.yaml", tc.src)
			if len(tpl.Errors) > 0 || !tpl.IsTemplate || tpl.Encoding != tc.enc {
				t.Fatalf("errors %v, IsTemplate %v, encoding %s", tpl.Errors, tpl.IsTemplate, tpl.Encoding)
			}
			props := tpl.Root.Get("Resources").Get("Fn").Get("Properties")
			if d := props.Get("Description").Value; d != "é𝄞" {
				t.Errorf("Description %q", d)
			}
			m := props.Get("MemorySize")
			if got := string(tpl.Content[m.Range.Start.Offset:m.Range.End.Offset]); got != "128" || m.Range.Start.Line != 5 {
				t.Errorf("MemorySize at %v reads %q in the parsed text", m.Range, got)
			}
			if !LooksLikeTemplate(tc.src) {
				t.Error("LooksLikeTemplate says no")
			}
		})
	}
	tpl := Parse("t.json", []byte("\xef\xbb\xbf{\"Resources\": {\"A\": {\"Type\": \"AWS::SNS::Topic\"}}}"))
	if len(tpl.Errors) > 0 || !tpl.IsTemplate {
		t.Errorf("JSON with a UTF-8 byte-order mark: %v", tpl.Errors)
	}
	// A broken UTF-16 template is reported where it breaks, on its line.
	broken := "Resources:\n  A: [1, 2\n  B: 3\n"
	tpl = Parse("t.yaml", utf16Bytes(broken, false))
	want := Parse("t.yaml", []byte(broken)).Errors
	if len(tpl.Errors) != 1 || tpl.Errors[0].Error() != want[0].Error() {
		t.Errorf("broken UTF-16 template: %v, want %v as in UTF-8", tpl.Errors, want)
	}
}

// Old Mac OS line endings (CR only) give the lines the YAML parser and an
// editor see, with byte offsets of the file.
func TestCROnlyLineEndings(t *testing.T) {
	for _, nl := range []string{"\r", "\n", "\r\n"} {
		src := strings.ReplaceAll("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      MemorySize: 128\n      Bad: !Reff x\n", "\n", nl)
		tpl := Parse("t.yaml", []byte(src))
		m := tpl.Root.Get("Resources").Get("Fn").Get("Properties").Get("MemorySize")
		if m.Range.Start.Line != 6 || m.Range.Start.Column != 19 || src[m.Range.Start.Offset:m.Range.End.Offset] != "128" {
			t.Errorf("%q: MemorySize at %+v", nl, m.Range)
		}
		if len(tpl.Errors) != 1 || tpl.Errors[0].Range.Start.Line != 7 {
			t.Errorf("%q: errors %v, want the unknown tag on line 7", nl, tpl.Errors)
		}
		if starts := LineStarts([]byte(src)); len(starts) != 7 || starts[5] != int(m.Range.Start.Offset)-18 {
			t.Errorf("%q: LineStarts %v", nl, starts)
		}
	}
	tpl := Parse("t.json", []byte("{\r\"Resources\": {\r\"A\": {},\r\"A\": {}}}"))
	if len(tpl.Errors) != 1 || tpl.Errors[0].Range.Start.Line != 4 || !strings.Contains(tpl.Errors[0].Message, "line 3, column 1") {
		t.Errorf("JSON with CR line endings: %v", tpl.Errors)
	}
}

// Nesting is bounded by the project's depth budget in every syntax and
// through aliases, at the place it is crossed.
func TestDepthBudget(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		line      int
	}{
		{"YAML block", "Resources:\n" + deepBlock(60), 51},
		{"YAML flow", "Resources: " + strings.Repeat("[", 60) + strings.Repeat("]", 60), 1},
		{"YAML aliases", "Resources:\n  a: &a [[[[[[[[[[1]]]]]]]]]]\n  b: &b [[[[[[[[[[*a]]]]]]]]]]\n  c: &c [[[[[[[[[[*b]]]]]]]]]]\n  d: &d [[[[[[[[[[*c]]]]]]]]]]\n  e: [[[[[[[[[[*d]]]]]]]]]]\n", 6},
		{"JSON", `{"Resources":` + strings.Repeat(`{"a":`, 60) + "1" + strings.Repeat("}", 61), 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			budget := model.NewBudget(model.Limits{Depth: 50})
			tpl := ParseBudget("t.yaml", []byte(tc.src), budget)
			wantError(t, tpl, "depth budget of 50", tc.line)
		})
	}
}

func deepBlock(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "%sk%d:\n", strings.Repeat(" ", 2*i+2), i)
	}
	return b.String()
}
