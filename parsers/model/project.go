package model

import "sync"

// Format names the configuration language a file is written in.
type Format string

// The formats lambdavet reads.
const (
	FormatSAM            Format = "sam"
	FormatCloudFormation Format = "cloudformation"
	FormatTerraform      Format = "terraform"
	// FormatTerraformPlan is a saved plan in JSON (terraform show -json).
	FormatTerraformPlan Format = "terraform-plan"
)

// Project is one unit of analysis: a template (SAM or CloudFormation) or a
// Terraform root module, with every function and resource it defines.
type Project struct {
	// Root is the folder or template the project was loaded from.
	Root string
	// Boundary is the absolute folder lambdavet was pointed at: rules that
	// read the file system (code packages) never read outside it.
	Boundary string
	// Files are the configuration files that make up the project.
	Files []*File
	// Functions are the Lambda functions with their effective settings.
	Functions []*Function
	// Resources are all resources, functions included, in source order.
	Resources []*Resource
	// Errors are problems that stopped part of the project from loading.
	Errors []*LoadError
	// Network is the VPC picture: VPCs, subnets, route tables, endpoints.
	// It, and each function's Network and Uses, are derived on first need:
	// call DeriveNetwork before reading them.
	Network *Network
	// Budget is what loading and the rules may still spend on the project;
	// rules that do heavy work (policies) spend from it too.
	Budget *Budget

	network *deferred
}

// deferred is a derivation that runs once, when first needed.
type deferred struct {
	once sync.Once
	run  func()
}

// DeferNetwork sets how the project's network picture and its functions'
// Network and Uses are derived: loaders leave that work to DeriveNetwork,
// since only the VPC rules (analyzers/network) and the model's JSON form
// read them, and a run with those rules off need not pay for it. Nil: there
// is nothing to derive.
func (p *Project) DeferNetwork(run func()) {
	if run == nil {
		p.network = nil
		return
	}
	p.network = &deferred{run: run}
}

// DeriveNetwork runs the derivation DeferNetwork set, once; it is safe
// from several goroutines.
func (p *Project) DeriveNetwork() {
	if d := p.network; d != nil {
		d.once.Do(func() {
			d.run()
			d.run = nil // what it held (a loader's syntax) can go
		})
	}
}

// File is one configuration file of a project.
type File struct {
	Path   string `json:"path"`
	Format Format `json:"format"`
	// Content is the exact bytes that were parsed, so positions can be turned
	// into token.Pos values and reporters can show source lines.
	Content []byte `json:"-"`
}

// LoadError is a syntax or structure problem found while loading a file.
type LoadError struct {
	Range   Range  `json:"range"`
	Message string `json:"message"`
}

func (e *LoadError) Error() string { return e.Range.String() + ": " + e.Message }

// Resource is any resource of the project, with its evaluated properties.
type Resource struct {
	// Name is the logical id (CloudFormation) or address (Terraform).
	Name string
	// Type is the resource type, e.g. AWS::Lambda::Function.
	Type string
	// Range covers the resource's name (logical id key, block label).
	Range Range
	// Condition is the CloudFormation condition that guards the resource.
	Condition string
	// Properties are the evaluated properties (after SAM Globals merge).
	Properties *Value
	// DataSource marks a Terraform data source (data "archive_file" …):
	// read at plan time, not created.
	DataSource bool
	// Metadata is the evaluated CloudFormation Metadata attribute, where
	// lambdavet reads suppressions (Metadata: lambdavet: ignore: [...]); nil
	// when the resource has none.
	Metadata *Value
}

// Function is a Lambda function with the settings AWS will apply to it.
// Each setting is a Value; absent settings carry the AWS default.
type Function struct {
	Resource *Resource

	// Subject names the function in messages the way its format does:
	// `function "Worker"` in a template, `aws_lambda_function.worker` in
	// Terraform.
	Subject string
	// PropertyNames maps each setting (memory_size, timeout, …, the JSON
	// keys of the model) to the name the user writes in this format
	// (MemorySize in a template, memory_size in Terraform).
	PropertyNames map[string]string

	MemorySize        *Value
	Timeout           *Value
	EphemeralStorage  *Value // size in MB
	Environment       *Value // the Variables map
	Layers            *Value
	VpcConfig         *Value
	Runtime           *Value
	Architectures     *Value
	PackageType       *Value
	Handler           *Value
	Code              *Value // SAM CodeUri/InlineCode/ImageUri, Lambda Code, Terraform filename/s3/image
	FileSystemConfigs *Value
	AutoPublishAlias  *Value
	// CapacityProvider is set on functions that run on Lambda Managed
	// Instances, which have higher memory and timeout ceilings.
	CapacityProvider *Value
	// LoggingConfig is the LoggingConfig map (logging_config block): log
	// format, log levels and log group.
	LoggingConfig *Value
	// RuntimeManagementConfig is the RuntimeManagementConfig map (in
	// Terraform, the aws_lambda_runtime_management_config resource of the
	// function's unqualified $LATEST): update mode and runtime version.
	RuntimeManagementConfig *Value
	// SnapStart is the SnapStart map (snap_start block): ApplyOn.
	SnapStart *Value
	// ProvisionedConcurrency is where provisioned concurrency is configured
	// for a version or alias of the function: SAM's
	// ProvisionedConcurrencyConfig, that of an AWS::Lambda::Version or
	// AWS::Lambda::Alias of the function, an
	// aws_lambda_provisioned_concurrency_config or the lambda module's
	// provisioned_concurrent_executions; absent when nothing configures it.
	ProvisionedConcurrency *Value
	// Publish is true where a version of the function is published: in a
	// template, an AWS::Lambda::Version of the function (at its logical id;
	// SAM's AutoPublishAlias is AutoPublishAlias), in Terraform the publish
	// argument. Absent when nothing publishes one.
	Publish *Value
	// InlineCode is the function's source written in the template (SAM
	// InlineCode, Code ZipFile); Terraform has none.
	InlineCode *Value
	Events     []*Event
	// Edge lists the CloudFront associations that run the function as
	// Lambda@Edge (edge.go).
	Edge []EdgeAssociation
	// Triggers are what invokes the function, whatever the format declares
	// them with (SAM events, integrations, mappings, rules, user pools).
	Triggers []*Trigger

	// Network is the function's VPC attachment, nil without VpcConfig.
	Network *FunctionNetwork
	// Uses are what the function talks to, with the evidence for each.
	Uses []*Use
	// Writes are the writes its role allows on buckets, topics and queues
	// (grant.go), derived with Uses.
	Writes []*Grant

	// EnvironmentSizes are the sizes of the Variables map serialized as
	// compact JSON, what AWS measures against its 4 KB limit: one per
	// condition path along which the variables differ.
	EnvironmentSizes []EnvironmentSize
	// EnvironmentKeys are the names the Variables map sets, each with
	// where it is written, so a rule about a name points at the name.
	EnvironmentKeys []EnvironmentKey
}

// EnvironmentKey is one variable name the Variables map sets along a path.
type EnvironmentKey struct {
	Name string
	// When names the path on which the map sets the name (none when it does
	// on every path).
	When When
	// Range is the name as written: the key in the function's own map, in
	// SAM Globals, or in the variable, local or tfvars entry the map came
	// from; the map's range when the loader could not place the key.
	Range Range
	// Origin says how the name reached the function (Globals, a variable
	// default), none when written in the function itself.
	Origin Origin
}

// EnvironmentSize is the size of the Variables map along one path.
type EnvironmentSize struct {
	// When names the path (none when the map is the same on every path).
	When When
	// Bytes is the length of the compact JSON in UTF-8 bytes; values not
	// known count as empty strings, so it is a lower bound unless Exact.
	Bytes int
	Exact bool
	// Largest is the variable taking the most room on this path.
	Largest string
	// At is where to point: the largest variable's value when it was set
	// elsewhere (a parameter, a mapping, Globals, tfvars) or only on this
	// path, else the Variables map, whose range covers it.
	At *Value
}

// Name returns the function's logical id or address.
func (f *Function) Name() string { return f.Resource.Name }

// Event is a trigger declared with the function (SAM Events).
type Event struct {
	Name       string
	Type       string
	Range      Range
	Properties *Value
}
