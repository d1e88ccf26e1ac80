package format

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/lambdavet/lambdavet/internal/safefile"
	"github.com/lambdavet/lambdavet/parsers/terraform"
)

// IsTerraform reports whether a file is Terraform configuration.
func IsTerraform(name string) bool {
	return strings.HasSuffix(name, ".tf") || strings.HasSuffix(name, ".tf.json")
}

// IsTFVars reports whether Terraform loads a file by itself as variables.
func IsTFVars(name string) bool {
	base := filepath.Base(name)
	return base == "terraform.tfvars" || base == "terraform.tfvars.json" ||
		strings.HasSuffix(base, ".auto.tfvars") || strings.HasSuffix(base, ".auto.tfvars.json")
}

// IsPlanFile reports whether a file is a saved Terraform plan in JSON
// (terraform show -json plan.out), by its content: plans have no name of
// their own. Read through the bounded reader; one that cannot be read is
// no plan.
func IsPlanFile(name string) bool {
	if !strings.HasSuffix(name, ".json") || IsTerraform(name) || strings.HasSuffix(name, ".tfvars.json") {
		return false
	}
	src, err := safefile.Read(name, safefile.MaxSize)
	return err == nil && terraform.IsPlan(src)
}

// localSource finds the local module sources a configuration file calls,
// with a textual scan: the file is parsed once, later, by the loader.
var localSource = regexp.MustCompile(`"?source"?\s*[=:]\s*"(\.\.?/[^"]*)"`)

// tfDir gathers what a folder of Terraform files needs.
type tfDir struct {
	files   []string // .tf, .tf.json, tfvars
	calls   []string // folders of local modules it calls
	modules []string // folders terraform init installed modules into
}

func scanTerraformDir(dir string, absRoot string) *tfDir {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	d := &tfDir{}
	for _, e := range entries {
		name := filepath.Join(dir, e.Name())
		if !e.Type().IsRegular() || !(IsTerraform(name) || IsTFVars(name) || IsPlanFile(name)) {
			continue
		}
		d.files = append(d.files, name)
		if !IsTerraform(name) {
			continue
		}
		// Through the bounded reader: a 20 GB sparse .tf costs nothing on
		// disk and was read whole here. One that cannot be read is still
		// listed, so the driver reports it with its reason.
		src, err := safefile.Read(name, safefile.MaxSize)
		if err != nil {
			continue
		}
		for _, m := range localSource.FindAllSubmatch(src, -1) {
			called := filepath.Join(dir, string(m[1]))
			if within(absRoot, called) {
				d.calls = append(d.calls, called)
			}
		}
	}
	// After terraform init, the real sources of registry modules are here.
	manifest := filepath.Join(dir, ".terraform", "modules", "modules.json")
	// Bounded too, and only inside the tree: a FIFO here blocked the run,
	// and the editor server with it, forever.
	if src, err := safefile.ReadIn(absRoot, manifest, safefile.MaxSize); err == nil {
		var mf struct {
			Modules []struct{ Dir string }
		}
		if json.Unmarshal(src, &mf) == nil {
			d.files = append(d.files, manifest)
			for _, m := range mf.Modules {
				if m.Dir != "" && m.Dir != "." {
					if p := filepath.Join(dir, m.Dir); within(absRoot, p) {
						d.modules = append(d.modules, p)
					}
				}
			}
		}
	}
	return d
}

// within reports whether path is inside root, both resolved through
// symbolic links: a link inside the tree that leads out of it is outside,
// and a root reached through a link still holds its own files. A path that
// does not resolve is outside.
func within(absRoot, path string) bool {
	root, err := filepath.EvalSymlinks(absRoot)
	if err != nil {
		return false
	}
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return false
	}
	if real, err = filepath.Abs(real); err != nil {
		return false
	}
	rel, err := filepath.Rel(root, real)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// terraformProjects turns the folders holding Terraform files into projects:
// a folder that another folder calls as a local module is loaded through its
// caller, not on its own, as Terraform would never plan it alone.
func terraformProjects(dirs []string, absRoot string) []Project {
	scanned := map[string]*tfDir{}
	var scan func(dir string, depth int) *tfDir
	scan = func(dir string, depth int) *tfDir {
		dir = filepath.Clean(dir)
		if d, ok := scanned[dir]; ok {
			return d
		}
		d := scanTerraformDir(dir, absRoot)
		scanned[dir] = d
		if d != nil && depth < 10 {
			for _, c := range append(append([]string{}, d.calls...), d.modules...) {
				scan(c, depth+1)
			}
		}
		return d
	}
	called := map[string]bool{}
	for _, dir := range dirs {
		if d := scan(dir, 0); d != nil {
			for _, c := range d.calls {
				// A module that calls itself (source = "./") is still a
				// root: its own call is a cycle for the loader to report.
				if c = filepath.Clean(c); c != filepath.Clean(dir) {
					called[c] = true
				}
			}
		}
	}
	// A folder is linted through its caller only when some root reaches
	// it; folders that call each other in a ring with no root outside it
	// would otherwise never be linted, in silence. The first of such a
	// ring becomes a root, and the loader reports the cycle.
	reached := map[string]bool{}
	var reach func(dir string, depth int)
	reach = func(dir string, depth int) {
		dir = filepath.Clean(dir)
		d := scanned[dir]
		if reached[dir] || d == nil || depth > 10 {
			return
		}
		reached[dir] = true
		for _, c := range d.calls {
			reach(c, depth+1)
		}
	}
	sorted := make([]string, 0, len(dirs))
	for _, dir := range dirs {
		sorted = append(sorted, filepath.Clean(dir))
	}
	sort.Strings(sorted)
	for _, dir := range sorted {
		if !called[dir] {
			reach(dir, 0)
		}
	}
	for _, dir := range sorted {
		if called[dir] && !reached[dir] && scanned[dir] != nil {
			called[dir] = false
			reach(dir, 0)
		}
	}
	var out []Project
	for _, dir := range dirs {
		dir = filepath.Clean(dir)
		if called[dir] || scanned[dir] == nil {
			continue
		}
		files := map[string]bool{}
		var visit func(dir string, depth int)
		visit = func(dir string, depth int) {
			d := scanned[filepath.Clean(dir)]
			if d == nil || depth > 10 {
				return
			}
			for _, f := range d.files {
				if files[f] {
					return // already visited: a cycle of local modules
				}
				files[f] = true
			}
			for _, c := range append(append([]string{}, d.calls...), d.modules...) {
				visit(c, depth+1)
			}
		}
		visit(dir, 0)
		list := make([]string, 0, len(files))
		for f := range files {
			list = append(list, f)
		}
		sort.Strings(list)
		out = append(out, Project{Root: dir, Files: list})
	}
	return out
}
