// Package docs holds the documentation page of each lambdavet rule, one
// Markdown file per rule id under rules/ (rules/LV101.md, ...), embedded so
// that `lambdavet -explain` and the diagnostics' URLs need nothing on disk.
//
// A page starts with "# LV101: <title>", then gives the severity, what the
// rule finds, why it matters (with its AWS source), how to fix it and an
// example of a configuration it reports and of the fixed one.
package docs

import (
	"embed"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
)

//go:embed rules/*.md
var rules embed.FS

var idPattern = regexp.MustCompile(`^LV[0-9]{3}$`)

// Rule returns the Markdown page of the rule with the given id (LV101; case
// is ignored), and whether there is one.
func Rule(id string) (string, bool) {
	id = strings.ToUpper(id)
	if !idPattern.MatchString(id) {
		return "", false
	}
	b, err := rules.ReadFile(path.Join("rules", id+".md"))
	if err != nil {
		return "", false
	}
	return string(b), true
}

// RuleIDs returns the ids of the rules that have a page, sorted.
func RuleIDs() []string {
	entries, err := fs.ReadDir(rules, "rules")
	if err != nil {
		return nil
	}
	var ids []string
	for _, e := range entries {
		id, ok := strings.CutSuffix(e.Name(), ".md")
		if ok && idPattern.MatchString(id) {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	return ids
}
