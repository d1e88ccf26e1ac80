// Package policies holds lambdavet's built-in Rego rules.
//
// Each rule that looks at one function's effective settings lives in its own
// folder, Regal style: rule.rego (package lambdavet.rules.lvNNN, with OPA
// package METADATA giving its title, description, related_resources and
// custom.id and custom.severity) and rule_test.rego beside it. Rules build
// their results with the helpers of lib/lib.rego (package lambdavet.lib) and
// publish them as the partial set rule violations, queried by the Rego bridge
// as data.lambdavet.rules.lvNNN.violations with the model's JSON form as input.
// Each result is {"resource", "range", "message"}.
//
// Data files beside the rules (data/runtimes.json, the runtime lifecycle)
// are given to the policies under data.lambdavet by Data.
//
// The files are embedded, so the binary needs nothing on disk.
package policies

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"strings"
)

// FS holds every .rego file of the built-in policies, tests included, by
// slash-separated path relative to this folder (lib/lib.rego,
// lv101_memory/rule.rego, ...).
//
//go:embed */*.rego
var FS embed.FS

// runtimesJSON is the Lambda runtime lifecycle: every runtime identifier
// with its family, architectures and deprecation, block-create and
// block-update dates. Rules read it as data.lambdavet.runtimes.
//
//go:embed data/runtimes.json
var runtimesJSON []byte

// Data returns the data documents the built-in policies read, rooted at
// data: {"lambdavet": {"runtimes": ...}}. Each call returns a fresh copy.
func Data() (map[string]any, error) {
	var runtimes map[string]any
	if err := json.Unmarshal(runtimesJSON, &runtimes); err != nil {
		return nil, fmt.Errorf("policies/data/runtimes.json: %w", err)
	}
	return map[string]any{"lambdavet": map[string]any{"runtimes": runtimes}}, nil
}

// TestSuffix ends the name of every file that holds only Rego tests.
const TestSuffix = "_test.rego"

// Modules returns the source of every policy module that is not a test, by
// path in FS: the rules and the library they import.
func Modules() (map[string]string, error) {
	return modules(false)
}

// TestModules returns the source of every module in FS, tests included, by
// path; with these, OPA's tester runs the rules' tests.
func TestModules() (map[string]string, error) {
	return modules(true)
}

func modules(withTests bool) (map[string]string, error) {
	out := map[string]string{}
	err := fs.WalkDir(FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(path, ".rego") {
			return nil
		}
		if !withTests && strings.HasSuffix(path, TestSuffix) {
			return nil
		}
		b, err := FS.ReadFile(path)
		if err != nil {
			return err
		}
		out[path] = string(b)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
