// Package testfiles writes the small trees of files tests lint.
package testfiles

import (
	"os"
	"path/filepath"
	"testing"
)

// Write writes files, each by its slash-separated path under dir,
// creating the folders they need; a failure fails the test.
func Write(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, src := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
