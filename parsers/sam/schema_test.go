package sam

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/lambdavet/lambdavet/parsers/model/modeltest"
)

// TestModelSchema checks the JSON form of the model against its schema on
// the fixtures and on every template of the shared corpus.
func TestModelSchema(t *testing.T) {
	files, _ := filepath.Glob("../../policies/*/testdata/*.*")
	examples, _ := filepath.Glob("../../examples/*/template.yaml")
	loops, _ := filepath.Glob("../../analyzers/lv309_recursive_loop/testdata/*.*") // trigger sources and writes
	files = append(append(files, examples...), loops...)
	for _, row := range readManifestOptional() {
		files = append(files, filepath.Join(corpusDir, row.path))
	}
	n := 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		p, ok := Load(f, src, Options{})
		if !ok {
			continue
		}
		n++
		modeltest.CheckSchema(t, p)
	}
	if n == 0 {
		t.Fatal("no template validated")
	}
	t.Logf("%d models validated", n)
}

// readManifestOptional returns the corpus's SAM and CloudFormation rows, or
// nothing when the corpus is absent.
func readManifestOptional() []manifestRow {
	all, _ := loadManifest()
	var rows []manifestRow
	for _, r := range all {
		if r.kind == "sam" || r.kind == "cfn" {
			rows = append(rows, r)
		}
	}
	return rows
}
