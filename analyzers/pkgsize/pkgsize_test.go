package pkgsize

import (
	"archive/zip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/lambdavet/lambdavet/analyzers/pkgsize/pkgsizetest"
)

// writeZipLikeTerraform zips a folder the way the archive provider does
// (archive/zip, deflate, one entry per file, no folder entries, zero
// modification time) and returns the archive's size.
func writeZipLikeTerraform(t *testing.T, dir, out string) int64 {
	t.Helper()
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	err = filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		fh, err := zip.FileInfoHeader(info)
		if err != nil {
			return err
		}
		fh.Name = filepath.ToSlash(rel)
		fh.Method = zip.Deflate
		fh.Modified = time.Time{}
		w, err := zw.CreateHeader(fh)
		if err != nil {
			return err
		}
		src, err := os.Open(path)
		if err != nil {
			return err
		}
		defer src.Close()
		_, err = io.Copy(w, src)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	info, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	return info.Size()
}

// mixedFolder writes files that compress differently: random, zeros, text,
// empty, nested.
func mixedFolder(t *testing.T, dir string) {
	pkgsizetest.Random(t, filepath.Join(dir, "lib", "native.so"), 3*MB+17)
	pkgsizetest.Zeros(t, filepath.Join(dir, "data", "zeros.bin"), 5*MB)
	pkgsizetest.Write(t, filepath.Join(dir, "app.py"), strings.Repeat("def handler(event, context):\n    return {'ok': True}\n", 4000))
	pkgsizetest.Write(t, filepath.Join(dir, "empty.txt"), "")
	pkgsizetest.Write(t, filepath.Join(dir, "a", "b", "c", "deep.json"), `{"k": "v"}`)
}

func TestZippedSizeMatchesArchiveZip(t *testing.T) {
	ResetCache()
	dir := t.TempDir()
	src := filepath.Join(dir, "src")
	mixedFolder(t, src)
	want := writeZipLikeTerraform(t, src, filepath.Join(dir, "out.zip"))
	tr, err := walkFolder(src, walkOptions{boundary: dir})
	if err != nil {
		t.Fatal(err)
	}
	got, err := zippedSize(tr, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !got.exact || got.bytes != uint64(want) {
		t.Errorf("zippedSize = %d (exact %v), archive/zip wrote %d bytes", got.bytes, got.exact, want)
	}
	if len(tr.files) != 5 {
		t.Errorf("walked %d files, want 5", len(tr.files))
	}
	// Cached: the same answer without reading.
	again, err := zippedSize(tr, 0)
	if err != nil || again != got {
		t.Errorf("cached zippedSize = %+v, %v; want %+v", again, err, got)
	}
	// A changed file (size and time) is compressed again.
	pkgsizetest.Random(t, filepath.Join(src, "app.py"), 2*MB)
	future := time.Now().Add(time.Hour)
	if err := os.Chtimes(filepath.Join(src, "app.py"), future, future); err != nil {
		t.Fatal(err)
	}
	want = writeZipLikeTerraform(t, src, filepath.Join(dir, "out2.zip"))
	tr, err = walkFolder(src, walkOptions{boundary: dir})
	if err != nil {
		t.Fatal(err)
	}
	got, err = zippedSize(tr, 0)
	if err != nil || got.bytes != uint64(want) {
		t.Errorf("after a change zippedSize = %+v, %v; archive/zip wrote %d", got, err, want)
	}
}

func TestZippedSizeStopsAtLimit(t *testing.T) {
	ResetCache()
	defer func(e uint64) { exactBudget = e }(exactBudget)
	exactBudget = 1 * MB
	dir := t.TempDir()
	for i := range 12 {
		pkgsizetest.Random(t, filepath.Join(dir, "f", string(rune('a'+i))), 1*MB)
	}
	tr, err := walkFolder(filepath.Join(dir, "f"), walkOptions{boundary: dir})
	if err != nil {
		t.Fatal(err)
	}
	got, err := zippedSize(tr, 3*MB)
	if err != nil {
		t.Fatal(err)
	}
	if got.exact || got.bytes <= 3*MB || got.bytes >= 12*MB {
		t.Errorf("zippedSize = %+v, want a lower bound just above 3 MB", got)
	}
}

func TestZippedSizeReadBudget(t *testing.T) {
	ResetCache()
	defer func(r uint64) { readBudget = r }(readBudget)
	readBudget = 4 * MB
	dir := t.TempDir()
	pkgsizetest.Zeros(t, filepath.Join(dir, "f", "zeros"), 20*MB)
	tr, err := walkFolder(filepath.Join(dir, "f"), walkOptions{boundary: dir})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := zippedSize(tr, 50*MB); !errors.Is(err, errBudget) {
		t.Errorf("zippedSize error = %v, want %v", err, errBudget)
	}
}

// The packages of one project share a compression budget: a second
// package past what is left is not compressed (its size is unknown)
// instead of multiplying the cost by the number of functions.
func TestZippedSizeProjectBudget(t *testing.T) {
	ResetCache()
	dir := t.TempDir()
	for _, name := range []string{"a", "b"} {
		pkgsizetest.Zeros(t, filepath.Join(dir, name, "zeros"), 3*MB)
	}
	var left atomic.Int64
	left.Store(4 * MB)
	for i, name := range []string{"a", "b"} {
		tr, err := walkFolder(filepath.Join(dir, name), walkOptions{boundary: dir})
		if err != nil {
			t.Fatal(err)
		}
		_, err = zippedSizeLeft(tr, 50*MB, &left)
		if (i == 1) != errors.Is(err, errBudget) {
			t.Errorf("package %s: err = %v", name, err)
		}
	}
}

func TestReadZip(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "ok.zip")
	pkgsizetest.Zip(t, p, pkgsizetest.Entry{Name: "a", Size: 3 * MB}, pkgsizetest.Entry{Name: "b/c", Size: 1000, Random: true})
	c, err := readZip(p)
	if err != nil || c.unzipped != 3*MB+1000 || c.entries != 2 {
		t.Errorf("readZip = %+v, %v; want 3 MB + 1000 bytes in 2 entries", c, err)
	}
}

// rawZip writes a zip archive with archive/zip, entries given by their
// claimed uncompressed sizes (4 bytes of data each), after prefix and with
// a comment, and returns what archive/zip reads back.
func rawZip(t testing.TB, path string, prefix []byte, comment string, sizes ...uint64) (sum uint64, n int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write(prefix); err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	zw.SetOffset(int64(len(prefix)))
	if err := zw.SetComment(comment); err != nil {
		t.Fatal(err)
	}
	for i, s := range sizes {
		w, err := zw.CreateRaw(&zip.FileHeader{Name: "f" + strings.Repeat("x", i%7), Method: zip.Store, CompressedSize64: 4, UncompressedSize64: s})
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte("abcd"))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	r, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for _, zf := range r.File {
		sum += zf.UncompressedSize64
		n++
	}
	return sum, n
}

// The streaming reader agrees with archive/zip: comments, data before the
// archive (self-extracting), zip64 sizes, more than 65,535 entries.
func TestScanZipAgreesWithArchiveZip(t *testing.T) {
	dir := t.TempDir()
	many := make([]uint64, 70_000)
	for i := range many {
		many[i] = uint64(i)
	}
	for name, c := range map[string]struct {
		prefix  []byte
		comment string
		sizes   []uint64
	}{
		"plain":     {sizes: []uint64{1, 2, 3}},
		"comment":   {comment: "built by ci", sizes: []uint64{10, 20}},
		"prefix":    {prefix: []byte(strings.Repeat("#!/bin/sh\n", 100)), sizes: []uint64{5}},
		"zip64size": {sizes: []uint64{5 << 32, 7}},
		"many":      {sizes: many},
		"empty":     {},
	} {
		p := filepath.Join(dir, name+".zip")
		sum, n := rawZip(t, p, c.prefix, c.comment, c.sizes...)
		got, err := scanZip(p)
		if err != nil || got.unzipped != sum || got.entries != n {
			t.Errorf("%s: scanZip = %+v, %v; archive/zip reads %d bytes in %d entries", name, got, err, sum, n)
		}
		if !isZip(p) {
			t.Errorf("%s: isZip = false", name)
		}
	}
}

// Hostile archives: sizes that overflow, a directory claiming more entries
// than the file can hold, garbage. None may allocate by the claimed sizes
// or panic.
func TestReadZipHostile(t *testing.T) {
	dir := t.TempDir()
	bomb := filepath.Join(dir, "bomb.zip")
	pkgsizetest.Claiming(t, bomb, 40, math.MaxUint64/3)
	var before, after runtimeMem
	before.read()
	c, err := readZip(bomb)
	after.read()
	if err != nil || c.unzipped != math.MaxUint64 || c.entries != 40 {
		t.Errorf("readZip(bomb) = %+v, %v; want a saturated sum over 40 entries", c, err)
	}
	if grew := after.total - before.total; grew > 1<<20 {
		t.Errorf("readZip allocated %d bytes for a small archive", grew)
	}

	// 200,000 entries: the directory is streamed, nothing kept per entry.
	many := make([]uint64, 200_000)
	for i := range many {
		many[i] = 1 << 40
	}
	crowd := filepath.Join(dir, "crowd.zip")
	rawZip(t, crowd, nil, "", many...)
	before.read()
	c, err = readZip(crowd)
	after.read()
	if err != nil || c.entries != len(many) || c.unzipped != uint64(len(many))<<40 {
		t.Errorf("readZip(crowd) = %+v, %v", c, err)
	}
	if grew := after.total - before.total; grew > 1<<20 {
		t.Errorf("readZip allocated %d bytes for %d entries", grew, len(many))
	}

	// An end record claiming 65535 entries in a 22-byte file.
	eocd := make([]byte, 22)
	binary.LittleEndian.PutUint32(eocd[0:], 0x06054b50)
	binary.LittleEndian.PutUint16(eocd[8:], 0xffff)
	binary.LittleEndian.PutUint16(eocd[10:], 0xffff)
	binary.LittleEndian.PutUint32(eocd[12:], 0xffffffff)
	lie := filepath.Join(dir, "lie.zip")
	if err := os.WriteFile(lie, eocd, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := readZip(lie); err == nil {
		t.Error("readZip accepted an end record claiming 65535 entries in 22 bytes")
	}
	garbage := filepath.Join(dir, "garbage.zip")
	pkgsizetest.Random(t, garbage, 4096)
	if _, err := readZip(garbage); err == nil {
		t.Error("readZip accepted random bytes")
	}
	if isZip(garbage) {
		t.Error("isZip(random bytes) = true")
	}
}

func TestWalkFolder(t *testing.T) {
	outside := t.TempDir()
	pkgsizetest.Write(t, filepath.Join(outside, "secret.txt"), "secret")
	dir := t.TempDir()
	root := filepath.Join(dir, "src")
	pkgsizetest.Write(t, filepath.Join(root, "a.txt"), "aaaa")
	pkgsizetest.Write(t, filepath.Join(root, "tests", "t.txt"), "tt")
	pkgsizetest.Write(t, filepath.Join(root, "pkg", "m.pyc"), "ccc")
	pkgsizetest.Write(t, filepath.Join(dir, "shared", "s.txt"), "sssss")
	for _, l := range [][2]string{
		{filepath.Join(outside, "secret.txt"), filepath.Join(root, "secret.txt")},
		{outside, filepath.Join(root, "outside")},
		{root, filepath.Join(root, "self")},
		{filepath.Join(dir, "shared"), filepath.Join(root, "shared")},
	} {
		if err := os.Symlink(l[0], l[1]); err != nil {
			t.Skip("no symbolic links:", err)
		}
	}
	tr, err := walkFolder(root, walkOptions{boundary: dir})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range tr.files {
		names = append(names, f.name)
	}
	if got, want := strings.Join(names, " "), "a.txt pkg/m.pyc shared/s.txt tests/t.txt"; got != want {
		t.Errorf("files = %s, want %s", got, want)
	}
	if tr.unzipped != 14 || tr.skipped != 2 {
		t.Errorf("unzipped %d, skipped %d; want 14 and 2", tr.unzipped, tr.skipped)
	}
	tr, err = walkFolder(root, walkOptions{boundary: dir, excludes: []string{"tests", "**/*.pyc"}, noSymlinkDirs: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.files) != 1 || tr.files[0].name != "a.txt" {
		t.Errorf("with excludes, files = %+v, want a.txt", tr.files)
	}
}

func TestExcluded(t *testing.T) {
	for _, c := range []struct {
		name, pattern string
		want          bool
	}{
		{"tests", "tests", true},
		{"tests/a.py", "tests", false}, // the folder is skipped whole when walked
		{"a/b.pyc", "**/*.pyc", true},
		{"b.pyc", "**/*.pyc", true},
		{"a/b/c.pyc", "a/**", true},
		{"node_modules", "./node_modules/", true},
		{"src/x.go", "*.go", false},
		{"x.go", "*.go", true},
		{"a/b", "a/**/**/b", true},
		{"a", "[", false},
	} {
		if got := excluded(c.name, []string{c.pattern}); got != c.want {
			t.Errorf("excluded(%q, %q) = %v, want %v", c.name, c.pattern, got, c.want)
		}
	}
}

func TestFormatMB(t *testing.T) {
	for _, c := range []struct {
		n, limit uint64
		want     string
	}{
		{262 * MB / 1, 0, "262.0 MB"},
		{UnzippedLimit + 1, UnzippedLimit, "262,144,001 bytes"},
		{UnzippedLimit + MB/5, UnzippedLimit, "250.2 MB"},
		{55*MB + MB/2, DirectUploadLimit, "55.5 MB"},
	} {
		if got := FormatMB(c.n, c.limit); got != c.want {
			t.Errorf("FormatMB(%d, %d) = %q, want %q", c.n, c.limit, got, c.want)
		}
	}
}

type runtimeMem struct{ total uint64 }

func (m *runtimeMem) read() {
	var s runtime.MemStats
	runtime.ReadMemStats(&s)
	m.total = s.TotalAlloc
}

// FuzzScanZip feeds arbitrary bytes to the central directory reader: it
// must not panic, and never count more entries than the bytes could hold.
func FuzzScanZip(f *testing.F) {
	dir := f.TempDir()
	for i, sizes := range [][]uint64{{1}, {5 << 32, 3}, {}} {
		p := filepath.Join(dir, fmt.Sprint(i, ".zip"))
		rawZip(f, p, nil, "c", sizes...)
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		p := filepath.Join(t.TempDir(), "f.zip")
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		c, err := scanZip(p)
		if err == nil && c.entries > len(b)/centralHeaderLen {
			t.Errorf("%d entries in %d bytes", c.entries, len(b))
		}
	})
}

// fanOut makes a shared folder of levels where each level links twice to
// the next (2^levels paths), and fns function folders linking to its top.
func fanOut(t testing.TB, dir string, fns, levels int) []string {
	t.Helper()
	shared := filepath.Join(dir, "shared")
	for i := range levels {
		pkgsizetest.Write(t, filepath.Join(shared, fmt.Sprint("l", i), "f.js"), "x")
	}
	for i := range levels - 1 {
		for _, name := range []string{"a", "b"} {
			if err := os.Symlink(filepath.Join(shared, fmt.Sprint("l", i+1)), filepath.Join(shared, fmt.Sprint("l", i), name)); err != nil {
				t.Skip("no symbolic links:", err)
			}
		}
	}
	var roots []string
	for i := range fns {
		root := filepath.Join(dir, fmt.Sprint("fn", i))
		pkgsizetest.Write(t, filepath.Join(root, "index.js"), "y")
		if err := os.Symlink(filepath.Join(shared, "l0"), filepath.Join(root, "lib")); err != nil {
			t.Skip("no symbolic links:", err)
		}
		roots = append(roots, root)
	}
	return roots
}

// Symbolic links fanning out (two per level to the next, 40 levels) under
// 40 function folders: each real folder is walked once per package, so a
// walk costs the folders, not the 2^40 paths through them, and the size
// says it is a lower bound. It cost more than 300 s and 6.4 GB when the cap
// was only on entries.
func TestWalkFolderSymlinkFanOut(t *testing.T) {
	dir := t.TempDir()
	roots := fanOut(t, dir, 40, 40)
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	project := newWalkBudget()
	for _, root := range roots {
		root, _ = filepath.EvalSymlinks(root)
		tr, err := walkFolder(root, walkOptions{boundary: real, project: project})
		if err != nil {
			t.Fatal(err)
		}
		// index.js and one f.js per level, each level's folder once.
		if len(tr.files) != 41 || tr.skipped == 0 {
			t.Fatalf("%s: %d files, %d skipped; want 41 and some skipped", root, len(tr.files), tr.skipped)
		}
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("40 walks took %v", d)
	}
}

// One project's walks share a budget: once spent, later packages are
// lower bounds instead of more memory.
func TestWalkBudgetPerProject(t *testing.T) {
	dir := t.TempDir()
	root := filepath.Join(dir, "src")
	for i := range 10 {
		pkgsizetest.Write(t, filepath.Join(root, fmt.Sprint(i, ".txt")), "z")
	}
	b := newWalkBudget()
	b.entries = 15
	for i, wantSkipped := range []bool{false, true, true} {
		tr, err := walkFolder(root, walkOptions{boundary: dir, project: b})
		if err != nil {
			t.Fatal(err)
		}
		if (tr.skipped > 0) != wantSkipped {
			t.Errorf("walk %d: %d files, %d skipped", i, len(tr.files), tr.skipped)
		}
	}
}

// Excludes with many "**" over a deep folder: each entry costs one step
// per pattern, not a backtracking search (years for this pattern before).
func TestExcludesDeepPathological(t *testing.T) {
	pattern := strings.Repeat("**/a/", 12) + "b"
	name := strings.Repeat("a/", 60) + "c"
	start := time.Now()
	if excluded(name, []string{pattern}) {
		t.Error("excluded")
	}
	if !excluded(strings.Repeat("a/", 60)+"b", []string{pattern}) {
		t.Error("not excluded")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v", d)
	}
}

// A file swapped for a FIFO between the walk and compression is refused,
// not opened: opening it would block the run.
func TestCompressFileRefusesFIFO(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "index.js")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip(err)
	}
	done := make(chan error, 1)
	go func() {
		var stop atomic.Bool
		var read atomic.Uint64
		_, err := compressFile(fifo, &stop, &read, nil)
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil {
			t.Error("compressed a FIFO")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("compressing a FIFO blocked")
	}
	if isZip(fifo) {
		t.Error("isZip(FIFO)")
	}
}
