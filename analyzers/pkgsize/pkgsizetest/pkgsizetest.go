// Package pkgsizetest builds package fixtures at test time, in a temporary
// folder, so that nothing large is committed: files of random bytes that do
// not compress, sparse files of zeros that do, zip archives, and archives
// whose central directory claims sizes they do not hold.
package pkgsizetest

import (
	"archive/zip"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// MB is 2^20 bytes, the unit of Lambda's limits.
const MB = 1 << 20

// Write writes a text file, creating its folder.
func Write(t testing.TB, path, content string) {
	t.Helper()
	mkdir(t, path)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Random writes n bytes that do not compress (a seeded ChaCha8 stream).
func Random(t testing.TB, path string, n int64) {
	t.Helper()
	mkdir(t, path)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := io.CopyN(f, randomReader(path), n); err != nil {
		t.Fatal(err)
	}
}

// Zeros makes a file of n zero bytes without writing them (a sparse file
// where the file system allows): it counts n bytes unzipped and compresses
// to almost nothing.
func Zeros(t testing.TB, path string, n int64) {
	t.Helper()
	mkdir(t, path)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.Truncate(n); err != nil {
		t.Fatal(err)
	}
}

// Entry is one file of a zip archive built by Zip.
type Entry struct {
	Name string
	Size int64
	// Random fills the entry with random bytes (stored, not compressed, to
	// keep the test fast); otherwise it holds zeros, deflated.
	Random bool
}

// Zip writes a zip archive with the entries.
func Zip(t testing.TB, path string, entries ...Entry) {
	t.Helper()
	mkdir(t, path)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.Name, Method: zip.Deflate}
		var src io.Reader = io.LimitReader(zeroReader{}, e.Size)
		if e.Random {
			h.Method = zip.Store
			src = io.LimitReader(randomReader(path+e.Name), e.Size)
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(w, src); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
}

// Claiming writes a small zip archive whose central directory claims each
// entry unzips to size bytes (a zip bomb's header, or a lie): a reader
// that trusted the sizes to allocate would fail.
func Claiming(t testing.TB, path string, entries int, size uint64) {
	t.Helper()
	mkdir(t, path)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	for i := range entries {
		h := &zip.FileHeader{Name: "f" + string(rune('a'+i%26)) + ".bin", Method: zip.Store,
			CompressedSize64: 4, UncompressedSize64: size, CRC32: 0}
		w, err := zw.CreateRaw(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte("abcd")); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
}

func mkdir(t testing.TB, path string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
}

type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// randomReader is a deterministic stream seeded by a name.
func randomReader(name string) io.Reader {
	var seed [32]byte
	copy(seed[:], name)
	return &chachaReader{r: rand.NewChaCha8(seed)}
}

type chachaReader struct{ r *rand.ChaCha8 }

func (c *chachaReader) Read(p []byte) (int, error) { return c.r.Read(p) }

// Template writes a configuration file whose want patterns are written
// between acute accents, ´like "this" \(here\)´, and become Go-quoted
// strings for the harness, so that regular expressions need no escaping
// for Go and can hold quotes.
func Template(t testing.TB, path, content string) {
	t.Helper()
	out := accents.ReplaceAllStringFunc(content, func(m string) string {
		return strconv.Quote(strings.Trim(m, "´"))
	})
	Write(t, path, out)
}

var accents = regexp.MustCompile("´[^´]*´")
