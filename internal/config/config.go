// Package config reads .lambdavet.yaml, the file a team commits to make
// lambdavet a gate on its repository: which rules run and how severe they
// are, which paths are left out, the parameters and variables templates are
// evaluated with (for every project or per path), extra policy folders, the
// baseline, the fail level, organization limits tighter than AWS's, and the
// budget that bounds what one project may cost.
//
// The file comes from a repository, which may be someone else's: it is
// looked for only up to the repository root (TreeRoot), read through the
// bounded reader, refused when a symbolic link leads it outside the tree,
// and every path it names must stay inside the tree. No error quotes more
// of it than a short value.
//
// The file's JSON Schema is config.schema.json (Schema). Loading is done by a
// hand-written decoder rather than by the schema so that every mistake is
// reported with the key, the line and the form expected, and a test keeps
// the two in agreement.
package config

import (
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/lambdavet/lambdavet/analyzers/rule"
	"github.com/lambdavet/lambdavet/internal/catalog"
	"github.com/lambdavet/lambdavet/internal/didyoumean"
	"github.com/lambdavet/lambdavet/internal/safefile"
	"github.com/lambdavet/lambdavet/parsers/model"
)

// FileNames are the names looked for, in this order, in the folder linted
// and then in each parent up to the tree's root (TreeRoot).
var FileNames = []string{".lambdavet.yaml", ".lambdavet.yml"}

// MaxSize bounds a configuration file: a real one is a few kilobytes, and
// the YAML parser's cost grows with the input.
const MaxSize = 1 << 20

// Schema is the JSON Schema of the configuration file, for editors
// (yaml-language-server) and for the tests that keep it and the decoder in
// agreement.
//
//go:embed config.schema.json
var Schema []byte

// Config is a loaded configuration file. The zero value (no file) changes
// nothing.
type Config struct {
	// Path is the file as found or given (-config).
	Path string
	// Dir is the absolute folder of the file; every path in the file is
	// relative to it.
	Dir string
	// Root is the tree the file belongs to (TreeRoot of Dir): every path
	// the file names must stay inside it, symbolic links resolved.
	Root string

	// FailOn is the lowest severity that fails the run; 0 when not set.
	FailOn rule.Severity
	// Exclude are glob patterns of paths never linted.
	Exclude []string
	// Rules turn rules off or on and change their severity everywhere.
	Rules map[string]RuleSetting
	// Limits are organization ceilings, enforced by the limit rules.
	Limits Limits
	// Inputs are the parameters and variables every project is evaluated
	// with; Overrides may change them per path.
	Inputs Inputs
	// Policies are extra folders of Rego policies, as absolute paths.
	Policies []string
	// Baseline is the baseline file to apply, as an absolute path; "" when
	// not set.
	Baseline string
	// Budget bounds the work of every project (budget:); zero fields take
	// the defaults (model.DefaultLimits). Overrides may change it per path.
	Budget model.Limits
	// Overrides change rules and inputs for the paths they match, later
	// entries winning over earlier ones and over the top level.
	Overrides []Override
}

// RuleSetting is what the configuration says about one rule.
type RuleSetting struct {
	// Enabled is nil when the setting leaves the rule's state alone.
	Enabled *bool
	// Severity replaces the rule's severity when non-zero.
	Severity rule.Severity
	// Line is where the setting is written, for messages.
	Line int
}

// Limits are an organization's ceilings, lower than AWS's.
type Limits struct {
	// MemoryMax is the highest MemorySize allowed, in MB (0: none).
	MemoryMax int
	// TimeoutMax is the highest Timeout allowed, in seconds (0: none).
	TimeoutMax int
	// MemoryMaxLine and TimeoutMaxLine are where they are written.
	MemoryMaxLine, TimeoutMaxLine int
}

// Inputs are the values templates are evaluated with.
type Inputs struct {
	// Parameters are CloudFormation parameter values, as -param gives.
	Parameters map[string]string
	// VarFiles are Terraform variable files (absolute paths), as -var-file.
	VarFiles []string
	// Vars are Terraform variable values, as -var gives.
	Vars map[string]string
}

// Override is one entry of overrides: settings for the paths it matches.
type Override struct {
	// Paths are glob patterns, relative to the configuration's folder.
	Paths []string
	// Rules override the top-level rules for these paths.
	Rules map[string]RuleSetting
	// Inputs are merged over the top-level inputs: parameters and vars by
	// name, var files appended.
	Inputs Inputs
	// Budget fields set here replace the top-level ones.
	Budget model.Limits
	// Line is where the entry starts.
	Line int
}

// Error is a mistake in the configuration file, with its place, the key it
// concerns and what was expected.
type Error struct {
	File   string
	Line   int
	Column int
	// Key is the dotted path of the offending key, e.g. rules.LV202.severity.
	Key string
	Msg string
}

func (e *Error) Error() string {
	place := e.File
	if e.Line > 0 {
		place = fmt.Sprintf("%s:%d:%d", e.File, e.Line, e.Column)
	}
	if e.Key == "" {
		return place + ": " + e.Msg
	}
	return place + ": " + e.Key + ": " + e.Msg
}

// TreeRoot returns the folder configuration discovery stops at when it
// climbs from dir: the repository root (the nearest folder at or above dir
// holding .git); outside any repository, the working directory when dir is
// below it, else dir itself. So a .lambdavet.yaml in a parent nobody chose
// (a shared runner's /tmp, a home folder) never changes the rules, while a
// run from a subfolder of a repository still finds the repository's own.
// Paths a configuration names stay inside its TreeRoot.
func TreeRoot(dir string) string {
	return NewSearch().TreeRoot(dir)
}

// Find returns the configuration file in dir or its nearest parent that
// has one, up to TreeRoot(dir) included, or "" when there is none. A file
// whose real path (symbolic links resolved) lies outside that root is
// refused with an error: a committed link to ~/.ssh/id_rsa must not be
// read, let alone quoted in an error.
func Find(dir string) (string, error) {
	return NewSearch().Find(dir)
}

// Search answers TreeRoot and Find for the many folders of one run,
// looking at each folder once: the projects of a monorepo share their
// parents, and each answer climbs to the repository root, which for 120
// templates of one repository was 2,200 stat calls where 400 do. It
// takes the working directory once, when it is made, so it belongs to
// one run (the editor, whose files change under it, asks Nearest). It is
// not safe for concurrent use.
type Search struct {
	cwd     string                     // the working directory
	wdErr   error                      // why there is none
	repos   map[string]string          // folder → its repository root, "" outside one
	nearest map[[2]string]searchResult // folder and root → the configuration found
}

// searchResult is what the search of one folder and its parents found.
type searchResult struct {
	path string
	err  error
}

// NewSearch starts a search from the working directory as it is now.
func NewSearch() *Search {
	s := &Search{repos: map[string]string{}, nearest: map[[2]string]searchResult{}}
	s.cwd, s.wdErr = os.Getwd()
	// Getwd gives $PWD as written when it names the folder (bash keeps
	// the // of `cd //tmp`); the climbs compare clean paths.
	if s.wdErr == nil {
		s.cwd = filepath.Clean(s.cwd)
	}
	return s
}

// abs is filepath.Abs against the working directory the search took.
func (s *Search) abs(dir string) (string, error) {
	if filepath.IsAbs(dir) {
		return filepath.Clean(dir), nil
	}
	if s.wdErr != nil {
		return "", s.wdErr
	}
	return filepath.Join(s.cwd, dir), nil
}

// TreeRoot is the package's TreeRoot, remembering each folder's
// repository root.
func (s *Search) TreeRoot(dir string) string {
	abs, err := s.abs(dir)
	if err != nil {
		return filepath.Clean(dir)
	}
	if repo := s.repo(abs); repo != "" {
		return repo
	}
	if s.wdErr == nil && safefile.Inside(s.cwd, abs) {
		return s.cwd
	}
	return abs
}

// repo returns the nearest folder at or above dir (absolute, clean)
// holding .git, or "".
func (s *Search) repo(dir string) string {
	var climbed []string
	repo := ""
	for d := dir; ; {
		if r, ok := s.repos[d]; ok {
			repo = r
			break
		}
		climbed = append(climbed, d)
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			repo = d
			break
		}
		parent := filepath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	for _, d := range climbed {
		s.repos[d] = repo
	}
	return repo
}

// Find is the package's Find, remembering what each folder holds.
func (s *Search) Find(dir string) (string, error) {
	abs, err := s.abs(dir)
	if err != nil {
		return "", fmt.Errorf("finding %s: %w", FileNames[0], err)
	}
	found := climb(abs, s.TreeRoot(abs), nil, s.nearest)
	if found.err != nil {
		return "", found.err
	}
	return found.path, nil
}

// Nearest is the one search for the configuration that applies to the
// folder dir (absolute), for the command line (Find) and the editor: the
// first of FileNames in dir or its nearest parent, up to root included.
// buffered reports a file the editor holds open, which counts as present
// whatever the disk says. On an error the path found is returned with it,
// so the editor can show the error on that file: a file whose real path
// lies outside root, or a dangling or looping link, is refused, not
// skipped, so a broken configuration never goes unnoticed.
func Nearest(dir, root string, buffered func(path string) bool) (string, error) {
	found := climb(dir, root, buffered, nil)
	return found.path, found.err
}

// climb looks in dir and each parent up to root (lookIn), and stops at the
// first that ends the search. With memo, a folder already climbed from
// answers for itself and its parents, and each folder climbed now is
// remembered.
func climb(dir, root string, buffered func(path string) bool, memo map[[2]string]searchResult) searchResult {
	var climbed [][2]string
	found := searchResult{}
	for d := dir; ; {
		key := [2]string{d, root}
		if r, ok := memo[key]; ok {
			found = r
			break
		}
		if memo != nil {
			climbed = append(climbed, key)
		}
		if path, err, ok := lookIn(d, root, buffered); ok {
			found = searchResult{path, err}
			break
		}
		parent := filepath.Dir(d)
		if d == root || parent == d {
			break
		}
		d = parent
	}
	for _, key := range climbed {
		memo[key] = found
	}
	return found
}

// lookIn looks for a configuration file in dir alone; ok says the search
// ends here, with the file found or the error that stops it.
func lookIn(dir, root string, buffered func(path string) bool) (path string, err error, ok bool) {
	for _, name := range FileNames {
		p := filepath.Join(dir, name)
		if buffered != nil && buffered(p) {
			return p, nil, true
		}
		info, err := os.Stat(p)
		if err == nil && !info.IsDir() {
			if err := safefile.CheckIn(root, p); err != nil {
				return p, fmt.Errorf("refusing configuration %s: %w", p, err), true
			}
			return p, nil, true
		}
		if err != nil {
			if _, lerr := os.Lstat(p); lerr == nil {
				// A dangling or looping link.
				return p, fmt.Errorf("reading configuration %s: %w", p, err), true
			}
			if !errors.Is(err, fs.ErrNotExist) {
				return "", fmt.Errorf("finding %s: %w", FileNames[0], err), true
			}
		}
	}
	return "", nil, false
}

// Load reads and checks the configuration file at path, through the
// bounded reader: a regular file of at most MaxSize. Errors never quote
// the file's content.
func Load(path string) (*Config, error) {
	src, err := safefile.Read(path, MaxSize)
	if err != nil {
		return nil, fmt.Errorf("reading configuration %s: %w", path, err)
	}
	return Parse(path, src)
}

// BudgetFor returns the limits of the project at file: the top-level
// budget, then the budget fields of every override matching file, in order.
func (c *Config) BudgetFor(file string) model.Limits {
	if c == nil {
		return model.Limits{}
	}
	out := c.Budget
	if rel, ok := c.Rel(file); ok {
		for _, o := range c.Overrides {
			if matchAny(o.Paths, rel) {
				out = mergeLimits(out, o.Budget)
			}
		}
	}
	return out
}

// mergeLimits returns a with every non-zero field of b.
func mergeLimits(a, b model.Limits) model.Limits {
	set := func(dst *int64, v int64) {
		if v > 0 {
			*dst = v
		}
	}
	set(&a.Values, b.Values)
	set(&a.StringBytes, b.StringBytes)
	set(&a.TotalBytes, b.TotalBytes)
	set(&a.Collection, b.Collection)
	set(&a.Paths, b.Paths)
	set(&a.Depth, b.Depth)
	set(&a.ModuleInstances, b.ModuleInstances)
	set(&a.PolicyResults, b.PolicyResults)
	if b.PolicyTime > 0 {
		a.PolicyTime = b.PolicyTime
	}
	return a
}

// CheckRules reports, as an *Error, the first rule id the configuration
// names that is neither in known nor in the rule catalog (rules a later
// version adds), with the closest known id as a suggestion. It runs once
// the policies are loaded, since user policies (listed in the same file)
// add rules.
func (c *Config) CheckRules(known []string) error {
	if c == nil {
		return nil
	}
	check := func(prefix string, rules map[string]RuleSetting) error {
		ids := make([]string, 0, len(rules))
		for id := range rules {
			ids = append(ids, id)
		}
		sort.Slice(ids, func(i, j int) bool { return rules[ids[i]].Line < rules[ids[j]].Line })
		for _, id := range ids {
			if slices.Contains(known, id) || catalog.Has(id) {
				continue
			}
			msg := fmt.Sprintf("no rule %s; lambdavet -rules lists them", quoteKey(id))
			if s := suggest(id, known); s != "" {
				msg = fmt.Sprintf("no rule %s (did you mean %q?)", quoteKey(id), s)
			}
			return &Error{File: c.Path, Line: rules[id].Line, Column: 1, Key: prefix + keyName(id), Msg: msg}
		}
		return nil
	}
	if err := check("rules.", c.Rules); err != nil {
		return err
	}
	for i, o := range c.Overrides {
		if err := check(fmt.Sprintf("overrides[%d].rules.", i), o.Rules); err != nil {
			return err
		}
	}
	return nil
}

// Rel returns file relative to the configuration's folder, slash-separated,
// and false when it lies outside that folder (or there is no configuration).
func (c *Config) Rel(file string) (string, bool) {
	if c == nil || c.Dir == "" {
		return "", false
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		return "", false
	}
	rel, err := filepath.Rel(c.Dir, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// Excluded reports whether file (or a folder holding it) matches an exclude
// pattern.
func (c *Config) Excluded(file string) bool {
	if c == nil || len(c.Exclude) == 0 {
		return false
	}
	rel, ok := c.Rel(file)
	if !ok {
		return false
	}
	return matchAny(c.Exclude, rel)
}

// ExcludedBy returns the exclude pattern that matches file (or a folder
// holding it), so that a file named on the command line but not linted can
// be explained; ok is false when none does.
func (c *Config) ExcludedBy(file string) (pattern string, ok bool) {
	if c == nil || len(c.Exclude) == 0 {
		return "", false
	}
	rel, inside := c.Rel(file)
	if !inside {
		return "", false
	}
	for _, p := range c.Exclude {
		if match(p, rel) {
			return p, true
		}
	}
	return "", false
}

// Rule returns the effective setting of rule id for file: the top-level
// setting, then every override matching file in order. Enabled stays nil
// and Severity 0 when nothing is configured.
func (c *Config) Rule(id, file string) RuleSetting {
	var s RuleSetting
	if c == nil {
		return s
	}
	merge := func(o RuleSetting) {
		if o.Enabled != nil {
			s.Enabled = o.Enabled
		}
		if o.Severity != 0 {
			s.Severity = o.Severity
		}
	}
	if r, ok := c.Rules[id]; ok {
		merge(r)
	}
	if len(c.Overrides) == 0 {
		return s
	}
	rel, ok := c.Rel(file)
	if !ok {
		return s
	}
	for _, o := range c.Overrides {
		if r, ok := o.Rules[id]; ok && matchAny(o.Paths, rel) {
			merge(r)
		}
	}
	return s
}

// MayEnable reports whether some setting turns rule id on, at the top
// level or for some paths, so that a rule off by default still runs where
// an override wants it.
func (c *Config) MayEnable(id string) bool {
	if c == nil {
		return false
	}
	on := func(r RuleSetting, ok bool) bool { return ok && r.Enabled != nil && *r.Enabled }
	r, ok := c.Rules[id]
	if on(r, ok) {
		return true
	}
	for _, o := range c.Overrides {
		r, ok := o.Rules[id]
		if on(r, ok) {
			return true
		}
	}
	return false
}

// InputsFor returns the parameters and variables to evaluate file with: the
// top-level inputs, then those of every override matching file, in order.
func (c *Config) InputsFor(file string) Inputs {
	out := Inputs{Parameters: map[string]string{}, Vars: map[string]string{}}
	if c == nil {
		return out
	}
	add := func(in Inputs) {
		for k, v := range in.Parameters {
			out.Parameters[k] = v
		}
		for k, v := range in.Vars {
			out.Vars[k] = v
		}
		out.VarFiles = append(out.VarFiles, in.VarFiles...)
	}
	add(c.Inputs)
	if rel, ok := c.Rel(file); ok {
		for _, o := range c.Overrides {
			if matchAny(o.Paths, rel) {
				add(o.Inputs)
			}
		}
	}
	return out
}

// PolicyData is what the Rego policies see as data.lambdavet.config: the
// organization limits (limits.memory_max in MB, limits.timeout_max in
// seconds) and, in limit_origins, where each was set, for messages.
func (c *Config) PolicyData(display string) map[string]any {
	if c == nil {
		return nil
	}
	limits := map[string]any{}
	origins := map[string]any{}
	if c.Limits.MemoryMax > 0 {
		limits["memory_max"] = c.Limits.MemoryMax
		origins["memory_max"] = fmt.Sprintf("limits.memory-max in %s:%d", display, c.Limits.MemoryMaxLine)
	}
	if c.Limits.TimeoutMax > 0 {
		limits["timeout_max"] = c.Limits.TimeoutMax
		origins["timeout_max"] = fmt.Sprintf("limits.timeout-max in %s:%d", display, c.Limits.TimeoutMaxLine)
	}
	return map[string]any{"limits": limits, "limit_origins": origins}
}

// suggest returns the candidate closest to name (hcl's did-you-mean), or "".
func suggest(name string, candidates []string) string { return didyoumean.Suggest(name, candidates) }
