// Package discover finds the projects under the paths given on the command
// line, the way go vet expands package patterns: a folder is walked, a file
// is taken as it is, "./..." means the folder and everything below it.
package discover

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/lambdavet/lambdavet/internal/driver"
	"github.com/lambdavet/lambdavet/internal/format"
	"github.com/lambdavet/lambdavet/parsers/cdk"
)

// skipDirs are never entered: VCS data, dependencies, and build output that
// holds copies of the templates (SAM writes .aws-sam/build/template.yaml).
var skipDirs = map[string]bool{
	".git": true, ".hg": true, ".svn": true, "node_modules": true,
	".aws-sam": true, ".terraform": true, ".serverless": true,
	"__pycache__": true, ".venv": true, "venv": true, ".idea": true, ".vscode": true,
}

// Packages returns the projects found under args (default "."): one per
// template file, one per Terraform root module (with its local modules and
// tfvars). varFiles (-var-file) join every Terraform project. Symbolic links
// that leave the walked folder are not followed, and modules outside it are
// not loaded, so lambdavet never reads outside what it was pointed at.
func Packages(args []string, varFiles ...string) ([]*driver.Package, error) {
	if len(args) == 0 {
		args = []string{"."}
	}
	var pkgs []*driver.Package
	var dirs []dirRequest
	seen := map[string]bool{}
	add := func(path, boundary string) {
		if !seen[path] {
			seen[path] = true
			files := []string{path}
			if f := format.Of(path); f != nil && f.Related != nil {
				// The files it reads beside its own (a service's
				// ${file(...)}), inside the folder walked.
				for _, r := range f.Related(path, boundary) {
					if !slices.Contains(files, r) {
						files = append(files, r)
					}
				}
			}
			pkgs = append(pkgs, &driver.Package{Root: path, Files: files, Boundary: boundary})
		}
	}
	for _, arg := range args {
		root := strings.TrimSuffix(arg, "...")
		root = strings.TrimSuffix(root, "/")
		if root == "" {
			root = "."
		}
		info, err := os.Stat(root)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", arg, err)
		}
		absRoot, err := filepath.Abs(root)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", arg, err)
		}
		if !info.IsDir() {
			if format.IsPlanFile(root) && hasTerraform(filepath.Dir(root)) {
				// A plan named beside its configuration is linted with
				// it: findings land on the .tf line to edit.
				dirs = append(dirs, dirRequest{f: format.Terraform, dir: filepath.Dir(root), absRoot: filepath.Dir(absRoot)})
				continue
			}
			if f := format.Of(root); f != nil && f.Projects != nil {
				// A .tf file stands for its module.
				dirs = append(dirs, dirRequest{f: f, dir: filepath.Dir(root), absRoot: filepath.Dir(absRoot)})
				continue
			}
			add(root, filepath.Dir(absRoot))
			continue
		}
		absRoot, _ = filepath.EvalSymlinks(absRoot)
		seenDir := map[*format.Format]map[string]bool{}
		walkRoot := root
		if fi, err := os.Lstat(root); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
			// The folder named is a link: walk what it points at (WalkDir
			// itself never follows links, not even the root).
			walkRoot = root + string(filepath.Separator)
		}
		err = filepath.WalkDir(walkRoot, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil // unreadable folder: skip it, lint the rest
			}
			if d.IsDir() {
				if path != root && path != walkRoot && skipDirs[d.Name()] {
					return filepath.SkipDir
				}
				// cdk.out is the only place a CDK app's templates exist.
				// Inside it, only the templates (*.template.json) are
				// linted, in it and in the nested assemblies of stages
				// (assembly-*); the asset folders are the package size
				// rules' to measure, not to walk, and the manifests are
				// read with the templates (parsers/cdk).
				if d.Name() != cdk.AssemblyDir && cdk.InAssembly(path) && path != walkRoot && !strings.HasPrefix(d.Name(), "assembly-") {
					return filepath.SkipDir // an asset folder
				}
				return nil
			}
			if cdk.InAssembly(path) && !cdk.IsTemplate(path) {
				return nil // manifest.json, tree.json, *.assets.json
			}
			f := format.Of(path)
			if f == nil {
				return nil
			}
			if f.Projects != nil {
				if dir := filepath.Dir(path); !seenDir[f][dir] {
					if seenDir[f] == nil {
						seenDir[f] = map[string]bool{}
					}
					seenDir[f][dir] = true
					dirs = append(dirs, dirRequest{f: f, dir: dir, absRoot: absRoot})
				}
				return nil
			}
			if d.Type()&fs.ModeSymlink != 0 && !insideRoot(absRoot, path) {
				return nil
			}
			if !d.Type().IsRegular() && d.Type()&fs.ModeSymlink == 0 {
				return nil
			}
			add(path, absRoot)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("walking %s: %w", root, err)
		}
	}
	// Folder formats group their folders into projects, per format and
	// per folder walked.
	type group struct {
		f       *format.Format
		absRoot string
	}
	byGroup := map[group][]string{}
	var groups []group
	for _, r := range dirs {
		g := group{r.f, r.absRoot}
		if _, ok := byGroup[g]; !ok {
			groups = append(groups, g)
		}
		byGroup[g] = append(byGroup[g], r.dir)
	}
	for _, g := range groups {
		for _, spec := range g.f.Projects(byGroup[g], g.absRoot) {
			if seen[spec.Root] {
				continue
			}
			seen[spec.Root] = true
			files := spec.Files
			if g.f == format.Terraform {
				files = append(files, varFiles...) // -var-file joins every Terraform project
			}
			pkgs = append(pkgs, &driver.Package{Root: spec.Root, Files: files, Boundary: g.absRoot})
		}
	}
	pkgs = dropOwned(pkgs)
	sort.SliceStable(pkgs, func(i, j int) bool { return pkgs[i].Root < pkgs[j].Root })
	return pkgs, nil
}

// dropOwned removes the one-file projects whose file a folder project
// reads (a saved plan in a Terraform root module): linted twice, each of
// its problems would be reported twice.
func dropOwned(pkgs []*driver.Package) []*driver.Package {
	owned := map[string]bool{}
	for _, p := range pkgs {
		if len(p.Files) > 0 && p.Files[0] != p.Root {
			for _, f := range p.Files {
				owned[filepath.Clean(f)] = true
			}
		}
	}
	if len(owned) == 0 {
		return pkgs
	}
	return slices.DeleteFunc(pkgs, func(p *driver.Package) bool {
		return len(p.Files) > 0 && p.Files[0] == p.Root && owned[filepath.Clean(p.Root)]
	})
}

// hasTerraform reports whether a folder holds Terraform configuration.
func hasTerraform(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	return slices.ContainsFunc(entries, func(e fs.DirEntry) bool { return e.Type().IsRegular() && IsTerraform(e.Name()) })
}

// dirRequest is a folder holding files of a folder format (Terraform),
// found under absRoot.
type dirRequest struct {
	f       *format.Format
	dir     string
	absRoot string
}

// IsTerraform reports whether a file is Terraform configuration.
func IsTerraform(name string) bool { return format.Terraform.Claims(name) }

func insideRoot(absRoot, path string) bool {
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return false
	}
	target, err = filepath.Abs(target)
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(absRoot, target)
	if err != nil {
		return false
	}
	info, err := os.Stat(target)
	return err == nil && info.Mode().IsRegular() && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// DisplayPath returns abs relative to the working directory when it lies
// below it, as paths are shown on the command line, and abs otherwise.
func DisplayPath(abs string) string {
	wd, err := os.Getwd()
	if err != nil {
		return abs
	}
	rel, err := filepath.Rel(wd, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return abs
	}
	return rel
}

// ConfigDir returns the folder the configuration of project p is searched
// from (upwards): the template's folder, or the Terraform module's. The
// command line and the editor server both search from it, so a project
// gets the same configuration from either.
func ConfigDir(p *driver.Package) string {
	if slices.ContainsFunc(p.Files, IsTerraform) {
		return p.Root // a module folder
	}
	return filepath.Dir(p.Root)
}
