package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
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
	"github.com/lambdavet/lambdavet/internal/safefile"
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
	doc     *docText
	// text is doc in one piece, made by the run outside the lock.
	text []byte
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
	// linted are the roots of the projects linted (or that failed and
	// carry the error); the others of the run were not reached.
	linted map[string]bool
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
	found, notes, ok := s.discoverAll(todo, roots)
	if !ok {
		return // the server is stopping
	}
	run, pkgs, snap, settings, openConfigs := s.startRun(todo, found, notes)
	if run == nil {
		return
	}
	defer run.cancel()
	for _, d := range snap {
		d.text = d.doc.bytes()
	}
	out := s.execute(run, pkgs, snap, settings, openConfigs)

	s.mu.Lock()
	defer s.mu.Unlock()
	if s.running == run {
		s.running = nil
	}
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
		s.applyLocked(out, snap)
		// Projects a timed-out lint kept from their turn go next.
		for root := range run.roots {
			if !out.linted[root] && s.projects[root] != nil {
				s.dirty[root] = true
				s.scheduleLocked(0)
			}
		}
	}
	s.signalLocked()
}

// discoverAll finds the projects of the documents in todo. The search
// runs on a goroutine of its own, given discoveryTimeout: a walk that
// blocks (a pipe where a file should be, a hung network disk) is
// abandoned, the documents it did not reach are linted as fallbackProjects
// with a note saying why, and the server goes on. ok is false when the
// server is stopping.
func (s *server) discoverAll(todo map[string]int, roots []string) (found map[string][]*driver.Package, notes map[string]string, ok bool) {
	found, notes = map[string][]*driver.Package{}, map[string]string{}
	if len(todo) == 0 {
		return found, notes, true
	}
	paths := slices.Sorted(maps.Keys(todo))
	type result struct {
		path string
		pkgs []*driver.Package
		err  string
	}
	// The goroutine has its own copy of the workspace cache: adopted
	// when it finishes, never shared with one that was abandoned.
	ws := maps.Clone(s.wsPkgs)
	results := make(chan result, len(paths))
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		for _, path := range paths {
			func() {
				defer func() {
					if p := recover(); p != nil {
						s.logStack(fmt.Sprintf("internal error finding the projects of %s: %v", path, p), string(debug.Stack()))
						results <- result{path: path, err: fmt.Sprintf("finding its projects failed: %v", p)}
					}
				}()
				results <- result{path: path, pkgs: discoverProjects(path, roots, ws)}
			}()
		}
	}()
	timeout := time.NewTimer(s.discoveryTimeout())
	defer timeout.Stop()
	for len(found) < len(paths) {
		select {
		case r := <-results:
			found[r.path] = r.pkgs
			if r.err != "" {
				found[r.path] = fallbackProjects(r.path, roots)
				notes[r.path] = r.err
			}
		case <-timeout.C:
			for _, path := range paths {
				if _, done := found[path]; !done {
					found[path] = fallbackProjects(path, roots)
					notes[path] = fmt.Sprintf("finding the projects of this file took longer than %v (a file lambdavet reads there may be a pipe, a device or on a hung disk); it is linted on its own until it is saved", s.discoveryTimeout())
				}
			}
			s.logOnce(messageError, fmt.Sprintf("finding the projects of %s took longer than %v; abandoned", strings.Join(paths, ", "), s.discoveryTimeout()))
			return found, notes, true
		case <-s.quit:
			return nil, nil, false
		}
	}
	<-finished
	s.wsPkgs = ws
	return found, notes, true
}

// discoveryTimeout bounds the search for a document's projects.
func (s *server) discoveryTimeout() time.Duration {
	return min(s.opts.RunTimeout, 10*time.Second)
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
func (s *server) startRun(todo map[string]int, found map[string][]*driver.Package, notes map[string]string) (run *lintRun, pkgs []*driver.Package, snap map[string]*snapDoc, settings Settings, openConfigs []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for path, list := range found {
		d := s.docs[path]
		if d == nil || d.discovered || d.gen != todo[path] {
			continue // closed, or asked again since (a save): next time
		}
		d.discovered = true
		if note, had := s.notes[path]; note != notes[path] {
			if notes[path] != "" {
				s.notes[path] = notes[path]
			} else if had {
				delete(s.notes, path)
			}
			s.publishLocked(path)
		}
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
		snap[path] = &snapDoc{uri: d.uri, version: d.version, doc: d.text}
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
		linted:      map[string]bool{},
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
		path, root := s.configPathFor(p, snap, settings)
		g, ok := groups[path]
		if !ok {
			g = &group{cfg: s.loadConfig(path, root, snap, out)}
			groups[path] = g
			order = append(order, path)
		}
		g.pkgs = append(g.pkgs, p)
	}
	for _, path := range openConfigs {
		if cfg := s.loadConfig(path, "", snap, out); cfg != nil {
			s.analyzersFor(run.ctx, cfg, settings, out)
		}
	}
	s.fixSink.Store(out.fixes)
	// Not cleared when a newer run has set its own.
	defer s.fixSink.CompareAndSwap(out.fixes, nil)
	for _, path := range order {
		g := groups[path]
		as := s.analyzersFor(run.ctx, g.cfg, settings, out)
		if run.ctx.Err() != nil {
			return nil
		}
		for _, p := range g.pkgs {
			out.linted[p.Root] = true
		}
		if as == nil {
			continue
		}
		req := &LintRequest{Config: g.cfg, Settings: settings, Analyzers: as, Packages: g.pkgs, ReadFile: readFile}
		r, failure, stop := s.runLint(run, req)
		if stop {
			return nil
		}
		if failure != "" {
			// The project's files show why they have no findings; the
			// next edit lints them again.
			r = failedLint(g.pkgs, snap, failure)
			out.res.Errors = append(out.res.Errors, r.Errors...)
			continue
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
// recovered and a lint that does not return (whatever it waits for) is
// abandoned after RunTimeout, or soon after the run is cancelled. It
// returns the result; or why the lint failed (a panic, a timeout), to be
// shown on the project's files; or stop when the run is to be dropped
// (cancelled, the server stopping, or a hung rule left out and the run
// scheduled again without it).
func (s *server) runLint(run *lintRun, req *LintRequest) (res *driver.Result, failure string, stop bool) {
	lint := s.opts.Lint
	if lint == nil {
		lint = defaultLint
	}
	// Each lint has its own context: a timed-out one is cancelled without
	// the rest of the run.
	ctx, cancel := context.WithCancel(run.ctx)
	defer cancel()
	type outcome struct {
		res   *driver.Result
		panic string
	}
	done := make(chan outcome, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				s.logStack(fmt.Sprintf("lint failed: %v", p), string(debug.Stack()))
				done <- outcome{panic: fmt.Sprint(p)}
			}
		}()
		done <- outcome{res: lint(ctx, req)}
	}()
	var roots []string
	for _, p := range req.Packages {
		roots = append(roots, p.Root)
	}
	timeout := time.NewTimer(s.opts.RunTimeout)
	defer timeout.Stop()
	select {
	case o := <-done:
		switch {
		case o.panic != "":
			return nil, fmt.Sprintf("lambdavet failed on this project (internal error: %s); it is linted again at the next edit", firstLine(o.panic)), false
		case o.res == nil:
			if run.ctx.Err() != nil {
				return nil, "", true
			}
			return nil, "lambdavet returned no result for this project; it is linted again at the next edit", false
		}
		return o.res, "", false
	case <-s.quit:
		return nil, "", true
	case <-run.ctx.Done():
		select {
		case <-done:
		case <-s.quit:
		case <-time.After(staleGrace):
			s.logf(messageWarning, "a cancelled run is still going after %v; starting the next one beside it", staleGrace)
		}
		return nil, "", true
	case <-timeout.C:
		cancel()
		stuck := s.busy.names()
		if len(stuck) > 0 {
			s.mu.Lock()
			run.timedOut = true
			s.mu.Unlock()
			run.cancel()
			for _, name := range stuck {
				s.hung[name] = true
			}
			s.logf(messageError, "linting %s took longer than %v: rule %s did not return; it is left out until the server restarts",
				strings.Join(roots, ", "), s.opts.RunTimeout, strings.Join(stuck, ", "))
			s.mu.Lock()
			for root := range run.roots {
				s.dirty[root] = true
			}
			s.scheduleLocked(0)
			s.mu.Unlock()
			return nil, "", true
		}
		s.logf(messageError, "linting %s took longer than %v; abandoned until the next edit", strings.Join(roots, ", "), s.opts.RunTimeout)
		return nil, fmt.Sprintf("linting this project took longer than %v and was abandoned (a file it reads may be a pipe or a device, or the project too large); it is linted again at the next edit", s.opts.RunTimeout), false
	}
}

// failedLint is the result of a lint that failed: the reason, on each of
// the projects' open files.
func failedLint(pkgs []*driver.Package, snap map[string]*snapDoc, why string) *driver.Result {
	res := &driver.Result{}
	seen := map[string]bool{}
	for _, p := range pkgs {
		for _, f := range p.Files {
			if path := absPath(f); snap[path] != nil && !seen[path] {
				seen[path] = true
				res.Errors = append(res.Errors, driver.Error{File: path, Line: 1, Column: 1, Message: why})
			}
		}
	}
	return res
}

// firstLine returns s up to its first line break.
func firstLine(s string) string {
	first, _, _ := strings.Cut(s, "\n")
	return first
}

// workspaceRoots returns the folders the editor opened.
func (s *server) workspaceRoots() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.roots)
}

// configPathFor returns the configuration file that applies to a project:
// the one the settings name, or the nearest above the project up to its
// tree root (config.TreeRoot: the repository), as the command line looks
// for it above the path it is given; and the folder the search stopped
// at, which the file must lie inside.
func (s *server) configPathFor(p *driver.Package, snap map[string]*snapDoc, settings Settings) (path, root string) {
	if settings.Config != "" {
		return absPath(settings.Config), ""
	}
	dir := absPath(discover.ConfigDir(p))
	root = config.TreeRoot(dir)
	if _, err := os.Lstat(filepath.Join(root, ".git")); err != nil {
		// Outside a repository the editor's working directory means
		// nothing; the workspace folder holding the project bounds the
		// search instead.
		root = dir
		for _, r := range s.workspaceRoots() {
			if safefile.Inside(r, dir) && len(r) < len(root) {
				root = r
			}
		}
	}
	path, err := config.Nearest(dir, root, func(path string) bool { return snap[path] != nil })
	if err != nil && path == "" {
		s.logOnce(messageError, err.Error())
	}
	// A refused file is still the one that applies: loadConfig refuses it
	// again, against the same root, and shows why on it.
	return path, root
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
// its problems as diagnostics of the file. A file on disk must lie inside
// root, the folder its search stopped at ("": its TreeRoot).
func (s *server) loadConfig(path, root string, snap map[string]*snapDoc, out *lintOutput) *config.Config {
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
		// A committed configuration linked out of its tree is refused
		// unread, as on the command line.
		if root == "" {
			root = config.TreeRoot(filepath.Dir(path))
		}
		if readErr = safefile.CheckIn(root, path); readErr == nil {
			src, readErr = driver.ReadFile(path)
		}
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
		as, err := s.safeAnalyzers(ctx, load, cfg, settings)
		if ctx.Err() != nil {
			return nil // a stale run: the next one loads them
		}
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

// safeAnalyzers loads the rules on a goroutine of its own: a panic is an
// error, and a load that does not return within RunTimeout (a policy
// folder holding a pipe, a policy that takes forever to compile) is
// abandoned with an error, so the built-in rules run.
func (s *server) safeAnalyzers(ctx context.Context, load func(context.Context, *config.Config, Settings) ([]*analysis.Analyzer, error), cfg *config.Config, settings Settings) ([]*analysis.Analyzer, error) {
	type outcome struct {
		as  []*analysis.Analyzer
		err error
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan outcome, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- outcome{err: fmt.Errorf("panic: %v", p)}
			}
		}()
		as, err := load(ctx, cfg, settings)
		done <- outcome{as, err}
	}()
	// Compiling the policies of a cold start takes seconds on a slow
	// machine: the bound is for loads that never end.
	limit := max(s.opts.RunTimeout, time.Minute)
	timeout := time.NewTimer(limit)
	defer timeout.Stop()
	select {
	case o := <-done:
		return o.as, o.err
	case <-timeout.C:
		return nil, fmt.Errorf("took longer than %v; abandoned", limit)
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-s.quit:
		return nil, errors.New("the server is stopping")
	}
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
func (s *server) applyLocked(out *lintOutput, snap map[string]*snapDoc) {
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
	for root := range out.linted {
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
	if note := s.notes[path]; note != "" {
		diags = append(diags, Diagnostic{Severity: SeverityWarning, Source: "lambdavet", Message: note})
	}
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
