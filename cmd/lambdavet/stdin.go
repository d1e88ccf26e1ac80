package main

// `lambdavet -`: one template read from standard input, as cfn-lint reads
// one, for editors and pipelines that hold the text but no file.

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/lambdavet/lambdavet/internal/discover"
	"github.com/lambdavet/lambdavet/internal/driver"
)

// stdin is what `lambdavet -` reads; tests replace it.
var stdin io.Reader = os.Stdin

// packagesFor returns the projects under paths, as discovery finds them,
// or, for the single path "-", one project of the text on standard input
// named name, with the reader that serves it (nil: read from disk).
func packagesFor(paths []string, name string, varFiles []string) ([]*driver.Package, func(string) ([]byte, error), error) {
	if !slices.Contains(paths, "-") {
		pkgs, err := discover.Packages(paths, varFiles...)
		return pkgs, nil, err
	}
	if len(paths) > 1 {
		return nil, nil, fmt.Errorf("- (standard input) cannot be linted with other paths")
	}
	if name == "" {
		name = defaultStdinName
	}
	name = filepath.Clean(name)
	// Read as a file is read: the same size cap, so a pipe cannot make
	// lambdavet hold more than a template can be.
	src, err := io.ReadAll(io.LimitReader(stdin, driver.MaxFileSize+1))
	if err != nil {
		return nil, nil, fmt.Errorf("reading standard input: %w", err)
	}
	if len(src) > driver.MaxFileSize {
		return nil, nil, fmt.Errorf("standard input: larger than %d bytes", driver.MaxFileSize)
	}
	boundary, err := filepath.Abs(filepath.Dir(name))
	if err != nil {
		return nil, nil, fmt.Errorf("-stdin-filename %s: %w", name, err)
	}
	pkg := &driver.Package{Root: name, Files: []string{name}, Boundary: boundary}
	if discover.IsTerraform(name) {
		// A .tf file stands for its module, as on disk.
		pkg.Root = filepath.Dir(name)
		pkg.Files = append(pkg.Files, varFiles...)
	}
	read := func(file string) ([]byte, error) {
		if file == name {
			return src, nil
		}
		return driver.ReadFile(file)
	}
	return []*driver.Package{pkg}, read, nil
}
