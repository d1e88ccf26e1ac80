package lsp

// A small LSP client for the tests: it drives a server over a pair of
// streams (in-memory pipes, OS pipes or a process's stdio), answers the
// server's own requests, and collects what the server publishes.

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"

	"github.com/lambdavet/lambdavet/analyzers/all"
	"github.com/lambdavet/lambdavet/analyzers/policy"
	"github.com/lambdavet/lambdavet/internal/config"
)

const waitLimit = 20 * time.Second

type testClient struct {
	t testing.TB
	w io.WriteCloser

	mu        sync.Mutex
	nextID    int
	responses map[string]chan *message
	diags     []PublishDiagnosticsParams
	logs      []logMessageParams
	requests  []string // methods of the server's requests
	// shown holds the params of the server's window/showDocument requests.
	shown []showDocumentParams
	// settings answers workspace/configuration.
	settings json.RawMessage
	changed  chan struct{}
	readErr  error
}

func newTestClient(t testing.TB, r io.Reader, w io.WriteCloser) *testClient {
	c := &testClient{t: t, w: w, responses: map[string]chan *message{}, changed: make(chan struct{})}
	go c.readLoop(bufio.NewReader(r))
	return c
}

func (c *testClient) readLoop(r *bufio.Reader) {
	for {
		body, err := readMessage(r)
		if err != nil {
			c.mu.Lock()
			c.readErr = err
			c.signalLocked()
			c.mu.Unlock()
			return
		}
		var m message
		if err := json.Unmarshal(body, &m); err != nil {
			c.t.Errorf("server sent invalid JSON: %v: %s", err, body)
			continue
		}
		c.mu.Lock()
		switch {
		case m.Method == "" && m.hasID():
			if ch, ok := c.responses[string(m.ID)]; ok {
				ch <- &m
				delete(c.responses, string(m.ID))
			}
		case m.Method == "textDocument/publishDiagnostics":
			var p PublishDiagnosticsParams
			if err := json.Unmarshal(m.Params, &p); err != nil {
				c.t.Errorf("bad publishDiagnostics: %v", err)
			}
			c.diags = append(c.diags, p)
		case m.Method == "window/logMessage":
			var p logMessageParams
			_ = json.Unmarshal(m.Params, &p)
			c.logs = append(c.logs, p)
		case m.hasID():
			c.requests = append(c.requests, m.Method)
			var result any
			switch m.Method {
			case "workspace/configuration":
				result = []json.RawMessage{c.settingsOrNull()}
			case "window/showDocument":
				var p showDocumentParams
				if err := json.Unmarshal(m.Params, &p); err != nil {
					c.t.Errorf("bad showDocument: %v", err)
				}
				c.shown = append(c.shown, p)
				result = map[string]any{"success": true}
			}
			go c.send(map[string]any{"jsonrpc": "2.0", "id": m.ID, "result": result})
		}
		c.signalLocked()
		c.mu.Unlock()
	}
}

func (c *testClient) settingsOrNull() json.RawMessage {
	if c.settings == nil {
		return json.RawMessage("null")
	}
	return c.settings
}

func (c *testClient) signalLocked() {
	close(c.changed)
	c.changed = make(chan struct{})
}

func (c *testClient) send(v any) {
	body, err := json.Marshal(v)
	if err != nil {
		c.t.Errorf("marshal: %v", err)
		return
	}
	c.sendRaw(body)
}

func (c *testClient) sendRaw(body []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, err := fmt.Fprintf(c.w, "Content-Length: %d\r\n\r\n%s", len(body), body); err != nil {
		c.t.Logf("write: %v", err)
	}
}

// call sends a request and returns its id and a channel for the answer.
func (c *testClient) call(method string, params any) (json.RawMessage, chan *message) {
	c.mu.Lock()
	c.nextID++
	id := json.RawMessage(fmt.Sprint(c.nextID))
	ch := make(chan *message, 1)
	c.responses[string(id)] = ch
	c.mu.Unlock()
	msg := map[string]any{"jsonrpc": "2.0", "id": id, "method": method}
	if params != nil {
		msg["params"] = params
	}
	c.send(msg)
	return id, ch
}

func (c *testClient) request(method string, params any) *message {
	c.t.Helper()
	_, ch := c.call(method, params)
	select {
	case m := <-ch:
		return m
	case <-time.After(waitLimit):
		c.t.Fatalf("no answer to %s", method)
		return nil
	}
}

func (c *testClient) notify(method string, params any) {
	msg := map[string]any{"jsonrpc": "2.0", "method": method}
	if params != nil {
		msg["params"] = params
	}
	c.send(msg)
}

func (c *testClient) initialize(root string, initOptions any, caps map[string]any) *initializeResult {
	c.t.Helper()
	params := map[string]any{"processId": os.Getpid(), "rootUri": pathToURI(root), "capabilities": caps}
	if caps == nil {
		params["capabilities"] = map[string]any{}
	}
	if initOptions != nil {
		params["initializationOptions"] = initOptions
	}
	m := c.request("initialize", params)
	if m.Error != nil {
		c.t.Fatalf("initialize: %v", m.Error)
	}
	var res initializeResult
	if err := json.Unmarshal(m.Result, &res); err != nil {
		c.t.Fatal(err)
	}
	c.notify("initialized", map[string]any{})
	return &res
}

func (c *testClient) open(path, text string) string {
	uri := pathToURI(path)
	lang := "yaml"
	if strings.HasSuffix(path, ".tf") || strings.HasSuffix(path, ".tfvars") {
		lang = "terraform"
	}
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": lang, "version": 1, "text": text,
	}})
	return uri
}

func (c *testClient) change(uri string, version int, changes ...contentChange) {
	c.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": version},
		"contentChanges": changes,
	})
}

func (c *testClient) close(uri string) {
	c.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": uri}})
}

// waitFor waits until cond holds over what the client received.
func (c *testClient) waitFor(what string, cond func() bool) {
	c.t.Helper()
	deadline := time.After(waitLimit)
	for {
		c.mu.Lock()
		ok := cond()
		ch := c.changed
		err := c.readErr
		c.mu.Unlock()
		if ok {
			return
		}
		if err != nil {
			c.t.Fatalf("waiting for %s: connection ended: %v", what, err)
		}
		select {
		case <-ch:
		case <-deadline:
			c.mu.Lock()
			defer c.mu.Unlock()
			c.t.Fatalf("timed out waiting for %s; diagnostics received: %s; logs: %v", what, c.dumpLocked(), c.logs)
		}
	}
}

func (c *testClient) dumpLocked() string {
	b, _ := json.MarshalIndent(c.diags, "", " ")
	return string(b)
}

// waitDiags waits for a publication for uri (at version when >= 0) that
// satisfies ok, and returns it.
func (c *testClient) waitDiags(uri string, version int, ok func([]Diagnostic) bool) PublishDiagnosticsParams {
	c.t.Helper()
	var found PublishDiagnosticsParams
	c.waitFor(fmt.Sprintf("diagnostics of %s version %d", uri, version), func() bool {
		for i := len(c.diags) - 1; i >= 0; i-- {
			p := c.diags[i]
			if p.URI != uri {
				continue
			}
			if version >= 0 && (p.Version == nil || int(*p.Version) != version) {
				return false // the latest for uri is another version
			}
			if ok == nil || ok(p.Diagnostics) {
				found = p
				return true
			}
			return false
		}
		return false
	})
	return found
}

// latest returns the last publication for uri.
func (c *testClient) latest(uri string) (PublishDiagnosticsParams, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i := len(c.diags) - 1; i >= 0; i-- {
		if c.diags[i].URI == uri {
			return c.diags[i], true
		}
	}
	return PublishDiagnosticsParams{}, false
}

func (c *testClient) publications(uri string) []PublishDiagnosticsParams {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []PublishDiagnosticsParams
	for _, p := range c.diags {
		if p.URI == uri {
			out = append(out, p)
		}
	}
	return out
}

// shutdown ends the session properly.
func (c *testClient) shutdown() {
	c.t.Helper()
	m := c.request("shutdown", nil)
	if m.Error != nil || string(m.Result) != "null" {
		c.t.Fatalf("shutdown: result %s, error %v", m.Result, m.Error)
	}
	c.notify("exit", nil)
}

var (
	builtinOnce sync.Once
	builtin     []*analysis.Analyzer
	builtinErr  error
)

// testAnalyzers returns the real rules (loaded once for the test binary)
// plus extra ones.
func testAnalyzers(extra ...*analysis.Analyzer) func(context.Context, *config.Config, Settings) ([]*analysis.Analyzer, error) {
	return func(ctx context.Context, cfg *config.Config, s Settings) ([]*analysis.Analyzer, error) {
		if cfg != nil || len(s.Policies) > 0 {
			as, err := defaultAnalyzers(ctx, cfg, s)
			return append(as, extra...), err
		}
		builtinOnce.Do(func() {
			builtin, builtinErr = policy.Load(context.Background(), policy.Options{CacheFunctions: true}) // as the server loads them
			builtin = append(builtin, all.Go()...)
		})
		return append(append([]*analysis.Analyzer{}, builtin...), extra...), builtinErr
	}
}

type session struct {
	*testClient
	dir  string
	done chan error
	logw *lockedWriter
}

// serverLog returns what the server wrote to its log.
func (s *session) serverLog() string {
	s.logw.mu.Lock()
	defer s.logw.mu.Unlock()
	return s.logw.w.(*strings.Builder).String()
}

// startServer runs a server in-process over in-memory pipes.
func startServer(t testing.TB, opts Options) *session {
	t.Helper()
	if opts.Analyzers == nil {
		opts.Analyzers = testAnalyzers()
	}
	if opts.Debounce == 0 {
		opts.Debounce = 20 * time.Millisecond
	}
	logw := &lockedWriter{w: &strings.Builder{}}
	if opts.Log == nil {
		opts.Log = logw
	}
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := Serve(context.Background(), inR, outW, opts)
		outW.Close()
		done <- err
	}()
	s := &session{testClient: newTestClient(t, outR, inW), dir: t.TempDir(), done: done, logw: logw}
	t.Cleanup(func() {
		inW.Close()
		select {
		case <-done:
		case <-time.After(waitLimit):
			t.Errorf("server did not stop")
		}
	})
	return s
}

type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func (s *session) write(name, content string) string {
	s.t.Helper()
	path := filepath.Join(s.dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		s.t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		s.t.Fatal(err)
	}
	return path
}

func (s *session) waitExit() error {
	s.t.Helper()
	select {
	case err := <-s.done:
		s.done <- err // for the cleanup
		return err
	case <-time.After(waitLimit):
		s.t.Fatal("server did not exit")
		return nil
	}
}

func codes(ds []Diagnostic) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Code)
	}
	return out
}

func hasCode(code string) func([]Diagnostic) bool {
	return func(ds []Diagnostic) bool {
		for _, d := range ds {
			if d.Code == code {
				return true
			}
		}
		return false
	}
}

func empty(ds []Diagnostic) bool { return len(ds) == 0 }

func rng(l1, c1, l2, c2 int) *Range {
	return &Range{Start: Position{l1, c1}, End: Position{l2, c2}}
}
