package safefile

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"testing/iotest"
	"time"
)

// A FIFO is refused without being opened: opening it would block until a
// writer comes, forever in CI.
func TestReadRefusesFIFO(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "template.yaml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip(err)
	}
	done := make(chan error, 1)
	go func() { _, err := Read(fifo, 0); done <- err }()
	select {
	case err := <-done:
		if !errors.Is(err, ErrNotRegular) {
			t.Errorf("err = %v, want ErrNotRegular", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("reading a FIFO blocked")
	}
}

// A device never ends: /dev/zero would be read until memory runs out.
func TestReadRefusesDevice(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip(err)
	}
	if _, err := Read("/dev/zero", 0); !errors.Is(err, ErrNotRegular) {
		t.Errorf("err = %v, want ErrNotRegular", err)
	}
}

// A sparse file of 20 GB costs nothing on disk; it must not be read.
func TestReadRefusesLargeSparse(t *testing.T) {
	name := filepath.Join(t.TempDir(), "main.tf")
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(20 << 30); err != nil {
		f.Close()
		t.Skip(err)
	}
	f.Close()
	start := time.Now()
	if _, err := Read(name, 0); !errors.Is(err, ErrTooLarge) {
		t.Errorf("err = %v, want ErrTooLarge", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("refusing took %v", d)
	}
	small := filepath.Join(t.TempDir(), "x")
	if err := os.WriteFile(small, []byte("12345"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Read(small, 4); !errors.Is(err, ErrTooLarge) {
		t.Errorf("cap 4 on 5 bytes: err = %v", err)
	}
	if b, err := Read(small, 5); err != nil || string(b) != "12345" {
		t.Errorf("cap 5: %q, %v", b, err)
	}
}

// A symbolic link inside the root that leads out of it is refused, also
// through a linked folder and for a file that does not exist yet; a link
// that stays inside is followed.
func TestReadInRefusesLinksOut(t *testing.T) {
	outside := t.TempDir()
	secret := filepath.Join(outside, "id_rsa")
	if err := os.WriteFile(secret, []byte("-----BEGIN OPENSSH PRIVATE KEY-----"), 0o600); err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	good := filepath.Join(root, "good.yaml")
	if err := os.WriteFile(good, []byte("a: 1"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, target := range map[string]string{"key": secret, "dir": outside, "in": good} {
		if err := os.Symlink(target, filepath.Join(root, name)); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"key", "dir/id_rsa", "dir/missing", "../" + filepath.Base(outside) + "/id_rsa"} {
		b, err := ReadIn(root, filepath.Join(root, name), 0)
		if !errors.Is(err, ErrOutside) {
			t.Errorf("%s: err = %v, want ErrOutside", name, err)
		}
		if b != nil {
			t.Errorf("%s: read %q", name, b)
		}
	}
	if _, err := ReadIn(root, secret, 0); !errors.Is(err, ErrOutside) {
		t.Errorf("absolute path out: err = %v", err)
	}
	if b, err := ReadIn(root, filepath.Join(root, "in"), 0); err != nil || string(b) != "a: 1" {
		t.Errorf("link inside: %q, %v", b, err)
	}
}

// readAll reads to the end whatever size it was told: the file may have
// grown or shrunk since it was measured, and reads may come a byte at a
// time; a read error is returned.
func TestReadAllAnySize(t *testing.T) {
	want := bytes.Repeat([]byte("lambdavet "), 1000)
	for _, size := range []int64{0, 1, 511, int64(len(want)) - 1, int64(len(want)), int64(len(want)) + 7, 1 << 16} {
		for name, r := range map[string]io.Reader{
			"whole":     bytes.NewReader(want),
			"bytewise":  iotest.OneByteReader(bytes.NewReader(want)),
			"halfreads": iotest.HalfReader(bytes.NewReader(want)),
		} {
			got, err := readAll(r, size)
			if err != nil || !bytes.Equal(got, want) {
				t.Errorf("readAll(%s, size %d) = %d bytes, %v; want %d bytes", name, size, len(got), err, len(want))
			}
		}
	}
	if _, err := readAll(iotest.ErrReader(io.ErrUnexpectedEOF), 10); err != io.ErrUnexpectedEOF {
		t.Errorf("readAll of a failing reader: %v", err)
	}
}
