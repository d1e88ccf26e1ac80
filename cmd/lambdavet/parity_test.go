package main

// The editor shows what CI reports: the same findings, at the same
// positions, from the command line and from the language server, for the
// same files. Both call internal/lint; this test holds them to it.

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lambdavet/lambdavet/internal/lsp"
)

var parityCorpus = flag.Int("parity.corpus", 12, "with ../shared/corpus present, compare the editor with the command line on every Nth of its folders (1: all)")

// TestEditorMatchesCommandLine lints a tree with the command line
// (-format json) and with the language server (every file opened), and
// compares every finding and every error. The tree holds the example
// project, every rule's fixtures, and a folder whose .lambdavet.yaml turns
// a rule off for a path, changes a severity and names a baseline, with a
// suppression comment, so the filtering is compared too. With the shared
// corpus present, a sample of its folders is added (-parity.corpus).
func TestEditorMatchesCommandLine(t *testing.T) {
	if testing.Short() {
		t.Skip("lints every fixture twice")
	}
	dir := t.TempDir()
	copyTree(t, "../../examples", filepath.Join(dir, "examples"))
	for _, top := range []string{"../../policies", "../../analyzers"} {
		rules, _ := filepath.Glob(filepath.Join(top, "*", "testdata"))
		for _, td := range rules {
			copyTree(t, td, filepath.Join(dir, "fixtures", filepath.Base(filepath.Dir(td))))
		}
	}
	if corpus := "../../../shared/corpus"; *parityCorpus > 0 {
		if entries, err := os.ReadDir(corpus); err == nil {
			n := 0
			for _, e := range entries {
				if !e.IsDir() {
					continue
				}
				subs, _ := os.ReadDir(filepath.Join(corpus, e.Name()))
				for _, s := range subs {
					if s.IsDir() {
						if n%*parityCorpus == 0 {
							copyTree(t, filepath.Join(corpus, e.Name(), s.Name()), filepath.Join(dir, "corpus", e.Name(), s.Name()))
						}
						n++
					}
				}
			}
		}
	}
	fn := func(memory string) string {
		return "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Worker:\n    Type: AWS::Lambda::Function\n    Properties:\n" +
			"      MemorySize: " + memory + "\n      Timeout: 901\n      Runtime: python3.12\n      Handler: a.h\n"
	}
	configured := map[string]string{
		"configured/.lambdavet.yaml":     "rules:\n  LV102: {severity: info}\noverrides:\n  - paths: [quiet/**]\n    rules: {LV101: off}\nbaseline: baseline.json\n",
		"configured/loud/template.yaml":  fn("20480"),
		"configured/quiet/template.yaml": fn("20480"),
		"configured/kept/template.yaml":  fn("20480 # lambdavet:ignore LV101 sized by the load test"),
		"configured/new/template.yaml":   fn("64"),
	}
	writeFilesIn(t, dir, configured)
	t.Chdir(dir)
	// The baseline records what loud/ reports now, so loud/ reports nothing
	// of it in either; kept/ and quiet/ are not in it.
	if code, _, errOut := runCLI(t, "-baseline-write", "configured/baseline.json", "configured/loud"); code != 0 {
		t.Fatalf("writing the baseline: exit %d: %s", code, errOut)
	}

	_, out, _ := runCLI(t, "-format", "json", "./...")
	var doc struct {
		Diagnostics []struct {
			Rule, Severity, File, Message string
			Line, Column                  int
		}
		Errors []struct {
			File, Message string
			Line, Column  int
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("command line output: %v\n%s", err, out)
	}
	cli := map[string]int{}
	for _, d := range doc.Diagnostics {
		cli[parityKey(abs(t, d.File), d.Line, d.Column, d.Rule, d.Severity, d.Message)]++
	}
	for _, e := range doc.Errors {
		cli[parityKey(abs(t, e.File), e.Line, e.Column, "", "error", e.Message)]++
	}
	if len(doc.Diagnostics) < 100 {
		t.Fatalf("only %d findings from the command line: the fixtures were not found", len(doc.Diagnostics))
	}

	var files []string
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && isLintable(path) {
			files = append(files, path)
		}
		return nil
	})
	reported := map[string]bool{}
	for _, d := range doc.Diagnostics {
		reported[abs(t, d.File)] = true
	}
	editor := editorFindings(t, dir, files, reported)
	var missing, extra []string
	for k, n := range cli {
		for range n - editor[k] {
			missing = append(missing, k)
		}
	}
	for k, n := range editor {
		for range n - cli[k] {
			extra = append(extra, k)
		}
	}
	slices.Sort(missing)
	slices.Sort(extra)
	if len(missing)+len(extra) > 0 {
		t.Errorf("%d findings and errors of the command line, %d only there, %d only in the editor:\nonly on the command line:\n\t%s\nonly in the editor:\n\t%s",
			len(doc.Diagnostics)+len(doc.Errors), len(missing), len(extra), strings.Join(missing, "\n\t"), strings.Join(extra, "\n\t"))
	}
	t.Logf("%d files opened, %d findings and errors compared", len(files), len(doc.Diagnostics)+len(doc.Errors))
}

// isLintable: the files an editor would send to lambdavet.
func isLintable(path string) bool {
	switch filepath.Ext(path) {
	case ".yaml", ".yml", ".json", ".template", ".tf", ".tfvars":
		return !strings.HasSuffix(path, ".want") && filepath.Base(path) != "baseline.json"
	}
	return false
}

func parityKey(file string, line, col int, rule, severity, msg string) string {
	return fmt.Sprintf("%s:%d:%d: %s %s: %s", file, line, col, severity, rule, msg)
}

func abs(t *testing.T, p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// editorFindings opens files in a language server whose workspace is dir
// and returns what it publishes once every file of reported has been
// published and nothing more comes for a while, keyed as parityKey. A
// published range is 0-based in UTF-16 units; the files are ASCII where
// findings are, so line+1 and character+1 are the command line's.
func editorFindings(t *testing.T, dir string, files []string, reported map[string]bool) map[string]int {
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- lsp.Serve(context.Background(), inR, outW, lspOptions(io.Discard, 0))
		outW.Close()
	}()
	var mu sync.Mutex
	latest := map[string][]lsp.Diagnostic{}
	last := time.Now()
	send := func(v any) {
		body, _ := json.Marshal(v)
		if _, err := fmt.Fprintf(inW, "Content-Length: %d\r\n\r\n%s", len(body), body); err != nil {
			t.Errorf("write: %v", err)
		}
	}
	var sendMu sync.Mutex
	locked := func(v any) { sendMu.Lock(); defer sendMu.Unlock(); send(v) }
	go func() {
		r := bufio.NewReader(outR)
		for {
			body, err := readFrame(r)
			if err != nil {
				return
			}
			var m struct {
				ID     json.RawMessage `json:"id"`
				Method string          `json:"method"`
				Params json.RawMessage `json:"params"`
			}
			if json.Unmarshal(body, &m) != nil {
				continue
			}
			switch {
			case m.Method == "textDocument/publishDiagnostics":
				var p struct {
					URI         string           `json:"uri"`
					Diagnostics []lsp.Diagnostic `json:"diagnostics"`
				}
				_ = json.Unmarshal(m.Params, &p)
				mu.Lock()
				latest[p.URI] = p.Diagnostics
				last = time.Now()
				mu.Unlock()
			case m.Method != "" && len(m.ID) > 0:
				go locked(map[string]any{"jsonrpc": "2.0", "id": m.ID, "result": nil})
			}
		}
	}()
	uri := func(p string) string { return (&url.URL{Scheme: "file", Path: p}).String() }
	locked(map[string]any{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": map[string]any{
		"processId": os.Getpid(), "rootUri": uri(dir), "capabilities": map[string]any{}}})
	locked(map[string]any{"jsonrpc": "2.0", "method": "initialized", "params": map[string]any{}})
	for _, f := range files {
		text, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		locked(map[string]any{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": map[string]any{
			"textDocument": map[string]any{"uri": uri(f), "languageId": "yaml", "version": 1, "text": string(text)}}})
	}
	// Done: every file with a finding on the command line published (with
	// or without it), and nothing new for a while.
	deadline := time.Now().Add(3 * time.Minute)
	for {
		time.Sleep(200 * time.Millisecond)
		mu.Lock()
		waiting := 0
		for f := range reported {
			if _, ok := latest[uri(f)]; !ok {
				waiting++
			}
		}
		quiet := time.Since(last) > time.Second
		mu.Unlock()
		if waiting == 0 && quiet {
			break
		}
		if time.Now().After(deadline) {
			t.Errorf("%d files with findings not published after 3 minutes", waiting)
			break
		}
	}
	locked(map[string]any{"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
	locked(map[string]any{"jsonrpc": "2.0", "method": "exit"})
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Error("the server did not exit")
	}
	inW.Close()

	out := map[string]int{}
	mu.Lock()
	defer mu.Unlock()
	for u, ds := range latest {
		parsed, err := url.Parse(u)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range ds {
			sev := map[int]string{1: "error", 2: "warning", 3: "info", 4: "info"}[d.Severity]
			out[parityKey(parsed.Path, d.Range.Start.Line+1, d.Range.Start.Character+1, d.Code, sev, d.Message)]++
		}
	}
	return out
}

// readFrame reads one LSP message body.
func readFrame(r *bufio.Reader) ([]byte, error) {
	length := -1
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return nil, err
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			break
		}
		if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
			length, _ = strconv.Atoi(v)
		}
	}
	body := make([]byte, length)
	_, err := io.ReadFull(r, body)
	return body, err
}

// copyTree copies the regular files under src to dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
