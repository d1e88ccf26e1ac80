//go:build unix

package lsp

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestFIFOModulesManifest: a FIFO where terraform init writes
// .terraform/modules/modules.json (reading it blocked the server for
// good: no lint again, no exit). The module is linted, edits publish and
// the server exits.
func TestFIFOModulesManifest(t *testing.T) {
	s := startServer(t, Options{RunTimeout: 300 * time.Millisecond})
	s.initialize(s.dir, nil, nil)
	src := `resource "aws_lambda_function" "f" {
  function_name = "f"
  role          = "arn:aws:iam::123456789012:role/x"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  memory_size   = 20480
}
`
	path := s.write("main.tf", src)
	fifo := filepath.Join(s.dir, ".terraform", "modules", "modules.json")
	if err := os.MkdirAll(filepath.Dir(fifo), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	t.Cleanup(func() {
		// Lets whatever still waits to open it go.
		if f, err := os.OpenFile(fifo, os.O_RDWR, 0); err == nil {
			f.Close()
		}
	})
	uri := s.open(path, src)
	s.waitDiags(uri, 1, func(ds []Diagnostic) bool { return len(ds) > 0 })
	s.change(uri, 2, contentChange{Range: rng(6, 18, 6, 23), Text: "1024"})
	s.waitDiags(uri, 2, func(ds []Diagnostic) bool { return !hasCode("LV101")(ds) })
	begin := time.Now()
	s.shutdown()
	if err := s.waitExit(); err != nil || time.Since(begin) > 3*time.Second {
		t.Errorf("exit: %v after %v", err, time.Since(begin))
	}
}

// TestConfigLinkOutsideWorkspace: outside a repository the workspace folder
// bounds the configuration search, and a configuration linked out of it is
// refused on the configuration file, its limits not applied, whatever the
// server's working directory holds.
func TestConfigLinkOutsideWorkspace(t *testing.T) {
	s := startServer(t, Options{})
	t.Chdir(s.dir)
	outside := s.write("outside.yaml", "limits:\n  memory-max: 1024\n")
	ws := filepath.Join(s.dir, "ws")
	tmpl := s.write("ws/t.yaml", strings.Replace(workerTemplate, "20480", "2048", 1))
	link := filepath.Join(ws, ".lambdavet.yaml")
	if err := os.Symlink(outside, link); err != nil {
		t.Skip(err)
	}
	s.initialize(ws, nil, nil)
	uri := s.open(tmpl, strings.Replace(workerTemplate, "20480", "2048", 1))
	s.waitDiags(uri, 1, empty)
	s.waitFor("the refusal on the configuration", func() bool {
		for _, p := range s.diags {
			if p.URI == pathToURI(link) && len(p.Diagnostics) > 0 && strings.Contains(p.Diagnostics[0].Message, "outside") {
				return true
			}
		}
		return false
	})
}
