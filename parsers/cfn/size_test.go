package cfn

import (
	"runtime"
	"testing"

	"github.com/lambdavet/lambdavet/parsers/cfn/cfntest"
)

func benchParse(b *testing.B, src []byte) {
	b.ReportAllocs()
	b.SetBytes(int64(len(src)))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for b.Loop() {
		tpl := Parse("t.yaml", src)
		if len(tpl.Errors) > 0 || !tpl.IsTemplate {
			b.Fatalf("template did not parse: %v", tpl.Errors)
		}
	}
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/float64(len(src)), "alloc-bytes/input-byte")
}

// BenchmarkParse8MB parses generated 8 MB templates, YAML and JSON, and
// reports the bytes allocated per input byte.
func BenchmarkParse8MB(b *testing.B) {
	b.Run("yaml", func(b *testing.B) { benchParse(b, cfntest.OfSize(8<<20, cfntest.Template)) })
	b.Run("json", func(b *testing.B) { benchParse(b, cfntest.OfSize(8<<20, cfntest.JSONTemplate)) })
}

// BenchmarkParse20000Functions parses a template of 20,000 functions.
func BenchmarkParse20000Functions(b *testing.B) {
	benchParse(b, cfntest.Template(20000))
}
