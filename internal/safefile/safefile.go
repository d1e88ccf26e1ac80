// Package safefile is the one way lambdavet reads a file from disk. A
// linter's input is untrusted: a repository may hold a FIFO (opening it
// blocks forever), a device (/dev/zero never ends), a sparse file of many
// gigabytes, or a symbolic link that leads out of the project to a secret.
// Read takes regular files only, checked before opening, and reads at most
// a cap; ReadIn also resolves symbolic links and refuses a file whose real
// path is outside a root.
//
// Errors give the reason, never the content; like os errors of a read,
// the caller adds which file it was reading.
package safefile

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// MaxSize is the default cap: CloudFormation accepts templates up to 1 MB,
// so anything far larger is not configuration to lint.
const MaxSize = 32 << 20

// Errors a read can fail with, for errors.Is.
var (
	// ErrNotRegular: a folder, a pipe, a device or a socket.
	ErrNotRegular = errors.New("not a regular file")
	// ErrTooLarge: larger than the cap asked for.
	ErrTooLarge = errors.New("file too large")
	// ErrOutside: the file, once symbolic links are resolved, is not
	// inside the root it must stay in.
	ErrOutside = errors.New("leads outside the project")
)

// Read reads the regular file name, at most max bytes (MaxSize when max
// <= 0). It stats before opening, since opening a FIFO for reading blocks
// until a writer comes, and stats again the opened file, which may have
// been swapped in between.
func Read(name string, max int64) ([]byte, error) {
	if max <= 0 {
		max = MaxSize
	}
	info, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, ErrNotRegular
	}
	if info.Size() > max {
		return nil, fmt.Errorf("%w: %d bytes, more than the %s lambdavet reads", ErrTooLarge, info.Size(), human(max))
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if info, err = f.Stat(); err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, ErrNotRegular
	}
	if info.Size() > max {
		return nil, fmt.Errorf("%w: %d bytes, more than the %s lambdavet reads", ErrTooLarge, info.Size(), human(max))
	}
	b, err := readAll(io.LimitReader(f, max+1), info.Size())
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("%w: it grew past the %s lambdavet reads", ErrTooLarge, human(max))
	}
	return b, nil
}

// readAll is io.ReadAll into a buffer of the size the file had when it
// was measured, and one byte more to see the end without growing:
// io.ReadAll starts from 512 bytes and doubles, copying, which for the
// corpus allocated twice the bytes read. A file that grew since is still
// read to its end (the reader bounds it).
func readAll(r io.Reader, size int64) ([]byte, error) {
	b := make([]byte, 0, size+1)
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return nil, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)] // the file grew: let append find room
		}
	}
}

// ReadIn reads name like Read, after checking that its real path (every
// symbolic link resolved) is inside root, itself resolved.
func ReadIn(root, name string, max int64) ([]byte, error) {
	if err := CheckIn(root, name); err != nil {
		return nil, err
	}
	return Read(name, max)
}

// CheckIn returns nil when name, every symbolic link resolved, is root or
// below it; a name that does not exist is checked through its nearest
// existing parent, so a link on the way out is caught before the file is
// created. The error wraps ErrOutside.
func CheckIn(root, name string) error {
	realRoot, err := Real(root)
	if err != nil {
		return fmt.Errorf("resolving %s: %w", root, err)
	}
	realName, err := Real(name)
	if err != nil {
		return fmt.Errorf("resolving %s: %w", name, err)
	}
	if !Inside(realRoot, realName) {
		return fmt.Errorf("%w (%s)", ErrOutside, root)
	}
	return nil
}

// Real returns the absolute path of name with every symbolic link
// resolved. When name does not exist, its nearest existing parent is
// resolved and the rest joined to it.
func Real(name string) (string, error) {
	abs, err := filepath.Abs(name)
	if err != nil {
		return "", err
	}
	var rest []string
	for p := abs; ; {
		real, err := filepath.EvalSymlinks(p)
		if err == nil {
			return filepath.Join(append([]string{real}, rest...)...), nil
		}
		if !errors.Is(err, os.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(p)
		if parent == p {
			return abs, nil
		}
		rest = append([]string{filepath.Base(p)}, rest...)
		p = parent
	}
}

// Inside reports whether path is root or below it, lexically: both must be
// absolute and clean (Real's results are).
func Inside(root, path string) bool {
	rel, err := filepath.Rel(root, path)
	if err != nil || filepath.IsAbs(rel) {
		return false
	}
	return rel == "." || (rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)))
}

func human(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	if n >= 1<<10 && n%(1<<10) == 0 {
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// Open opens the regular file name for streaming (a package to compress,
// a zip's directory to scan), with Read's checks but no cap: the caller
// bounds what it reads.
func Open(name string) (*os.File, error) {
	info, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, ErrNotRegular
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	if info, err = f.Stat(); err != nil || !info.Mode().IsRegular() {
		f.Close()
		if err == nil {
			err = ErrNotRegular
		}
		return nil, err
	}
	return f, nil
}
