package sam

import (
	"runtime"
	"testing"

	"github.com/lambdavet/lambdavet/parsers/cfn/cfntest"
)

func benchLoad(b *testing.B, src []byte) {
	b.ReportAllocs()
	b.SetBytes(int64(len(src)))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for b.Loop() {
		p, isTemplate := Load("t.yaml", src, Options{})
		if !isTemplate || len(p.Errors) > 0 {
			b.Fatalf("template did not load: %v", p.Errors)
		}
	}
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/float64(len(src)), "alloc-bytes/input-byte")
}

// BenchmarkLoad8MB loads generated 8 MB templates, YAML and JSON, into the
// model and reports the bytes allocated per input byte (issue 12).
func BenchmarkLoad8MB(b *testing.B) {
	b.Run("yaml", func(b *testing.B) { benchLoad(b, cfntest.OfSize(8<<20, cfntest.Template)) })
	b.Run("json", func(b *testing.B) { benchLoad(b, cfntest.OfSize(8<<20, cfntest.JSONTemplate)) })
}

// BenchmarkLoad20000Functions loads a template of 20,000 functions.
func BenchmarkLoad20000Functions(b *testing.B) {
	benchLoad(b, cfntest.Template(20000))
}
