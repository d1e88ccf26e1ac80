package serverless

import (
	"testing"

	"github.com/lambdavet/lambdavet/parsers/model/modeltest"
)

// TestModelSchema: the model of a service, as user policies and
// -dump-model get it, matches the model's schema.
func TestModelSchema(t *testing.T) {
	for _, src := range []string{service, "service: s\nparams: {prod: {m: 256}, dev: {m: 512}}\nprovider: {name: aws, runtime: nodejs22.x}\nfunctions: {a: {handler: h, memorySize: '${param:m}', events: [{http: GET /}, {s3: b}]}}\nresources:\n  Resources:\n    Q: {Type: AWS::SQS::Queue}\n"} {
		modeltest.CheckSchema(t, load(t, src, Options{}))
	}
}
