package main

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"golang.org/x/tools/go/analysis"

	"github.com/lambdavet/lambdavet/analyzers/rule"
	"github.com/lambdavet/lambdavet/internal/config"
	"github.com/lambdavet/lambdavet/internal/discover"
	"github.com/lambdavet/lambdavet/internal/driver"
	"github.com/lambdavet/lambdavet/internal/lint"
)

// configGroup is the projects one configuration applies to (cfg nil: none).
type configGroup struct {
	cfg  *config.Config
	pkgs []*driver.Package
}

// configs finds and loads the configuration of each project: -config when
// given, else the nearest .lambdavet.yaml above the project's folder
// (discover.ConfigDir, which the editor server searches from too), so
// `lambdavet a b` and `lambdavet b a` lint each project alike, and a
// monorepo's folders keep their own configuration under ./... .
type configs struct {
	explicit string
	loaded   map[string]*config.Config
	// search looks at each folder once: a project is looked up for its
	// group, for the files named on the command line and for the skipped
	// paths, and projects share their parents up to the tree's root.
	search *config.Search
}

// newConfigs starts from search, the one loadConfig used; first is the
// configuration already loaded for the first path (loadConfig), reused
// when a project finds it again.
func newConfigs(search *config.Search, explicit string, first *config.Config) *configs {
	c := &configs{explicit: explicit, loaded: map[string]*config.Config{}, search: search}
	if first != nil {
		c.loaded[absOrSelf(first.Path)] = first
	}
	return c
}

// forDir returns the configuration that applies to a project searched
// from dir.
func (c *configs) forDir(dir string) (*config.Config, error) {
	path := c.explicit
	if path == "" {
		found, err := c.search.Find(dir)
		if err != nil {
			return nil, err
		}
		path = found
	}
	if path == "" {
		return nil, nil
	}
	key := absOrSelf(path)
	if cfg, ok := c.loaded[key]; ok {
		return cfg, nil
	}
	cfg, err := config.Load(discover.DisplayPath(key))
	if err != nil {
		return nil, err
	}
	c.loaded[key] = cfg
	return cfg, nil
}

// forFile returns the configuration that applies to a file named on the
// command line.
func (c *configs) forFile(path string) (*config.Config, error) {
	return c.forDir(filepath.Dir(path))
}

// group splits pkgs by the configuration that applies to each, in the
// order the groups first appear.
func (c *configs) group(pkgs []*driver.Package) ([]*configGroup, error) {
	var out []*configGroup
	for _, p := range pkgs {
		cfg, err := c.forDir(discover.ConfigDir(p))
		if err != nil {
			return nil, err
		}
		i := slices.IndexFunc(out, func(g *configGroup) bool { return g.cfg == cfg })
		if i < 0 {
			out = append(out, &configGroup{cfg: cfg})
			i = len(out) - 1
		}
		out[i].pkgs = append(out[i].pkgs, p)
	}
	return out, nil
}

func absOrSelf(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return path
}

// analyzerSet loads the rules of each configuration once: the built-in
// ones, the -policy folders and the configuration's own policies, with
// its organization limits as data.
type analyzerSet struct {
	base   *config.Config
	baseAs []*analysis.Analyzer
	dirs   []string
	now    time.Time
	byPath map[*config.Config][]*analysis.Analyzer
}

// forConfig returns the rules to run under cfg and checks that the
// configuration names only rules that exist.
func (s *analyzerSet) forConfig(cfg *config.Config) ([]*analysis.Analyzer, error) {
	if as, ok := s.byPath[cfg]; ok {
		return as, nil
	}
	as := s.baseAs
	if cfg != s.base && !samePolicies(cfg, s.base) {
		loaded, err := lint.LoadRules(context.Background(), cfg, lint.RuleOptions{Dirs: s.dirs, Now: s.now})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", cfg.Path, err)
		}
		as = loaded
	}
	if err := lint.CheckRules(cfg, as); err != nil {
		return nil, err
	}
	s.byPath[cfg] = as
	return as, nil
}

// samePolicies reports whether two configurations give the policies the
// same folders and data, so the rules loaded for one serve the other.
func samePolicies(a, b *config.Config) bool {
	if slices.Equal(lint.ConfigPolicies(a), lint.ConfigPolicies(b)) {
		da, db := lint.ConfigData(a), lint.ConfigData(b)
		return fmt.Sprint(da) == fmt.Sprint(db)
	}
	return false
}

// mergeResult adds the result of one configuration's projects to res.
func mergeResult(res, r *driver.Result) {
	res.Diagnostics = append(res.Diagnostics, r.Diagnostics...)
	res.Errors = append(res.Errors, r.Errors...)
	res.Projects = append(res.Projects, r.Projects...)
	res.Suppressed = append(res.Suppressed, r.Suppressed...)
	for k, v := range r.Sources {
		res.Sources[k] = v
	}
}

// rulesRun returns the rules that ran under any configuration, for the
// reports that list them, with the severity the first that ran one gives.
func rulesRun(ran [][]rule.Meta) []rule.Meta {
	var out []rule.Meta
	seen := map[string]bool{}
	for _, ms := range ran {
		for _, m := range ms {
			if !seen[m.ID] {
				seen[m.ID] = true
				out = append(out, m)
			}
		}
	}
	slices.SortFunc(out, func(a, b rule.Meta) int { return strings.Compare(a.ID, b.ID) })
	return out
}
