package pkgsize

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lambdavet/lambdavet/analyzers/pkgsize/pkgsizetest"
)

// BenchmarkFolder300MB measures a 300 MB folder of 19,200 small files (16
// KiB each: half random bytes, half text), as LV107 (walk and sum) and
// LV106 (walk and compress) do, with lambdavet's cache cold and warm. The
// folder is written once, under the benchmark's temporary folder; it needs
// about 300 MB of free disk, so the benchmark runs only when -bench selects
// it, and not with -short. The operating system's page cache is warm in
// both cases: cold means lambdavet's own cache is empty.
func BenchmarkFolder300MB(b *testing.B) {
	if testing.Short() {
		b.Skip("writes 300 MB")
	}
	const (
		fileSize = 16 << 10
		files    = 300 * MB / fileSize
		perDir   = 192
	)
	dir := b.TempDir()
	root := filepath.Join(dir, "src")
	text := []byte(strings.Repeat("def handler(event, context):\n    return {'statusCode': 200}\n", fileSize/2/60+1)[:fileSize/2])
	for i := range files {
		p := filepath.Join(root, fmt.Sprintf("d%03d", i/perDir), fmt.Sprintf("f%05d.py", i))
		pkgsizetest.Random(b, p, fileSize/2)
		f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := f.Write(text); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
	walk := func(b *testing.B) *tree {
		tr, err := walkFolder(root, walkOptions{boundary: dir})
		if err != nil {
			b.Fatal(err)
		}
		if tr.unzipped != 300*MB {
			b.Fatalf("walked %d bytes", tr.unzipped)
		}
		return tr
	}
	zip := func(b *testing.B, limit uint64) zipped {
		z, err := zippedSize(walk(b), limit)
		if err != nil {
			b.Fatal(err)
		}
		return z
	}
	b.Run("unzipped", func(b *testing.B) {
		b.SetBytes(300 * MB)
		for b.Loop() {
			walk(b)
		}
	})
	var full zipped
	b.Run("zipped/cold", func(b *testing.B) {
		b.SetBytes(300 * MB)
		for b.Loop() {
			ResetCache()
			full = zip(b, 0)
		}
		b.ReportMetric(float64(full.bytes)/MB, "zipped-MB")
	})
	b.Run("zipped/cached", func(b *testing.B) {
		b.SetBytes(300 * MB)
		for b.Loop() {
			if z := zip(b, 0); z != full {
				b.Fatalf("cached %+v, cold %+v", z, full)
			}
		}
	})
	b.Run("lv106-limit/cold", func(b *testing.B) {
		b.SetBytes(300 * MB)
		for b.Loop() {
			ResetCache()
			if z := zip(b, DirectUploadLimit); z.bytes <= DirectUploadLimit {
				b.Fatalf("%+v", z)
			}
		}
	})
	b.Run("lv106-limit/cached", func(b *testing.B) {
		b.SetBytes(300 * MB)
		zip(b, 0)
		for b.Loop() {
			zip(b, DirectUploadLimit)
		}
	})
}
