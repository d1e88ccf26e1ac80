package serverless

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lambdavet/lambdavet/parsers/model"
)

const service = `service: orders
plugins:
  - serverless-offline
custom:
  memory:
    prod: 4096
    dev: 20480
  big: 1000
provider:
  name: aws
  runtime: nodejs22.x
  stage: ${opt:stage, 'dev'}
  timeout: ${self:custom.big}
  architecture: arm64
  environment:
    TABLE: orders-${sls:stage}
    SHARED: provider
functions:
  api:
    handler: src/api.handler
    memorySize: ${self:custom.memory.${sls:stage}}
    environment:
      SHARED: own
      HOME_DIR: ${env:HOME_DIR, '/tmp'}
      SECRET: ${ssm:/orders/secret}
  worker:
    handler: src/worker.handler
    timeout: 30
    memorySize: ${ssm:/orders/memory}
    runtime: rust
  image:
    image: {name: appimage}
`

func load(t *testing.T, src string, opts Options) *model.Project {
	t.Helper()
	if opts.Getenv == nil {
		opts.Getenv = func(string) (string, bool) { return "", false }
	}
	p, ok := Load("serverless.yml", []byte(src), opts)
	if !ok || len(p.Errors) > 0 {
		t.Fatalf("not loaded (ok %v): %v", ok, p.Errors)
	}
	return p
}

func fn(t *testing.T, p *model.Project, name string) *model.Function {
	t.Helper()
	for _, f := range p.Functions {
		if f.Name() == name {
			return f
		}
	}
	t.Fatalf("no function %q", name)
	return nil
}

func wantNumber(t *testing.T, what string, v *model.Value, n float64, line int32, origin string) {
	t.Helper()
	if x, ok := v.AsNumber(); !ok || x != n || v.Range.Start.Line != line || v.Origin.String() != origin {
		t.Errorf("%s = %v (known %v) at line %d, origin %q; want %v at line %d, origin %q", what, x, ok, v.Range.Start.Line, v.Origin, n, line, origin)
	}
}

func wantString(t *testing.T, what string, v *model.Value, s string) {
	t.Helper()
	if got, ok := v.AsString(); !ok || got != s {
		t.Errorf("%s = %v, want %q", what, v, s)
	}
}

// TestSettings: a function's settings are its own, else the provider's,
// else the framework's, each with the line that set it; variables are
// resolved where the file says enough, and unknown elsewhere.
func TestSettings(t *testing.T) {
	p := load(t, service, Options{Getenv: func(k string) (string, bool) { return map[string]string{}[k], false }})
	api, worker, image := fn(t, p, "api"), fn(t, p, "worker"), fn(t, p, "image")

	wantNumber(t, "api memorySize", api.MemorySize, 20480, 7, "${self:custom.memory.${sls:stage}}")
	wantNumber(t, "api timeout", api.Timeout, 1000, 8, "${self:custom.big}, via provider.timeout")
	wantNumber(t, "worker timeout", worker.Timeout, 30, 28, "")
	if worker.MemorySize.State != model.Unknown {
		t.Errorf("worker memorySize from ${ssm:} = %v, want unknown", worker.MemorySize)
	}
	if d, _ := image.MemorySize.Default.AsNumber(); image.MemorySize.State != model.Absent || d != DefaultMemorySize {
		t.Errorf("image memorySize = %v, want absent with the framework's default", image.MemorySize)
	}
	wantString(t, "api runtime", api.Runtime, "nodejs22.x")
	if api.Runtime.Origin.String() != "provider.runtime" || api.Runtime.Range.Start.Line != 11 {
		t.Errorf("api runtime from %q at line %d", api.Runtime.Origin, api.Runtime.Range.Start.Line)
	}
	if worker.Runtime.State != model.Unknown {
		t.Errorf("worker runtime rust with plugins = %v, want unknown (a plugin's)", worker.Runtime)
	}
	if image.Runtime.State != model.Absent || image.Handler.State != model.Absent {
		t.Errorf("image function runtime %v, handler %v: want neither", image.Runtime, image.Handler)
	}
	if pt, _ := image.PackageType.AsString(); pt != "Image" {
		t.Errorf("image package type = %v", image.PackageType)
	}
	if a := api.Architectures; a.State != model.Known || len(a.List) != 1 || a.List[0].Str != "arm64" {
		t.Errorf("api architectures = %v", a)
	}

	env := api.Environment
	wantString(t, "TABLE", env.Field("TABLE"), "orders-dev")
	wantString(t, "SHARED", env.Field("SHARED"), "own")
	wantString(t, "HOME_DIR (fallback)", env.Field("HOME_DIR"), "/tmp")
	if env.Field("SECRET").State != model.Unknown {
		t.Errorf("SECRET from ${ssm:} = %v, want unknown", env.Field("SECRET"))
	}
	if got := env.Field("TABLE").Origin.String(); got != "provider.environment" {
		t.Errorf("TABLE origin %q", got)
	}
	names := map[string]int32{}
	for _, k := range api.EnvironmentKeys {
		names[k.Name] = k.Range.Start.Line
	}
	if names["TABLE"] != 16 || names["SHARED"] != 23 || names["HOME_DIR"] != 24 {
		t.Errorf("environment keys at %v", names)
	}
	wantString(t, "worker TABLE", worker.Environment.Field("TABLE"), "orders-dev")
}

// TestStage: -param stage picks the stage; provider.stage follows it.
func TestStage(t *testing.T) {
	p := load(t, service, Options{Stage: "prod"})
	wantNumber(t, "api memorySize in prod", fn(t, p, "api").MemorySize, 4096, 6, "${self:custom.memory.${sls:stage}}")
	wantString(t, "TABLE in prod", fn(t, p, "api").Environment.Field("TABLE"), "orders-prod")
}

// TestEnvironmentVariable: ${env:} reads the process environment.
func TestEnvironmentVariable(t *testing.T) {
	p := load(t, service, Options{Getenv: func(k string) (string, bool) { return "/home/ci", k == "HOME_DIR" }})
	wantString(t, "HOME_DIR", fn(t, p, "api").Environment.Field("HOME_DIR"), "/home/ci")
}

// TestNotOurs: a file without service and provider is no service; one of
// another provider is read and has no functions; a self-reference cycle
// ends unknown.
func TestNotOurs(t *testing.T) {
	if _, ok := Load("serverless.yml", []byte("frameworkVersion: '3'\nfunctions: {a: {handler: h}}\n"), Options{}); ok {
		t.Error("a file without service and provider was taken for a service")
	}
	p, ok := Load("serverless.yml", []byte("service: s\nprovider: {name: google, runtime: nodejs18}\nfunctions: {a: {handler: h}}\n"), Options{})
	if !ok || len(p.Functions) != 0 || len(p.Files) != 1 {
		t.Errorf("another provider: ok %v, %d functions, %d files", ok, len(p.Functions), len(p.Files))
	}
	p = load(t, "service: s\ncustom: {a: '${self:custom.b}', b: '${self:custom.a}'}\nprovider: {name: aws, runtime: nodejs22.x, memorySize: '${self:custom.a}'}\nfunctions: {a: {handler: h}}\n", Options{})
	if v := p.Functions[0].MemorySize; v.State != model.Unknown {
		t.Errorf("a cycle of variables = %v, want unknown", v)
	}
}

// FuzzLoad: no service file crashes the loader.
func FuzzLoad(f *testing.F) {
	f.Add([]byte(service))
	f.Add([]byte("service: s\nprovider: {name: aws}\nfunctions: {a: {memorySize: '${self:${self:${self:x}}}'}}\n"))
	f.Add([]byte("service: s\nprovider: {name: aws}\nresources:\n  Resources:\n    A: ${self:resources.Resources.A}\n    Q: {Type: AWS::SQS::Queue, Properties: {VisibilityTimeout: '${self:custom.v}'}}\nfunctions: {a: {events: [{sqs: {arn: !GetAtt Q.Arn}}]}}\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		Load("serverless.yml", src, Options{Getenv: func(string) (string, bool) { return "", false }})
	})
}

// TestDoublingVariables: variables that quadruple a string through ten
// levels stop at the budget, in little time (4 GB were asked for).
func TestDoublingVariables(t *testing.T) {
	var b strings.Builder
	b.WriteString("service: s\ncustom:\n  v0: " + strings.Repeat("x", 4096) + "\n")
	for i := 1; i <= 10; i++ {
		fmt.Fprintf(&b, "  v%d: ${self:custom.v%d}${self:custom.v%d}${self:custom.v%d}${self:custom.v%d}\n", i, i-1, i-1, i-1, i-1)
	}
	b.WriteString("provider: {name: aws, runtime: nodejs22.x}\nfunctions:\n  a:\n    handler: h\n    environment: {BIG: '${self:custom.v10}'}\n")
	start := time.Now()
	p, ok := Load("serverless.yml", []byte(b.String()), Options{})
	if !ok {
		t.Fatal("not loaded")
	}
	if time.Since(start) > 5*time.Second {
		t.Errorf("took %v", time.Since(start))
	}
	if p.Budget.Err() == nil && len(p.Functions) == 1 && p.Functions[0].Environment.Field("BIG").State == model.Known {
		t.Error("a string of 4 GB was built")
	}
}

// TestFileVariable: ${file(./x.yml)} and ${file(./x.yml):key} read the
// file beside the service (Related names it for discovery), with the
// position in that file; a .js file is never read.
func TestFileVariable(t *testing.T) {
	dir := t.TempDir()
	svc := filepath.Join(dir, "serverless.yml")
	src := "service: s\nprovider:\n  name: aws\n  runtime: nodejs22.x\n  environment: ${file(./env.yml)}\nfunctions:\n  a:\n    handler: h\n    memorySize: ${file(./sizes.json):big}\n    timeout: ${file(./config.js):timeout, 20}\n"
	files := map[string]string{svc: src, filepath.Join(dir, "env.yml"): "TABLE: t\nAWS_REGION: x\n", filepath.Join(dir, "sizes.json"): "{\"big\": 20480}\n"}
	for name, s := range files {
		if err := os.WriteFile(name, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(dir, "config.js"), []byte("module.exports.timeout = () => 10\n"), 0o644)
	rel := Related(svc, dir)
	if len(rel) != 2 || rel[0] != filepath.Join(dir, "env.yml") || rel[1] != filepath.Join(dir, "sizes.json") {
		t.Errorf("Related = %v, want env.yml and sizes.json only", rel)
	}
	read := func(name string) ([]byte, error) {
		if s, ok := files[name]; ok {
			return []byte(s), nil
		}
		return nil, os.ErrNotExist
	}
	p, ok := Load(svc, []byte(src), Options{Read: read, Getenv: func(string) (string, bool) { return "", false }})
	if !ok || len(p.Functions) != 1 {
		t.Fatalf("not loaded: %v", p.Errors)
	}
	f := p.Functions[0]
	if v := f.MemorySize; v.Range.File != filepath.Join(dir, "sizes.json") || v.Range.Start.Line != 1 {
		t.Errorf("memorySize at %v", v.Range)
	} else if x, _ := v.AsNumber(); x != 20480 {
		t.Errorf("memorySize = %v", v)
	}
	if x, _ := f.Timeout.AsNumber(); x != 20 {
		t.Errorf("timeout from a .js file = %v, want the fallback 20", f.Timeout)
	}
	if s, _ := f.Environment.Field("TABLE").AsString(); s != "t" {
		t.Errorf("environment from env.yml = %v", f.Environment)
	}
	if len(p.Files) != 3 {
		t.Errorf("project files %d, want the service and the two files it read", len(p.Files))
	}
}

// TestTriggers: the events are the function's callers, synchronous or
// not; a disabled one is not, and one not read is kept as an event.
func TestTriggers(t *testing.T) {
	src := `service: s
provider: {name: aws, runtime: nodejs22.x}
functions:
  api:
    handler: h
    events:
      - http: GET /
      - httpApi: {path: /x, method: get}
      - http: {path: /async, method: post, async: true}
      - websocket: $connect
      - schedule: rate(5 minutes)
      - schedule: {rate: [rate(1 hour), 'cron(0 12 * * ? *)'], enabled: true}
      - schedule: {rate: rate(1 day), enabled: false}
      - sqs: arn:aws:sqs:us-east-1:123456789012:jobs
      - s3: photos
      - alb: {listenerArn: arn, priority: 1, conditions: {path: /}}
      - kafka: {topic: t, bootstrapServers: [b:9092], accessConfigurations: {saslScram512Auth: arn}}
`
	p := load(t, src, Options{})
	var kinds []string
	for _, tr := range fn(t, p, "api").Triggers {
		kinds = append(kinds, string(tr.Kind))
	}
	want := "rest-api http-api api-async websocket schedule schedule schedule sqs s3 alb"
	if got := strings.Join(kinds, " "); got != want {
		t.Errorf("triggers = %s, want %s", got, want)
	}
	if sqs := fn(t, p, "api").Triggers[7]; sqs.Queue != "jobs" || sqs.VisibilityTimeout.State != model.Unknown || sqs.Range.Start.Line != 14 {
		t.Errorf("sqs trigger = %+v", sqs)
	}
	if ev := fn(t, p, "api").Events; len(ev) != 1 || ev[0].Type != "serverless kafka" {
		t.Errorf("events not read = %+v, want the kafka one", ev)
	}
}

// TestStagesAsPaths: without -param stage, the default stage and each
// stage params: names are paths; a setting that differs between them is
// one value per path, `stage is "prod"`; ${param:} takes the stage's
// value, else the default's.
func TestStagesAsPaths(t *testing.T) {
	src := `service: s
params:
  default:
    timeout: 10
  prod:
    memory: 4096
  dev:
    memory: 20480
provider:
  name: aws
  runtime: nodejs22.x
functions:
  api:
    handler: h
    memorySize: ${param:memory}
    timeout: ${param:timeout}
    environment:
      STAGE: ${sls:stage}
`
	p := load(t, src, Options{})
	f := fn(t, p, "api")
	if f.MemorySize.State != model.Conditional || len(f.MemorySize.Alternatives) != 2 {
		t.Fatalf("memorySize = %v, want one value per stage", f.MemorySize)
	}
	got := map[string]float64{}
	for _, a := range f.MemorySize.Alternatives {
		got[a.When.String()], _ = a.AsNumber()
	}
	if got[`stage is "dev"`] != 20480 || got[`stage is "prod"`] != 4096 {
		t.Errorf("memorySize by stage = %v", got)
	}
	wantNumber(t, "timeout (the default's, the same in every stage)", f.Timeout, 10, 4, "${param:timeout}")
	if f.Environment.State != model.Conditional || len(f.EnvironmentKeys) != 2 {
		t.Errorf("environment = %v, keys %v: want one map and one STAGE per stage", f.Environment, f.EnvironmentKeys)
	}
	one := fn(t, load(t, src, Options{Stage: "prod"}), "api")
	wantNumber(t, "memorySize with -param stage=prod", one.MemorySize, 4096, 6, "${param:memory}")
}

// TestMoreSettings: vpc (the provider's or the function's), an EFS file
// system, SnapStart with the versions the framework publishes, and
// provisioned concurrency reach the model under its names.
func TestMoreSettings(t *testing.T) {
	src := `service: s
provider:
  name: aws
  runtime: java21
  vpc:
    securityGroupIds: [sg-1]
    subnetIds: [subnet-1, subnet-2]
functions:
  inVpc:
    handler: h
    fileSystemConfig:
      arn: arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-1
      localMountPath: /mnt/data
    snapStart: true
    provisionedConcurrency: 2
  plain:
    handler: h
    vpc: {}
`
	p := load(t, src, Options{})
	f := fn(t, p, "inVpc")
	if s := f.VpcConfig.Get("SubnetIds"); s == nil || len(s.List) != 2 || f.VpcConfig.Origin.String() != "provider.vpc" {
		t.Errorf("vpc = %v", f.VpcConfig)
	}
	if l := f.FileSystemConfigs; l.Type != model.List || len(l.List) != 1 || l.List[0].Get("LocalMountPath") == nil {
		t.Errorf("file systems = %v", l)
	}
	if a, _ := f.SnapStart.Get("ApplyOn").AsString(); a != "PublishedVersions" || f.SnapStart.Range.Start.Line != 14 {
		t.Errorf("snapStart = %v", f.SnapStart)
	}
	if !f.Publish.IsKnown() || !f.Publish.Bool {
		t.Errorf("publish = %v, want true (the framework publishes versions)", f.Publish)
	}
	if x, _ := f.ProvisionedConcurrency.AsNumber(); x != 2 {
		t.Errorf("provisioned concurrency = %v", f.ProvisionedConcurrency)
	}
	if v := fn(t, p, "plain").VpcConfig; v.Type != model.Map || len(v.Keys) != 0 {
		t.Errorf("an empty vpc of its own = %v", v)
	}
	off := load(t, strings.Replace(src, "  runtime: java21\n", "  runtime: java21\n  versionFunctions: false\n", 1), Options{})
	if fn(t, off, "inVpc").Publish.State != model.Absent {
		t.Errorf("versionFunctions false still publishes")
	}
}

// TestResources: resources: is CloudFormation: its resources join the
// project with the framework's variables resolved (a resource given by
// an unknown variable is left out, ${AWS::…} stays CloudFormation's), a
// function written there is a function, and an sqs event's queue is the
// queue resource it names.
func TestResources(t *testing.T) {
	src := `service: jobs
custom:
  visibility: 45
provider:
  name: aws
  runtime: python3.12
functions:
  worker:
    handler: h
    timeout: 60
    events:
      - sqs:
          arn: !GetAtt JobsQueue.Arn
resources:
  Resources:
    JobsQueue:
      Type: AWS::SQS::Queue
      Properties:
        QueueName: ${self:service}-${sls:stage}
        VisibilityTimeout: ${self:custom.visibility}
    Missing: ${file(./absent.yml)}
    Legacy:
      Type: AWS::Lambda::Function
      Properties:
        Runtime: python3.12
        Handler: h
        MemorySize: 20480
        Role: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${self:service}
        Code: {ZipFile: x}
`
	p := load(t, src, Options{})
	names := map[string]*model.Resource{}
	for _, r := range p.Resources {
		names[r.Name] = r
	}
	if names["JobsQueue"] == nil || names["Legacy"] == nil || names["Missing"] != nil {
		t.Fatalf("resources = %v", names)
	}
	if s, _ := names["JobsQueue"].Properties.Dig("QueueName").AsString(); s != "jobs-dev" {
		t.Errorf("QueueName = %v", names["JobsQueue"].Properties.Dig("QueueName"))
	}
	if role := names["Legacy"].Properties.Dig("Role"); role.State == model.Known {
		t.Errorf("Role with ${AWS::AccountId} = %v, want unknown (CloudFormation's)", role)
	}
	legacy := fn(t, p, "Legacy")
	wantNumber(t, "Legacy MemorySize", legacy.MemorySize, 20480, 27, "")
	tr := fn(t, p, "worker").Triggers
	if len(tr) != 1 || tr[0].Queue != "JobsQueue" {
		t.Fatalf("worker triggers = %+v", tr)
	}
	if x, _ := tr[0].VisibilityTimeout.AsNumber(); x != 45 || tr[0].VisibilityTimeout.Range.Start.Line != 3 {
		t.Errorf("visibility timeout = %v at line %d, want 45 from custom.visibility", tr[0].VisibilityTimeout, tr[0].VisibilityTimeout.Range.Start.Line)
	}
}

// TestEdgeAndCognito: a cloudFront event makes the function a Lambda@Edge
// function of the framework's distribution, at the version it publishes;
// a cognitoUserPool event is a synchronous caller.
func TestEdgeAndCognito(t *testing.T) {
	src := `service: cdn
provider: {name: aws, runtime: nodejs22.x}
functions:
  rewrite:
    handler: h
    events:
      - cloudFront: {eventType: viewer-request, pathPattern: /img/*, origin: s3://b.s3.amazonaws.com}
  login:
    handler: h
    events:
      - cognitoUserPool: {pool: users, trigger: PreSignUp}
`
	p := load(t, src, Options{})
	e := fn(t, p, "rewrite").Edge
	if len(e) != 1 || e[0].EventType != "viewer-request" || e[0].CacheBehavior != "/img/*" || e[0].Target != model.EdgeVersion || e[0].Range.Start.Line != 7 {
		t.Errorf("edge = %+v", e)
	}
	if tr := fn(t, p, "rewrite").Triggers; len(tr) != 0 {
		t.Errorf("a cloudFront event is no caller: %+v", tr)
	}
	if tr := fn(t, p, "login").Triggers; len(tr) != 1 || tr[0].Kind != model.TriggerCognito {
		t.Errorf("cognito triggers = %+v", tr)
	}
}

// TestFileVariableWithStage: a ${file()} path made with variables reads
// the file of the stage; Related names every file it can be.
func TestFileVariableWithStage(t *testing.T) {
	dir := t.TempDir()
	svc := filepath.Join(dir, "serverless.yml")
	src := "service: s\nprovider:\n  name: aws\n  runtime: nodejs22.x\nfunctions:\n  a:\n    handler: h\n    memorySize: ${file(./config.${sls:stage}.yml):memory}\n"
	files := map[string]string{svc: src, filepath.Join(dir, "config.dev.yml"): "memory: 20480\n", filepath.Join(dir, "config.prod.yml"): "memory: 1024\n"}
	for name, s := range files {
		if err := os.WriteFile(name, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if rel := Related(svc, dir); len(rel) != 2 {
		t.Errorf("Related = %v, want both stages' files", rel)
	}
	read := func(name string) ([]byte, error) { return os.ReadFile(name) }
	for stage, want := range map[string]float64{"dev": 20480, "prod": 1024} {
		p, _ := Load(svc, []byte(src), Options{Stage: stage, Read: read, Getenv: func(string) (string, bool) { return "", false }})
		v := p.Functions[0].MemorySize
		if x, _ := v.AsNumber(); x != want || filepath.Base(v.Range.File) != "config."+stage+".yml" {
			t.Errorf("stage %s: memorySize %v at %s, want %v from config.%s.yml", stage, v, v.Range.File, want, stage)
		}
	}
}

// TestRoleStatements: what provider.iam allows is what the functions use,
// for the network rules.
func TestRoleStatements(t *testing.T) {
	for _, iam := range []string{
		"  iam:\n    role:\n      statements:\n        - {Effect: Allow, Action: [dynamodb:GetItem], Resource: '*'}\n",
		"  iamRoleStatements:\n    - {Effect: Allow, Action: [dynamodb:GetItem], Resource: '*'}\n",
	} {
		p := load(t, "service: s\nprovider:\n  name: aws\n  runtime: nodejs22.x\n"+iam+"functions:\n  a: {handler: h}\n", Options{})
		p.DeriveNetwork()
		uses := p.Functions[0].Uses
		if len(uses) != 1 || uses[0].Service != "dynamodb" {
			t.Errorf("%q: uses = %+v, want DynamoDB", iam, uses)
		}
	}
}

// TestResourcesCopiesBounded: resources that each name a large part of
// the file by variable stop at the budget instead of copying it without
// end.
func TestResourcesCopiesBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("service: s\ncustom:\n  big:\n    Type: AWS::SNS::Topic\n    Properties:\n      Tags:\n")
	for i := range 20000 {
		fmt.Fprintf(&b, "        - {Key: k%d, Value: v}\n", i)
	}
	b.WriteString("provider: {name: aws, runtime: nodejs22.x}\nfunctions: {a: {handler: h}}\nresources:\n  Resources:\n")
	for i := range 400 {
		fmt.Fprintf(&b, "    T%d: ${self:custom.big}\n", i)
	}
	start := time.Now()
	p, ok := Load("serverless.yml", []byte(b.String()), Options{})
	if !ok {
		t.Fatal("not loaded")
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("took %v", d)
	}
	if p.Budget.Err() == nil {
		t.Errorf("400 copies of 60,000 nodes fit the budget: %d resources", len(p.Resources))
	}
}

// TestRelatedStaysInBoundary: a ${file()} path leading out of the folder
// walked (with .. or a variable) names nothing there, so discovery neither
// lists nor reads a folder outside it.
func TestRelatedStaysInBoundary(t *testing.T) {
	outer := t.TempDir()
	dir := filepath.Join(outer, "project")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, s := range map[string]string{
		filepath.Join(outer, "secret.yml"):     "memory: 1\n",
		filepath.Join(outer, "config.dev.yml"): "memory: 1\n",
		filepath.Join(dir, "inside.yml"):       "memory: 2\n",
		filepath.Join(dir, "serverless.yml"): "service: s\nprovider:\n  name: aws\nfunctions:\n  a:\n    handler: h\n" +
			"    memorySize: ${file(../secret.yml):memory}\n    timeout: ${file(../config.${sls:stage}.yml):memory}\n" +
			"    description: ${file(./inside.yml):memory}\n",
	} {
		if err := os.WriteFile(name, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	rel := Related(filepath.Join(dir, "serverless.yml"), dir)
	if len(rel) != 1 || rel[0] != filepath.Join(dir, "inside.yml") {
		t.Errorf("Related = %v, want inside.yml only", rel)
	}
}
