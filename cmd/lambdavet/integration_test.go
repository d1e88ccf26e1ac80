package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/lambdavet/lambdavet/internal/config"
)

// repoFile reads a file at the repository root.
func repoFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestAction checks action.yml: inputs reach scripts only through the
// environment (no ${{ }} pasted into a script, where a crafted input would
// run commands), the version installed is the input (github.action_ref is
// not promised to composite actions), Go's build and module caches are kept
// between jobs, and the command line it runs works.
func TestAction(t *testing.T) {
	var action struct {
		Inputs map[string]struct{ Default string }
		Runs   struct {
			Using string
			Steps []struct {
				ID   string
				Name string
				Run  string
				Uses string
				With map[string]string
				Env  map[string]string
			}
		}
	}
	if err := yaml.Unmarshal(repoFile(t, "action.yml"), &action); err != nil {
		t.Fatal(err)
	}
	if action.Runs.Using != "composite" || action.Inputs["paths"].Default != "./..." {
		t.Errorf("action: %+v", action)
	}
	var lint, upload, install, cached bool
	for _, s := range action.Runs.Steps {
		if strings.Contains(s.Run, "${{") {
			t.Errorf("step %q pastes an expression into its script:\n%s", s.ID, s.Run)
		}
		for k, v := range s.Env {
			if strings.Contains(v, "action_ref") {
				t.Errorf("step %q: %s = %s relies on github.action_ref", s.ID, k, v)
			}
		}
		if strings.Contains(s.Run, "go install ") {
			install = s.Env["LAMBDAVET_VERSION"] == "${{ inputs.version }}" &&
				strings.Contains(s.Run, `cmd/lambdavet@${LAMBDAVET_VERSION}`)
		}
		if strings.HasPrefix(s.Uses, "actions/cache@") {
			// Both caches, located with go env (GOCACHE differs per OS),
			// keyed on what is built.
			cached = strings.Contains(s.With["path"], "steps.go-cache.outputs.build") &&
				strings.Contains(s.With["path"], "steps.go-cache.outputs.modules") &&
				strings.Contains(s.With["key"], "inputs.version") && strings.Contains(s.With["key"], "inputs.go-version")
		}
		if s.ID == "go-cache" && !strings.Contains(s.Run, "go env GOCACHE") {
			t.Errorf("step go-cache does not ask go env for GOCACHE:\n%s", s.Run)
		}
		if s.ID == "lint" {
			lint = strings.Contains(s.Run, `-format="$format" -format="sarif=$LAMBDAVET_SARIF"`)
		}
		if strings.HasPrefix(s.Uses, "github/codeql-action/upload-sarif@") {
			upload = true
		}
	}
	if !lint || !upload {
		t.Errorf("want a lint step writing SARIF (%v) and an upload (%v)", lint, upload)
	}
	if !install || !cached {
		t.Errorf("want go install of the version input (%v) and actions/cache of the Go caches (%v)", install, cached)
	}
	if v := action.Inputs["version"].Default; !regexp.MustCompile(`^v\d+\.\d+\.\d+$`).MatchString(v) {
		t.Errorf("the version input defaults to %q, want a pinned tag", v)
	}
	// The command the lint step runs, with the action's defaults.
	inDir(t, map[string]string{"template.yaml": goodTemplate})
	code, out, _ := runCLI(t, "-format=github", "-format=sarif=lambdavet.sarif", "./...")
	if code != 1 || !strings.HasPrefix(out, "::error file=template.yaml,line=6") {
		t.Errorf("exit %d, output %q", code, out)
	}
	if _, err := os.Stat("lambdavet.sarif"); err != nil {
		t.Error(err)
	}
}

// TestPreCommitHook checks .pre-commit-hooks.yaml and runs its arguments.
func TestPreCommitHook(t *testing.T) {
	var hooks []struct {
		ID, Entry, Language, Files string
		Args                       []string
		PassFilenames              *bool `yaml:"pass_filenames"`
	}
	if err := yaml.Unmarshal(repoFile(t, ".pre-commit-hooks.yaml"), &hooks); err != nil {
		t.Fatal(err)
	}
	if len(hooks) != 1 || hooks[0].ID != "lambdavet" || hooks[0].Entry != "lambdavet" || hooks[0].Language != "golang" ||
		hooks[0].PassFilenames == nil || *hooks[0].PassFilenames {
		t.Fatalf("hooks: %+v", hooks)
	}
	files := regexp.MustCompile(hooks[0].Files)
	for name, want := range map[string]bool{"template.yaml": true, "a/b.yml": true, "t.json": true, "main.tf": true,
		"prod.tfvars": true, "x.tf.json": true, "app.py": false, "README.md": false} {
		if files.MatchString(name) != want {
			t.Errorf("files pattern on %s: %v", name, !want)
		}
	}
	inDir(t, map[string]string{"template.yaml": goodTemplate})
	if code, _, errOut := runCLI(t, hooks[0].Args...); code != 1 {
		t.Errorf("hook args %v: exit %d, stderr %s", hooks[0].Args, code, errOut)
	}
}

// TestREADMEConfig checks the configuration shown in the README.
func TestREADMEConfig(t *testing.T) {
	readme := string(repoFile(t, "README.md"))
	n := 0
	for _, block := range strings.Split(readme, "```yaml\n")[1:] {
		block, _, _ = strings.Cut(block, "```")
		if !strings.HasPrefix(block, "fail-on:") {
			continue
		}
		n++
		c, err := config.Parse(".lambdavet.yaml", []byte(block))
		if err != nil {
			t.Fatal(err)
		}
		if err := c.CheckRules(nil); err != nil {
			t.Error(err)
		}
		if c.Limits.MemoryMax != 3008 || c.Limits.TimeoutMax != 60 {
			t.Errorf("limits %+v", c.Limits)
		}
	}
	if n != 1 {
		t.Errorf("found %d configuration examples in the README, want 1", n)
	}
}
