package main

import (
	goversion "go/version"
	"os/exec"
	"strings"
	"testing"
)

// TestGoVersionIsLowestAllowed checks that go.mod asks for no newer Go
// than the dependencies do: with GOTOOLCHAIN=local, every Go below the go
// line refuses to build, so a higher one shuts out users for nothing.
func TestGoVersionIsLowestAllowed(t *testing.T) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Main}} {{.Path}} {{.GoVersion}}", "all").Output()
	if err != nil {
		t.Skipf("go list -m all: %v", err)
	}
	var main, need, by string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		if len(f) != 3 {
			continue // a module whose go.mod names no go version
		}
		if f[0] == "true" {
			main = f[2]
		} else if need == "" || goversion.Compare("go"+f[2], "go"+need) > 0 {
			need, by = f[2], f[1]
		}
	}
	if main != need {
		t.Errorf("go.mod says go %s; the dependencies need %s (%s): say go %s", main, need, by, need)
	}
}
