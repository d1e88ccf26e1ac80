package serverless

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/lambdavet/lambdavet/parsers/model"
)

// TestModelSchema: the model of a service, as user policies and
// -dump-model get it, matches the model's schema.
func TestModelSchema(t *testing.T) {
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
	for _, src := range []string{service, "service: s\nparams: {prod: {m: 256}, dev: {m: 512}}\nprovider: {name: aws, runtime: nodejs22.x}\nfunctions: {a: {handler: h, memorySize: '${param:m}', events: [{http: GET /}, {s3: b}]}}\nresources:\n  Resources:\n    Q: {Type: AWS::SQS::Queue}\n"} {
		p := load(t, src, Options{})
		b, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Validate(inst); err != nil {
			t.Errorf("the model does not match its schema: %v", err)
		}
	}
}
