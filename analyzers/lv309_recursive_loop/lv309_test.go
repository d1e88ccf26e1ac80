package lv309

import (
	"testing"

	"github.com/lambdavet/lambdavet/internal/analysistest"
)

func TestFixtures(t *testing.T) {
	analysistest.RequireFormats(t, "testdata")
	analysistest.Run(t, "testdata", Analyzer)
}
