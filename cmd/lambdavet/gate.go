package main

// What makes lambdavet a gate in CI: the configuration file, the outputs
// (-format, possibly several, to files), and the filtering of findings by
// configuration, suppressions and baseline before the exit code is decided.

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/lambdavet/lambdavet/internal/config"
	"github.com/lambdavet/lambdavet/internal/discover"
	"github.com/lambdavet/lambdavet/internal/driver"
	"github.com/lambdavet/lambdavet/internal/report"
)

// firstPath returns the folder of the first path on the command line, or
// "." when there is none; for standard input, the folder of the name it is
// given (-stdin-filename).
func firstPath(paths []string, stdinName string) string {
	if len(paths) == 0 {
		return "."
	}
	if paths[0] == "-" {
		return filepath.Dir(stdinName)
	}
	p := strings.TrimSuffix(strings.TrimSuffix(paths[0], "..."), "/")
	if p == "" {
		p = "."
	}
	if info, err := os.Stat(p); err == nil && !info.IsDir() {
		p = filepath.Dir(p)
	}
	return p
}

// loadConfig reads the configuration named by -config (explicit), or else
// the nearest .lambdavet.yaml above the first path linted (as
// golangci-lint looks for its own), or else in the working directory; nil
// when there is none. Discovery climbs no further than the repository
// root or the working directory (config.TreeRoot), and refuses a file
// linked out of the tree. Its path is made relative to the working
// directory, as messages show it.
func loadConfig(search *config.Search, explicit, first string) (*config.Config, error) {
	if explicit != "" {
		return config.Load(explicit)
	}
	found, err := search.Find(first)
	if err == nil && found == "" {
		found, err = search.Find(".")
	}
	if err != nil || found == "" {
		return nil, err
	}
	return config.Load(discover.DisplayPath(found))
}

// flagsSet returns the names of the flags given on the command line.
func flagsSet(fs *flag.FlagSet) map[string]bool {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	return set
}

// output is one -format value: a format, written to stdout or to a file.
type output struct {
	format string
	file   string
}

// parseOutputs reads the -format values: FORMAT, or FORMAT=FILE.
func parseOutputs(specs []string) ([]output, error) {
	if len(specs) == 0 {
		return []output{{format: "text"}}, nil
	}
	var out []output
	toStdout := 0
	for _, s := range specs {
		format, file, hasFile := strings.Cut(s, "=")
		if !slices.Contains(report.Formats, format) {
			return nil, fmt.Errorf("unknown format %q (want %s, or FORMAT=FILE)", format, strings.Join(report.Formats, ", "))
		}
		if hasFile && file == "" {
			return nil, fmt.Errorf("%s= names no file", format)
		}
		if !hasFile {
			toStdout++
		}
		out = append(out, output{format: format, file: file})
	}
	if toStdout > 1 {
		return nil, fmt.Errorf("only one format can go to standard output; write the others to files with FORMAT=FILE")
	}
	return out, nil
}

// writeOutputs renders res in every output. Load errors also go to stderr
// when no text goes to stdout, so a CI log shows why the run failed.
func writeOutputs(outs []output, stdout, stderr io.Writer, res *driver.Result, opts report.Options) error {
	textOnStdout := false
	for _, o := range outs {
		if o.file == "" && o.format == "text" {
			textOnStdout = true
		}
	}
	for _, o := range outs {
		if o.file == "" {
			oo := opts
			if o.format == "text" {
				if f, ok := stdout.(*os.File); !ok || !report.IsTerminal(f) {
					oo.Color = false
				}
			}
			if err := report.Write(o.format, stdout, stderr, res, oo); err != nil {
				return err
			}
			continue
		}
		f, err := os.Create(o.file)
		if err != nil {
			return err
		}
		oo := opts
		oo.Color = false
		err = report.Write(o.format, f, io.Discard, res, oo)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("%s: %w", o.file, err)
		}
	}
	if !textOnStdout {
		return report.Text(io.Discard, stderr, &driver.Result{Errors: res.Errors})
	}
	return nil
}

// repoRoot returns the folder SARIF, GitHub and GitLab paths are relative
// to: the repository of the first path linted (the nearest folder above it
// holding .git); outside a repository, the working directory when it holds
// that path, else the path itself.
func repoRoot(first string) string {
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	start, err := filepath.Abs(first)
	if err != nil {
		return wd
	}
	for dir := start; ; {
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	if rel, err := filepath.Rel(wd, start); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return wd
	}
	return start
}
