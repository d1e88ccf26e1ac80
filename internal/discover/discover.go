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

	"github.com/lambdavet/lambdavet/analyzers/load"
	"github.com/lambdavet/lambdavet/internal/driver"
)

// skipDirs are never entered: VCS data, dependencies, and build output that
// holds copies of the templates (SAM writes .aws-sam/build/template.yaml).
var skipDirs = map[string]bool{
	".git": true, ".hg": true, ".svn": true, "node_modules": true,
	".aws-sam": true, ".terraform": true, ".serverless": true, "cdk.out": true,
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
	var tfDirs []tfRequest
	seen := map[string]bool{}
	add := func(path, boundary string) {
		if !seen[path] {
			seen[path] = true
			pkgs = append(pkgs, &driver.Package{Root: path, Files: []string{path}, Boundary: boundary})
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
			if IsTerraform(root) {
				// A .tf file stands for its module.
				tfDirs = append(tfDirs, tfRequest{dir: filepath.Dir(root), absRoot: filepath.Dir(absRoot)})
				continue
			}
			add(root, filepath.Dir(absRoot))
			continue
		}
		absRoot, _ = filepath.EvalSymlinks(absRoot)
		seenTF := map[string]bool{}
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
				return nil
			}
			if IsTerraform(path) {
				if dir := filepath.Dir(path); !seenTF[dir] {
					seenTF[dir] = true
					tfDirs = append(tfDirs, tfRequest{dir: dir, absRoot: absRoot})
				}
				return nil
			}
			if !load.IsCandidate(d.Name()) || strings.HasSuffix(d.Name(), ".tfvars.json") {
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
	byRoot := map[string][]string{}
	var roots []string
	for _, r := range tfDirs {
		if _, ok := byRoot[r.absRoot]; !ok {
			roots = append(roots, r.absRoot)
		}
		byRoot[r.absRoot] = append(byRoot[r.absRoot], r.dir)
	}
	for _, absRoot := range roots {
		for _, spec := range terraformPackages(byRoot[absRoot], absRoot) {
			if seen[spec.root] {
				continue
			}
			seen[spec.root] = true
			pkgs = append(pkgs, &driver.Package{Root: spec.root, Files: append(spec.files, varFiles...), Boundary: absRoot})
		}
	}
	sort.SliceStable(pkgs, func(i, j int) bool { return pkgs[i].Root < pkgs[j].Root })
	return pkgs, nil
}

type tfRequest struct {
	dir     string
	absRoot string
}

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
