package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"time"

	"golang.org/x/tools/go/analysis"

	"github.com/lambdavet/lambdavet/analyzers/rule"
	"github.com/lambdavet/lambdavet/internal/config"
	"github.com/lambdavet/lambdavet/internal/discover"
	"github.com/lambdavet/lambdavet/internal/driver"
	"github.com/lambdavet/lambdavet/internal/suppress"
)

// staleGrace is how long a cancelled run is waited for before the next one
// starts without it.
const staleGrace = 2 * time.Second

// lintRun is a run in progress.
type lintRun struct {
	roots    map[string]bool
	ctx      context.Context
	cancel   context.CancelFunc
	timedOut bool
}

// snapDoc is an open document's text as a run sees it.
type snapDoc struct {
	uri     string
	version int32
	text    []byte
}

// finding is a published diagnostic with what code actions need.
type finding struct {
	diag Diagnostic
	rule string
	// version is the document version the range refers to; -1 when the
	// file was not open.
	version int32
	fixes   []codeFix
}

type codeFix struct {
	title string
	edit  WorkspaceEdit
}

// lintOutput is what a run produced.
type lintOutput struct {
	res         *driver.Result
	configDiags map[string][]Diagnostic
	configs     map[string]*config.Config
	checked     map[string]bool
	fixes       *fixTable
}

func (s *server) worker() {
	defer close(s.workerDone)
	for {
		select {
		case <-s.quit:
			return
		case <-s.kick:
		}
		select {
		case <-s.quit:
			return
		default:
		}
		s.safeLintOnce()
	}
}

// safeLintOnce runs lintOnce, logging a panic (a bug) instead of taking
// the server down; the lock is never held across a panic, as every
// locked section unlocks with defer.
func (s *server) safeLintOnce() {
	defer func() {
		if p := recover(); p != nil {
			s.logStack(fmt.Sprintf("internal error while linting: %v", p), string(debug.Stack()))
			s.mu.Lock()
			defer s.mu.Unlock()
			if s.running != nil {
				s.running.cancel()
				s.running = nil
			}
			s.signalLocked()
		}
	}()
	s.lintOnce()
}

// signalLocked wakes whoever waits for a run to end.
func (s *server) signalLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// lintOnce finds the projects of newly opened documents, then lints the
// projects marked dirty (with every project sharing a file with them, so a
// file's findings always come from all the projects that read it) and
// publishes the findings.
func (s *server) lintOnce() {
	todo, roots, ok := s.discoveryTodo()
	if !ok {
		return
	}
	found := map[string][]*driver.Package{}
	for path := range todo {
		found[path] = s.discoverProjects(path, roots)
	}
	run, pkgs, snap, settings, openConfigs := s.startRun(todo, found)
	if run == nil {
		return
	}
	defer run.cancel()
	out := s.execute(run, pkgs, snap, settings, openConfigs)

	s.mu.Lock()
	defer s.mu.Unlock()
	s.running = nil
	switch {
	case run.ctx.Err() != nil && !run.timedOut:
		// Made stale by an edit, which scheduled the next run.
		for root := range run.roots {
			if s.projects[root] != nil {
				s.dirty[root] = true
			}
		}
		if len(openConfigs) > 0 {
			s.checkConfigs = true
		}
	case out != nil:
		s.applyLocked(run, out, snap)
	}
	s.signalLocked()
}

// discoveryTodo returns the documents whose projects are to be found,
// with the generation of the request, and the workspace folders.
func (s *server) discoveryTodo() (todo map[string]int, roots []string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state == stateShutdown {
		return nil, nil, false
	}
	todo = map[string]int{}
	for path, d := range s.docs {
		if !d.discovered {
			todo[path] = d.gen
		}
	}
	if s.wsStale {
		s.wsStale = false
		s.wsPkgs = map[string][]*driver.Package{}
	}
	return todo, slices.Clone(s.roots), true
}

// startRun records the projects found, selects the projects to lint and
// snapshots the open documents; run is nil when there is nothing to do.
func (s *server) startRun(todo map[string]int, found map[string][]*driver.Package) (run *lintRun, pkgs []*driver.Package, snap map[string]*snapDoc, settings Settings, openConfigs []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for path, list := range found {
		d := s.docs[path]
		if d == nil || d.discovered || d.gen != todo[path] {
			continue // closed, or asked again since (a save): next time
		}
		d.discovered = true
		d.projects = nil
		for _, pkg := range list {
			pr := s.projects[pkg.Root]
			if pr == nil {
				pr = &project{files: map[string]bool{}}
				s.projects[pkg.Root] = pr
			}
			pr.pkg = pkg
			for _, f := range pkg.Files {
				pr.files[absPath(f)] = true
			}
			d.projects = append(d.projects, pkg.Root)
			s.dirty[pkg.Root] = true
		}
	}
	s.gcProjectsLocked()

	sel := map[string]bool{}
	for root := range s.dirty {
		if s.projects[root] != nil {
			sel[root] = true
		}
	}
	for grown := len(sel) > 0; grown; {
		grown = false
		for root, pr := range s.projects {
			if sel[root] {
				continue
			}
			for other := range sel {
				if shareFiles(pr, s.projects[other]) {
					sel[root], grown = true, true
					break
				}
			}
		}
	}
	if s.checkConfigs {
		s.checkConfigs = false
		for path := range s.docs {
			if isConfigFile(path) {
				openConfigs = append(openConfigs, path)
			}
		}
		sort.Strings(openConfigs)
	}
	if len(sel) == 0 && len(openConfigs) == 0 {
		clear(s.dirty)
		s.signalLocked()
		return nil, nil, nil, Settings{}, nil
	}
	snap = map[string]*snapDoc{}
	for path, d := range s.docs {
		snap[path] = &snapDoc{uri: d.uri, version: d.version, text: d.text}
	}
	for root := range sel {
		pkgs = append(pkgs, s.projects[root].pkg)
		delete(s.dirty, root)
	}
	sort.Slice(pkgs, func(i, j int) bool { return pkgs[i].Root < pkgs[j].Root })
	run = &lintRun{roots: sel}
	run.ctx, run.cancel = context.WithCancel(context.Background())
	s.running = run
	return run, pkgs, snap, s.settings, openConfigs
}

func shareFiles(a, b *project) bool {
	if a == nil || b == nil {
		return false
	}
	for f := range a.files {
		if b.files[f] {
			return true
		}
	}
	return false
}

// execute runs the lint of pkgs, grouped by the configuration that applies
// to each. It returns nil when the run was cancelled, timed out or failed.
func (s *server) execute(run *lintRun, pkgs []*driver.Package, snap map[string]*snapDoc, settings Settings, openConfigs []string) *lintOutput {
	out := &lintOutput{
		res:         &driver.Result{Sources: map[string][]byte{}},
		configDiags: map[string][]Diagnostic{},
		configs:     map[string]*config.Config{},
		checked:     map[string]bool{},
		fixes:       newFixTable(),
	}
	readFile := func(name string) ([]byte, error) {
		if d, ok := snap[absPath(name)]; ok {
			return d.text, nil
		}
		return driver.ReadFile(name)
	}
	type group struct {
		cfg  *config.Config
		pkgs []*driver.Package
	}
	groups := map[string]*group{}
	var order []string
	for _, p := range pkgs {
		path := s.configPathFor(p, snap, settings)
		g, ok := groups[path]
		if !ok {
			g = &group{cfg: s.loadConfig(path, snap, out)}
			groups[path] = g
			order = append(order, path)
		}
		g.pkgs = append(g.pkgs, p)
	}
	for _, path := range openConfigs {
		if cfg := s.loadConfig(path, snap, out); cfg != nil {
			s.analyzersFor(run.ctx, cfg, settings, out)
		}
	}
	s.fixSink.Store(out.fixes)
	defer s.fixSink.Store(nil)
	for _, path := range order {
		g := groups[path]
		as := s.analyzersFor(run.ctx, g.cfg, settings, out)
		if as == nil {
			continue
		}
		req := &LintRequest{Config: g.cfg, Settings: settings, Analyzers: as, Packages: g.pkgs, ReadFile: readFile}
		r := s.runLint(run, req)
		if r == nil {
			return nil
		}
		out.res.Diagnostics = append(out.res.Diagnostics, r.Diagnostics...)
		out.res.Errors = append(out.res.Errors, r.Errors...)
		out.res.Projects = append(out.res.Projects, r.Projects...)
		for k, v := range r.Sources {
			out.res.Sources[k] = v
		}
	}
	return out
}

// runLint calls the lint function on its own goroutine, so that a panic is
// recovered and a hung analyzer is abandoned after RunTimeout, or soon
// after the run is cancelled.
func (s *server) runLint(run *lintRun, req *LintRequest) *driver.Result {
	lint := s.opts.Lint
	if lint == nil {
		lint = defaultLint
	}
	done := make(chan *driver.Result, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				s.logStack(fmt.Sprintf("lint failed: %v", p), string(debug.Stack()))
				done <- nil
			}
		}()
		done <- lint(run.ctx, req)
	}()
	timeout := time.NewTimer(s.opts.RunTimeout)
	defer timeout.Stop()
	select {
	case r := <-done:
		return r
	case <-run.ctx.Done():
		select {
		case <-done:
		case <-time.After(staleGrace):
			s.logf(messageWarning, "a cancelled run is still going after %v; starting the next one beside it", staleGrace)
		}
		return nil
	case <-timeout.C:
		s.mu.Lock()
		run.timedOut = true
		s.mu.Unlock()
		run.cancel()
		var roots []string
		for _, p := range req.Packages {
			roots = append(roots, p.Root)
		}
		stuck := s.busy.names()
		for _, name := range stuck {
			s.hung[name] = true
		}
		if len(stuck) > 0 {
			s.logf(messageError, "linting %s took longer than %v: rule %s did not return; it is left out until the server restarts",
				strings.Join(roots, ", "), s.opts.RunTimeout, strings.Join(stuck, ", "))
			s.mu.Lock()
			for root := range run.roots {
				s.dirty[root] = true
			}
			s.scheduleLocked(0)
			s.mu.Unlock()
		} else {
			s.logf(messageError, "linting %s took longer than %v; its findings are dropped until the next edit", strings.Join(roots, ", "), s.opts.RunTimeout)
		}
		return nil
	}
}

// configPathFor returns the configuration file that applies to a project:
// the one the settings name, or the nearest above the project, as the
// command line looks for it above the path it is given.
func (s *server) configPathFor(p *driver.Package, snap map[string]*snapDoc, settings Settings) string {
	if settings.Config != "" {
		return absPath(settings.Config)
	}
	dir := filepath.Dir(p.Root)
	if slices.ContainsFunc(p.Files, discover.IsTerraform) {
		dir = p.Root // a module folder
	}
	for dir = absPath(dir); ; {
		for _, name := range config.FileNames {
			path := filepath.Join(dir, name)
			if _, ok := snap[path]; ok {
				return path
			}
			if info, err := os.Stat(path); err == nil && info.Mode().IsRegular() {
				return path
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// configEntry caches a configuration file by its stamp (the buffer
// version, or size and time on disk). cfg is the last one that loaded:
// while the file is broken, the editor keeps the rules it had.
type configEntry struct {
	stamp string
	cfg   *config.Config
	err   error
	src   []byte
}

// loadConfig returns the configuration at path (nil for ""), recording
// its problems as diagnostics of the file.
func (s *server) loadConfig(path string, snap map[string]*snapDoc, out *lintOutput) *config.Config {
	if path == "" {
		return nil
	}
	if cfg, ok := out.configs[path]; ok {
		return cfg
	}
	var stamp string
	var src []byte
	var readErr error
	if d, ok := snap[path]; ok {
		stamp, src = fmt.Sprintf("buffer %d %p", d.version, d.text), d.text
	} else if info, err := os.Stat(path); err != nil {
		stamp, readErr = "missing", err
	} else {
		stamp = fmt.Sprintf("disk %d %d", info.Size(), info.ModTime().UnixNano())
		src, readErr = driver.ReadFile(path)
	}
	e := s.configs[path]
	if e == nil {
		e = &configEntry{}
		s.configs[path] = e
	}
	if e.stamp != stamp {
		e.stamp, e.src = stamp, src
		if readErr != nil {
			e.err = fmt.Errorf("reading configuration: %w", readErr)
		} else if cfg, err := config.Parse(discover.DisplayPath(path), src); err != nil {
			e.err = err
		} else {
			e.cfg, e.err = cfg, nil
		}
	}
	out.configs[path] = e.cfg
	out.configDiags[path] = nil
	if e.err != nil {
		out.configDiags[path] = append(out.configDiags[path], configDiagnostic(e.err, e.src))
		if readErr != nil {
			s.logOnce(messageError, fmt.Sprintf("%s: %v", path, e.err))
		}
	}
	return e.cfg
}

// configDiagnostic places a configuration error in the file.
func configDiagnostic(err error, src []byte) Diagnostic {
	d := Diagnostic{Severity: SeverityError, Source: "lambdavet", Message: err.Error()}
	var ce *config.Error
	if errors.As(err, &ce) {
		d.Message = ce.Msg
		if ce.Key != "" {
			d.Message = ce.Key + ": " + ce.Msg
		}
		d.Range = newMapper(src).tokenRange(ce.Line, ce.Column, 0, 0)
	}
	return d
}

type analyzerEntry struct {
	analyzers []*analysis.Analyzer
}

// analyzersFor returns the rules to run under cfg, loading them (the
// policies are compiled and prepared) only when what they depend on
// changed. When the configuration's policies do not load, the built-in
// rules run and the error is shown on the configuration file.
func (s *server) analyzersFor(ctx context.Context, cfg *config.Config, settings Settings, out *lintOutput) []*analysis.Analyzer {
	key := analyzerKey(cfg, settings)
	e := s.analyzers[key]
	if e == nil {
		load := s.opts.Analyzers
		if load == nil {
			load = defaultAnalyzers
		}
		as, err := safeAnalyzers(ctx, load, cfg, settings)
		if err != nil {
			msg := fmt.Sprintf("loading the rules: %v", err)
			if cfg != nil {
				path := absPath(cfg.Path)
				out.configDiags[path] = append(out.configDiags[path], Diagnostic{Severity: SeverityError, Source: "lambdavet", Message: msg})
			}
			s.logOnce(messageError, msg)
			if cfg == nil && len(settings.Policies) == 0 {
				return nil
			}
			// Not cached: the policy files may be fixed on disk.
			return s.analyzersFor(ctx, nil, Settings{}, out)
		}
		if len(s.analyzers) > 16 {
			clear(s.analyzers)
		}
		e = &analyzerEntry{analyzers: s.wrap(as)}
		s.analyzers[key] = e
	}
	as := e.analyzers
	if len(s.hung) > 0 {
		as = slices.DeleteFunc(slices.Clone(as), func(a *analysis.Analyzer) bool { return s.hung[a.Name] })
	}
	if cfg != nil && !out.checked[cfg.Path] {
		out.checked[cfg.Path] = true
		known := []string{suppress.MalformedRule, suppress.UnusedRule}
		for _, a := range e.analyzers {
			known = append(known, a.Name)
		}
		if err := cfg.CheckRules(known); err != nil {
			path := absPath(cfg.Path)
			out.configDiags[path] = append(out.configDiags[path], configDiagnostic(err, s.configs[path].srcOrNil()))
		}
	}
	return as
}

func (e *configEntry) srcOrNil() []byte {
	if e == nil {
		return nil
	}
	return e.src
}

func safeAnalyzers(ctx context.Context, load func(context.Context, *config.Config, Settings) ([]*analysis.Analyzer, error), cfg *config.Config, settings Settings) (as []*analysis.Analyzer, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return load(ctx, cfg, settings)
}

// analyzerKey is what the rules depend on: the policy folders and the
// data the policies see.
func analyzerKey(cfg *config.Config, settings Settings) string {
	var v []any
	if cfg != nil {
		v = append(v, cfg.Policies, cfg.PolicyData(cfg.Path))
	}
	v = append(v, settings.Policies)
	b, _ := json.Marshal(v)
	return string(b)
}

// applyLocked turns a run's findings and errors into diagnostics of the
// files of its projects, and publishes the ones that changed.
func (s *server) applyLocked(run *lintRun, out *lintOutput, snap map[string]*snapDoc) {
	res := out.res
	mappers := map[string]*mapper{}
	mapperFor := func(name string) *mapper {
		if m, ok := mappers[name]; ok {
			return m
		}
		src, ok := res.Sources[name]
		if !ok {
			if d, open := snap[absPath(name)]; open {
				src = d.text
			} else {
				src, _ = driver.ReadFile(name)
			}
		}
		m := newMapper(src)
		mappers[name] = m
		return m
	}
	versionOf := func(path string) int32 {
		if d, ok := snap[path]; ok {
			return d.version
		}
		return -1
	}
	byFile := map[string][]finding{}
	for _, e := range res.Errors {
		path := absPath(e.File)
		_, open := snap[path]
		if strings.HasPrefix(e.Message, "rule ") && e.Line == 0 {
			// A rule that failed (or panicked): the server's problem, not
			// the file's.
			first, rest, _ := strings.Cut(e.Message, "\n")
			s.logStack(fmt.Sprintf("%s: %s", e.File, first), rest)
			continue
		}
		if e.Line == 0 && !open {
			s.logOnce(messageError, fmt.Sprintf("%s: %s", e.File, e.Message))
			continue
		}
		rng := mapperFor(e.File).tokenRange(e.Line, e.Column, 0, 0)
		byFile[path] = append(byFile[path], finding{
			diag:    Diagnostic{Range: rng, Severity: SeverityError, Source: "lambdavet", Message: e.Message},
			version: versionOf(path),
		})
	}
	for _, d := range res.Diagnostics {
		path := absPath(d.File)
		f := finding{diag: s.toDiagnostic(d, mapperFor), rule: d.Rule, version: versionOf(path)}
		for _, rec := range out.fixes.lookup(fixKey{file: path, line: d.Line, col: d.Column, rule: d.Rule, msg: d.Message}) {
			f.fixes = append(f.fixes, rec.convert(mapperFor))
		}
		byFile[path] = append(byFile[path], f)
	}

	covered := map[string]bool{}
	var live []*project
	for root := range run.roots {
		if pr := s.projects[root]; pr != nil {
			live = append(live, pr)
			for f := range pr.files {
				covered[f] = true
			}
		}
	}
	for path := range byFile {
		if !covered[path] {
			for _, pr := range live {
				pr.files[path] = true
			}
			covered[path] = len(live) > 0
		}
	}
	paths := make([]string, 0, len(covered))
	for path, ok := range covered {
		if ok {
			paths = append(paths, path)
		}
	}
	for path, diags := range out.configDiags {
		s.configDiags[path] = diags
		if !covered[path] {
			paths = append(paths, path)
		}
	}
	sort.Strings(paths)
	for _, path := range paths {
		if covered[path] {
			s.fileDiags[path] = byFile[path]
		}
		s.publishLocked(path)
	}
}

// toDiagnostic converts a finding to the protocol's form.
func (s *server) toDiagnostic(d driver.Diagnostic, mapperFor func(string) *mapper) Diagnostic {
	out := Diagnostic{
		Range:    mapperFor(d.File).tokenRange(d.Line, d.Column, d.EndLine, d.EndColumn),
		Severity: severity(d.Severity),
		Code:     d.Rule,
		Source:   "lambdavet",
		Message:  d.Message,
	}
	url := d.URL
	if url == "" && d.Rule != "" {
		if m, ok := rule.Lookup(d.Rule); ok {
			url = m.URL()
		}
	}
	if url != "" {
		out.CodeDescription = &CodeDescription{Href: url}
	}
	for _, r := range d.Related {
		if r.File == "" {
			continue
		}
		out.RelatedInformation = append(out.RelatedInformation, DiagnosticRelatedInformation{
			Location: Location{URI: pathToURI(absPath(r.File)), Range: mapperFor(r.File).tokenRange(r.Line, r.Column, 0, 0)},
			Message:  r.Message,
		})
	}
	return out
}

func severity(s rule.Severity) int {
	switch s {
	case rule.Error:
		return SeverityError
	case rule.Warning:
		return SeverityWarning
	case rule.Info:
		return SeverityInformation
	}
	return SeverityWarning
}

// publishLocked sends the diagnostics of path when they changed, or when
// the document's version did.
func (s *server) publishLocked(path string) {
	diags := []Diagnostic{}
	for _, f := range s.fileDiags[path] {
		diags = append(diags, f.diag)
	}
	diags = append(diags, s.configDiags[path]...)
	var version *int32
	ver := int32(-1)
	uri := s.uris[path]
	if d := s.docs[path]; d != nil {
		uri = d.uri
		v := d.version
		version, ver = &v, v
	}
	if uri == "" {
		uri = pathToURI(path)
	}
	b, _ := json.Marshal(diags)
	digest := string(b)
	prev, had := s.published[path]
	if had && prev.digest == digest && prev.version == ver {
		return
	}
	if !had && len(diags) == 0 && version == nil {
		return // nothing was shown there
	}
	if len(diags) == 0 && version == nil {
		delete(s.published, path)
	} else {
		s.published[path] = publishedState{digest: digest, version: ver}
	}
	_ = s.conn.notify("textDocument/publishDiagnostics", PublishDiagnosticsParams{URI: uri, Version: version, Diagnostics: diags})
}

// logStack logs a failure: its first line to the client, all of it to the
// server's log, once.
func (s *server) logStack(msg, stack string) {
	s.logMu.Lock()
	seen := s.logged[msg]
	s.logged[msg] = true
	s.logMu.Unlock()
	if seen {
		return
	}
	if stack != "" {
		fmt.Fprintf(s.log, "lambdavet lsp: %s\n%s\n", msg, stack)
	} else {
		fmt.Fprintf(s.log, "lambdavet lsp: %s\n", msg)
	}
	if s.started.Load() {
		_ = s.conn.notify("window/logMessage", logMessageParams{Type: messageError, Message: msg})
	}
}
