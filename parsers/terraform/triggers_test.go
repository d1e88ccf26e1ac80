package terraform

import (
	"slices"
	"testing"

	"github.com/lambdavet/lambdavet/parsers/model"
)

func TestAsynchronousAndPolledTriggers(t *testing.T) {
	p := project(t, map[string]string{"main.tf": `resource "aws_lambda_function" "f" {
  function_name = "f"
}
resource "aws_s3_bucket_notification" "n" {
  bucket = "b"
  lambda_function {
    lambda_function_arn = aws_lambda_function.f.arn
  }
  lambda_function {
    lambda_function_arn = aws_lambda_function.f.arn
  }
}
resource "aws_sns_topic_subscription" "s" {
  protocol = "lambda"
  endpoint = aws_lambda_function.f.arn
}
resource "aws_sns_topic_subscription" "mail" {
  protocol = "email"
  endpoint = "ops@example.com"
}
resource "aws_cloudwatch_event_rule" "pattern" {
  event_pattern = jsonencode({ source = ["aws.ec2"] })
}
resource "aws_cloudwatch_event_target" "pattern" {
  rule = aws_cloudwatch_event_rule.pattern.name
  arn  = aws_lambda_function.f.arn
}
resource "aws_iot_topic_rule" "r" {
  enabled = true
  sql     = "SELECT * FROM 'a'"
  lambda {
    function_arn = aws_lambda_function.f.arn
  }
}
resource "aws_iot_topic_rule" "off" {
  enabled = false
  sql     = "SELECT * FROM 'a'"
  lambda {
    function_arn = aws_lambda_function.f.arn
  }
}
resource "aws_cloudwatch_log_subscription_filter" "l" {
  destination_arn = aws_lambda_function.f.arn
}
resource "aws_kinesis_stream" "k" {
  name = "k"
}
resource "aws_lambda_event_source_mapping" "k" {
  event_source_arn = aws_kinesis_stream.k.arn
  function_name    = aws_lambda_function.f.arn
}
`}, Options{})
	var got []model.TriggerKind
	for _, tr := range fn(t, p, "aws_lambda_function.f").Triggers {
		got = append(got, tr.Kind)
	}
	want := []model.TriggerKind{model.TriggerS3, model.TriggerS3, model.TriggerSNS, model.TriggerEventBridge, model.TriggerIoT, model.TriggerLogs, model.TriggerStream}
	if !slices.Equal(got, want) {
		t.Errorf("triggers %v, want %v", got, want)
	}
}
