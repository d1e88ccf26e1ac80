// Package lv604 defines an analyzer that reports literal secrets in the
// environment variables of functions.
//
// # Analyzer LV604
//
// LV604: literal secret in environment variables
//
// A secret written into a function's environment variables (in the
// template, a parameter or variable default, SAM Globals, a tfvars file)
// can be read by anyone allowed to read the function's configuration or
// the repository, and it cannot be rotated without a deployment. The rule
// reports credentials known by their shape whatever the variable is called
// (an AWS access key id with its secret key, private keys, GitHub, GitLab,
// Slack, Stripe, Google, SendGrid, npm, OpenAI and Anthropic tokens, Slack
// webhook URLs, passwords in URLs) and random-looking values under a
// secret's name (API_KEY, DB_PASSWORD, CLIENT_SECRET, authToken). It never
// reports a reference (Ref, GetAtt, a Terraform attribute), a dynamic
// reference ({{resolve:...}}), a parameter name or an ARN, a URL without a
// password, a number, or a placeholder (changeme, <your-key>, xxxx,
// AKIAIOSFODNN7EXAMPLE); values not known are not judged.
package lv604
