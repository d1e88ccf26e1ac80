package lsp

import (
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/lambdavet/lambdavet/internal/config"
	"github.com/lambdavet/lambdavet/internal/discover"
	"github.com/lambdavet/lambdavet/internal/driver"
	"github.com/lambdavet/lambdavet/internal/format"
)

func (s *server) didOpen(p *didOpenParams) {
	path, err := uriToPath(p.TextDocument.URI)
	if err != nil {
		return // untitled buffers and other schemes are not on disk: nothing to lint them with
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	d := &document{uri: p.TextDocument.URI, path: path, version: p.TextDocument.Version, text: newDocText([]byte(p.TextDocument.Text))}
	s.docs[path] = d
	s.uris[path] = d.uri
	s.touchLocked(path)
	s.scheduleLocked(0)
}

func (s *server) didChange(p *didChangeParams) {
	path, err := uriToPath(p.TextDocument.URI)
	if err != nil {
		return
	}
	s.mu.Lock()
	d := s.docs[path]
	var text *docText
	if d != nil {
		text = d.text
	}
	s.mu.Unlock()
	if d == nil {
		s.logf(messageWarning, "didChange for %s, which is not open", p.TextDocument.URI)
		return
	}
	// The edits are applied without the lock, so that lints publish and
	// requests are answered meanwhile. Only this goroutine, the reader's,
	// changes the open documents: d is still the one open, with this text.
	text, err = text.apply(p.ContentChanges)
	if err != nil {
		s.logf(messageError, "didChange %s version %d: %v; the server's copy may differ from the editor's until the next full change", p.TextDocument.URI, p.TextDocument.Version, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.docs[path] != d {
		return
	}
	d.text = text
	d.version = p.TextDocument.Version
	s.touchLocked(path)
	s.scheduleLocked(s.debounceLocked())
}

func (s *server) didSave(p *didSaveParams) {
	path, err := uriToPath(p.TextDocument.URI)
	if err != nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if d := s.docs[path]; d != nil && p.Text != nil {
		d.text = newDocText([]byte(*p.Text))
	}
	if discover.IsTerraform(path) || isTFVars(path) {
		// Module calls may have changed: find the projects again.
		s.wsStale = true
		for _, d := range s.docs {
			if discover.IsTerraform(d.path) || isTFVars(d.path) {
				d.discovered = false
				d.gen++
			}
		}
	}
	s.touchLocked(path)
	s.scheduleLocked(0)
}

// didChangeWatchedFiles lints again the projects that read a file that
// changed on disk (an assembly's manifest cdk synth rewrote, a module
// file, a configuration). A file created or deleted may change which
// files a project has, and a Terraform file which modules it calls: then
// the open documents' projects are found again. An open document's
// buffer, not the disk, is what its project reads.
func (s *server) didChangeWatchedFiles(p *didChangeWatchedFilesParams) {
	s.mu.Lock()
	defer s.mu.Unlock()
	touched, rediscover := false, false
	for _, c := range p.Changes {
		path, err := uriToPath(c.URI)
		if err != nil {
			continue
		}
		if _, open := s.docs[path]; open {
			continue
		}
		if c.Type == fileCreated || c.Type == fileDeleted || discover.IsTerraform(path) || isTFVars(path) {
			rediscover = true
		}
		s.touchLocked(path)
		touched = true
	}
	if rediscover {
		s.wsStale = true
		for _, d := range s.docs {
			d.discovered = false
			d.gen++
		}
	}
	if touched {
		s.scheduleLocked(s.debounceLocked())
	}
}

// The kinds of file event.
const (
	fileCreated = 1
	fileDeleted = 3
)

func (s *server) didClose(p *didCloseParams) {
	path, err := uriToPath(p.TextDocument.URI)
	if err != nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.docs[path]
	if d == nil {
		return
	}
	delete(s.docs, path)
	delete(s.notes, path)
	// The projects still open read the file from disk now.
	s.touchLocked(path)
	s.gcProjectsLocked()
	if isConfigFile(path) {
		delete(s.configDiags, path)
	}
	if !s.coveredLocked(path) {
		// Cleared, unless dropping its projects just did.
		delete(s.fileDiags, path)
		s.publishLocked(path)
	}
	s.scheduleLocked(s.debounceLocked())
}

// touchLocked marks the projects that read path as needing a lint, and
// cancels a run over any of them: its results would be stale.
func (s *server) touchLocked(path string) {
	if isConfigFile(path) {
		s.checkConfigs = true
		for root := range s.projects {
			s.dirty[root] = true
		}
		if s.running != nil {
			s.running.cancel()
		}
		return
	}
	if d := s.docs[path]; d != nil && !d.discovered {
		for _, root := range d.projects {
			s.dirty[root] = true
		}
	}
	for root, pr := range s.projects {
		if pr.files[path] {
			s.dirty[root] = true
			if s.running != nil && s.running.roots[root] {
				s.running.cancel()
			}
		}
	}
}

// coveredLocked reports whether a live project reads path.
func (s *server) coveredLocked(path string) bool {
	for _, pr := range s.projects {
		if pr.files[path] {
			return true
		}
	}
	return false
}

// gcProjectsLocked drops the projects no open document belongs to, and
// clears the diagnostics of the files only they covered.
func (s *server) gcProjectsLocked() {
	live := map[string]bool{}
	for _, d := range s.docs {
		for _, root := range d.projects {
			live[root] = true
		}
	}
	var dropped []*project
	for root, pr := range s.projects {
		if !live[root] {
			dropped = append(dropped, pr)
			delete(s.projects, root)
			delete(s.dirty, root)
		}
	}
	for _, pr := range dropped {
		for file := range pr.files {
			if s.coveredLocked(file) {
				// Another project reads it: lint that one again, its
				// findings there may have come with the dropped one's.
				s.touchLocked(file)
				continue
			}
			delete(s.fileDiags, file)
			s.publishLocked(file)
		}
	}
}

// isConfigFile reports whether path is a .lambdavet.yaml.
func isConfigFile(path string) bool {
	return slices.Contains(config.FileNames, filepath.Base(path))
}

// isTFVars reports whether path is a Terraform variables file.
func isTFVars(path string) bool {
	return strings.HasSuffix(path, ".tfvars") || strings.HasSuffix(path, ".tfvars.json")
}

// discoverProjects returns the projects a document belongs to, with the
// command line's discovery: the template itself; for Terraform, the root
// module of its folder, or the root modules of the workspace that call it
// as a local module; for a tfvars file, the module that loads it. The
// workspace's projects are walked once, kept in ws until a Terraform file
// is saved.
func discoverProjects(path string, roots []string, ws map[string][]*driver.Package) []*driver.Package {
	if isConfigFile(path) {
		return nil
	}
	// A file of a format whose every file is a project (a template) is
	// its own project; one of a folder format (Terraform), or a variable
	// file, belongs to the root modules that load it.
	f, vars := format.Of(path), isTFVars(path)
	if f == nil && !vars {
		return nil
	}
	tf := f != nil && f.Projects != nil
	root := containingRoot(roots, path)
	if f != nil && f.Projects == nil {
		// A template is its own project. Its boundary, the folder rules
		// that read the file system stay in, is the workspace folder, as
		// when CI lints the repository.
		var pkg *driver.Package
		if _, err := os.Stat(path); err == nil {
			if pkgs, err := findPackages([]string{path}); err == nil && len(pkgs) == 1 {
				pkg = pkgs[0]
			}
		}
		if pkg == nil {
			pkg = &driver.Package{Root: path, Files: []string{path}, Boundary: filepath.Dir(path)}
		}
		if root != "" {
			pkg.Boundary = root
		}
		return []*driver.Package{pkg}
	}
	// Terraform: the workspace's root modules are found once (a module is
	// linted through the root that calls it).
	if root != "" {
		pkgs, ok := ws[root]
		if !ok {
			pkgs, _ = findPackages([]string{root})
			ws[root] = pkgs
		}
		if found := containing(pkgs, path); len(found) > 0 {
			return found
		}
	}
	dir := filepath.Dir(path)
	_, statErr := os.Stat(path)
	// The module of the folder: found from any .tf file in it.
	var anchor string
	if tf && statErr == nil {
		anchor = path
	} else if entries, err := os.ReadDir(dir); err == nil {
		for _, e := range entries {
			if e.Type().IsRegular() && discover.IsTerraform(e.Name()) {
				anchor = filepath.Join(dir, e.Name())
				break
			}
		}
	}
	var pkgs []*driver.Package
	if anchor != "" {
		pkgs, _ = findPackages([]string{anchor})
	}
	if found := containing(pkgs, path); len(found) > 0 {
		return found
	}
	if !tf {
		return nil // a tfvars file Terraform does not load by itself
	}
	if len(pkgs) > 0 {
		// A new .tf file, not yet saved, joins its folder's module.
		p := *pkgs[0]
		p.Files = append(slices.Clone(p.Files), path)
		return []*driver.Package{&p}
	}
	return []*driver.Package{{Root: dir, Files: []string{path}, Boundary: dir}}
}

// findPackages is discover.Packages; a variable so that the tests can
// make it hang.
var findPackages = discover.Packages

// fallbackProjects is what a document is linted as when finding its
// projects did not finish: the template alone, or the Terraform files of
// its folder, listed without reading any file.
func fallbackProjects(path string, roots []string) []*driver.Package {
	if isConfigFile(path) || isTFVars(path) {
		return nil
	}
	dir := filepath.Dir(path)
	boundary := containingRoot(roots, path)
	if boundary == "" {
		boundary = dir
	}
	if f := format.Of(path); f == nil || f.Projects == nil {
		if f == nil {
			return nil
		}
		return []*driver.Package{{Root: path, Files: []string{path}, Boundary: boundary}}
	}
	files := []string{path}
	if entries, err := os.ReadDir(dir); err == nil {
		for _, e := range entries {
			if name := filepath.Join(dir, e.Name()); e.Type().IsRegular() && discover.IsTerraform(name) && name != path {
				files = append(files, name)
			}
		}
	}
	return []*driver.Package{{Root: dir, Files: files, Boundary: boundary}}
}

// containingRoot returns the innermost workspace folder holding path.
func containingRoot(roots []string, path string) string {
	best := ""
	for _, r := range roots {
		rel, err := filepath.Rel(r, path)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			continue
		}
		if len(r) > len(best) {
			best = r
		}
	}
	return best
}

// containing returns the packages that read path.
func containing(pkgs []*driver.Package, path string) []*driver.Package {
	var out []*driver.Package
	for _, p := range pkgs {
		for _, f := range p.Files {
			if absPath(f) == path {
				out = append(out, p)
				break
			}
		}
	}
	return out
}

// absPath makes a path absolute and clean.
func absPath(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return filepath.Clean(p)
}
