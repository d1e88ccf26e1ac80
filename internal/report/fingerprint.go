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
	return fingerprintsOf(res.Diagnostics, res.Sources, root)
}

// fingerprintsOf is fingerprints for any list of diagnostics (the
// suppressed ones, which SARIF lists too).
func fingerprintsOf(ds []driver.Diagnostic, sources map[string][]byte, root string) []string {
	out := make([]string, len(ds))
	seen := map[string]int{}
	for i, d := range ds {
		rel, _ := relPath(root, d.File)
		value := baseline.Value(sources[d.File], d)
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
