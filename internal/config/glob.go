package config

import (
	"path"
	"strings"
)

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
// cover everything under legacy/, "**/*.json" every JSON file.
func match(pattern, name string) bool {
	return matchSegments(strings.Split(pattern, "/"), strings.Split(name, "/"))
}

func matchSegments(ps, ns []string) bool {
	for len(ps) > 0 {
		if ps[0] == "**" {
			ps = ps[1:]
			if len(ps) == 0 {
				return true
			}
			for i := range len(ns) + 1 {
				if matchSegments(ps, ns[i:]) {
					return true
				}
			}
			return false
		}
		if len(ns) == 0 {
			return false
		}
		if ok, _ := path.Match(ps[0], ns[0]); !ok {
			return false
		}
		ps, ns = ps[1:], ns[1:]
	}
	// The pattern is used up: it matched name, or a folder holding it.
	return true
}
