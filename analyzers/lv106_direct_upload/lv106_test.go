package lv106

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/lambdavet/lambdavet/analyzers/pkgsize/pkgsizetest"
	"github.com/lambdavet/lambdavet/internal/analysistest"
)

const MB = pkgsizetest.MB

// The fixtures are built in a temporary folder: random bytes for content
// that does not compress, sparse zeros for content that does.

func TestTerraform(t *testing.T) {
	dir := t.TempDir()
	mod := filepath.Join(dir, "infra")
	// Zips uploaded as they are.
	pkgsizetest.Zip(t, filepath.Join(mod, "dist", "big.zip"), pkgsizetest.Entry{Name: "app.bin", Size: 51 * MB, Random: true})
	pkgsizetest.Zip(t, filepath.Join(mod, "dist", "ok.zip"), pkgsizetest.Entry{Name: "app.bin", Size: 10 * MB, Random: true})
	// A zip bomb's header: small on disk, so fine to upload (LV107's business).
	pkgsizetest.Claiming(t, filepath.Join(mod, "dist", "bomb.zip"), 3, 1<<62)
	// Folders an archive_file zips.
	for i, n := range []int64{20, 20, 15} {
		pkgsizetest.Random(t, filepath.Join(mod, "random", "lib", string(rune('a'+i))+".so"), n*MB)
	}
	pkgsizetest.Write(t, filepath.Join(mod, "random", "app.py"), "def handler(e, c):\n    return 1\n")
	pkgsizetest.Zeros(t, filepath.Join(mod, "zeros", "model.bin"), 200*MB)
	pkgsizetest.Random(t, filepath.Join(mod, "trimmed", "app.bin"), 5*MB)
	pkgsizetest.Random(t, filepath.Join(mod, "trimmed", "tests", "fixtures.bin"), 60*MB)
	pkgsizetest.Random(t, filepath.Join(mod, "single.bin"), 52*MB)
	// A stale zip from an earlier apply: the archive_file's source decides.
	pkgsizetest.Zip(t, filepath.Join(mod, "build", "random.zip"), pkgsizetest.Entry{Name: "app.py", Size: 10})

	pkgsizetest.Template(t, filepath.Join(mod, "main.tf"), `
locals {
  role = "arn:aws:iam::123456789012:role/fn"
}

data "archive_file" "random" {
  type        = "zip"
  source_dir  = "${path.module}/random"
  output_path = "${path.module}/build/random.zip"
}

data "archive_file" "zeros" {
  type        = "zip"
  source_dir  = "zeros"
  output_path = "build/zeros.zip"
}

data "archive_file" "trimmed" {
  type        = "zip"
  source_dir  = "${path.module}/trimmed"
  output_path = "${path.module}/build/trimmed.zip"
  excludes    = ["tests"]
}

data "archive_file" "single" {
  type        = "zip"
  source_file = "${path.module}/single.bin"
  output_path = "${path.module}/build/single.zip"
}

resource "aws_lambda_function" "big" {
  function_name = "big"
  role          = local.role
  handler       = "app.handler"
  runtime       = "python3.12"
  filename      = "dist/big.zip" # want ´aws_lambda_function.big uploads "dist/big.zip" directly to Lambda, which is 51.0 MB, above the Lambda limit of 50 MB for a direct upload; upload it to S3 and set s3_bucket and s3_key instead´
}

resource "aws_lambda_function" "ok" {
  function_name = "ok"
  role          = local.role
  handler       = "app.handler"
  runtime       = "python3.12"
  filename      = "${path.module}/dist/ok.zip"
}

resource "aws_lambda_function" "bomb" {
  function_name = "bomb"
  role          = local.role
  handler       = "app.handler"
  runtime       = "python3.12"
  filename      = "dist/bomb.zip"
}

resource "aws_lambda_function" "random" {
  function_name = "random"
  role          = local.role
  handler       = "app.handler"
  runtime       = "python3.12"
  filename      = data.archive_file.random.output_path # want ´aws_lambda_function.random uploads "random" zipped by data.archive_file.random \(55.0 MB of files\) directly to Lambda, which zips to 55.0 MB, above the Lambda limit of 50 MB´
}

resource "aws_lambda_function" "literal" {
  function_name = "literal"
  role          = local.role
  handler       = "app.handler"
  runtime       = "python3.12"
  filename      = "${path.module}/build/random.zip" # want ´aws_lambda_function.literal uploads "random" zipped by data.archive_file.random \(55.0 MB of files\) directly to Lambda, which zips to 55.0 MB´
}

resource "aws_lambda_function" "zeros" {
  function_name = "zeros"
  role          = local.role
  handler       = "app.handler"
  runtime       = "python3.12"
  filename      = data.archive_file.zeros.output_path
}

resource "aws_lambda_function" "trimmed" {
  function_name = "trimmed"
  role          = local.role
  handler       = "app.handler"
  runtime       = "python3.12"
  filename      = data.archive_file.trimmed.output_path
}

resource "aws_lambda_function" "single" {
  function_name = "single"
  role          = local.role
  handler       = "app.handler"
  runtime       = "python3.12"
  filename      = data.archive_file.single.output_path # want ´aws_lambda_function.single uploads "single.bin" zipped by data.archive_file.single \(52.0 MB of files\) directly to Lambda, which zips to 52.0 MB´
}

resource "aws_lambda_function" "s3" {
  function_name = "s3"
  role          = local.role
  handler       = "app.handler"
  runtime       = "python3.12"
  s3_bucket     = "artifacts"
  s3_key        = "random.zip"
}

resource "aws_lambda_function" "image" {
  function_name = "image"
  role          = local.role
  package_type  = "Image"
  image_uri     = "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1"
}

resource "aws_lambda_layer_version" "deps" {
  layer_name = "deps"
  filename   = "dist/big.zip" # want ´aws_lambda_layer_version.deps uploads "dist/big.zip" directly to Lambda, which is 51.0 MB´
}

resource "aws_lambda_layer_version" "staged" {
  layer_name = "staged"
  s3_bucket  = "artifacts"
  s3_key     = "big.zip"
}
`)
	for _, d := range analysistest.Run(t, dir, Analyzer).Diagnostics {
		t.Logf("%s:%d:%d: %s", filepath.Base(d.File), d.Line, d.Column, d.Message)
	}
}

// SAM and `aws cloudformation package` stage code in S3: only the
// unzipped limit (LV107) applies, however large the zip.
func TestTemplatesNotReported(t *testing.T) {
	dir := t.TempDir()
	pkgsizetest.Random(t, filepath.Join(dir, "src", "lib.so"), 60*MB)
	pkgsizetest.Zip(t, filepath.Join(dir, "dist", "big.zip"), pkgsizetest.Entry{Name: "app.bin", Size: 51 * MB, Random: true})
	pkgsizetest.Template(t, filepath.Join(dir, "template.yaml"), `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: src/
  Zipped:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Role: arn:aws:iam::123456789012:role/fn
      Code: dist/big.zip
`)
	for _, d := range analysistest.Run(t, dir, Analyzer).Diagnostics {
		t.Logf("%s:%d:%d: %s", filepath.Base(d.File), d.Line, d.Column, d.Message)
	}
}

// A folder with a symbolic link out of the project: the target is not
// read, so it is not counted.
func TestBoundary(t *testing.T) {
	outside := t.TempDir()
	pkgsizetest.Random(t, filepath.Join(outside, "big.bin"), 60*MB)
	dir := t.TempDir()
	pkgsizetest.Write(t, filepath.Join(dir, "src", "app.py"), "x = 1\n")
	if err := os.Symlink(filepath.Join(outside, "big.bin"), filepath.Join(dir, "src", "big.bin")); err != nil {
		t.Skip("no symbolic links:", err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "out")); err != nil {
		t.Fatal(err)
	}
	pkgsizetest.Template(t, filepath.Join(dir, "main.tf"), `
data "archive_file" "src" {
  type        = "zip"
  source_dir  = "src"
  output_path = "build/src.zip"
}

data "archive_file" "out" {
  type        = "zip"
  source_dir  = "out"
  output_path = "build/out.zip"
}

resource "aws_lambda_function" "src" {
  function_name = "src"
  role          = "arn:aws:iam::123456789012:role/fn"
  handler       = "app.handler"
  runtime       = "python3.12"
  filename      = data.archive_file.src.output_path
}

resource "aws_lambda_function" "out" {
  function_name = "out"
  role          = "arn:aws:iam::123456789012:role/fn"
  handler       = "app.handler"
  runtime       = "python3.12"
  filename      = data.archive_file.out.output_path
}

resource "aws_lambda_function" "abs" {
  function_name = "abs"
  role          = "arn:aws:iam::123456789012:role/fn"
  handler       = "app.handler"
  runtime       = "python3.12"
  filename      = "`+filepath.Join(outside, "big.bin")+`"
}
`)
	for _, d := range analysistest.Run(t, dir, Analyzer).Diagnostics {
		t.Logf("%s:%d:%d: %s", filepath.Base(d.File), d.Line, d.Column, d.Message)
	}
}
