package docs_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/lambdavet/lambdavet/docs"
)

var (
	titleLine = regexp.MustCompile(`^# (LV[0-9]{3}): [a-z0-9].*[^.]$`)
	sections  = []string{"## What it finds", "## Why it matters", "## How to fix", "## Example"}
)

func TestPages(t *testing.T) {
	ids := docs.RuleIDs()
	if len(ids) == 0 {
		t.Fatal("no rule pages")
	}
	if !slices.IsSorted(ids) {
		t.Errorf("RuleIDs not sorted: %v", ids)
	}
	for _, id := range ids {
		page, ok := docs.Rule(id)
		if !ok {
			t.Errorf("Rule(%q) not found though listed", id)
			continue
		}
		first, rest, _ := strings.Cut(page, "\n")
		m := titleLine.FindStringSubmatch(first)
		if m == nil || m[1] != id {
			t.Errorf("%s.md: first line %q, want \"# %s: <lower-case title>\"", id, first, id)
		}
		if !regexp.MustCompile(`(?m)^Severity: (error|warning|info)$`).MatchString(rest) {
			t.Errorf("%s.md: no \"Severity: error|warning|info\" line", id)
		}
		last := -1
		for _, s := range sections {
			i := strings.Index(page, "\n"+s+"\n")
			if i < 0 {
				t.Errorf("%s.md: no %q section", id, s)
				continue
			}
			if i < last {
				t.Errorf("%s.md: section %q out of order", id, s)
			}
			last = i
		}
		if !strings.Contains(page, "https://docs.aws.amazon.com/") {
			t.Errorf("%s.md: no AWS documentation link", id)
		}
		if strings.Count(page, "```yaml") < 2 {
			t.Errorf("%s.md: want a reported and a fixed YAML example", id)
		}
		if strings.Count(page, "```")%2 != 0 {
			t.Errorf("%s.md: unbalanced code fences", id)
		}
	}
}

func TestRuleLookup(t *testing.T) {
	page, ok := docs.Rule("LV101")
	if !ok || !strings.HasPrefix(page, "# LV101: ") {
		t.Fatalf("Rule(LV101) = %q, %v", page, ok)
	}
	if lower, ok := docs.Rule("lv101"); !ok || lower != page {
		t.Error("Rule should ignore case")
	}
	for _, id := range []string{"LV999", "", "../docs", "LV101.md", "rules/LV101"} {
		if _, ok := docs.Rule(id); ok {
			t.Errorf("Rule(%q) found a page", id)
		}
	}
}
