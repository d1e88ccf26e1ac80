package discover

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/lambdavet/lambdavet/internal/driver"
)

func write(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, src := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestPackages(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"app/template.yaml":                "Resources: {}\n",
		"app/.aws-sam/build/template.yaml": "Resources: {}\n",
		"app/node_modules/x/package.json":  "{}",
		"infra/main.tf":                    "module \"fn\" {\n  source = \"../modules/fn\"\n}\n",
		"infra/terraform.tfvars":           "a = 1\n",
		"infra/prod.auto.tfvars":           "a = 2\n",
		"infra/other.tfvars":               "a = 3\n",
		"modules/fn/main.tf":               "variable \"a\" {}\n",
		"standalone/main.tf.json":          "{}",
		"standalone/terraform.tfvars.json": "{}",
		"outside-called/main.tf":           "module \"x\" {\n  source = \"../../elsewhere\"\n}\n",
		".git/config.yaml":                 "x: 1\n",
	})
	pkgs, err := Packages([]string{dir + "/..."})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, p := range pkgs {
		var files []string
		for _, f := range p.Files {
			rel, _ := filepath.Rel(dir, f)
			files = append(files, rel)
		}
		sort.Strings(files)
		rel, _ := filepath.Rel(dir, p.Root)
		got[rel] = files
		if p.Boundary != dir && !strings.HasPrefix(dir, p.Boundary) {
			t.Errorf("%s: boundary %s, want %s", rel, p.Boundary, dir)
		}
	}
	want := map[string][]string{
		"app/template.yaml":               {"app/template.yaml"},
		"app/node_modules/x/package.json": nil,
		"infra":                           {"infra/main.tf", "infra/prod.auto.tfvars", "infra/terraform.tfvars", "modules/fn/main.tf"},
		"standalone":                      {"standalone/main.tf.json", "standalone/terraform.tfvars.json"},
		"outside-called":                  {"outside-called/main.tf"},
	}
	delete(want, "app/node_modules/x/package.json")
	if len(got) != len(want) {
		t.Errorf("projects %v, want %v", got, want)
	}
	for root, files := range want {
		if strings.Join(got[root], " ") != strings.Join(files, " ") {
			t.Errorf("%s: files %v, want %v", root, got[root], files)
		}
	}
	if _, ok := got["modules/fn"]; ok {
		t.Error("a folder called as a local module is linted through its caller, not alone")
	}
}

func TestVarFilesJoinTerraformProjects(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{"main.tf": "", "template.yaml": "Resources: {}\n"})
	pkgs, err := Packages([]string{dir}, "prod.tfvars")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pkgs {
		hasVar := false
		for _, f := range p.Files {
			hasVar = hasVar || f == "prod.tfvars"
		}
		if hasVar != strings.HasSuffix(p.Root, filepath.Base(dir)) {
			t.Errorf("%s: -var-file joined = %v", p.Root, hasVar)
		}
	}
}

// What discovery opens goes through the bounded reader: a FIFO
// modules.json blocked it forever, a 20 GB sparse .tf was read whole, and
// a modules.json linked outside the tree was read and its modules loaded.
func TestPackagesHostileFiles(t *testing.T) {
	base := t.TempDir()
	dir := filepath.Join(base, "project")
	outside := filepath.Join(base, "outside")
	write(t, dir, map[string]string{
		"fifo/main.tf": "resource \"aws_lambda_function\" \"f\" {}\n",
		"link/main.tf": "resource \"aws_lambda_function\" \"f\" {}\n",
		"huge/x.tf":    "",
	})
	write(t, outside, map[string]string{
		"modules.json":   `{"Modules":[{"Key":"m","Dir":"../../outside/mod"}]}`,
		"mod/main.tf":    "variable \"a\" {}\n",
		"modules/x.json": "{}",
	})
	if err := os.MkdirAll(filepath.Join(dir, "fifo", ".terraform", "modules"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo", ".terraform", "modules", "modules.json"), 0o644); err != nil {
		t.Skip(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "link", ".terraform", "modules"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "modules.json"), filepath.Join(dir, "link", ".terraform", "modules", "modules.json")); err != nil {
		t.Skip(err)
	}
	huge := filepath.Join(dir, "huge", "main.tf")
	f, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(20 << 30); err != nil {
		f.Close()
		t.Skip(err)
	}
	f.Close()
	done := make(chan error, 1)
	var pkgs []*driver.Package
	start := time.Now()
	go func() {
		var err error
		pkgs, err = Packages([]string{dir})
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("discovery blocked")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("discovery took %v", d)
	}
	var huges int
	for _, p := range pkgs {
		for _, f := range p.Files {
			if strings.Contains(f, "outside") || strings.HasSuffix(f, "modules.json") {
				t.Errorf("%s lists %s", p.Root, f)
			}
			if f == huge {
				huges++
			}
		}
	}
	if huges != 1 {
		t.Errorf("the huge .tf is listed %d times, want once (for the driver to report)", huges)
	}
}

// Module cycles with no root outside them are linted, not skipped in
// silence: a root calling itself is its own project, and of a ring of
// folders calling each other the first becomes the project; a folder a
// real root calls is still linted only through it.
func TestModuleCyclesAreLinted(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"self/main.tf":   "module \"me\" {\n  source = \"./\"\n}\n",
		"ring/a/main.tf": "module \"b\" {\n  source = \"../b\"\n}\n",
		"ring/b/main.tf": "module \"a\" {\n  source = \"../a\"\n}\n",
		"app/main.tf":    "module \"lib\" {\n  source = \"./lib\"\n}\n",
		"app/lib/lib.tf": "",
	})
	pkgs, err := Packages([]string{dir + "/..."})
	if err != nil {
		t.Fatal(err)
	}
	var roots []string
	for _, p := range pkgs {
		rel, _ := filepath.Rel(dir, p.Root)
		roots = append(roots, filepath.ToSlash(rel))
	}
	if got, want := strings.Join(roots, " "), "app ring/a self"; got != want {
		t.Errorf("projects %q, want %q", got, want)
	}
}

// TestTerraformPlans: a saved plan (terraform show -json) in a root
// module's folder is read with that module, and not as a file of its own,
// which would report each problem twice; named on the command line it
// stands for its module; found without configuration it is a project of
// its own. Plans are told by content: a JSON file of another kind in the
// folder stays out of the module.
func TestTerraformPlans(t *testing.T) {
	dir := t.TempDir()
	plan := `{"format_version":"1.2","planned_values":{"root_module":{}}}`
	write(t, dir, map[string]string{
		"infra/main.tf":        "variable \"m\" {}\n",
		"infra/tfplan.json":    plan,
		"infra/package.json":   `{"name": "x"}`,
		"plans/prod.json":      plan,
		"state/terraform.json": `{"format_version":"1.0","values":{"root_module":{}}}`,
	})
	pkgs, err := Packages([]string{dir + "/..."})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, p := range pkgs {
		rel, _ := filepath.Rel(dir, p.Root)
		for _, f := range p.Files {
			r, _ := filepath.Rel(dir, f)
			got[rel] = append(got[rel], r)
		}
	}
	want := map[string]string{
		"infra":                "infra/main.tf infra/tfplan.json",
		"infra/package.json":   "infra/package.json",
		"plans/prod.json":      "plans/prod.json",
		"state/terraform.json": "state/terraform.json",
	}
	if len(got) != len(want) {
		t.Errorf("projects %v, want %v", got, want)
	}
	for root, files := range want {
		if strings.Join(got[root], " ") != files {
			t.Errorf("project %s: files %v, want %s", root, got[root], files)
		}
	}
	named, err := Packages([]string{filepath.Join(dir, "infra", "tfplan.json")})
	if err != nil {
		t.Fatal(err)
	}
	if len(named) != 1 || named[0].Root != filepath.Join(dir, "infra") {
		t.Errorf("named plan: projects %+v, want the module infra", named)
	}
}
