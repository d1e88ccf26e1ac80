package sam

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/lambdavet/lambdavet/parsers/model"
)

func compileModelSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(model.Schema))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("model.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("model.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func validateModel(t *testing.T, s *jsonschema.Schema, p *model.Project) {
	t.Helper()
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Validate(inst); err != nil {
		t.Errorf("%s: model does not match its schema: %v", p.Root, err)
	}
}

// TestModelSchema checks the JSON form of the model against its schema on
// the fixtures and on every template of the shared corpus.
func TestModelSchema(t *testing.T) {
	s := compileModelSchema(t)
	files, _ := filepath.Glob("../../policies/*/testdata/*.*")
	examples, _ := filepath.Glob("../../examples/*/template.yaml")
	files = append(files, examples...)
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
		validateModel(t, s, p)
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
