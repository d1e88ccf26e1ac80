// Package lv106 defines an analyzer that reports packages uploaded
// directly to Lambda that are larger than 50 MB zipped.
//
// # Analyzer LV106
//
// LV106: direct upload over 50 MB zipped
//
// A zip sent to Lambda in the request itself (CreateFunction,
// UpdateFunctionCode or PublishLayerVersion with ZipFile) may not exceed
// 50 MB; larger packages must be staged in S3. Terraform uploads this way
// whenever aws_lambda_function or aws_lambda_layer_version sets filename.
// The rule measures the zip named by filename, or, when an archive_file
// makes it, the folder or file the archive_file zips, compressed as the
// archive provider does (deflate, one entry per file, less its excludes),
// streaming, and only when the files could reach the limit at all. SAM and
// `aws cloudformation package` stage code in S3, where only the unzipped
// limit applies (LV107), so templates are not reported. Nothing outside the
// folder lambdavet was pointed at is read, and symbolic links leading out
// of it are not followed.
package lv106
