package lv203

import (
	"strings"
	"testing"

	"github.com/lambdavet/lambdavet/analyzers/rule"
	"github.com/lambdavet/lambdavet/internal/analysistest"
)

func TestFixtures(t *testing.T) {
	analysistest.RequireFormats(t, "testdata")
	res := analysistest.Run(t, "testdata", Analyzer)
	// An error where the need is certain, a warning where it rests only on
	// broad permissions.
	for _, d := range res.Diagnostics {
		want := rule.Error
		if strings.Contains(d.Message, "only broad permissions") {
			want = rule.Warning
		}
		if d.Severity != want {
			t.Errorf("%s:%d: severity %s, want %s: %s", d.File, d.Line, d.Severity, want, d.Message)
		}
	}
}
