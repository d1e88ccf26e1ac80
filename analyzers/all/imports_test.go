package all

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// rulePrefix is the import path prefix of the analyzers folder; a rule
// package is a folder named lvNNN_… directly under it.
const rulePrefix = "github.com/lambdavet/lambdavet/analyzers/"

var ruleDir = regexp.MustCompile(`^lv[0-9]{3}_`)

// TestRulesImportNoRule keeps the rules independent: a rule's shared logic
// belongs in a building-block analyzer or under analyzers/internal, so no
// package under analyzers/ imports a rule package, except this one (the
// list) and a rule's own subpackages. Building blocks are covered too, so a
// rule cannot depend on another through them. Test files count as well.
func TestRulesImportNoRule(t *testing.T) {
	root := ".."
	fset := token.NewFileSet()
	rules := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel != "." && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			if ruleDir.MatchString(rel) && !strings.Contains(rel, "/") {
				rules++
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || rel == "all" || strings.HasPrefix(rel, "all/") {
			return nil
		}
		own := strings.SplitN(rel, "/", 2)[0] // the top folder under analyzers/
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, spec := range f.Imports {
			imp, err := strconv.Unquote(spec.Path.Value)
			if err != nil {
				return err
			}
			target, ok := strings.CutPrefix(imp, rulePrefix)
			if !ok {
				continue
			}
			top := strings.SplitN(target, "/", 2)[0]
			if ruleDir.MatchString(top) && top != own {
				t.Errorf("%s imports rule package %s: move what they share to a building block or analyzers/internal/…", rel, imp)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("reading the analyzers folder: %v", err)
	}
	// Guard against a walk that finds nothing (a moved folder) and passes.
	if rules < len(Go()) {
		t.Fatalf("found %d rule folders under %s, want at least the %d rules of Go()", rules, root, len(Go()))
	}
}
