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

// cdkBareTemplate is cdkTemplate, with a layer, as cdk synth writes it with
// --no-path-metadata --no-asset-metadata: nothing in the template says
// which construct or asset the function is; the manifests do.
var cdkBareTemplate = strings.Replace(strings.Replace(cdkTemplate, `,
      "Metadata": {"aws:cdk:path": "OrdersStack/Resizer/Resource", "aws:asset:path": "asset.abc", "aws:asset:is-bundled": true, "aws:asset:property": "Code"}`, "", 1),
	`"Role": "arn:aws:iam::123456789012:role/x"
      }
    }`, `"Role": "arn:aws:iam::123456789012:role/x", "Layers": [{"Ref": "SharedLayer0F1E2D3C"}]
      }
    },
    "SharedLayer0F1E2D3C": {
      "Type": "AWS::Lambda::LayerVersion",
      "Properties": {
        "Content": {"S3Bucket": {"Fn::Sub": "cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}"}, "S3Key": "layer.zip"}
      }
    }`, 1)

// cdkManifest is an assembly manifest with one stack, its asset manifest
// and, when side is set, its metadata in a side file as current CDK
// versions write it.
func cdkManifest(stack, prefix string, side bool) string {
	metadata := `"metadata": {"/` + prefix + `Resizer/Resource": [{"type": "aws:cdk:logicalId", "data": "ResizerA1B2C3D4"}],
    "/` + prefix + `SharedLayer/Resource": [{"type": "aws:cdk:logicalId", "data": "SharedLayer0F1E2D3C"}]},`
	if side {
		metadata = `"metadata": {},`
	}
	props := `"templateFile": "` + stack + `.template.json"`
	if side {
		props += `, "additionalMetadataFile": "` + stack + `.metadata.json"`
	}
	return `{"version": "41.0.0", "artifacts": {
  "` + stack + `.assets": {"type": "cdk:asset-manifest", "properties": {"file": "` + stack + `.assets.json"}},
  "` + stack + `": {"type": "aws:cloudformation:stack", "environment": "aws://unknown-account/unknown-region",
    "properties": {` + props + `}, "dependencies": ["` + stack + `.assets"], ` + metadata + ` "displayName": "` + stack + `"},
  "Tree": {"type": "cdk:tree", "properties": {"file": "tree.json"}}
}}`
}

// cdkAssets is an asset manifest: the function's code folder and the
// layer's.
const cdkAssets = `{"version": "41.0.0", "files": {
  "abc": {"source": {"path": "asset.abc", "packaging": "zip"},
    "destinations": {"current_account-current_region": {"bucketName": "cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}", "objectKey": "abc.zip"}}},
  "layer": {"source": {"path": "asset.layer", "packaging": "zip"},
    "destinations": {"current_account-current_region": {"bucketName": "cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}", "objectKey": "layer.zip"}}}
}, "dockerImages": {}}`

// TestCloudAssemblyManifests: synthesized without path and asset
// metadata, a function is still named by its construct path (from the
// assembly manifest's metadata, or from the side file newer CDK versions
// write it to) and its code and layer folders are still measured (from the
// asset manifest), in the top assembly and in a stage's.
func TestCloudAssemblyManifests(t *testing.T) {
	dir := inDir(t, map[string]string{
		"cdk.out/manifest.json":                          cdkManifest("OrdersStack", "OrdersStack/", false),
		"cdk.out/OrdersStack.template.json":              cdkBareTemplate,
		"cdk.out/OrdersStack.assets.json":                cdkAssets,
		"cdk.out/asset.abc/index.js":                     "exports.handler = async () => 1\n",
		"cdk.out/asset.layer/nodejs/lib.js":              "module.exports = 1\n",
		"cdk.out/assembly-Prod/manifest.json":            cdkManifest("ProdOrders", "Prod/OrdersStack/", true),
		"cdk.out/assembly-Prod/ProdOrders.template.json": cdkBareTemplate,
		"cdk.out/assembly-Prod/ProdOrders.assets.json":   cdkAssets,
		"cdk.out/assembly-Prod/ProdOrders.metadata.json": `{"/Prod/OrdersStack/Resizer/Resource": [{"type": "aws:cdk:logicalId", "data": "ResizerA1B2C3D4"}]}`,
		"cdk.out/assembly-Prod/asset.abc/index.js":       "exports.handler = async () => 1\n",
		"cdk.out/assembly-Prod/asset.layer/lib.js":       "module.exports = 1\n",
		// A stage whose assets are the top assembly's, as CDK stages
		// share them: named ../asset.<hash> from the stage's folder.
		"cdk.out/assembly-Beta/manifest.json":            cdkManifest("BetaOrders", "Beta/OrdersStack/", false),
		"cdk.out/assembly-Beta/BetaOrders.template.json": cdkBareTemplate,
		"cdk.out/assembly-Beta/BetaOrders.assets.json":   strings.ReplaceAll(cdkAssets, `"path": "asset.`, `"path": "../asset.`),
	})
	pkgsizetest.Zeros(t, filepath.Join(dir, "cdk.out", "asset.abc", "node_modules.bin"), 200*pkgsizetest.MB)
	pkgsizetest.Zeros(t, filepath.Join(dir, "cdk.out", "asset.layer", "nodejs", "big.bin"), 100*pkgsizetest.MB)
	code, out, errOut := runCLI(t, "./...")
	got := strings.Join(findings(out), "\n")
	for _, want := range []string{
		`cdk.out/OrdersStack.template.json:9: error: function "OrdersStack/Resizer" sets MemorySize 20480, above the Lambda maximum of 10240 MB (LV101)`,
		`cdk.out/OrdersStack.template.json:6: error: function "OrdersStack/Resizer" code and layers unzip to 300.0 MB, above the Lambda limit of 250 MB (code 200.0 MB from "asset.abc", layer "OrdersStack/SharedLayer" 100.0 MB from "asset.layer")`,
		`cdk.out/assembly-Prod/ProdOrders.template.json:9: error: function "Prod/OrdersStack/Resizer" sets MemorySize 20480`,
		`cdk.out/assembly-Beta/BetaOrders.template.json:6: error: function "Beta/OrdersStack/Resizer" code and layers unzip to 300.0 MB, above the Lambda limit of 250 MB (code 200.0 MB from "../asset.abc"`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s\n%s", want, got, errOut)
		}
	}
	if strings.Contains(got, "Prod/OrdersStack/Resizer\" code and layers") {
		t.Errorf("the stage's small assets were measured as the top assembly's:\n%s", got)
	}
	if strings.Contains(got, "manifest.json") || strings.Contains(errOut, "manifest.json") || strings.Contains(got, "assets.json") {
		t.Errorf("a manifest was linted as a template:\n%s\n%s", got, errOut)
	}
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
}
