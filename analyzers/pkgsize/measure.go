package pkgsize

import (
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"math/bits"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/lambdavet/lambdavet/internal/safefile"
)

// Limits of the walk and of compression, so that a hostile or merely huge
// folder cannot hold a run for long. A walk is bounded per measured
// package and, since a project's packages are all kept for the run, per
// project too: a cap per folder alone let 40 functions, each reaching 40
// levels of symbolic links fanning out, cost more than 300 s and 6.4 GB.
const (
	// maxEntries bounds the files and folders one measured package visits.
	maxEntries = 500_000
	// maxNameBytes bounds the bytes of names and paths one measured
	// package holds.
	maxNameBytes = 128 << 20
	// maxProjectEntries and maxProjectNameBytes bound the same over all
	// the packages of a project.
	maxProjectEntries   = 1_000_000
	maxProjectNameBytes = 256 << 20
	// maxDepth bounds the folder nesting one walk enters.
	maxDepth = 256
)

// Budgets of compression (variables for tests).
var (
	// readBudget bounds the bytes read to compress one package; past it
	// the zipped size is not known. Deflate reads about 60 MB/s of zeros
	// on a busy 2-core machine, and a sparse file costs nothing on disk.
	readBudget uint64 = 512 << 20
	// projectReadBudget bounds the same over all the packages of a
	// project: 40 functions each zipping its own sparse file read 40 GB.
	projectReadBudget int64 = 1 << 30
	// exactBudget: when no more than this is left to compress, a package
	// is compressed to the end for its exact size; past it, compressing
	// stops as soon as the size passes the limit asked about.
	exactBudget uint64 = 256 << 20
)

// Zip layout of an archive written by Go's archive/zip the way Terraform's
// archive provider writes it: for each file a local header (30 bytes +
// name), a data descriptor (16 bytes) and a central directory header (46
// bytes + name); then the end of central directory record (22 bytes).
const (
	zipEntryOverhead = 30 + 16 + 46
	zipEndOverhead   = 22
	// deflateLevel is the level archive/zip compresses with.
	deflateLevel = 5
)

// errBudget says that compressing stopped at readBudget.
var errBudget = errors.New("too much to compress")

// entry is one file of a tree as the deploy tool would put it in the zip.
type entry struct {
	name  string // path inside the zip, with forward slashes
	path  string // real path on disk
	size  int64
	mtime int64 // nanoseconds
}

// tree is the content of a folder (or of one file) as it would be zipped.
type tree struct {
	files []entry
	// unzipped is the sum of the file sizes.
	unzipped uint64
	// skipped counts symbolic links not followed because they lead out of
	// the boundary, and entries beyond the walk's limits: the sizes are
	// then lower bounds.
	skipped int
}

// walkOptions say which files a deploy tool takes from a folder.
type walkOptions struct {
	boundary string
	// excludes are archive_file patterns, relative to the folder.
	excludes []string
	// noSymlinkDirs is archive_file's exclude_symlink_directories.
	noSymlinkDirs bool
	// project is what the project's walks may still spend, shared by
	// them, with its folder listings; nil gives the walk its own.
	project *walkBudget
}

// walkBudget is what the walks of one project may still visit and hold,
// and the folder listings they share by real path: functions whose folders
// link to the same shared folder list it once.
type walkBudget struct {
	mu        sync.Mutex
	entries   int64
	nameBytes int64
	dirs      map[string][]fs.DirEntry
}

func newWalkBudget() *walkBudget {
	return &walkBudget{entries: maxProjectEntries, nameBytes: maxProjectNameBytes, dirs: map[string][]fs.DirEntry{}}
}

// spend takes one entry and n bytes of names; false when the project has
// spent its budget.
func (b *walkBudget) spend(n int) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.entries <= 0 || b.nameBytes < int64(n) {
		return false
	}
	b.entries--
	b.nameBytes -= int64(n)
	return true
}

// readDir lists a real folder, once per project.
func (b *walkBudget) readDir(dir string) ([]fs.DirEntry, error) {
	b.mu.Lock()
	entries, ok := b.dirs[dir]
	b.mu.Unlock()
	if ok {
		return entries, nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	b.mu.Lock()
	if len(b.dirs) < maxCacheEntries {
		b.dirs[dir] = entries
	}
	b.mu.Unlock()
	return entries, nil
}

// walkFolder lists the files under root (a real, absolute path inside the
// boundary) that the tool would zip. Symbolic links are followed, as SAM,
// `aws cloudformation package` and the archive provider do, but only to
// targets inside the boundary. Each real folder is walked at most once per
// package: a folder that links lead to again (fan-out: 2 links per level
// make 2^depth paths) is counted as skipped, so the size is then a lower
// bound, and a link back to a folder being walked (a cycle) is ignored, as
// it was never a finite package. Entries and name bytes are bounded per
// package and per project (walkOptions.project).
func walkFolder(root string, opts walkOptions) (*tree, error) {
	t := &tree{}
	project := opts.project
	if project == nil {
		project = newWalkBudget()
	}
	ex := compileExcludes(opts.excludes)
	visiting := map[string]bool{}
	walked := map[string]bool{}
	entries, nameBytes := 0, 0
	full := false
	var walk func(dir, prefix string, state matchState, depth int) error
	walk = func(dir, prefix string, state matchState, depth int) error {
		if depth > maxDepth {
			t.skipped++
			return nil
		}
		visiting[dir] = true
		walked[dir] = true
		defer delete(visiting, dir)
		list, err := project.readDir(dir)
		if err != nil {
			if depth == 0 {
				return err
			}
			t.skipped++ // an unreadable folder: the deploy tool would fail too
			return nil
		}
		for _, d := range list {
			name := prefix + d.Name()
			p := filepath.Join(dir, d.Name())
			entries++
			nameBytes += len(name) + len(p)
			if full || entries > maxEntries || nameBytes > maxNameBytes || !project.spend(len(name)+len(p)) {
				full = true
				t.skipped++
				return nil
			}
			next, hit := ex.step(state, d.Name())
			if hit {
				continue
			}
			mode := d.Type()
			if mode&fs.ModeSymlink != 0 {
				real, err := filepath.EvalSymlinks(p)
				if err != nil || !inside(opts.boundary, real) {
					t.skipped++
					continue
				}
				info, err := os.Stat(real)
				if err != nil {
					t.skipped++
					continue
				}
				if info.IsDir() {
					switch {
					case opts.noSymlinkDirs || visiting[real]:
						continue
					case walked[real]:
						t.skipped++ // zipped again by the tool; counted once here
						continue
					}
					if err := walk(real, name+"/", next, depth+1); err != nil {
						return err
					}
					continue
				}
				if info.Mode().IsRegular() {
					t.add(entry{name: name, path: real, size: info.Size(), mtime: info.ModTime().UnixNano()})
				}
				continue
			}
			if d.IsDir() {
				if walked[p] {
					t.skipped++ // already walked through a link
					continue
				}
				if err := walk(p, name+"/", next, depth+1); err != nil {
					return err
				}
				continue
			}
			if !mode.IsRegular() {
				continue // sockets, devices, pipes: no deploy tool zips them
			}
			info, err := d.Info()
			if err != nil {
				t.skipped++
				continue
			}
			t.add(entry{name: name, path: p, size: info.Size(), mtime: info.ModTime().UnixNano()})
		}
		return nil
	}
	if err := walk(root, "", ex.start(), 0); err != nil {
		return nil, err
	}
	return t, nil
}

// singleFile is the tree of a file zipped on its own, under its base name.
func singleFile(path string) (*tree, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	t := &tree{}
	t.add(entry{name: filepath.Base(path), path: path, size: info.Size(), mtime: info.ModTime().UnixNano()})
	return t, nil
}

func (t *tree) add(e entry) {
	t.files = append(t.files, e)
	t.unzipped = addSat(t.unzipped, uint64(max(e.size, 0)))
}

// zipOverhead is the size of the zip's headers for the tree's files.
func (t *tree) zipOverhead() uint64 {
	n := uint64(zipEndOverhead)
	for _, f := range t.files {
		n += zipEntryOverhead + 2*uint64(len(f.name))
	}
	return n
}

// bounds returns what the zip of the tree can weigh at least and at most
// without compressing anything: deflate shrinks data at most about 1032
// times, and grows it by at most 5 bytes per stored block of up to 64 KiB
// (counted here per 16 KiB, to be safe) plus a few bytes per file.
func (t *tree) bounds() (lo, hi uint64) {
	over := t.zipOverhead()
	lo = addSat(t.unzipped/1032, over)
	hi = addSat(addSat(t.unzipped, over), addSat(t.unzipped/16384*5, uint64(len(t.files))*16))
	return lo, hi
}

// zipped is the size of the zip archive of a tree.
type zipped struct {
	bytes uint64
	// exact is false when compressing stopped as soon as the archive was
	// known to exceed the limit asked about: bytes is then a lower bound.
	exact bool
}

// zippedSize computes the size of the zip archive that archive/zip (level
// 5 deflate, one entry per file) would write for the tree. Files are
// compressed one at a time into a byte counter, by GOMAXPROCS workers, in
// bounded memory; each file's compressed size is cached by path, size and
// modification time. When limit is non-zero and more than exactBudget
// bytes are left to compress, compressing stops as soon as the total
// passes the limit, and the size is a lower bound. It returns errBudget
// when more than readBudget bytes would have to be read.
func zippedSize(t *tree, limit uint64) (zipped, error) {
	return zippedSizeLeft(t, limit, nil)
}

// zippedSizeLeft is zippedSize spending from left, what the project may
// still read to compress (nil: no project budget).
func zippedSizeLeft(t *tree, limit uint64, left *atomic.Int64) (zipped, error) {
	total := t.zipOverhead()
	var todo []entry
	for _, f := range t.files {
		if n, ok := compressedCache.get(cacheKey{f.path, f.size, f.mtime}); ok {
			total = addSat(total, n)
		} else {
			todo = append(todo, f)
		}
	}
	if len(todo) == 0 {
		return zipped{bytes: total, exact: true}, nil
	}
	var need uint64
	for _, f := range todo {
		need = addSat(need, uint64(f.size))
	}
	if limit > 0 && total > limit && need > exactBudget {
		return zipped{bytes: total}, nil
	}
	// Biggest first: the limit is passed sooner, and workers finish together.
	sort.SliceStable(todo, func(i, j int) bool { return todo[i].size > todo[j].size })
	stopAt := limit
	if need <= exactBudget {
		stopAt = 0 // cheap enough to know exactly
	}

	var (
		sum      atomic.Uint64
		read     atomic.Uint64
		stop     atomic.Bool
		overrun  atomic.Bool
		firstErr error
		errOnce  sync.Once
		next     atomic.Int64
		wg       sync.WaitGroup
	)
	sum.Store(total)
	workers := min(runtime.GOMAXPROCS(0), len(todo))
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				i := int(next.Add(1) - 1)
				if i >= len(todo) {
					return
				}
				f := todo[i]
				n, err := compressFile(f.path, &stop, &read, left)
				if err != nil {
					if errors.Is(err, errBudget) {
						overrun.Store(true)
					} else if !errors.Is(err, errStopped) {
						errOnce.Do(func() { firstErr = err })
					}
					stop.Store(true)
					return
				}
				compressedCache.put(cacheKey{f.path, f.size, f.mtime}, n)
				if s := sum.Add(n); stopAt > 0 && s > stopAt {
					stop.Store(true)
				}
			}
		}()
	}
	wg.Wait()
	s := sum.Load()
	switch {
	case stop.Load() && limit > 0 && s > limit:
		return zipped{bytes: s}, nil
	case firstErr != nil:
		return zipped{}, firstErr
	case overrun.Load():
		return zipped{}, errBudget
	}
	return zipped{bytes: s, exact: true}, nil
}

var errStopped = errors.New("stopped")

var flatePool = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(io.Discard, deflateLevel)
	return w
}}

var bufPool = sync.Pool{New: func() any { b := make([]byte, 64<<10); return &b }}

// compressFile returns the deflated size of a file, streaming it through a
// pooled compressor into a byte counter, counting what it reads in read
// (against readBudget) and in left (the project's, when not nil).
func compressFile(path string, stop *atomic.Bool, read *atomic.Uint64, left *atomic.Int64) (uint64, error) {
	f, err := safefile.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	var c counter
	w := flatePool.Get().(*flate.Writer)
	defer flatePool.Put(w)
	w.Reset(&c)
	bp := bufPool.Get().(*[]byte)
	defer bufPool.Put(bp)
	buf := *bp
	for {
		if stop.Load() {
			return 0, errStopped
		}
		n, err := f.Read(buf)
		if n > 0 {
			if read.Add(uint64(n)) > readBudget || (left != nil && left.Add(-int64(n)) < 0) {
				return 0, errBudget
			}
			if _, werr := w.Write(buf[:n]); werr != nil {
				return 0, werr
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, err
		}
	}
	if err := w.Close(); err != nil {
		return 0, err
	}
	return c.n, nil
}

type counter struct{ n uint64 }

func (c *counter) Write(p []byte) (int, error) { c.n += uint64(len(p)); return len(p), nil }

// zipContent is what a zip archive's central directory says it holds.
type zipContent struct {
	unzipped uint64 // sum of the entries' uncompressed sizes, saturated
	entries  int
}

// readZip sums the uncompressed sizes in a zip archive's central
// directory; nothing is extracted, the directory is streamed, and the sizes
// are only added (with saturation), so a hostile archive claiming absurd
// sizes or countless entries costs nothing.
// The result is cached by path, size and modification time.
func readZip(path string) (zipContent, error) {
	info, err := os.Stat(path)
	if err != nil {
		return zipContent{}, err
	}
	key := cacheKey{path, info.Size(), info.ModTime().UnixNano()}
	zipMu.Lock()
	c, ok := zipCache[key]
	zipMu.Unlock()
	if ok {
		return c, nil
	}
	c, err = scanZip(path)
	if err != nil {
		return zipContent{}, err
	}
	zipMu.Lock()
	if len(zipCache) >= maxCacheEntries {
		clear(zipCache)
	}
	zipCache[key] = c
	zipMu.Unlock()
	return c, nil
}

// isZip reports whether the file starts like a zip archive, as Python's
// zipfile.is_zipfile decides for SAM (which uploads zip and jar files as
// they are and zips any other file).
func isZip(path string) bool {
	f, err := safefile.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return false
	}
	_, err = findDirectory(f, info.Size())
	return err == nil
}

// cacheKey identifies a file's content well enough for sizes: a change
// that keeps the path, the size and the modification time is not seen.
type cacheKey struct {
	path  string
	size  int64
	mtime int64
}

// maxCacheEntries bounds each cache; past it the cache starts over.
const maxCacheEntries = 500_000

type sizeCache struct {
	mu sync.Mutex
	m  map[cacheKey]uint64
}

func (c *sizeCache) get(k cacheKey) (uint64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n, ok := c.m[k]
	return n, ok
}

func (c *sizeCache) put(k cacheKey, n uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= maxCacheEntries {
		c.m = map[cacheKey]uint64{}
	}
	c.m[k] = n
}

var (
	compressedCache sizeCache
	zipMu           sync.Mutex
	zipCache        = map[cacheKey]zipContent{}
)

// ResetCache empties the in-process caches (for benchmarks and tests).
func ResetCache() {
	compressedCache.mu.Lock()
	compressedCache.m = nil
	compressedCache.mu.Unlock()
	zipMu.Lock()
	clear(zipCache)
	zipMu.Unlock()
}

func addSat(a, b uint64) uint64 {
	s, carry := bits.Add64(a, b, 0)
	if carry != 0 {
		return math.MaxUint64
	}
	return s
}

// inside reports whether the real path p is the boundary or below it.
func inside(boundary, p string) bool {
	if boundary == "" {
		return false
	}
	rel, err := filepath.Rel(boundary, p)
	if err != nil || filepath.IsAbs(rel) {
		return false
	}
	return rel == "." || (rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)))
}
