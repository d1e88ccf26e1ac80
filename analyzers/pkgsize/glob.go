package pkgsize

import (
	"path"
	"strings"
)

// excluded reports whether name (a slash-separated path relative to the
// archived folder) matches one of archive_file's excludes: equal to the
// pattern, or matching it as a glob where * and ? stay within one path
// element and ** spans any number of them (the archive provider matches
// with doublestar). A folder that matches is skipped whole.
func excluded(name string, patterns []string) bool {
	for _, p := range patterns {
		p = strings.TrimPrefix(path.Clean(strings.ReplaceAll(p, "\\", "/")), "./")
		if p == "" || p == "." {
			continue
		}
		if p == name {
			return true
		}
		if strings.ContainsAny(p, "*?[") && globMatch(strings.Split(p, "/"), strings.Split(name, "/")) {
			return true
		}
	}
	return false
}

// globMatch matches path elements against pattern elements.
func globMatch(pat, name []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			rest := pat[1:]
			for len(rest) > 0 && rest[0] == "**" {
				rest = rest[1:]
			}
			if len(rest) == 0 {
				return true
			}
			for i := 0; i <= len(name); i++ {
				if globMatch(rest, name[i:]) {
					return true
				}
			}
			return false
		}
		if len(name) == 0 {
			return false
		}
		if ok, err := path.Match(pat[0], name[0]); err != nil || !ok {
			return false
		}
		pat, name = pat[1:], name[1:]
	}
	return len(name) == 0
}
