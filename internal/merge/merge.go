// Package merge makes one finding of each problem: a value shared by many
// functions (a SAM Globals setting, a parameter default, a Terraform local)
// is judged once per function by the rules, Go and Rego alike, and would be
// reported once per function at the same line. Shared merges those copies
// after the rules ran, whichever rule made them, into one finding at that
// line that names the functions it reaches and lists them as related
// locations.
package merge

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/lambdavet/lambdavet/internal/driver"
)

// shown is how many names a merged message lists before "and N more".
const shown = 3

// key is what copies of one finding share. The message is compared with
// the resource's own name blanked out, so only findings that say the same
// thing about different resources merge: a different value, limit or
// path keeps a finding of its own.
type key struct {
	rule, file                      string
	line, col, endLine, endCol, sev int
	template                        string
}

// template is msg with the resource's name, as messages quote it, made a
// placeholder; a message that does not name it is kept as it is.
func template(msg, resource string) string {
	if resource == "" {
		return msg
	}
	if q := strconv.Quote(resource); strings.Contains(msg, q) {
		return strings.ReplaceAll(msg, q, "\x00")
	}
	return strings.ReplaceAll(msg, resource, "\x00")
}

// Shared returns ds with the findings that differ only by the resource
// they name (same rule, severity, file and range, same message but for the
// name) merged into the first of them, in the order of ds. The merged
// message is the first's, followed by the count and names of the
// resources, and its related locations are all of theirs. Findings
// without a resource, or alone at their place, are returned unchanged.
func Shared(ds []driver.Diagnostic) []driver.Diagnostic {
	groups := map[key][]int{}
	var order []key
	for i, d := range ds {
		if d.Resource == "" {
			order = append(order, key{line: -1 - i}) // never shared
			continue
		}
		k := key{d.Rule, d.File, d.Line, d.Column, d.EndLine, d.EndColumn, int(d.Severity), template(d.Message, d.Resource)}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], i)
	}
	if len(order) == len(ds) {
		return ds
	}
	out := make([]driver.Diagnostic, 0, len(order))
	for _, k := range order {
		if k.line < 0 {
			out = append(out, ds[-1-k.line])
			continue
		}
		members := groups[k]
		first := ds[members[0]]
		if len(members) == 1 {
			out = append(out, first)
			continue
		}
		var names []string
		seenName := map[string]bool{}
		seenRel := map[driver.Related]bool{}
		var related []driver.Related
		for _, i := range members {
			d := ds[i]
			if !seenName[d.Resource] {
				seenName[d.Resource] = true
				names = append(names, d.Resource)
			}
			for _, r := range d.Related {
				if !seenRel[r] {
					seenRel[r] = true
					related = append(related, r)
				}
			}
		}
		if len(names) == 1 {
			// The same finding twice about one resource: one is enough.
			first.Related = related
			out = append(out, first)
			continue
		}
		what := "resources"
		if strings.HasPrefix(first.Message, "function ") || strings.HasPrefix(first.Message, "aws_lambda_function.") {
			what = "functions" // what the message names the first one
		}
		first.Message += fmt.Sprintf("; the value reaches %d %s: %s", len(names), what, list(names))
		first.Related = related
		out = append(out, first)
	}
	return out
}

// list quotes the names, the first few of them: `"A", "B" and "C"`, or
// `"A", "B", "C" and 9 more`.
func list(names []string) string {
	q := make([]string, 0, shown+1)
	for i, n := range names {
		if i == shown && len(names) > shown+1 {
			return strings.Join(q, ", ") + fmt.Sprintf(" and %d more", len(names)-shown)
		}
		q = append(q, strconv.Quote(n))
	}
	return strings.Join(q[:len(q)-1], ", ") + " and " + q[len(q)-1]
}
