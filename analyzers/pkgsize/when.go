package pkgsize

import (
	"regexp"
	"slices"
	"strings"
)

// JoinWhen combines the condition paths of two values that must both hold,
// dropping repeated clauses; ok is false when they contradict each other
// (`condition "IsProd" is true` and `condition "IsProd" is false`), that
// is when no path takes both values. The clause syntax is the model's, as
// the Rego library reads it.
func JoinWhen(a, b string) (when string, ok bool) {
	ca, cb := clauses(a), clauses(b)
	for _, x := range ca {
		for _, y := range cb {
			if contradict(x, y) {
				return "", false
			}
		}
	}
	out := slices.Clone(ca)
	for _, y := range cb {
		if !slices.Contains(out, y) {
			out = append(out, y)
		}
	}
	return strings.Join(out, " and "), true
}

func clauses(w string) []string {
	if w == "" {
		return nil
	}
	return strings.Split(w, " and ")
}

var clausePattern = regexp.MustCompile(`^(.+) is (.+)$`)

func contradict(x, y string) bool {
	mx, my := clausePattern.FindStringSubmatch(x), clausePattern.FindStringSubmatch(y)
	if mx == nil || my == nil || mx[1] != my[1] {
		return false
	}
	a, b := mx[2], my[2]
	switch {
	case !strings.HasPrefix(a, "not ") && !strings.HasPrefix(b, "not "):
		return a != b
	case a == "not "+b, b == "not "+a:
		return true
	}
	return false
}
