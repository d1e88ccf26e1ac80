// Package lsp is lambdavet's language server: `lambdavet lsp` speaks the
// Language Server Protocol over stdio so that editors show findings while
// the configuration is typed.
//
// Open documents are served to the analyzers through the driver's
// ReadFile, so the buffer is what is linted, together with the other files
// of its project on disk (the template itself; for Terraform, the root
// module with its local modules and tfvars). Edits are debounced, a run
// made stale by an edit is cancelled, and a failing or hung analyzer is
// logged, never fatal. Findings are filtered by .lambdavet.yaml and the
// suppression comments by the same code as on the command line
// (internal/lint).
package lsp

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/tools/go/analysis"

	"github.com/lambdavet/lambdavet/internal/config"
	"github.com/lambdavet/lambdavet/internal/discover"
	"github.com/lambdavet/lambdavet/internal/driver"
	"github.com/lambdavet/lambdavet/internal/lint"
	"github.com/lambdavet/lambdavet/internal/merge"
	"github.com/lambdavet/lambdavet/parsers/terraform"
)

// Options configure the server.
type Options struct {
	// Version is reported to the client in serverInfo.
	Version string
	// Analyzers returns the rules to run under a configuration (nil when
	// no configuration file applies) and the editor's settings. It is
	// called again only when the configuration's policy folders or limits,
	// or the settings' policy folders, change. Nil: the command line's
	// (lint.LoadRules); tests give their own.
	Analyzers func(ctx context.Context, cfg *config.Config, s Settings) ([]*analysis.Analyzer, error)
	// Lint analyzes the projects of a request. Nil: lint.Run, as the
	// command line lints them (rules turned off, severities, suppressions,
	// baseline); tests give one that hangs or panics.
	Lint func(ctx context.Context, req *LintRequest) *driver.Result
	// Explain returns the documentation page of a rule (Markdown), shown
	// on hover over its findings. Nil, or false for a rule: the finding's
	// id and message.
	Explain func(rule string) (string, bool)
	// Log receives the server's log (default: standard error); errors and
	// warnings also go to the client as window/logMessage.
	Log io.Writer
	// Debounce is how long the server waits after an edit before linting
	// (0: 150 ms; negative: no wait). The "debounce" setting overrides it.
	Debounce time.Duration
	// RunTimeout is how long one lint may take before its results are
	// dropped and the analyzers are reported as hung (default 30 s).
	RunTimeout time.Duration
}

// LintRequest is one run over projects that share a configuration.
type LintRequest struct {
	// Config is the configuration that applies; nil when there is none.
	Config *config.Config
	// Settings are the editor's settings.
	Settings Settings
	// Analyzers are the rules to run.
	Analyzers []*analysis.Analyzer
	// Packages are the projects to analyze.
	Packages []*driver.Package
	// ReadFile serves the open documents' text, and the other files from
	// disk; pass it to the driver.
	ReadFile func(name string) ([]byte, error)
}

// ErrNoShutdown is returned by Serve when the client sent exit without
// shutdown (the protocol's exit code 1).
var ErrNoShutdown = errors.New("exit without shutdown")

// Serve runs a server reading requests from r and writing to w until the
// client sends exit. It returns nil after shutdown and exit.
func Serve(ctx context.Context, r io.Reader, w io.Writer, opts Options) error {
	s := newServer(w, opts)
	defer s.stop()
	return s.serve(ctx, r)
}

const (
	stateNew = iota
	stateRunning
	stateShutdown
)

const defaultDebounce = 150 * time.Millisecond

type server struct {
	opts Options
	conn *conn
	log  io.Writer

	mu       sync.Mutex
	state    int
	caps     clientCapabilities
	roots    []string
	settings Settings
	trace    string

	docs map[string]*document
	// uris are the URIs the client used for each path, for publishing
	// to a file after it is closed.
	uris     map[string]string
	projects map[string]*project
	dirty    map[string]bool
	// checkConfigs is set when an open configuration file changed.
	checkConfigs bool
	// wsStale is set when saved Terraform files may have changed which
	// folders call which modules.
	wsStale bool
	timer   *time.Timer
	kick    chan struct{}
	running *lintRun
	// changed is closed, and replaced, whenever a run ends.
	changed chan struct{}

	// fileDiags are the findings of the last run that covered each file;
	// configDiags the problems of each configuration file.
	fileDiags   map[string][]finding
	configDiags map[string][]Diagnostic
	// notes say why a document is not linted as usual (finding its
	// projects did not finish).
	notes     map[string]string
	published map[string]publishedState

	inflight map[string]context.CancelFunc

	// started is set once initialize is answered: from then on the log
	// also goes to the client.
	started atomic.Bool
	logMu   sync.Mutex
	logged  map[string]bool

	// Owned by the worker goroutine.
	wsPkgs    map[string][]*driver.Package
	configs   map[string]*configEntry
	analyzers map[string]*analyzerEntry
	// fixSink collects the suggested fixes of the run in progress.
	fixSink atomic.Pointer[fixTable]
	// busy are the rules running; hung are those that did not return
	// within RunTimeout, left out of later runs.
	busy busyRules
	hung map[string]bool

	quit       chan struct{}
	workerDone chan struct{}
	stopOnce   sync.Once
}

// document is an open text document.
type document struct {
	uri     string
	path    string
	version int32
	text    *docText
	// projects are the roots of the projects it belongs to, once
	// discovered.
	projects   []string
	discovered bool
	// gen counts the requests to find its projects, so a search that
	// started before a save is not taken for one after it.
	gen int
}

// project is a lint target some open document belongs to.
type project struct {
	pkg *driver.Package
	// files are the absolute paths of its files, and of every file its
	// findings were published for.
	files map[string]bool
}

type publishedState struct {
	digest  string
	version int32
}

func newServer(w io.Writer, opts Options) *server {
	if opts.Log == nil {
		opts.Log = os.Stderr
	}
	if opts.RunTimeout <= 0 {
		opts.RunTimeout = 30 * time.Second
	}
	s := &server{
		opts:        opts,
		conn:        newConn(w),
		log:         opts.Log,
		docs:        map[string]*document{},
		uris:        map[string]string{},
		projects:    map[string]*project{},
		dirty:       map[string]bool{},
		kick:        make(chan struct{}, 1),
		changed:     make(chan struct{}),
		fileDiags:   map[string][]finding{},
		configDiags: map[string][]Diagnostic{},
		notes:       map[string]string{},
		published:   map[string]publishedState{},
		inflight:    map[string]context.CancelFunc{},
		logged:      map[string]bool{},
		wsPkgs:      map[string][]*driver.Package{},
		configs:     map[string]*configEntry{},
		analyzers:   map[string]*analyzerEntry{},
		hung:        map[string]bool{},
		quit:        make(chan struct{}),
		workerDone:  make(chan struct{}),
	}
	go s.worker()
	return s
}

// stop ends the worker, cancels what runs and flushes the output.
func (s *server) stop() {
	s.stopOnce.Do(func() {
		s.mu.Lock()
		if s.timer != nil {
			s.timer.Stop()
		}
		if s.running != nil {
			s.running.cancel()
		}
		for _, cancel := range s.inflight {
			cancel()
		}
		s.mu.Unlock()
		close(s.quit)
		// Whatever the worker waits for, it returns on quit; a lint or
		// search that does not is left behind (the process exits).
		select {
		case <-s.workerDone:
		case <-time.After(stopWait):
			fmt.Fprintf(s.log, "lambdavet lsp: a lint did not stop within %v; exiting without it\n", stopWait)
		}
		s.conn.close(stopWait)
	})
}

// stopWait bounds each step of stopping: the worker's end, and writing
// what is queued to a client that may no longer read.
const stopWait = 2 * time.Second

func (s *server) serve(ctx context.Context, in io.Reader) error {
	r := bufio.NewReaderSize(in, 64<<10)
	for {
		body, err := readMessage(r)
		var fe *frameError
		if errors.As(err, &fe) {
			// A message the server will not hold: refused, as JSON-RPC
			// refuses a request whose id it cannot read, and the stream
			// goes on from the next message.
			s.logf(messageError, "refused a message from the client: %v", err)
			_ = s.conn.replyError(nil, codeInvalidRequest, err.Error())
			if !fe.lost {
				continue
			}
			err = resync(r)
		}
		if err != nil {
			if errors.Is(err, io.EOF) {
				return errors.New("the client closed the connection without exit")
			}
			return fmt.Errorf("reading from the client: %w", err)
		}
		if fe != nil {
			continue
		}
		var m message
		if err := json.Unmarshal(body, &m); err != nil {
			_ = s.conn.replyError(nil, codeParseError, "invalid JSON: "+err.Error())
			continue
		}
		if m.Method == "" {
			if m.hasID() && (m.Result != nil || m.Error != nil) {
				s.conn.deliver(&m)
			} else {
				_ = s.conn.replyError(m.ID, codeInvalidRequest, "a message needs a method")
			}
			continue
		}
		if m.Method == "exit" {
			s.mu.Lock()
			shut := s.state == stateShutdown
			s.mu.Unlock()
			if shut {
				return nil
			}
			return ErrNoShutdown
		}
		s.dispatch(ctx, &m)
	}
}

// dispatch handles one request or notification; a panic in a handler is
// logged and answered as an internal error, never fatal.
func (s *server) dispatch(ctx context.Context, m *message) {
	isRequest := m.hasID()
	defer func() {
		if p := recover(); p != nil {
			s.logf(messageError, "internal error handling %s: %v\n%s", m.Method, p, debug.Stack())
			if isRequest {
				_ = s.conn.replyError(m.ID, codeInternalError, fmt.Sprintf("internal error: %v", p))
			}
		}
	}()
	s.mu.Lock()
	state := s.state
	s.mu.Unlock()
	switch {
	case state == stateNew && m.Method != "initialize":
		if isRequest {
			_ = s.conn.replyError(m.ID, codeServerNotInitialized, "the server is not initialized")
		}
		return
	case state == stateShutdown:
		if isRequest {
			_ = s.conn.replyError(m.ID, codeInvalidRequest, "the server is shut down")
		}
		return
	}
	if isRequest {
		s.request(ctx, m)
	} else {
		s.notification(m)
	}
}

func (s *server) request(ctx context.Context, m *message) {
	switch m.Method {
	case "initialize":
		s.initialize(m)
	case "shutdown":
		s.mu.Lock()
		s.state = stateShutdown
		if s.timer != nil {
			s.timer.Stop()
		}
		if s.running != nil {
			s.running.cancel()
		}
		s.mu.Unlock()
		_ = s.conn.reply(m.ID, nil)
	case "textDocument/codeAction":
		var p codeActionParams
		if err := json.Unmarshal(m.Params, &p); err != nil {
			_ = s.conn.replyError(m.ID, codeInvalidParams, err.Error())
			return
		}
		s.async(ctx, m, func(ctx context.Context) (any, error) { return s.codeActions(ctx, &p) })
	case "textDocument/hover":
		var p hoverParams
		if err := json.Unmarshal(m.Params, &p); err != nil {
			_ = s.conn.replyError(m.ID, codeInvalidParams, err.Error())
			return
		}
		h, _ := s.hover(&p)
		if h == nil {
			_ = s.conn.reply(m.ID, nil)
			return
		}
		_ = s.conn.reply(m.ID, h)
	case "workspace/executeCommand":
		var p executeCommandParams
		if err := json.Unmarshal(m.Params, &p); err != nil {
			_ = s.conn.replyError(m.ID, codeInvalidParams, err.Error())
			return
		}
		if p.Command != SelectReasonCommand {
			_ = s.conn.replyError(m.ID, codeInvalidParams, "unknown command: "+p.Command)
			return
		}
		if err := s.selectReason(p.Arguments); err != nil {
			_ = s.conn.replyError(m.ID, codeInvalidParams, err.Error())
			return
		}
		_ = s.conn.reply(m.ID, nil)
	default:
		_ = s.conn.replyError(m.ID, codeMethodNotFound, "method not found: "+m.Method)
	}
}

// async answers a request from its own goroutine, so that it may wait
// (for the lint of the current text) without holding up the messages
// after it; $/cancelRequest cancels it.
func (s *server) async(ctx context.Context, m *message, f func(context.Context) (any, error)) {
	ctx, cancel := context.WithCancel(ctx)
	key := string(m.ID)
	s.mu.Lock()
	s.inflight[key] = cancel
	s.mu.Unlock()
	go func() {
		defer func() {
			s.mu.Lock()
			delete(s.inflight, key)
			s.mu.Unlock()
			cancel()
		}()
		defer func() {
			if p := recover(); p != nil {
				s.logf(messageError, "internal error handling %s: %v\n%s", m.Method, p, debug.Stack())
				_ = s.conn.replyError(m.ID, codeInternalError, fmt.Sprintf("internal error: %v", p))
			}
		}()
		res, err := f(ctx)
		switch {
		case ctx.Err() != nil:
			_ = s.conn.replyError(m.ID, codeRequestCancelled, "request cancelled")
		case err != nil:
			_ = s.conn.replyError(m.ID, codeInternalError, err.Error())
		default:
			_ = s.conn.reply(m.ID, res)
		}
	}()
}

func (s *server) notification(m *message) {
	switch m.Method {
	case "initialized":
		s.initialized()
	case "textDocument/didOpen":
		var p didOpenParams
		if s.params(m, &p) {
			s.didOpen(&p)
		}
	case "textDocument/didChange":
		var p didChangeParams
		if s.params(m, &p) {
			s.didChange(&p)
		}
	case "textDocument/didSave":
		var p didSaveParams
		if s.params(m, &p) {
			s.didSave(&p)
		}
	case "textDocument/didClose":
		var p didCloseParams
		if s.params(m, &p) {
			s.didClose(&p)
		}
	case "workspace/didChangeWatchedFiles":
		var p didChangeWatchedFilesParams
		if s.params(m, &p) {
			s.didChangeWatchedFiles(&p)
		}
	case "workspace/didChangeConfiguration":
		var p didChangeConfigurationParams
		if s.params(m, &p) {
			s.didChangeConfiguration(&p)
		}
	case "$/cancelRequest":
		var p cancelParams
		if s.params(m, &p) {
			s.mu.Lock()
			if cancel, ok := s.inflight[string(p.ID)]; ok {
				cancel()
			}
			s.mu.Unlock()
		}
	case "$/setTrace":
		var p struct {
			Value string `json:"value"`
		}
		if s.params(m, &p) {
			s.mu.Lock()
			s.trace = p.Value
			s.mu.Unlock()
		}
	default:
		// Unknown notifications, $/progress among them, are ignored.
	}
}

// params decodes a notification's parameters, logging when they are bad.
func (s *server) params(m *message, v any) bool {
	if err := json.Unmarshal(m.Params, v); err != nil {
		s.logf(messageError, "%s: invalid params: %v", m.Method, err)
		return false
	}
	return true
}

func (s *server) initialize(m *message) {
	var p initializeParams
	if err := json.Unmarshal(m.Params, &p); err != nil {
		_ = s.conn.replyError(m.ID, codeInvalidParams, err.Error())
		return
	}
	var roots []string
	for _, f := range p.WorkspaceFolders {
		if path, err := uriToPath(f.URI); err == nil {
			roots = append(roots, path)
		}
	}
	if len(roots) == 0 && p.RootURI != nil {
		if path, err := uriToPath(*p.RootURI); err == nil {
			roots = append(roots, path)
		}
	}
	if len(roots) == 0 && p.RootPath != nil && *p.RootPath != "" {
		if abs, err := filepath.Abs(*p.RootPath); err == nil {
			roots = append(roots, abs)
		}
	}
	base := ""
	if len(roots) > 0 {
		base = roots[0]
	}
	settings, err := parseSettings(p.InitializationOptions, base)
	if err != nil {
		s.logf(messageError, "initializationOptions: %v", err)
	}
	s.mu.Lock()
	if s.state != stateNew {
		s.mu.Unlock()
		_ = s.conn.replyError(m.ID, codeInvalidRequest, "initialize was already received")
		return
	}
	s.caps = p.Capabilities
	s.roots = roots
	s.settings = settings
	s.state = stateRunning
	s.mu.Unlock()

	var res initializeResult
	res.Capabilities = serverCapabilities{
		PositionEncoding:       "utf-16",
		TextDocumentSync:       textDocumentSync{OpenClose: true, Change: textDocumentSyncIncremental, Save: saveOptions{}},
		CodeActionProvider:     codeActionProvider{CodeActionKinds: []string{CodeActionKindQuickFix}},
		HoverProvider:          true,
		ExecuteCommandProvider: executeCommandOptions{Commands: []string{SelectReasonCommand}},
	}
	res.ServerInfo.Name = "lambdavet"
	res.ServerInfo.Version = s.opts.Version
	_ = s.conn.reply(m.ID, res)
	s.started.Store(true)
}

func (s *server) initialized() {
	s.mu.Lock()
	caps := s.caps
	s.mu.Unlock()
	if caps.Workspace.DidChangeConfiguration.DynamicRegistration {
		// Some clients send didChangeConfiguration only once registered.
		if ch, err := s.conn.call("client/registerCapability", registrationParams{Registrations: []registration{{
			ID: "lambdavet-configuration", Method: "workspace/didChangeConfiguration",
			RegisterOptions: map[string]any{"section": "lambdavet"},
		}}}); err == nil {
			go func() { <-ch }()
		}
	}
	if caps.Workspace.DidChangeWatchedFiles.DynamicRegistration {
		// Files lambdavet reads change on disk without the editor: cdk
		// synth rewrites an assembly's manifests, terraform init a module,
		// a build a code folder's package. The watched kinds are those of
		// the files a project reads.
		if ch, err := s.conn.call("client/registerCapability", registrationParams{Registrations: []registration{{
			ID: "lambdavet-files", Method: "workspace/didChangeWatchedFiles",
			RegisterOptions: map[string]any{"watchers": []map[string]any{
				{"globPattern": "**/*.{yaml,yml,json,template,tf,tfvars}"},
			}},
		}}}); err == nil {
			go func() { <-ch }()
		}
	}
	if caps.Workspace.Configuration {
		s.pullSettings()
	}
}

// pullSettings asks the client for the "lambdavet" section and applies
// the answer when it comes.
func (s *server) pullSettings() {
	ch, err := s.conn.call("workspace/configuration", configurationParams{Items: []configurationItem{{Section: "lambdavet"}}})
	if err != nil {
		return
	}
	go func() {
		m, ok := <-ch
		if !ok || m == nil || m.Error != nil {
			return
		}
		var items []json.RawMessage
		if json.Unmarshal(m.Result, &items) != nil || len(items) == 0 {
			return
		}
		if strings.TrimSpace(string(items[0])) == "null" {
			// The client has no "lambdavet" section (Helix and glspc keep
			// settings elsewhere): the initialization options stand.
			return
		}
		s.applySettings(items[0])
	}()
}

func (s *server) didChangeConfiguration(p *didChangeConfigurationParams) {
	s.mu.Lock()
	pull := s.caps.Workspace.Configuration
	s.mu.Unlock()
	if pull && isEmptyJSON(p.Settings) {
		// The client signals a change and expects to be asked.
		s.pullSettings()
		return
	}
	s.applySettings(p.Settings)
}

func (s *server) applySettings(raw json.RawMessage) {
	s.mu.Lock()
	base := ""
	if len(s.roots) > 0 {
		base = s.roots[0]
	}
	s.mu.Unlock()
	settings, err := parseSettings(raw, base)
	if err != nil {
		s.logf(messageError, "%v", err)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settings = settings
	s.checkConfigs = true
	for root := range s.projects {
		s.dirty[root] = true
	}
	if s.running != nil {
		s.running.cancel()
	}
	s.scheduleLocked(0)
}

// logf writes to the log and, for errors and warnings, to the client.
func (s *server) logf(typ int, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	fmt.Fprintf(s.log, "lambdavet lsp: %s\n", msg)
	if typ <= messageWarning && s.started.Load() {
		_ = s.conn.notify("window/logMessage", logMessageParams{Type: typ, Message: msg})
	}
}

// logOnce logs a message the first time it is seen, so a rule failing on
// every keystroke is reported once.
func (s *server) logOnce(typ int, msg string) {
	s.logMu.Lock()
	seen := s.logged[msg]
	if !seen {
		if len(s.logged) > 1000 {
			s.logged = map[string]bool{}
		}
		s.logged[msg] = true
	}
	s.logMu.Unlock()
	if !seen {
		s.logf(typ, "%s", msg)
	}
}

// defaultAnalyzers are the rules the command line runs under cfg, with
// the settings' policy folders for -policy.
func defaultAnalyzers(ctx context.Context, cfg *config.Config, st Settings) ([]*analysis.Analyzer, error) {
	// The editor lints a file again on every change: the functions that
	// did not change keep their built-in findings.
	return lint.LoadRules(ctx, cfg, lint.RuleOptions{Dirs: st.Policies, CacheFunctions: true})
}

// defaultLint lints a request as the command line does (lint.Run): the
// settings stand for the -ID flags, -param, -var and -var-file; then the
// configuration, the suppressions and the baseline filter the findings.
func defaultLint(ctx context.Context, req *LintRequest) *driver.Result {
	r := lint.Run(ctx, &lint.Request{
		Config: req.Config, Analyzers: req.Analyzers, Rules: req.Settings.Rules,
		Packages: req.Packages, ReadFile: req.ReadFile,
		Parameters: req.Settings.Parameters,
		Terraform:  terraform.Options{Vars: req.Settings.Vars, VarFiles: req.Settings.VarFiles},
	})
	if r.BaselineErr != nil {
		r.Errors = append(r.Errors, driver.Error{File: discover.DisplayPath(req.Config.Baseline), Message: r.BaselineErr.Error()})
	}
	r.Diagnostics = merge.Shared(r.Diagnostics)
	return r.Result
}

// scheduleLocked starts a lint after delay (at once when delay <= 0),
// replacing a lint already scheduled.
func (s *server) scheduleLocked(delay time.Duration) {
	if s.timer != nil {
		s.timer.Stop()
		s.timer = nil
	}
	if delay <= 0 {
		s.kickNow()
		return
	}
	s.timer = time.AfterFunc(delay, s.kickNow)
}

func (s *server) kickNow() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// debounceLocked is the wait after an edit.
func (s *server) debounceLocked() time.Duration {
	if s.settings.Debounce != nil {
		return time.Duration(*s.settings.Debounce) * time.Millisecond
	}
	switch {
	case s.opts.Debounce < 0:
		return 0
	case s.opts.Debounce == 0:
		return defaultDebounce
	}
	return s.opts.Debounce
}
