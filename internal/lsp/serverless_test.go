package lsp

import "testing"

// TestServerlessBuffer: a serverless.yml buffer is linted as a service,
// its provider's settings and variables resolved, as on the command line.
func TestServerlessBuffer(t *testing.T) {
	s := startServer(t, Options{})
	s.initialize(s.dir, nil, nil)
	src := "service: s\ncustom:\n  mem: 20480\nprovider:\n  name: aws\n  runtime: python3.12\nfunctions:\n  api:\n    handler: app.handler\n    memorySize: ${self:custom.mem}\n"
	uri := s.open(s.write("serverless.yml", src), src)
	p := s.waitDiags(uri, 1, hasCode("LV101"))
	if len(p.Diagnostics) != 1 || p.Diagnostics[0].Range != *rng(2, 7, 2, 12) {
		t.Fatalf("diagnostics = %+v, want LV101 at custom.mem (2:7-2:12)", p.Diagnostics)
	}
	// Fixed in the buffer, unsaved: no finding.
	s.change(uri, 2, contentChange{Range: rng(2, 7, 2, 12), Text: "1024"})
	s.waitDiags(uri, 2, empty)
}
