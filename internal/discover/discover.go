// Package discover finds the projects under the paths given on the command
// line, the way go vet expands package patterns: a folder is walked, a file
// is taken as it is, "./..." means the folder and everything below it.
package discover

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
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

// Packages returns one package per candidate configuration file found under
// args (default "."). Symbolic links that leave the walked folder are not
// followed, so lambdavet never reads outside the project it was pointed at.
func Packages(args []string) ([]*driver.Package, error) {
	if len(args) == 0 {
		args = []string{"."}
	}
	var pkgs []*driver.Package
	seen := map[string]bool{}
	add := func(path string) {
		if !seen[path] {
			seen[path] = true
			pkgs = append(pkgs, &driver.Package{Root: path, Files: []string{path}})
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
		if !info.IsDir() {
			add(root)
			continue
		}
		absRoot, err := filepath.Abs(root)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", arg, err)
		}
		absRoot, _ = filepath.EvalSymlinks(absRoot)
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil // unreadable folder: skip it, lint the rest
			}
			if d.IsDir() {
				if path != root && skipDirs[d.Name()] {
					return filepath.SkipDir
				}
				return nil
			}
			if !load.IsCandidate(d.Name()) {
				return nil
			}
			if d.Type()&fs.ModeSymlink != 0 && !insideRoot(absRoot, path) {
				return nil
			}
			if !d.Type().IsRegular() && d.Type()&fs.ModeSymlink == 0 {
				return nil
			}
			add(path)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("walking %s: %w", root, err)
		}
	}
	sort.SliceStable(pkgs, func(i, j int) bool { return pkgs[i].Root < pkgs[j].Root })
	return pkgs, nil
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
