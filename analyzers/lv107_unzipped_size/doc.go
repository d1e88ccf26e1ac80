// Package lv107 defines an analyzer that reports functions whose code and
// layers, once extracted, exceed the Lambda limit of 250 MB.
//
// # Analyzer LV107
//
// LV107: code and layers over 250 MB unzipped
//
// Lambda extracts a zip function's code and all its layers into one file
// system, and refuses a function whose total unzipped size is over 250 MB
// (262,144,000 bytes: "Unzipped size must be smaller than 262144000 bytes").
// The rule measures what will be deployed from the files on disk: a folder
// named by SAM CodeUri or ContentUri, CloudFormation Code or Content (as
// `aws cloudformation package` uploads them), a Terraform filename or the
// folder or file an archive_file zips (less its excludes), and sam build's
// output in .aws-sam/build/<LogicalId> when it exists, since that is what
// sam deploy uploads. A folder counts the sizes of its files; a zip archive
// counts the uncompressed sizes its central directory lists, without being
// extracted. Layers given as ARNs, S3 objects and values lambdavet cannot
// know are not measured, and the message says so; nothing outside the
// folder lambdavet was pointed at is read, and symbolic links leading out of
// it are not followed. Container images are not measured.
package lv107
