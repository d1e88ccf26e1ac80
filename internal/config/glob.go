package config

import "github.com/lambdavet/lambdavet/internal/glob"

// matchAny reports whether the slash-separated relative path name matches
// one of the patterns.
func matchAny(patterns []string, name string) bool {
	for _, p := range patterns {
		if match(p, name) {
			return true
		}
	}
	return false
}

// match reports whether name, or a folder holding it, matches pattern. The
// pattern is path.Match syntax per path segment, plus "**", which stands for
// any number of segments (none included): "legacy" and "legacy/**" both
// cover everything under legacy/, "**/*.json" every JSON file. The matcher
// (internal/glob) runs in time linear in the path's depth: a recursive one
// backtracked exponentially over "**/a/**/a/…" on deep folders.
func match(pattern, name string) bool {
	return glob.Compile(pattern).MatchPrefix(name)
}
