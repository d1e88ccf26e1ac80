// Package didyoumean suggests the name a user probably meant, as hcl's
// diagnostics do: the closest candidate within an edit distance of two.
// The configuration, -explain and the command line's flags all ask it, so
// a typo gets the same suggestion wherever it is made.
package didyoumean

import "strings"

// Suggest returns the candidate closest to name, ignoring case, when it is
// within two edits, or "". Of candidates at the same distance, the first
// wins.
func Suggest(name string, candidates []string) string {
	best, bestDist := "", 3
	for _, c := range candidates {
		if d := Distance(strings.ToLower(name), strings.ToLower(c)); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// Distance is the optimal string alignment distance between a and b, in
// bytes: the Levenshtein distance where swapping two adjacent bytes counts
// as one edit, not two. Swapped digits are the usual typo in a rule id
// (LV230 for LV203), and plain Levenshtein puts LV201 just as close.
func Distance(a, b string) int {
	// Three rows: the transposition looks two rows back.
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
