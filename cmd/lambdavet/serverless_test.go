package main

import "testing"

// TestServerlessService: a serverless.yml is linted by every rule, at the
// line that set each value, provider settings and variables included.
func TestServerlessService(t *testing.T) {
	inDir(t, map[string]string{
		"svc/serverless.yml": `service: orders
custom:
  memory: 20480
provider:
  name: aws
  runtime: python3.12
  timeout: 1000
functions:
  api:
    handler: app.handler
    memorySize: ${self:custom.memory}
  worker:
    handler: app.worker
    timeout: 30
    memorySize: ${ssm:/orders/worker-memory}
    ephemeralStorageSize: ${file(./sizes.yml):tmp}
`,
		"svc/sizes.yml":        "# sizes per function\ntmp: 20480\n",
		"other/serverless.yml": "service: gcp\nprovider:\n  name: google\nfunctions:\n  a:\n    handler: h\n    memorySize: 99999\n",
	})
	code, out, errOut := runCLI(t, "./...")
	wantLines(t, "findings", findings(out),
		`svc/serverless.yml:3: error: function "api" sets memorySize 20480, above the Lambda maximum of 10240 MB (set by ${self:custom.memory}) (LV101)`,
		`svc/serverless.yml:7: error: function "api" sets timeout 1000, above the Lambda maximum of 900 seconds (set by provider.timeout) (LV102)`,
		`svc/sizes.yml:2: error: function "worker" sets ephemeralStorageSize 20480, above the Lambda maximum of 10240 MB (set by ${file(./sizes.yml):tmp}) (LV103)`,
	)
	if code != 1 {
		t.Errorf("exit %d, want 1; stderr %s", code, errOut)
	}
}
