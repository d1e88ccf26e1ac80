package model

import (
	"cmp"
	"slices"
	"strings"
)

// A service row says which resource types, in each format, stand for one
// service a function may talk to (the Use.Service keys). Types are exact
// names or families: a CloudFormation prefix ending in "::", a Terraform
// prefix ending in "_". The two formats share one table so that a type
// added for one is seen missing for the other (TestServicesCoverBothFormats):
// the loaders used to keep a table each, and the tables drifted.
type serviceRow struct {
	service        string
	cloudFormation []string
	terraform      []string
}

var serviceRows = []serviceRow{
	{"rds-db", []string{"AWS::RDS::"}, []string{"aws_db_", "aws_rds_"}},
	{"elasticache", []string{"AWS::ElastiCache::"}, []string{"aws_elasticache_"}},
	{"memorydb", []string{"AWS::MemoryDB::"}, []string{"aws_memorydb_"}},
	{"efs", []string{"AWS::EFS::"}, []string{"aws_efs_"}},
	{"redshift", []string{"AWS::Redshift::", "AWS::RedshiftServerless::"}, []string{"aws_redshift_", "aws_redshiftserverless_"}},
	{"docdb", []string{"AWS::DocDB::", "AWS::DocDBElastic::"}, []string{"aws_docdb_", "aws_docdbelastic_"}},
	{"neptune", []string{"AWS::Neptune::", "AWS::NeptuneGraph::"}, []string{"aws_neptune_", "aws_neptunegraph_"}},
	{"msk", []string{"AWS::MSK::"}, []string{"aws_msk_"}},
	{"mq", []string{"AWS::AmazonMQ::"}, []string{"aws_mq_"}},
	{"dax", []string{"AWS::DAX::"}, []string{"aws_dax_"}},
	{"vpc-lattice", []string{"AWS::VpcLattice::"}, []string{"aws_vpclattice_"}},
	{"opensearch", []string{"AWS::OpenSearchServerless::"}, []string{"aws_opensearchserverless_"}},
	{"s3files", []string{"AWS::S3Files::"}, []string{"aws_s3files_"}},
	{"private-host", []string{"AWS::EC2::Instance", "AWS::EC2::NetworkInterface", "AWS::EC2::VPCEndpoint",
		"AWS::EC2::VPCEndpointService", "AWS::ServiceDiscovery::", "AWS::ECS::Service", "AWS::EKS::Cluster"},
		[]string{"aws_instance", "aws_network_interface", "aws_vpc_endpoint", "aws_vpc_endpoint_service",
			"aws_service_discovery_", "aws_ecs_service", "aws_eks_cluster"}},
	{"dynamodb", []string{"AWS::DynamoDB::", "AWS::Serverless::SimpleTable"}, []string{"aws_dynamodb_"}},
	{"s3", []string{"AWS::S3::Bucket", "AWS::S3::AccessPoint", "AWS::S3Express::DirectoryBucket"}, []string{"aws_s3_", "aws_s3control_"}},
	{"sqs", []string{"AWS::SQS::Queue"}, []string{"aws_sqs_queue"}},
	{"sns", []string{"AWS::SNS::Topic"}, []string{"aws_sns_topic"}},
	{"secretsmanager", []string{"AWS::SecretsManager::Secret"}, []string{"aws_secretsmanager_secret"}},
	{"ssm", []string{"AWS::SSM::Parameter"}, []string{"aws_ssm_parameter"}},
	{"kms", []string{"AWS::KMS::Key", "AWS::KMS::Alias"}, []string{"aws_kms_key", "aws_kms_alias"}},
	{"kinesis", []string{"AWS::Kinesis::Stream"}, []string{"aws_kinesis_stream"}},
	{"firehose", []string{"AWS::KinesisFirehose::DeliveryStream"}, []string{"aws_kinesis_firehose_delivery_stream"}},
	{"states", []string{"AWS::StepFunctions::StateMachine", "AWS::Serverless::StateMachine"}, []string{"aws_sfn_state_machine"}},
	{"events", []string{"AWS::Events::EventBus"}, []string{"aws_cloudwatch_event_bus"}},
	{"lambda", []string{"AWS::Lambda::Function", "AWS::Serverless::Function", "AWS::Lambda::Alias"},
		[]string{"aws_lambda_function", "aws_lambda_alias"}},
	{"internet", []string{"AWS::Lambda::Url", "AWS::CloudFront::Distribution"}, []string{"aws_lambda_function_url", "aws_cloudfront_distribution"}},
	{"cognito-idp", []string{"AWS::Cognito::UserPool"}, []string{"aws_cognito_user_pool"}},
	{"appsync", []string{"AWS::AppSync::GraphQLApi", "AWS::Serverless::GraphQLApi"}, []string{"aws_appsync_graphql_api"}},
	{"bedrock", []string{"AWS::Bedrock::"}, []string{"aws_bedrock_", "aws_bedrockagent_"}},
	{"iot", []string{"AWS::IoT::"}, []string{"aws_iot_"}},
	{"timestream", []string{"AWS::Timestream::"}, []string{"aws_timestreamwrite_"}},
	{"glue", []string{"AWS::Glue::"}, []string{"aws_glue_"}},
	{"athena", []string{"AWS::Athena::"}, []string{"aws_athena_"}},
	{"mobiletargeting", []string{"AWS::Pinpoint::"}, []string{"aws_pinpoint_"}},
	{"ses", []string{"AWS::SES::"}, []string{"aws_ses_", "aws_sesv2_"}},
	{"appconfig", []string{"AWS::AppConfig::"}, []string{"aws_appconfig_"}},
	{"execute-api", []string{"AWS::ApiGatewayV2::Api", "AWS::Serverless::HttpApi"}, []string{"aws_apigatewayv2_api"}},
	{"geo", []string{"AWS::Location::"}, []string{"aws_location_"}},
	{"comprehend", []string{"AWS::Comprehend::"}, []string{"aws_comprehend_"}},
	{"rekognition", []string{"AWS::Rekognition::"}, []string{"aws_rekognition_"}},
	{"sagemaker", []string{"AWS::SageMaker::Endpoint"}, []string{"aws_sagemaker_endpoint"}},
	{"scheduler", []string{"AWS::Scheduler::ScheduleGroup"}, []string{"aws_scheduler_schedule_group"}},
}

// neutralPrefixes are the types (as prefixes) that name nothing a function
// talks to: identity, networking, logs, deployment plumbing. A reference to
// one of them is not a hint that the function reaches something.
var neutralPrefixes = []string{
	"AWS::IAM::", "AWS::EC2::", "AWS::Logs::", "AWS::CloudWatch::", "AWS::Lambda::",
	"AWS::Serverless::LayerVersion", "AWS::CertificateManager::", "AWS::Route53::", "AWS::CloudFormation::WaitCondition",
	"aws_iam_", "aws_security_group", "aws_subnet", "aws_vpc", "aws_route", "aws_cloudwatch_log_group",
	"aws_lambda_layer_version", "aws_lambda_permission", "aws_acm_", "aws_route53_", "random_", "null_", "time_",
	"archive_", "local_", "aws_caller_identity", "aws_region", "aws_partition", "aws_availability_zones", "aws_ecr_",
}

// serviceFamily is a family prefix and its service.
type serviceFamily struct{ prefix, service string }

// exactServices and serviceFamilies are the table as lookups read it:
// exact types, and families longest first so the most specific wins.
var exactServices, serviceFamilies = func() (map[string]string, []serviceFamily) {
	exact := map[string]string{}
	var families []serviceFamily
	for _, row := range serviceRows {
		for _, t := range slices.Concat(row.cloudFormation, row.terraform) {
			if strings.HasSuffix(t, "::") || strings.HasSuffix(t, "_") {
				families = append(families, serviceFamily{t, row.service})
			} else {
				exact[t] = row.service
			}
		}
	}
	slices.SortFunc(families, func(a, b serviceFamily) int {
		return cmp.Or(len(b.prefix)-len(a.prefix), strings.Compare(a.prefix, b.prefix))
	})
	return exact, families
}()

// TypeService returns the service a resource type of either format stands
// for (a Use.Service key), or false when its type names none.
func TypeService(typ string) (string, bool) {
	if s, ok := exactServices[typ]; ok {
		return s, true
	}
	for _, f := range serviceFamilies {
		if strings.HasPrefix(typ, f.prefix) {
			return f.service, true
		}
	}
	return "", false
}

// NeutralType reports whether a resource type of either format names
// nothing a function talks to (a role, a subnet, a log group), as opposed
// to a type lambdavet does not know.
func NeutralType(typ string) bool {
	for _, p := range neutralPrefixes {
		if strings.HasPrefix(typ, p) {
			return true
		}
	}
	return false
}
