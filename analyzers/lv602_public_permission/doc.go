// Package lv602 defines an analyzer that reports permissions letting any
// principal invoke a function with no condition on where the call comes
// from.
//
// # Analyzer LV602
//
// LV602: permission lets any principal invoke the function
//
// A resource-based permission (AWS::Lambda::Permission, Terraform
// aws_lambda_permission) whose principal is "*" lets every identity of
// every AWS account that its own policies allow invoke the function; one
// whose principal is a whole account (an account id or its root ARN)
// hands the choice of callers to that account's IAM policies. With no
// SourceArn, SourceAccount or PrincipalOrgID condition nothing narrows
// it. Name the role that calls the function, or keep the grant to your
// organization with PrincipalOrgID. A permission that only opens a function
// URL with FunctionUrlAuthType NONE (or lambda:InvokeFunction with
// InvokedViaFunctionUrl) is the URL's own and belongs to LV601; service
// principals are LV603's. Principals, actions and conditions that are not
// known are not judged.
package lv602
