package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/lambdavet/lambdavet/analyzers/pkgsize/pkgsizetest"
)

const cdkTemplate = `{
  "Resources": {
    "ResizerA1B2C3D4": {
      "Type": "AWS::Lambda::Function",
      "Properties": {
        "Code": {"S3Bucket": {"Fn::Sub": "cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}"}, "S3Key": "abc.zip"},
        "Handler": "index.handler",
        "Runtime": "nodejs22.x",
        "MemorySize": 20480,
        "Role": "arn:aws:iam::123456789012:role/x"
      },
      "Metadata": {"aws:cdk:path": "OrdersStack/Resizer/Resource", "aws:asset:path": "asset.abc", "aws:asset:is-bundled": true, "aws:asset:property": "Code"}
    }
  }
}
`

// TestCloudAssembly: ./... lints the templates cdk synth writes (nested
// stages included) and names each finding by its construct path; the
// asset folder a function's code is measured against the unzipped quota;
// the assembly's other files and asset folders are not linted.
func TestCloudAssembly(t *testing.T) {
	dir := inDir(t, map[string]string{
		"cdk.out/manifest.json":                          `{"version": "36.0.0", "artifacts": {}}`,
		"cdk.out/tree.json":                              `{"version": "tree-0.1"}`,
		"cdk.out/OrdersStack.template.json":              cdkTemplate,
		"cdk.out/OrdersStack.assets.json":                `{"version": "36.0.0", "files": {}}`,
		"cdk.out/asset.abc/index.js":                     "exports.handler = async () => 1\n",
		"cdk.out/asset.abc/template.yaml":                "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  F: {Type: AWS::Lambda::Function, Properties: {MemorySize: 99999}}\n",
		"cdk.out/assembly-Prod/ProdOrders.template.json": strings.ReplaceAll(cdkTemplate, "OrdersStack/", "Prod/OrdersStack/"),
		"cdk.out/assembly-Prod/asset.abc/index.js":       "exports.handler = async () => 1\n",
		"cdk.out/assembly-Prod/ProdOrders.assets.json":   `{}`,
		"bin/app.ts": "// the CDK app\n",
	})
	pkgsizetest.Zeros(t, filepath.Join(dir, "cdk.out", "asset.abc", "node_modules.bin"), 300*pkgsizetest.MB)
	code, out, errOut := runCLI(t, "./...")
	got := strings.Join(findings(out), "\n")
	for _, want := range []string{
		`cdk.out/OrdersStack.template.json:9: error: function "OrdersStack/Resizer" sets MemorySize 20480, above the Lambda maximum of 10240 MB (LV101)`,
		`cdk.out/OrdersStack.template.json:6: error: function "OrdersStack/Resizer" code unzips to 300.0 MB, above the Lambda limit of 250 MB`,
		`cdk.out/assembly-Prod/ProdOrders.template.json:9: error: function "Prod/OrdersStack/Resizer" sets MemorySize 20480`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s\n%s", want, got, errOut)
		}
	}
	if strings.Contains(got, "asset.abc/template.yaml") || strings.Contains(got, "manifest.json") || strings.Contains(errOut, "manifest.json") {
		t.Errorf("an asset folder or the manifest was linted:\n%s\n%s", got, errOut)
	}
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
}
