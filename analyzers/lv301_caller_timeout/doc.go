// Package lv301 defines an analyzer that reports functions whose timeout is
// longer than their synchronous caller waits.
//
// # Analyzer LV301
//
// LV301: timeout longer than the caller waits
//
// API Gateway REST APIs wait 29 seconds for a Lambda integration (Regional
// and private APIs may raise it with the integration's TimeoutInMillis),
// HTTP APIs 30 seconds (or less, if the integration says so), WebSocket APIs
// 29 seconds, AppSync 30 seconds and Cognito user pool triggers 5 seconds.
// A function allowed to run longer keeps running, and billing, after its
// caller has answered the client with an error (504 for API Gateway).
// Callers are found through SAM events (Api, HttpApi, Cognito), API Gateway
// methods and v2 integrations whose URI refers to the function, AppSync data
// sources and Cognito LambdaConfig, in templates and in Terraform.
package lv301
