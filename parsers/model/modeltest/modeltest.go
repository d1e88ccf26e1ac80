// Package modeltest checks the JSON form of a model, as user policies and
// -dump-model get it, against the model's schema, for the tests of every
// format's loader.
package modeltest

import (
	"bytes"
	"encoding/json"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/lambdavet/lambdavet/parsers/model"
)

// compiled is the model schema, compiled once per test binary: the tests
// of a loader validate hundreds of models.
var compiled = sync.OnceValues(func() (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(model.Schema))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("model.schema.json", doc); err != nil {
		return nil, err
	}
	return c.Compile("model.schema.json")
})

// CheckSchema reports a test error when the JSON form of p does not match
// the model's schema, and stops the test when the schema does not compile.
func CheckSchema(t testing.TB, p *model.Project) {
	t.Helper()
	s, err := compiled()
	if err != nil {
		t.Fatalf("compiling the model schema: %v", err)
	}
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Validate(inst); err != nil {
		t.Errorf("%s: the model does not match its schema: %v", p.Root, err)
	}
}
