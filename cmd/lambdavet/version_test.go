package main

import (
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"
)

// fakeBuild makes the binary look as `go install …@v` would have built it.
func fakeBuild(t *testing.T, v string) {
	t.Helper()
	old := readBuildInfo
	readBuildInfo = func() (*debug.BuildInfo, bool) {
		return &debug.BuildInfo{Main: debug.Module{Path: "github.com/lambdavet/lambdavet", Version: v}}, true
	}
	t.Cleanup(func() { readBuildInfo = old })
}

// TestVersionFromBuildInfo checks that -version, SARIF's tool.driver.version
// and the language server's serverInfo.version all say the module version
// when no -ldflags version was set, and the -ldflags one when it was.
func TestVersionFromBuildInfo(t *testing.T) {
	dir := writeFiles(t, map[string]string{"template.yaml": goodTemplate})
	check := func(want string) {
		t.Helper()
		if code, out, _ := runCLI(t, "-version"); code != 0 || out != "lambdavet "+want+"\n" {
			t.Errorf("-version: exit %d, output %q, want %q", code, out, want)
		}
		sarif := filepath.Join(t.TempDir(), "out.sarif")
		runCLI(t, "-format=sarif="+sarif, dir)
		b, err := os.ReadFile(sarif)
		if err != nil {
			t.Fatal(err)
		}
		var log struct {
			Runs []struct {
				Tool struct{ Driver struct{ Version string } }
			}
		}
		if err := json.Unmarshal(b, &log); err != nil || len(log.Runs) != 1 {
			t.Fatalf("SARIF: %v %s", err, b)
		}
		if got := log.Runs[0].Tool.Driver.Version; got != want {
			t.Errorf("SARIF tool.driver.version = %q, want %q", got, want)
		}
		if got := lspOptions(io.Discard, 0).Version; got != want {
			t.Errorf("serverInfo.version = %q, want %q", got, want)
		}
	}
	fakeBuild(t, "v0.1.0")
	check("v0.1.0")
	fakeBuild(t, "(devel)")
	check("devel")

	old := version
	version = "0.2.0" // as -ldflags -X main.version=0.2.0 sets it
	t.Cleanup(func() { version = old })
	fakeBuild(t, "v0.1.0")
	check("0.2.0")
}
