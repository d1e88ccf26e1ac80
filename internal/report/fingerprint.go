package report

import (
	"strconv"

	"github.com/lambdavet/lambdavet/internal/baseline"
	"github.com/lambdavet/lambdavet/internal/driver"
)

// fingerprints returns a fingerprint per diagnostic of res, with paths
// relative to root: the baseline's, which does not change when lines move.
// A second finding with the same rule, file, resource and value gets its
// occurrence number mixed in, so code scanning and GitLab, which merge
// results by fingerprint, keep both.
func fingerprints(res *driver.Result, root string) []string {
	out := make([]string, len(res.Diagnostics))
	seen := map[string]int{}
	for i, d := range res.Diagnostics {
		rel, _ := relPath(root, d.File)
		value := baseline.Value(res.Sources[d.File], d)
		fp := baseline.Fingerprint(d.Rule, rel, d.Resource, value)
		if n := seen[fp]; n > 0 {
			seen[fp]++
			fp = baseline.Fingerprint(d.Rule, rel, d.Resource, value+"\x00"+strconv.Itoa(n))
		} else {
			seen[fp] = 1
		}
		out[i] = fp
	}
	return out
}
