// Package lv601 defines an analyzer that reports function URLs anyone can
// invoke without authentication.
//
// # Analyzer LV601
//
// LV601: function URL with AuthType NONE
//
// A function URL whose AuthType is NONE (a SAM FunctionUrlConfig, SAM
// Globals included, an AWS::Lambda::Url, a Terraform
// aws_lambda_function_url, a Serverless Framework url: true or url without
// authorizer: aws_iam) takes requests from anyone on the internet who
// has the address: Lambda checks no signature, so every request runs the
// function and is billed to its account, and the code alone must
// authenticate callers. AWS_IAM makes callers sign their requests with
// credentials allowed to invoke the URL; CloudFront origin access control
// signs for browsers in front of an AWS_IAM URL. A URL that is public on
// purpose (a webhook that checks its own signatures) says so with a
// suppression and its reason. A permission of the project that lets
// everyone invoke a function URL without authentication
// (lambda:InvokeFunctionUrl, FunctionUrlAuthType NONE, Principal "*") is
// reported as well when the project does not create the URL itself.
// Auth types that are not known are not judged.
package lv601
