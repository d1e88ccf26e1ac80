package model

import _ "embed"

// Schema is the JSON Schema of the model's JSON form (Project.JSON): the
// contract between the Go loaders and the Rego policies.
//
//go:embed model.schema.json
var Schema []byte
