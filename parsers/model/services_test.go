package model

import (
	"slices"
	"strings"
	"testing"
)

// TestServicesCoverBothFormats keeps the one service table whole: every
// service names its types in both formats, each in its format's spelling,
// and no type is listed twice.
func TestServicesCoverBothFormats(t *testing.T) {
	seen := map[string]string{}
	for _, row := range serviceRows {
		if len(row.cloudFormation) == 0 || len(row.terraform) == 0 {
			t.Errorf("service %q lacks the types of one format", row.service)
		}
		for _, typ := range row.cloudFormation {
			if !strings.HasPrefix(typ, "AWS::") {
				t.Errorf("service %q: %q is not a CloudFormation type", row.service, typ)
			}
		}
		for _, typ := range row.terraform {
			if !strings.HasPrefix(typ, "aws_") {
				t.Errorf("service %q: %q is not a Terraform type", row.service, typ)
			}
		}
		for _, typ := range slices.Concat(row.cloudFormation, row.terraform) {
			if prev, dup := seen[typ]; dup {
				t.Errorf("%q is listed for %q and %q", typ, prev, row.service)
			}
			seen[typ] = row.service
		}
	}
}

func TestTypeService(t *testing.T) {
	for typ, want := range map[string]string{
		"AWS::RDS::DBCluster":        "rds-db",
		"aws_db_instance":            "rds-db",
		"AWS::EC2::Instance":         "private-host",
		"aws_instance":               "private-host",
		"AWS::DynamoDB::GlobalTable": "dynamodb",
		"aws_dynamodb_table":         "dynamodb",
		"aws_s3control_access_point": "s3",
		"aws_bedrockagent_agent":     "bedrock",
		"AWS::SQS::Queue":            "sqs",
		"AWS::SQS::QueuePolicy":      "",
		"aws_sqs_queue_policy":       "",
		"AWS::EC2::Subnet":           "",
	} {
		got, ok := TypeService(typ)
		if got != want || ok != (want != "") {
			t.Errorf("TypeService(%q) = %q, %v; want %q", typ, got, ok, want)
		}
	}
	for typ, want := range map[string]bool{
		"AWS::EC2::Subnet": true, "aws_subnet": true, "aws_iam_role": true, "AWS::IAM::Role": true,
		"AWS::SQS::Queue": false, "aws_sqs_queue": false, "AWS::Foo::Bar": false,
	} {
		if NeutralType(typ) != want {
			t.Errorf("NeutralType(%q) = %v", typ, !want)
		}
	}
}
