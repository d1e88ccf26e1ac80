package lsp

import (
	"os"
	"strings"
	"testing"
)

// TestWatchedFilesRelint: a file a project reads that changes on disk
// without the editor (the manifest cdk synth rewrites, a Terraform file
// that now calls the open module) has its projects linted again once the
// client reports it; the server asks to be told of such files.
func TestWatchedFilesRelint(t *testing.T) {
	s := startServer(t, Options{})
	s.initialize(s.dir, nil, map[string]any{"workspace": map[string]any{"didChangeWatchedFiles": map[string]any{"dynamicRegistration": true}}})
	manifest := func(path string) string {
		return `{"version": "36.0.0", "artifacts": {"OrdersStack": {"type": "aws:cloudformation:stack",
  "properties": {"templateFile": "OrdersStack.template.json"},
  "metadata": {"/OrdersStack/` + path + `/Resource": [{"type": "aws:cdk:logicalId", "data": "ResizerA1B2C3D4"}]}}}}`
	}
	template := `{
  "Resources": {
    "ResizerA1B2C3D4": {
      "Type": "AWS::Lambda::Function",
      "Properties": {"Handler": "index.handler", "Runtime": "nodejs22.x", "MemorySize": 20480,
        "Code": {"ZipFile": "exports.handler = async () => 1"}, "Role": "arn:aws:iam::123456789012:role/x"}
    }
  }
}
`
	man := s.write("cdk.out/manifest.json", manifest("Resizer"))
	uri := s.open(s.write("cdk.out/OrdersStack.template.json", template), template)
	s.waitDiags(uri, 1, hasMessage(`function "OrdersStack/Resizer" sets MemorySize 20480`))
	s.waitFor("the file watcher registration", func() bool { // called with s.mu held
		for _, m := range s.requests {
			if m == "client/registerCapability" {
				return true
			}
		}
		return false
	})

	if err := os.WriteFile(man, []byte(manifest("Thumbnailer")), 0o644); err != nil {
		t.Fatal(err)
	}
	s.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []map[string]any{{"uri": pathToURI(man), "type": 2}}})
	s.waitDiags(uri, 1, hasMessage(`function "OrdersStack/Thumbnailer" sets MemorySize 20480`))

	// A root module written on disk that calls the open module with a
	// value in range: the module is no longer a root of its own.
	module := s.write("modules/fn/main.tf", "variable \"memory\" {\n  default = 20480\n}\n\nresource \"aws_lambda_function\" \"inner\" {\n  function_name = \"inner\"\n  role          = \"arn:aws:iam::123456789012:role/x\"\n  runtime       = \"python3.13\"\n  handler       = \"app.handler\"\n  filename      = \"app.zip\"\n  memory_size   = var.memory\n}\n")
	src, _ := os.ReadFile(module)
	modURI := s.open(module, string(src))
	s.waitDiags(modURI, 1, hasCode("LV101"))
	root := s.write("main.tf", "module \"fn\" {\n  source = \"./modules/fn\"\n  memory = 1024\n}\n")
	s.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []map[string]any{{"uri": pathToURI(root), "type": 1}}})
	s.waitDiags(modURI, 1, func(ds []Diagnostic) bool { return !hasCode("LV101")(ds) })
	if log := s.serverLog(); strings.Contains(log, "panic") {
		t.Errorf("server log:\n%s", log)
	}
	s.shutdown()
}
