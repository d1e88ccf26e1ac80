package pkgsize

import (
	"path"
	"strings"

	"github.com/lambdavet/lambdavet/internal/glob"
)

// excludes are archive_file's excludes, compiled: a file matches when its
// slash-separated path relative to the archived folder equals a pattern or
// matches it as a glob where * and ? stay within one path element and **
// spans any number of them (the archive provider matches with doublestar).
// A folder that matches is skipped whole.
//
// A walk carries each pattern's match state from a folder to its entries
// (matchState), so an entry costs one step per pattern whatever its depth,
// and no pattern backtracks (internal/glob).
type excludes struct {
	patterns []*glob.Pattern
}

func compileExcludes(patterns []string) *excludes {
	ex := &excludes{}
	for _, p := range patterns {
		p = strings.TrimPrefix(path.Clean(strings.ReplaceAll(p, "\\", "/")), "./")
		if p == "" || p == "." {
			continue
		}
		ex.patterns = append(ex.patterns, glob.Compile(p))
	}
	return ex
}

// matchState is the state of every pattern after a folder's path.
type matchState []glob.State

func (ex *excludes) start() matchState {
	s := make(matchState, len(ex.patterns))
	for i, p := range ex.patterns {
		s[i] = p.Start()
	}
	return s
}

// step returns the state after the entry named seg in the folder whose
// state is s, and whether the entry is excluded.
func (ex *excludes) step(s matchState, seg string) (matchState, bool) {
	next := make(matchState, len(ex.patterns))
	hit := false
	for i, p := range ex.patterns {
		if s[i].Dead() {
			continue
		}
		next[i] = p.Step(s[i], seg)
		if p.Done(next[i]) {
			hit = true
		}
	}
	return next, hit
}

// excluded reports whether name matches one of the patterns.
func excluded(name string, patterns []string) bool {
	ex := compileExcludes(patterns)
	s := ex.start()
	hit := false
	for _, seg := range strings.Split(name, "/") {
		s, hit = ex.step(s, seg)
	}
	return hit
}
