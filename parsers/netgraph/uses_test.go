package netgraph_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/lambdavet/lambdavet/parsers/model"
)

// A function that talks to the same things, written as a template and as
// Terraform: a database through the secret holding its credentials, an
// internal load balancer, a private REST API, a public bucket, and a
// self-managed Kafka cluster it is fed from.
const usesTemplate = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties: {Engine: postgres}
  Secret:
    Type: AWS::SecretsManager::Secret
  Attachment:
    Type: AWS::SecretsManager::SecretTargetAttachment
    Properties: {SecretId: !Ref Secret, TargetId: !Ref Db, TargetType: AWS::RDS::DBInstance}
  Lb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: {Scheme: internal}
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      EndpointConfiguration: {Types: [PRIVATE]}
  Bucket:
    Type: AWS::S3::Bucket
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Role: arn:aws:iam::123456789012:role/r
      Code: {ZipFile: "def handler(e, c): pass"}
      Environment:
        Variables:
          SECRET: !Ref Secret
          LB: !GetAtt Lb.DNSName
          API: !Ref Api
          BUCKET: !Ref Bucket
  Mapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: !Ref Fn
      Topics: [orders]
      SelfManagedEventSource:
        Endpoints: {KafkaBootstrapServers: ["b-1.example.internal:9092"]}
`

const usesModule = `
resource "aws_db_instance" "db" { engine = "postgres" }
resource "aws_secretsmanager_secret" "secret" {}
resource "aws_secretsmanager_secret_version" "attachment" {
  secret_id     = aws_secretsmanager_secret.secret.id
  secret_string = jsonencode({ host = aws_db_instance.db.address, user = "app" })
}
resource "aws_lb" "lb" { internal = true }
resource "aws_api_gateway_rest_api" "api" {
  endpoint_configuration { types = ["PRIVATE"] }
}
resource "aws_s3_bucket" "bucket" {}
resource "aws_lambda_function" "fn" {
  function_name = "fn"
  runtime       = "python3.12"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/r"
  filename      = "fn.zip"
  environment {
    variables = {
      SECRET = aws_secretsmanager_secret.secret.arn
      LB     = aws_lb.lb.dns_name
      API    = aws_api_gateway_rest_api.api.id
      BUCKET = aws_s3_bucket.bucket.bucket
    }
  }
}
resource "aws_lambda_event_source_mapping" "mapping" {
  function_name = aws_lambda_function.fn.arn
  topics        = ["orders"]
  self_managed_event_source {
    endpoints = { KAFKA_BOOTSTRAP_SERVERS = "b-1.example.internal:9092" }
  }
}
`

// TestSameUsesInEveryFormat checks that what a function talks to is
// classified alike in both formats.
func TestSameUsesInEveryFormat(t *testing.T) {
	cfn, tf := loadBoth(t, usesTemplate, usesModule)
	got, want := uses(t, tf), uses(t, cfn)
	if got != want {
		t.Errorf("Terraform's uses:\n%s\nCloudFormation's:\n%s", got, want)
	}
	for _, line := range []string{"private-host private (secret", "private-host private (event source mapping",
		"private-host private environment variable LB", "private-api private", "s3 public"} {
		if !strings.Contains(want, line) {
			t.Errorf("the uses lack %q:\n%s", line, want)
		}
	}
}

// uses renders the one function's uses: service, private or not, and the
// evidence's kind (its first words, without the format's names).
func uses(t *testing.T, p *model.Project) string {
	t.Helper()
	if len(p.Functions) != 1 {
		t.Fatalf("%d functions", len(p.Functions))
	}
	var lines []string
	for _, u := range p.Functions[0].Uses {
		kind := "public"
		if u.Private {
			kind = "private"
		}
		evidence := u.Evidence
		switch {
		case strings.Contains(evidence, "(secret"):
			evidence = "(secret"
		case strings.HasPrefix(evidence, "event source mapping"):
			evidence = "(event source mapping"
		}
		lines = append(lines, fmt.Sprintf("%s %s %s", u.Service, kind, evidence))
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n") + "\n"
}
