package lv107

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/lambdavet/lambdavet/analyzers/pkgsize/pkgsizetest"
	"github.com/lambdavet/lambdavet/internal/analysistest"
)

const MB = pkgsizetest.MB

// The fixtures are built in a temporary folder: sparse files of zeros stand
// for large code (they count their full size unzipped and take no disk),
// zip archives hold deflated zeros or claim sizes in their central
// directory.

func TestSAM(t *testing.T) {
	dir := t.TempDir()
	app := filepath.Join(dir, "app")
	pkgsizetest.Zeros(t, filepath.Join(app, "big", "lib.so"), 150*MB)
	pkgsizetest.Zeros(t, filepath.Join(app, "big", "data", "model.bin"), 50*MB)
	pkgsizetest.Write(t, filepath.Join(app, "big", "app.py"), "def handler(e, c):\n    return 1\n")
	pkgsizetest.Zeros(t, filepath.Join(app, "layers", "deps", "python", "numpy.so"), 60*MB)
	pkgsizetest.Zeros(t, filepath.Join(app, "huge", "blob"), 260*MB)
	pkgsizetest.Write(t, filepath.Join(app, "small", "app.py"), "x = 1\n")
	// sam build output: what sam deploy uploads, measured instead of CodeUri.
	pkgsizetest.Zeros(t, filepath.Join(app, ".aws-sam", "build", "Built", "vendor.bin"), 300*MB)
	pkgsizetest.Write(t, filepath.Join(app, ".aws-sam", "build", "BuiltSmall", "app.py"), "x = 1\n")
	// A zip uploaded as it is: its central directory says 2 x 130 MB.
	pkgsizetest.Zip(t, filepath.Join(app, "dist", "fn.zip"),
		pkgsizetest.Entry{Name: "a.bin", Size: 130 * MB}, pkgsizetest.Entry{Name: "b.bin", Size: 130 * MB})
	pkgsizetest.Zip(t, filepath.Join(app, "dist", "ok.zip"), pkgsizetest.Entry{Name: "a.bin", Size: 10 * MB})
	// A hostile zip: three entries claiming 2^63 bytes each.
	pkgsizetest.Claiming(t, filepath.Join(app, "dist", "bomb.zip"), 3, 1<<63)

	pkgsizetest.Template(t, filepath.Join(app, "template.yaml"), `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.12
    Handler: app.handler
Resources:
  Deps:
    Type: AWS::Serverless::LayerVersion
    Properties:
      ContentUri: layers/deps/
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: big/ # want ´function "Worker" code and layers unzip to 260.0 MB, above the Lambda limit of 250 MB \(code 200.0 MB from "big/", layer "Deps" 60.0 MB from "layers/deps/"\)´
      Layers:
        - !Ref Deps
  CodeAlone:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: big/
  RemoteLayer:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: big/
      Layers:
        - arn:aws:lambda:us-east-1:123456789012:layer:numpy:3
  RemoteOver:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: ./huge # want ´function "RemoteOver" code and layers unzip to at least 260.0 MB.*code 260.0 MB from "./huge", "arn:aws:lambda:us-east-1:123456789012:layer:numpy:3" not measured´
      Layers:
        - arn:aws:lambda:us-east-1:123456789012:layer:numpy:3
  Built:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: small/ # want ´code unzips to 300.0 MB, above the Lambda limit of 250 MB \(code 300.0 MB from ".aws-sam/build/Built" \(sam build output of "small/"\)\)´
  BuiltSmall:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: huge/
  Zipped:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: dist/fn.zip # want ´function "Zipped" code unzips to 260.0 MB.*from "dist/fn.zip"´
  ZippedOK:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: dist/ok.zip
      Layers: [!Ref Deps]
  Bomb:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: dist/bomb.zip # want ´function "Bomb" code unzips to´
  Image:
    Type: AWS::Serverless::Function
    Properties:
      PackageType: Image
      ImageUri: 123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1
  Inline:
    Type: AWS::Serverless::Function
    Properties:
      InlineCode: "def handler(e, c): pass"
      Layers: [!Ref Deps]
  InS3:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: s3://bucket/code.zip
      Layers: [!Ref Deps]
  Missing:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: not-built-yet/
`)
	analysistest.Run(t, dir, Analyzer)
}

// A CodeUri from Globals is reported where Globals sets it, for each
// function; a condition on the code or the layers is named.
func TestSAMGlobalsAndConditions(t *testing.T) {
	dir := t.TempDir()
	pkgsizetest.Zeros(t, filepath.Join(dir, "src", "a.bin"), 240*MB)
	pkgsizetest.Zeros(t, filepath.Join(dir, "big", "a.bin"), 255*MB)
	pkgsizetest.Zeros(t, filepath.Join(dir, "deps", "a.bin"), 20*MB)
	pkgsizetest.Template(t, filepath.Join(dir, "template.yaml"), `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Parameters:
  Env:
    Type: String
    AllowedValues: [dev, prod]
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Globals:
  Function:
    Runtime: python3.12
    Handler: app.handler
    CodeUri: big/ # want ´function "FromGlobals" code unzips to 255.0 MB.*\(set by Globals\)´
Resources:
  Deps:
    Type: AWS::Serverless::LayerVersion
    Properties:
      ContentUri: deps/
  FromGlobals:
    Type: AWS::Serverless::Function
  ProdLayer:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/ # want ´function "ProdLayer" code and layers unzip to 260.0 MB.*\(when condition "IsProd" is true\)´
      Layers:
        - !If [IsProd, !Ref Deps, !Ref AWS::NoValue]
  ProdCode:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: !If [IsProd, big/, src/] # want ´function "ProdCode" code unzips to 255.0 MB.*\(when condition "IsProd" is true\)´
  Crossed:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: !If [IsProd, deps/, src/]
      Layers:
        - !If [IsProd, !Ref Deps, !Ref AWS::NoValue]
`)
	analysistest.Run(t, dir, Analyzer)
}

func TestCloudFormation(t *testing.T) {
	dir := t.TempDir()
	pkgsizetest.Zeros(t, filepath.Join(dir, "code", "a.bin"), 100*MB)
	pkgsizetest.Zip(t, filepath.Join(dir, "layer.zip"), pkgsizetest.Entry{Name: "python/lib.so", Size: 151 * MB})
	pkgsizetest.Template(t, filepath.Join(dir, "stack.yaml"), `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Layer:
    Type: AWS::Lambda::LayerVersion
    Properties:
      Content: layer.zip
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Role: arn:aws:iam::123456789012:role/fn
      Code: code/ # want ´function "Fn" code and layers unzip to 251.0 MB, above the Lambda limit of 250 MB \(code 100.0 MB from "code/", layer "Layer" 151.0 MB from "layer.zip"\)´
      Layers: [!Ref Layer]
  FromS3:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Role: arn:aws:iam::123456789012:role/fn
      Code:
        S3Bucket: artifacts
        S3Key: fn.zip
      Layers: [!Ref Layer]
  InlineZip:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: arn:aws:iam::123456789012:role/fn
      Code:
        ZipFile: "def handler(e, c): pass"
      Layers: [!Ref Layer]
`)
	analysistest.Run(t, dir, Analyzer)
}

// A JSON template has no comments: its expectations are in a .want sidecar.
func TestCloudFormationJSON(t *testing.T) {
	dir := t.TempDir()
	pkgsizetest.Zeros(t, filepath.Join(dir, "code", "a.bin"), 251*MB)
	pkgsizetest.Zeros(t, filepath.Join(dir, "small", "a.bin"), 249*MB)
	pkgsizetest.Write(t, filepath.Join(dir, "stack.json"), `{
  "Resources": {
    "Big": {
      "Type": "AWS::Lambda::Function",
      "Properties": {
        "Runtime": "nodejs22.x",
        "Handler": "index.handler",
        "Role": "arn:aws:iam::123456789012:role/fn",
        "Code": "code"
      }
    },
    "Small": {
      "Type": "AWS::Lambda::Function",
      "Properties": {
        "Runtime": "nodejs22.x",
        "Handler": "index.handler",
        "Role": "arn:aws:iam::123456789012:role/fn",
        "Code": "small"
      }
    }
  }
}
`)
	pkgsizetest.Write(t, filepath.Join(dir, "stack.json.want"), `9 "function \"Big\" code unzips to 251.0 MB, above the Lambda limit of 250 MB \\(code 251.0 MB from \"code\"\\)"`+"\n")
	analysistest.Run(t, dir, Analyzer)
}

// With layers only, the finding points at the largest layer.
func TestLayersOnly(t *testing.T) {
	dir := t.TempDir()
	pkgsizetest.Zeros(t, filepath.Join(dir, "a", "x.bin"), 130*MB)
	pkgsizetest.Zeros(t, filepath.Join(dir, "b", "x.bin"), 140*MB)
	pkgsizetest.Template(t, filepath.Join(dir, "template.yaml"), `Transform: AWS::Serverless-2016-10-31
Resources:
  A:
    Type: AWS::Serverless::LayerVersion
    Properties:
      ContentUri: a/
  B:
    Type: AWS::Serverless::LayerVersion
    Properties:
      ContentUri: b/
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: s3://bucket/fn.zip
      Layers:
        - !Ref A
        - !Ref B # want ´function "Fn" code and layers unzip to at least 270.0 MB.*\(code not measured, layer "A" 130.0 MB from "a/", layer "B" 140.0 MB from "b/"\)´
`)
	analysistest.Run(t, dir, Analyzer)
}

func TestTerraform(t *testing.T) {
	dir := t.TempDir()
	mod := filepath.Join(dir, "infra")
	pkgsizetest.Zeros(t, filepath.Join(mod, "src", "handler.bin"), 200*MB)
	pkgsizetest.Zeros(t, filepath.Join(mod, "src", "tests", "fixtures.bin"), 100*MB)
	pkgsizetest.Zeros(t, filepath.Join(mod, "src", "cache", "x.pyc"), 100*MB)
	pkgsizetest.Zip(t, filepath.Join(mod, "layer.zip"), pkgsizetest.Entry{Name: "python/lib.so", Size: 60 * MB})
	pkgsizetest.Zeros(t, filepath.Join(mod, "layer", "python", "lib2.so"), 40*MB)
	pkgsizetest.Template(t, filepath.Join(mod, "main.tf"), `
data "archive_file" "fn" {
  type        = "zip"
  source_dir  = "${path.module}/src"
  output_path = "${path.module}/build/fn.zip"
  excludes    = ["tests", "**/*.pyc"]
}

resource "aws_lambda_layer_version" "deps" {
  filename   = "layer.zip"
  layer_name = "deps"
}

resource "aws_lambda_function" "worker" {
  function_name = "worker"
  role          = "arn:aws:iam::123456789012:role/fn"
  handler       = "app.handler"
  runtime       = "python3.12"
  filename      = data.archive_file.fn.output_path # want ´aws_lambda_function.worker code and layers unzip to 260.0 MB, above the Lambda limit of 250 MB \(code 200.0 MB from "src" zipped by data.archive_file.fn, aws_lambda_layer_version.deps 60.0 MB from "layer.zip"\)´
  layers        = [aws_lambda_layer_version.deps.arn]
}

resource "aws_lambda_function" "alone" {
  function_name = "alone"
  role          = "arn:aws:iam::123456789012:role/fn"
  handler       = "app.handler"
  runtime       = "python3.12"
  filename      = data.archive_file.fn.output_path
}

data "archive_file" "layer" {
  type        = "zip"
  source_dir  = "${path.module}/layer"
  output_path = "${path.module}/build/layer.zip"
}

resource "aws_lambda_layer_version" "built" {
  filename   = data.archive_file.layer.output_path
  layer_name = "built"
}

resource "aws_lambda_function" "two" {
  function_name = "two"
  role          = "arn:aws:iam::123456789012:role/fn"
  handler       = "app.handler"
  runtime       = "python3.12"
  filename      = data.archive_file.fn.output_path # want ´aws_lambda_function.two code and layers unzip to 300.0 MB.*aws_lambda_layer_version.deps 60.0 MB from "layer.zip", aws_lambda_layer_version.built 40.0 MB from "layer" zipped by data.archive_file.layer\)´
  layers        = [aws_lambda_layer_version.deps.arn, aws_lambda_layer_version.built.arn]
}

resource "aws_lambda_function" "s3" {
  function_name = "s3"
  role          = "arn:aws:iam::123456789012:role/fn"
  handler       = "app.handler"
  runtime       = "python3.12"
  s3_bucket     = "artifacts"
  s3_key        = "fn.zip"
  layers        = [aws_lambda_layer_version.deps.arn]
}
`)
	analysistest.Run(t, dir, Analyzer)
}

// Nothing outside the folder lambdavet was pointed at is read: a CodeUri
// leading out of it, and symbolic links leading out, are not measured.
func TestBoundary(t *testing.T) {
	outside := t.TempDir()
	pkgsizetest.Zeros(t, filepath.Join(outside, "secret", "big.bin"), 300*MB)
	dir := t.TempDir()
	pkgsizetest.Zeros(t, filepath.Join(dir, "mixed", "own.bin"), 100*MB)
	if err := os.Symlink(filepath.Join(outside, "secret", "big.bin"), filepath.Join(dir, "mixed", "link.bin")); err != nil {
		t.Skip("no symbolic links:", err)
	}
	must(t, os.Symlink(filepath.Join(outside, "secret"), filepath.Join(dir, "mixed", "linkdir")))
	must(t, os.Symlink(filepath.Join(outside, "secret"), filepath.Join(dir, "escape")))
	// A link cycle inside the project ends.
	must(t, os.Symlink(".", filepath.Join(dir, "mixed", "loop")))
	// A link to a folder inside the project is followed, as SAM does.
	pkgsizetest.Zeros(t, filepath.Join(dir, "shared", "lib.bin"), 200*MB)
	pkgsizetest.Write(t, filepath.Join(dir, "linked", "app.py"), "x = 1\n")
	must(t, os.Symlink(filepath.Join(dir, "shared"), filepath.Join(dir, "linked", "shared")))
	rel, err := filepath.Rel(dir, filepath.Join(outside, "secret"))
	must(t, err)
	pkgsizetest.Template(t, filepath.Join(dir, "template.yaml"), `Transform: AWS::Serverless-2016-10-31
Resources:
  Mixed:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: mixed/
  Escape:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: escape/
  Relative:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: `+rel+`
  Absolute:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: `+filepath.Join(outside, "secret")+`
  Linked:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: linked/ # want ´function "Linked" code and layers unzip to at least 300.0 MB.*\(code 200.0 MB from "linked/", layer "Lib" at least 100.0 MB from "mixed/"\)´
      Layers: [!Ref Lib]
  Lib:
    Type: AWS::Serverless::LayerVersion
    Properties:
      ContentUri: mixed/
`)
	res := analysistest.Run(t, dir, Analyzer)
	for _, d := range res.Diagnostics {
		t.Log(d.Message)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestServerless: a service's functions deploy the zip serverless package
// writes (one per service, or per function when packaged individually),
// or the package.artifact given; a zip not there is not judged.
func TestServerless(t *testing.T) {
	dir := t.TempDir()
	svc := filepath.Join(dir, "svc")
	pkgsizetest.Zip(t, filepath.Join(svc, ".serverless", "orders.zip"), pkgsizetest.Entry{Name: "node_modules.bin", Size: 260 * MB})
	pkgsizetest.Zip(t, filepath.Join(svc, "dist", "small.zip"), pkgsizetest.Entry{Name: "index.js", Size: 1 * MB})
	pkgsizetest.Template(t, filepath.Join(svc, "serverless.yml"), `service: orders
provider:
  name: aws
  runtime: nodejs22.x
functions:
  api: # want ´function "api" code unzips to 260.0 MB, above the Lambda limit of 250 MB \(code 260.0 MB from ".serverless/orders.zip"\) \(set by the zip serverless package writes\)´
    handler: h
  own:
    handler: h
    package:
      artifact: dist/small.zip
`)
	one := filepath.Join(dir, "one")
	pkgsizetest.Zip(t, filepath.Join(one, ".serverless", "big.zip"), pkgsizetest.Entry{Name: "a.bin", Size: 251 * MB})
	pkgsizetest.Template(t, filepath.Join(one, "serverless.yml"), `service: each
package:
  individually: true
provider:
  name: aws
  runtime: nodejs22.x
functions:
  big: # want ´function "big" code unzips to 251.0 MB, .*from ".serverless/big.zip"´
    handler: h
  notPackagedYet:
    handler: h
`)
	analysistest.Run(t, dir, Analyzer)
}

// TestServerlessLayers: a layer the service defines (layers: with a path)
// counts with the code of the functions that name it by the framework's
// logical id.
func TestServerlessLayers(t *testing.T) {
	dir := t.TempDir()
	pkgsizetest.Zip(t, filepath.Join(dir, ".serverless", "api.zip"), pkgsizetest.Entry{Name: "a.bin", Size: 200 * MB})
	pkgsizetest.Zeros(t, filepath.Join(dir, "layers", "deps", "nodejs", "big.bin"), 60*MB)
	pkgsizetest.Template(t, filepath.Join(dir, "serverless.yml"), `service: api
layers:
  deps-all:
    path: layers/deps
provider:
  name: aws
  runtime: nodejs22.x
functions:
  withLayer: # want ´function "withLayer" code and layers unzip to 260.0 MB, above the Lambda limit of 250 MB \(code 200.0 MB from ".serverless/api.zip", layer "DepsDashallLambdaLayer" 60.0 MB from "layers/deps"\)´
    handler: h
    layers:
      - {Ref: DepsDashallLambdaLayer}
  alone:
    handler: h
`)
	analysistest.Run(t, dir, Analyzer)
}
