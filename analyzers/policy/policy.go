// Package policy is the bridge between Rego policies and go/analysis: each
// policy module with METADATA (custom.id, custom.severity) becomes an
// *analysis.Analyzer whose Run evaluates a query prepared once per process
// against the project model.
package policy

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"golang.org/x/tools/go/analysis"

	"github.com/lambdavet/lambdavet/analyzers/load"
	"github.com/lambdavet/lambdavet/analyzers/rule"
	"github.com/lambdavet/lambdavet/parsers/model"
	"github.com/lambdavet/lambdavet/policies"
)

// Capabilities returns what policies may use: everything in this OPA
// version except builtins that reach the network or the host.
func Capabilities() *ast.Capabilities {
	caps := ast.CapabilitiesForThisVersion()
	kept := caps.Builtins[:0]
	for _, b := range caps.Builtins {
		if b.Name == "http.send" || strings.HasPrefix(b.Name, "net.") || b.Name == "opa.runtime" {
			continue
		}
		kept = append(kept, b)
	}
	caps.Builtins = kept
	caps.AllowNet = []string{}
	return caps
}

// InputAnalyzer converts the model to a Rego value once per project, so
// every policy evaluates against the same prepared input.
var InputAnalyzer = &analysis.Analyzer{
	Name:       "regoinput",
	Doc:        "convert the lambdavet model to a Rego input value\n\nregoinput converts the project model to an OPA ast.Value once per project for every Rego rule.",
	Requires:   []*analysis.Analyzer{load.Analyzer},
	ResultType: reflect.TypeFor[*Input](),
	Run: func(pass *analysis.Pass) (any, error) {
		p := pass.ResultOf[load.Analyzer].(*model.Project)
		if len(p.Resources) == 0 {
			return &Input{}, nil // nothing for the policies to judge
		}
		v, err := toRegoInput(p.JSON())
		if err != nil {
			return nil, fmt.Errorf("converting the model for Rego: %w", err)
		}
		return &Input{Value: v}, nil
	},
}

// Input is the model of one project as a Rego value.
type Input struct {
	Value ast.Value
}

// Options configure which policies are loaded.
type Options struct {
	// Dirs are extra folders of user policies (-policy DIR).
	Dirs []string
	// Data is extra Rego data under data.lambdavet.config (e.g. the clock).
	Data map[string]any
	// Now is the date date-driven rules (runtime deprecation) judge by,
	// given to policies as data.lambdavet.config.now ("YYYY-MM-DD"). Zero
	// means today, unless Data already sets "now".
	Now time.Time
}

// storeData returns the data policies read: the embedded data files
// (data.lambdavet.runtimes) and data.lambdavet.config, which is opts.Data
// with "now" added.
func storeData(opts Options) (map[string]any, error) {
	data, err := policies.Data()
	if err != nil {
		return nil, err
	}
	config := make(map[string]any, len(opts.Data)+1)
	for k, v := range opts.Data {
		config[k] = v
	}
	if _, set := config["now"]; !set || !opts.Now.IsZero() {
		now := opts.Now
		if now.IsZero() {
			now = time.Now()
		}
		config["now"] = now.Format(time.DateOnly)
	}
	data["lambdavet"].(map[string]any)["config"] = config
	return data, nil
}

// evalTimeout bounds one policy's evaluation on one project.
const evalTimeout = 20 * time.Second

var idPattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)

// Load compiles the embedded policies plus those in opts.Dirs and returns
// one analyzer per rule, sorted by id. Queries are prepared here, once.
func Load(ctx context.Context, opts Options) ([]*analysis.Analyzer, error) {
	sources, err := policies.Modules()
	if err != nil {
		return nil, fmt.Errorf("reading embedded policies: %w", err)
	}
	userFiles := map[string]bool{}
	for _, dir := range opts.Dirs {
		files, err := readDir(dir)
		if err != nil {
			return nil, err
		}
		for name, src := range files {
			// User modules are named by absolute path, so none can take
			// the place of a built-in module (lib/lib.rego, say) by name.
			if _, clash := sources[name]; clash {
				return nil, fmt.Errorf("policy %s is loaded twice (is %s given twice?)", name, dir)
			}
			sources[name] = src
			userFiles[name] = true
		}
	}
	modules := map[string]*ast.Module{}
	var errs []error
	for name, src := range sources {
		m, err := ast.ParseModuleWithOpts(name, src, ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
		if err != nil {
			errs = append(errs, fmt.Errorf("policy %s: %w", name, err))
			continue
		}
		modules[name] = m
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	compiler := ast.NewCompiler().WithCapabilities(Capabilities())
	compiler.Compile(modules)
	if compiler.Failed() {
		return nil, fmt.Errorf("compiling policies: %w", compiler.Errors)
	}
	data, err := storeData(opts)
	if err != nil {
		return nil, err
	}
	store := inmem.NewFromObject(data)

	names := make([]string, 0, len(modules))
	for name := range modules {
		names = append(names, name)
	}
	sort.Strings(names)
	var out []*analysis.Analyzer
	for _, name := range names {
		m := modules[name]
		meta, ok, err := ruleMeta(m)
		if err != nil {
			return nil, fmt.Errorf("policy %s: %w", name, err)
		}
		if !ok {
			continue // a library module
		}
		meta.Source = "rego"
		if userFiles[name] {
			meta.Source = name
		}
		query := m.Package.Path.String() + ".violations"
		pq, err := rego.New(
			rego.Compiler(compiler),
			rego.Store(store),
			rego.Query(query),
			rego.Capabilities(Capabilities()),
			rego.StrictBuiltinErrors(true),
		).PrepareForEval(ctx)
		if err != nil {
			return nil, fmt.Errorf("preparing %s: %w", query, err)
		}
		if err := rule.Register(meta.Meta); err != nil {
			return nil, err
		}
		out = append(out, newAnalyzer(meta, pq))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

func readDir(dir string) (map[string]string, error) {
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(path, ".rego") || strings.HasSuffix(path, "_test.rego") {
			return nil
		}
		if !d.Type().IsRegular() {
			return nil // no links, pipes or devices
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		abs, err := filepath.Abs(path)
		if err != nil {
			return err
		}
		out[abs] = string(b)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading policies from %s: %w", dir, err)
	}
	return out, nil
}

type policyMeta struct {
	rule.Meta
	Description string
}

// ruleMeta reads the package METADATA of a rule module.
func ruleMeta(m *ast.Module) (policyMeta, bool, error) {
	for _, a := range m.Annotations {
		if a.Scope != "package" || a.Custom == nil {
			continue
		}
		id, _ := a.Custom["id"].(string)
		if id == "" {
			continue
		}
		if !idPattern.MatchString(id) {
			return policyMeta{}, false, fmt.Errorf("custom.id %q is not an identifier", id)
		}
		sevText, _ := a.Custom["severity"].(string)
		sev, err := rule.ParseSeverity(sevText)
		if err != nil {
			return policyMeta{}, false, fmt.Errorf("rule %s: %w", id, err)
		}
		if a.Title == "" {
			return policyMeta{}, false, fmt.Errorf("rule %s has no METADATA title", id)
		}
		return policyMeta{Meta: rule.Meta{ID: id, Title: a.Title, Severity: sev}, Description: a.Description}, true, nil
	}
	return policyMeta{}, false, nil
}

func newAnalyzer(meta policyMeta, pq rego.PreparedEvalQuery) *analysis.Analyzer {
	doc := meta.Title
	if meta.Description != "" {
		doc += "\n\n" + meta.Description
	}
	return &analysis.Analyzer{
		Name:     meta.ID,
		Doc:      doc,
		URL:      meta.URL(),
		Requires: []*analysis.Analyzer{load.Analyzer, InputAnalyzer},
		Run: func(pass *analysis.Pass) (any, error) {
			p := pass.ResultOf[load.Analyzer].(*model.Project)
			if len(p.Resources) == 0 {
				return nil, nil
			}
			input := pass.ResultOf[InputAnalyzer].(*Input)
			// A user policy may loop for long; no rule holds a run up.
			ctx, cancel := context.WithTimeout(context.Background(), evalTimeout)
			defer cancel()
			rs, err := pq.Eval(ctx, rego.EvalParsedInput(input.Value))
			if err != nil {
				return nil, fmt.Errorf("evaluating %s: %w", meta.ID, err)
			}
			for _, r := range rs {
				for _, expr := range r.Expressions {
					items, _ := expr.Value.([]any)
					for _, it := range items {
						f, err := decodeViolation(meta.ID, it)
						if err != nil {
							return nil, fmt.Errorf("%s: %w", meta.ID, err)
						}
						rule.Report(pass, f)
					}
				}
			}
			return nil, nil
		},
	}
}

// decodeViolation reads one element of a policy's violations set:
// {"message", "range", "resource", "severity"?}.
func decodeViolation(id string, v any) (rule.Finding, error) {
	obj, ok := v.(map[string]any)
	if !ok {
		return rule.Finding{}, fmt.Errorf("violation is %T, want an object", v)
	}
	f := rule.Finding{Rule: id}
	f.Message, _ = obj["message"].(string)
	if f.Message == "" {
		return f, fmt.Errorf("violation without message")
	}
	f.ResourceName, _ = obj["resource"].(string)
	if s, ok := obj["severity"].(string); ok {
		sev, err := rule.ParseSeverity(s)
		if err != nil {
			return f, err
		}
		f.Severity = sev
	}
	r, ok := obj["range"].(map[string]any)
	if !ok {
		return f, fmt.Errorf("violation %q has no range", f.Message)
	}
	f.Range = model.Range{File: str(r["file"]),
		Start: model.Point{Line: num(r["line"]), Column: num(r["column"]), Offset: num(r["offset"])},
		End:   model.Point{Line: num(r["endLine"]), Column: num(r["endColumn"]), Offset: num(r["endOffset"])}}
	return f, nil
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func num(v any) int {
	switch n := v.(type) {
	case float64:
		return int(n)
	case int:
		return n
	case interface{ Int64() (int64, error) }:
		i, _ := n.Int64()
		return int(i)
	}
	return 0
}
