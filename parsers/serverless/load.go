// Package serverless loads Serverless Framework service files
// (serverless.yml, .yaml or .json) into the model: each function's
// settings with the provider's merged in the way the framework does, and
// the framework's variables resolved where they can be known (${self:},
// ${opt:stage}, ${sls:stage}, ${env:}, fallbacks), with the position of
// the line that set each value. What cannot be known here (${ssm:},
// ${cf:}, ${s3:}, ${aws:}, plugins) is unknown, so rules stay silent on it.
package serverless

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/lambdavet/lambdavet/internal/safefile"
	"github.com/lambdavet/lambdavet/parsers/cfn"
	"github.com/lambdavet/lambdavet/parsers/model"
	"github.com/lambdavet/lambdavet/parsers/sam"
)

// Options tune how a service file is evaluated.
type Options struct {
	// Stage is the stage the service is deployed to (-param stage=prod);
	// "" takes provider.stage, else the framework's default, dev.
	Stage string
	// Budget bounds the work; nil uses the default limits.
	Budget *model.Budget
	// Getenv reads the process environment for ${env:NAME}; nil is
	// os.LookupEnv.
	Getenv func(string) (string, bool)
	// Read reads the files ${file(...)} names (those of Related, which
	// discovery puts in the project); nil: they are unknown.
	Read func(name string) ([]byte, error)
}

// maxRelated bounds the files one service reads through ${file(...)},
// and maxRelatedBytes their total size: each is read whole.
const (
	maxRelated      = 64
	maxRelatedBytes = 64 << 20
)

// fileArgs returns the path arguments of the ${file(...)} variables of a
// service file, as written (variables in them kept: ./config.${sls:stage}.yml).
func fileArgs(src []byte) []string {
	var out []string
	s := string(src)
	for len(out) < maxRelated {
		i := strings.Index(s, "${file(")
		if i < 0 {
			break
		}
		s = s[i+len("${file("):]
		depth, end := 0, -1
		for j := 0; j < len(s) && end < 0; j++ {
			switch {
			case strings.HasPrefix(s[j:], "${"):
				depth++
				j++
			case s[j] == '}' && depth > 0:
				depth--
			case s[j] == ')' && depth == 0:
				end = j
			case s[j] == '\n':
				j = len(s) // a variable ends on its line
			}
		}
		if end < 0 {
			continue
		}
		out = append(out, strings.Trim(strings.TrimSpace(s[:end]), `'"`))
		s = s[end:]
	}
	return out
}

// Related returns the YAML and JSON files the service file at path reads
// through ${file(...)}, relative to its folder, that exist inside boundary
// (the folder walked). Other files (.js, whose exports the framework would
// run) are never read, and nothing outside boundary is listed or looked at:
// a path with .. or a link leading out is left unknown.
func Related(path, boundary string) []string {
	if !IsServiceFile(path) {
		return nil
	}
	src, err := safefile.Read(path, safefile.MaxSize)
	if err != nil {
		return nil
	}
	var out []string
	var total int64
	for _, arg := range fileArgs(src) {
		// A path made with variables (./config.${sls:stage}.yml) stands
		// for the files it can name: each stage's is read.
		pattern := arg
		for {
			start, end, ok := variableSpan(pattern)
			if !ok {
				break
			}
			pattern = pattern[:start] + "*" + pattern[end:]
		}
		name := relatedPath(path, pattern)
		if name == "" {
			continue
		}
		// The folder is checked before it is listed, each file before it
		// is looked at.
		if safefile.CheckIn(boundary, filepath.Dir(name)) != nil {
			continue
		}
		matches := []string{name}
		if strings.Contains(pattern, "*") {
			matches, _ = filepath.Glob(name)
		}
		for _, m := range matches {
			if safefile.CheckIn(boundary, m) != nil {
				continue
			}
			// A file that is not there (a secrets file left out of the
			// repository) leaves its variables unknown, and is no error.
			if fi, err := os.Stat(m); err == nil && fi.Mode().IsRegular() && !slices.Contains(out, m) &&
				len(out) < maxRelated && total+fi.Size() <= maxRelatedBytes {
				out = append(out, m)
				total += fi.Size()
			}
		}
	}
	return out
}

// relatedPath is the path of a ${file(...)} argument beside the service
// file, or "" for a file lambdavet does not read.
func relatedPath(service, arg string) string {
	arg = strings.TrimSpace(arg)
	switch strings.ToLower(filepath.Ext(arg)) {
	case ".yml", ".yaml", ".json":
	default:
		return ""
	}
	if filepath.IsAbs(arg) {
		return ""
	}
	return filepath.Join(filepath.Dir(service), arg)
}

// FileFormat is the model format of a Serverless Framework file.
const FileFormat model.Format = "serverless"

// The framework's defaults for what a function and its provider leave out
// (the CloudFormation it generates sets them).
const (
	DefaultMemorySize = 1024
	DefaultTimeout    = 6
)

// Names are the names a service file gives the model's settings, for
// messages.
var Names = map[string]string{
	"memory_size": "memorySize", "timeout": "timeout", "ephemeral_storage": "ephemeralStorageSize",
	"environment": "environment", "layers": "layers", "vpc_config": "vpc",
	"runtime": "runtime", "architectures": "architecture", "package_type": "image",
	"handler": "handler", "code": "package", "file_system_configs": "fileSystemConfig",
	"capacity_provider": "capacityProvider", "logging_config": "logs",
	"runtime_management_config": "runtimeManagement", "snap_start": "snapStart",
	"provisioned_concurrency": "provisionedConcurrency", "publish": "versionFunctions",
}

// IsServiceFile reports whether a file name is a Serverless Framework
// service file.
func IsServiceFile(name string) bool {
	switch filepath.Base(name) {
	case "serverless.yml", "serverless.yaml", "serverless.json":
		return true
	}
	return false
}

// Load parses and evaluates one service file. ok is false when the file
// is no service (it has no service and provider); a service of another
// provider is read and has no functions.
func Load(path string, src []byte, opts Options) (p *model.Project, ok bool) {
	budget := opts.Budget
	if budget == nil {
		budget = model.NewBudget(model.Limits{})
	}
	t := cfn.ParseDocument(path, src, budget)
	p = &model.Project{Root: path, Budget: budget, Files: []*model.File{{Path: path, Format: FileFormat, Content: t.Content}}}
	if t.Root == nil || t.Root.Kind != cfn.MappingNode {
		p.Errors = t.Errors
		return p, len(t.Errors) > 0 && looksLikeService(src)
	}
	provider := t.Root.Get("provider")
	if t.Root.Get("service") == nil || provider == nil {
		return p, false
	}
	p.Errors = t.Errors
	e := &evaluator{root: t.Root, budget: budget, getenv: opts.Getenv, path: path, read: opts.Read, files: map[string]*cfn.Node{}, queueRefs: map[*model.Trigger]string{}}
	if pl := t.Root.Get("plugins"); pl != nil && !pl.IsNull() {
		e.plugins = true
	}
	if e.getenv == nil {
		e.getenv = os.LookupEnv
	}
	if name := e.eval(provider.Get("name"), 0); name.State == model.Known && name.Type == model.String && name.Str != "aws" {
		return p, true // another cloud: read, with nothing for Lambda rules to judge
	}
	// The stage is -param stage, else provider.stage (whose own
	// ${opt:stage, 'dev'} then takes its fallback), else dev.
	e.stage = opts.Stage
	if e.stage == "" {
		if s, ok := e.eval(provider.Get("stage"), 0).AsString(); ok && s != "" {
			e.stage = s
		} else {
			e.stage = "dev"
		}
	}
	e.region = "us-east-1"
	if s, ok := e.eval(provider.Get("region"), 0).AsString(); ok {
		e.region = s
	}
	e.params = t.Root.Get("params")
	// Without -param stage, the stages params: names are deployed too:
	// each is a path, as a condition is in a template.
	stages := []*evaluator{e}
	if opts.Stage == "" && e.params != nil && e.params.Kind == cfn.MappingNode {
		for _, k := range e.params.Keys {
			if k.Value != "default" && k.Value != e.stage && len(stages) < maxStages {
				s := *e
				s.stage = k.Value
				stages = append(stages, &s)
			}
		}
	}
	// resources: is CloudFormation the framework adds to the stack it
	// generates: loaded as a template once the framework's own variables
	// in it are resolved, its resources are the project's too (the queues
	// sqs events name, functions written as AWS::Lambda::Function).
	extra := e.resources(path, t)
	p.Resources = append(p.Resources, e.layers(t.Root.Get("layers"))...)
	functions := t.Root.Get("functions")
	if functions == nil || functions.Kind != cfn.MappingNode {
		functions = &cfn.Node{Kind: cfn.MappingNode}
	}
	// The role the framework makes for the service's functions allows
	// what provider.iam says, read as SAM reads an inline policy, for what
	// the functions use (the network rules); every function has it.
	var policies *model.Value
	if st := e.statements(provider); st != nil {
		doc := model.NewMap(st.Range)
		doc.Set("Statement", st)
		policies = model.NewList([]*model.Value{doc}, st.Range)
	}
	for i, key := range functions.Keys {
		if budget.Exhausted() {
			break
		}
		decl := functions.Values[i]
		if decl.Kind != cfn.MappingNode {
			continue
		}
		props := e.eval(decl, 0)
		if policies != nil && props.IsKnown() && props.Type == model.Map {
			props.Set("Policies", policies)
		}
		r := &model.Resource{Name: key.Value, Type: "AWS::Lambda::Function", Range: key.Range, Properties: props}
		p.Resources = append(p.Resources, r)
		f := e.function(r, decl, provider)
		if len(stages) > 1 {
			perStage := []*model.Function{f}
			for _, s := range stages[1:] {
				perStage = append(perStage, s.function(r, decl, provider))
			}
			f = byStage(stages, perStage)
		}
		p.Functions = append(p.Functions, f)
	}
	if extra != nil {
		p.Resources = append(p.Resources, extra.Resources...)
		p.Functions = append(p.Functions, extra.Functions...)
		p.Errors = append(p.Errors, extra.Errors...)
		linkQueues(p.Functions, extra.Resources, e.queueRefs)
	}
	// The service's functions and resources: make one network: the VPCs,
	// subnets and route tables a vpc: names are in resources:.
	p.DeferNetwork(func() { sam.LinkNetwork(p) })
	for _, s := range stages {
		for _, file := range s.loaded {
			if !slices.ContainsFunc(p.Files, func(x *model.File) bool { return x.Path == file.Path }) {
				p.Files = append(p.Files, file)
			}
		}
	}
	if berr := budget.Err(); berr != nil {
		p.Functions, p.Resources = nil, nil
		p.DeferNetwork(nil)
		p.Errors = append(p.Errors, berr.LoadError())
	}
	return p, true
}

// layers are the layers the service defines (layers: name: {path: …}), as
// the AWS::Lambda::LayerVersion resources the framework makes of them,
// named as it names them (test → TestLambdaLayer), so a function's
// { Ref: TestLambdaLayer } finds the folder the package size rules
// measure.
func (e *evaluator) layers(n *cfn.Node) []*model.Resource {
	if n == nil || n.Kind != cfn.MappingNode {
		return nil
	}
	var out []*model.Resource
	for i, k := range n.Keys {
		path := e.eval(n.Values[i].Get("path"), 0)
		if path.State == model.Absent {
			continue
		}
		props := model.NewMap(n.Values[i].Range)
		props.Set("Content", path)
		out = append(out, &model.Resource{Name: layerLogicalID(k.Value), Type: "AWS::Lambda::LayerVersion", Range: k.Range, Properties: props})
	}
	return out
}

// layerLogicalID is the framework's logical id of a layer: its name with
// the first letter upper-cased, - as Dash and _ as Underscore, then
// LambdaLayer.
func layerLogicalID(name string) string {
	if name == "" {
		return "LambdaLayer"
	}
	name = strings.ToUpper(name[:1]) + name[1:]
	name = strings.NewReplacer("-", "Dash", "_", "Underscore").Replace(name)
	return name + "LambdaLayer"
}

// resources loads the resources: section as a template, or nil.
func (e *evaluator) resources(path string, t *cfn.Template) *model.Project {
	sec := t.Root.Get("resources")
	if sec == nil || sec.Kind != cfn.MappingNode || sec.Get("Resources") == nil {
		return nil
	}
	root := &cfn.Node{Kind: cfn.MappingNode, Range: sec.Range}
	for i, k := range sec.Keys {
		switch k.Value {
		case "Resources", "Conditions", "Outputs":
			v := e.substitute(sec.Values[i], 0)
			if v.Kind != cfn.MappingNode {
				continue // given by a variable not known here
			}
			if k.Value == "Resources" {
				// A resource given by a variable not known here (a file
				// left out of the repository) is not known: left out.
				known := &cfn.Node{Kind: cfn.MappingNode, Range: v.Range}
				for j, rk := range v.Keys {
					if v.Values[j].Kind == cfn.MappingNode {
						known.Keys = append(known.Keys, rk)
						known.Values = append(known.Values, v.Values[j])
					}
				}
				v = known
			}
			root.Keys = append(root.Keys, k)
			root.Values = append(root.Values, v)
		}
	}
	tpl := &cfn.Template{Path: path, Content: t.Content, Encoding: t.Encoding, Root: root, IsTemplate: true}
	p, _ := sam.FromTemplate(path, tpl, sam.Options{Budget: e.budget})
	return p
}

// frameworkSources are the variable sources the framework resolves in
// resources:; any other ${…} (${AWS::Region} in a Fn::Sub) is
// CloudFormation's.
var frameworkSources = []string{"self:", "opt:", "sls:", "env:", "param:", "file(", "ssm:", "cf:", "s3:", "aws:", "strToBool(", "construct:"}

// substitute returns n with the framework's variables in its strings
// resolved where they are known; a variable not known stays as written.
// Nodes are copied where something changed, never changed in place.
func (e *evaluator) substitute(n *cfn.Node, depth int) *cfn.Node {
	if n == nil || int64(depth) > e.budget.Limits().Depth {
		return n
	}
	// Each node made counts: resources that name a large part of the
	// file by variable, many times over, would copy it each time.
	if e.budget.SpendValues(1, "the resources: of a service file", n.Range) != nil {
		return n
	}
	switch n.Kind {
	case cfn.MappingNode, cfn.SequenceNode:
		c := *n
		c.Values = make([]*cfn.Node, len(n.Values))
		for i, v := range n.Values {
			c.Values[i] = e.substitute(v, depth+1)
		}
		c.Items = make([]*cfn.Node, len(n.Items))
		for i, v := range n.Items {
			c.Items[i] = e.substitute(v, depth+1)
		}
		return &c
	}
	if n.Scalar != cfn.StringScalar || !strings.Contains(n.Value, "${") {
		return n
	}
	// A value that is one variable naming a part of this file or another
	// (a resource written in ./resource/queue.yml, a number under custom:)
	// is that part, with its position: the line to edit.
	if start, end, ok := variableSpan(n.Value); ok && start == 0 && end == len(n.Value) {
		src := strings.TrimSpace(splitSources(n.Value[2 : end-1])[0])
		var target *cfn.Node
		switch {
		case strings.HasPrefix(src, "file("):
			target = e.fileNode(src)
		case strings.HasPrefix(src, "self:"):
			target = e.lookup(strings.TrimPrefix(src, "self:"))
		}
		if target != nil {
			return e.substitute(target, depth+1)
		}
	}
	var b strings.Builder
	changed, whole := false, false
	for rest := n.Value; ; {
		start, end, ok := variableSpan(rest)
		if !ok {
			b.WriteString(rest)
			break
		}
		b.WriteString(rest[:start])
		body := rest[start+2 : end-1]
		if slices.ContainsFunc(frameworkSources, func(s string) bool { return strings.HasPrefix(strings.TrimSpace(body), s) }) {
			v := e.variable(body, n.Range, 0)
			if s, known := scalarText(v); known {
				b.WriteString(s)
				changed = true
				whole = start == 0 && end == len(n.Value) && v.Type == model.Number
				rest = rest[end:]
				continue
			}
		}
		b.WriteString(rest[start:end])
		rest = rest[end:]
	}
	if !changed {
		return n
	}
	c := *n
	c.Value = b.String()
	if whole {
		c.Scalar = cfn.IntScalar
		if strings.ContainsAny(c.Value, ".eE") {
			c.Scalar = cfn.FloatScalar
		}
	}
	return &c
}

// linkQueues gives the sqs triggers of the service's functions the
// visibility timeout of the queue resources: defines, when the event
// names one (Fn::GetAtt [Queue, Arn], or its ARN by name).
func linkQueues(fs []*model.Function, resources []*model.Resource, queueRefs map[*model.Trigger]string) {
	queues := map[string]*model.Resource{}
	for _, r := range resources {
		if r.Type == "AWS::SQS::Queue" {
			queues[r.Name] = r
		}
	}
	for _, f := range fs {
		for _, t := range f.Triggers {
			name, ok := queueRefs[t]
			if t.Kind != model.TriggerSQS || !ok {
				continue
			}
			if q, ok := queues[name]; ok {
				t.Queue, t.QueueRange = q.Name, q.Range
				t.VisibilityTimeout = q.Properties.Dig("VisibilityTimeout")
			}
		}
	}
}

// looksLikeService reports whether a file that did not parse starts like
// a service file, so its syntax error is reported.
func looksLikeService(src []byte) bool {
	s := string(src[:min(len(src), 4096)])
	return strings.Contains(s, "service") && strings.Contains(s, "provider")
}

// function reads a function's effective settings: its own, else the
// provider's, else the framework's defaults.
func (e *evaluator) function(r *model.Resource, decl, provider *cfn.Node) *model.Function {
	f := model.NewFunction(r)
	f.PropertyNames = Names
	own := func(key string) *model.Value { return e.eval(decl.Get(key), 0) }
	inherited := func(key string) *model.Value {
		if v := own(key); v.State != model.Absent {
			return v
		}
		return e.eval(provider.Get(key), 0).WithOrigin("provider." + key)
	}
	f.MemorySize = inherited("memorySize").Or(model.NewAbsent(model.NewNumber(DefaultMemorySize, model.Range{})))
	f.Timeout = inherited("timeout").Or(model.NewAbsent(model.NewNumber(DefaultTimeout, model.Range{})))
	f.EphemeralStorage = inherited("ephemeralStorageSize").Or(f.EphemeralStorage)
	if a := inherited("architecture"); a.State != model.Absent {
		f.Architectures = model.NewList([]*model.Value{a}, a.Range)
		f.Architectures.Origin = a.Origin
	}
	if img := own("image"); img.State != model.Absent {
		// The image brings its runtime and command; the framework writes
		// neither for an image function, whatever the provider says.
		f.PackageType = model.NewString("Image", img.Range)
		f.Code = img
	} else {
		f.Code = e.artifact(r, decl)
		// A function with no runtime gets the framework's default, which
		// depends on its version; a runtime that names no Lambda runtime
		// ("rust") is a plugin's to rewrite when the service has plugins.
		f.Runtime = inherited("runtime").Or(model.NewUnknown("the Serverless Framework's default runtime, which depends on its version", r.Range))
		if s, ok := f.Runtime.AsString(); ok && e.plugins && !strings.ContainsAny(s, "0123456789") && !strings.HasPrefix(s, "provided") {
			f.Runtime = model.NewUnknown(fmt.Sprintf("runtime %q is for a plugin to turn into a Lambda runtime", s), f.Runtime.Range)
		}
		f.Handler = own("handler").Or(f.Handler)
	}
	f.Layers = inherited("layers").Or(f.Layers)
	if vpc := inherited("vpc"); vpc.State != model.Absent {
		f.VpcConfig = renamed(vpc, map[string]string{"subnetIds": "SubnetIds", "securityGroupIds": "SecurityGroupIds"})
	}
	if fsc := own("fileSystemConfig"); fsc.State != model.Absent {
		list := model.NewList([]*model.Value{renamed(fsc, map[string]string{"arn": "Arn", "localMountPath": "LocalMountPath"})}, fsc.Range)
		f.FileSystemConfigs = list
	}
	// snapStart: true turns SnapStart on for published versions, which
	// the framework publishes on every deployment unless
	// provider.versionFunctions is false.
	if ss := own("snapStart"); ss.IsKnown() && ss.Type == model.Bool && ss.Bool {
		m := model.NewMap(ss.Range)
		m.Set("ApplyOn", model.NewString("PublishedVersions", ss.Range))
		f.SnapStart = m
	} else if ss.State == model.Unknown {
		f.SnapStart = ss
	}
	if vf := e.eval(provider.Get("versionFunctions"), 0); !(vf.IsKnown() && vf.Type == model.Bool && !vf.Bool) {
		f.Publish = model.NewBool(true, r.Range)
		f.Publish.Origin = model.OriginOf("the framework publishes a version on every deployment")
	}
	if pc := own("provisionedConcurrency"); pc.State != model.Absent {
		f.ProvisionedConcurrency = pc
	}
	f.Environment, f.EnvironmentKeys = e.environment(decl, provider)
	f.ComputeEnvironmentSize()
	f.Triggers, f.Events = e.triggers(decl.Get("events"))
	f.Edge = e.edge(decl.Get("events"))
	return f
}

// triggers reads the events of a function: its synchronous callers (API
// Gateway: http, httpApi, websocket), the asynchronous ones (s3, sns,
// eventBridge, cloudwatchEvent, cloudwatchLog, iot, schedule, an async
// http) and what it polls (sqs, stream).
//
// The events it does not read (alb, cognitoUserPool, kafka, …) are
// returned as events of their own type, so a rule that needs every caller
// known (LV308) stays quiet.
func (e *evaluator) triggers(events *cfn.Node) ([]*model.Trigger, []*model.Event) {
	if events == nil || events.Kind != cfn.SequenceNode {
		return nil, nil
	}
	var out []*model.Trigger
	var unread []*model.Event
	for _, item := range events.Items {
		if item.Kind != cfn.MappingNode || len(item.Keys) != 1 {
			continue
		}
		key, val := item.Keys[0], item.Values[0]
		t := &model.Trigger{Source: key.Value + " event", Range: key.Range}
		v := e.eval(val, 0)
		if enabled := v.Get("enabled"); enabled.IsKnown() && enabled.Type == model.Bool && !enabled.Bool {
			continue
		}
		switch key.Value {
		case "http":
			t.Kind = model.TriggerRESTAPI
			if async := v.Get("async"); async.IsKnown() && async.Type == model.Bool && async.Bool {
				t.Kind = model.TriggerAsyncAPI
			}
		case "s3":
			t.Kind = model.TriggerS3
			t.From = s3Source(v)
		case "sns":
			t.Kind = model.TriggerSNS
			t.From = snsSource(v)
		case "eventBridge", "cloudwatchEvent":
			t.Kind = model.TriggerEventBridge
		case "cloudwatchLog":
			t.Kind = model.TriggerLogs
		case "iot":
			t.Kind = model.TriggerIoT
		case "cognitoUserPool":
			t.Kind = model.TriggerCognito
		case "alb":
			t.Kind = model.TriggerALB
		case "cloudFront":
			continue // an edge association (edge), not a caller
		case "stream":
			t.Kind = model.TriggerStream
		case "httpApi":
			t.Kind = model.TriggerHTTPAPI
		case "websocket":
			t.Kind = model.TriggerWebSocket
		case "schedule":
			rates := v
			if v.Type == model.Map {
				rates = v.Get("rate")
			}
			if rates == nil {
				continue
			}
			list := []*model.Value{rates}
			if rates.IsKnown() && rates.Type == model.List {
				list = rates.List
			}
			for _, r := range list {
				out = append(out, &model.Trigger{Kind: model.TriggerSchedule, Source: t.Source, Range: t.Range, Schedule: r})
			}
			continue
		case "sqs":
			arn := v
			if v.Type == model.Map {
				arn = v.Get("arn")
				t.BatchingWindow = v.Get("maximumBatchingWindow")
			}
			if arn == nil {
				continue
			}
			t.Kind = model.TriggerSQS
			t.Queue = "the queue of the sqs event"
			if s, ok := arn.AsString(); ok && strings.Contains(s, ":sqs:") {
				t.Queue = s[strings.LastIndex(s, ":")+1:]
			}
			if arn.IsKnown() && arn.Type == model.Reference {
				t.Queue = arn.Ref.Resource
				e.queueRefs[t] = arn.Ref.Resource
			}
			t.From = namedSource(arn)
			if v.Type == model.Map {
				t.From.NarrowedBy(v.Get("filterPatterns"))
			}
			// The queue is defined elsewhere (resources:, another stack):
			// its visibility timeout is not known here.
			t.VisibilityTimeout = model.NewUnknown("queue defined outside the service's functions", model.Range{})
		default:
			unread = append(unread, &model.Event{Name: t.Source, Type: "serverless " + key.Value, Range: key.Range, Properties: v})
			continue
		}
		if t.From != nil {
			// Point at the event, not where a variable in it was set.
			t.From.Range = t.Range
		}
		out = append(out, t)
	}
	return out, unread
}

// s3Source is the bucket of an s3 event (s3: photos, or s3: {bucket,
// event, rules}) with its events (the framework's default is
// s3:ObjectCreated:*) and key rules ([{prefix: uploads/}, {suffix: .jpg}]).
func s3Source(v *model.Value) *model.EventSource {
	bucket, events := v, model.NewString("s3:ObjectCreated:*", v.Range)
	var rules *model.Value
	if v.IsKnown() && v.Type == model.Map {
		bucket, rules = v.Get("bucket"), v.Get("rules")
		if e := v.Get("event"); e != nil {
			events = e
		}
	}
	src := namedSource(bucket)
	if src == nil {
		return nil
	}
	src.SetS3Events(events)
	if rules != nil && !(rules.IsKnown() && rules.Type == model.List) {
		src.Filtered = true
	}
	for _, r := range rules.Candidates() {
		for _, rule := range r.List {
			if !rule.IsKnown() || rule.Type != model.Map || len(rule.Keys) != 1 {
				src.Filtered = true
				continue
			}
			value, ok := rule.FieldAt(0).AsString()
			src.AddKeyRule(rule.Keys[0], value, ok)
		}
	}
	return src
}

// snsSource is the topic of an sns event: sns: name-or-arn, or sns: {arn,
// topicName, filterPolicy}.
func snsSource(v *model.Value) *model.EventSource {
	topic := v
	if v.IsKnown() && v.Type == model.Map {
		topic = v.Get("arn")
		if topic == nil {
			topic = v.Get("topicName")
		}
	}
	src := namedSource(topic)
	if src != nil && v.Type == model.Map {
		if name, ok := v.Get("topicName").AsString(); ok {
			src.Name = name
		}
		src.NarrowedBy(v.Get("filterPolicy"))
	}
	return src
}

// namedSource is what an event names: a resource of resources: by
// reference, an ARN, or a name the framework creates the bucket or topic
// with.
func namedSource(v *model.Value) *model.EventSource {
	if v == nil {
		return nil
	}
	if v.IsKnown() && v.Type == model.Reference {
		return &model.EventSource{Resource: v.Ref.Resource, Range: v.Range}
	}
	if name, ok := model.ARNName(v); ok {
		return &model.EventSource{Name: name, Range: v.Range}
	}
	if name, ok := v.AsString(); ok && v.Type == model.String {
		return &model.EventSource{Name: name, Range: v.Range}
	}
	return nil
}

// artifact is the zip a function deploys: its package.artifact, else the
// service's, else the one serverless package writes (.serverless/<service>.zip,
// or .serverless/<function>.zip when packaged individually), at the
// function's name, for the package size rules to measure when it is there.
func (e *evaluator) artifact(r *model.Resource, decl *cfn.Node) *model.Value {
	for _, pkg := range []*cfn.Node{decl.Get("package"), e.root.Get("package")} {
		if a := e.eval(pkg.Get("artifact"), 0); a.State != model.Absent {
			return a
		}
	}
	individually := false
	for _, pkg := range []*cfn.Node{decl.Get("package"), e.root.Get("package")} {
		if v := e.eval(pkg.Get("individually"), 0); v.IsKnown() && v.Type == model.Bool {
			individually = v.Bool
			break
		}
	}
	name := r.Name
	if !individually {
		s, ok := e.eval(e.root.Get("service"), 0).AsString()
		if !ok {
			return model.NewAbsent(nil)
		}
		name = s
	}
	v := model.NewString(filepath.ToSlash(filepath.Join(".serverless", name+".zip")), r.Range)
	v.Origin = model.OriginOf("the zip serverless package writes")
	return v
}

// statements are the IAM statements of the role the framework makes:
// provider.iam.role.statements (v3), provider.iamRoleStatements (before).
func (e *evaluator) statements(provider *cfn.Node) *model.Value {
	for _, n := range []*cfn.Node{provider.Get("iam").Get("role").Get("statements"), provider.Get("iamRoleStatements")} {
		if v := e.eval(n, 0); v.State != model.Absent {
			return v
		}
	}
	return nil
}

// renamed returns a copy of a known map with the keys a service file
// writes renamed to the model's (subnetIds → SubnetIds); anything else is
// returned as it is.
func renamed(v *model.Value, names map[string]string) *model.Value {
	if v.State != model.Known || v.Type != model.Map {
		return v
	}
	m := model.NewMap(v.Range)
	m.Origin, m.When = v.Origin, v.When
	for i, k := range v.Keys {
		if to, ok := names[k]; ok {
			k = to
		}
		m.Set(k, v.FieldAt(i))
	}
	return m
}

// environment merges the provider's environment into the function's, the
// function's value winning for a name both set, as the framework does.
func (e *evaluator) environment(decl, provider *cfn.Node) (*model.Value, []model.EnvironmentKey) {
	local, global := decl.Get("environment"), provider.Get("environment")
	if local == nil && global == nil {
		return model.NewAbsent(nil), nil
	}
	at := local
	if at == nil {
		at = global
	}
	m := model.NewMap(at.Range)
	var keys []model.EnvironmentKey
	set := func(name string, v *model.Value, keyAt model.Range, origin string) {
		if origin != "" {
			v = v.WithOrigin(origin)
		}
		if m.Field(name) != nil {
			for j := range keys {
				if keys[j].Name == name {
					keys[j].Range, keys[j].Origin = keyAt, model.OriginOf(origin)
				}
			}
		} else {
			keys = append(keys, model.EnvironmentKey{Name: name, Range: keyAt, Origin: model.OriginOf(origin)})
		}
		m.Set(name, v)
	}
	add := func(n *cfn.Node, origin string) {
		switch {
		case n == nil:
		case n.Kind == cfn.MappingNode:
			for i, k := range n.Keys {
				set(k.Value, e.eval(n.Values[i], 0), k.Range, origin)
			}
		default:
			// A variable that names a map (${file(./env.yml)}): its
			// names are placed at their values, on the lines that set them.
			v := e.eval(n, 0)
			if v.State != model.Known || v.Type != model.Map {
				if v.State != model.Absent {
					m = v // a whole environment not known: so is the merge
				}
				return
			}
			for i, k := range v.Keys {
				set(k, v.FieldAt(i), v.FieldAt(i).Range, origin)
			}
		}
	}
	add(global, "provider.environment")
	if m.State != model.Known {
		return m, nil
	}
	add(local, "")
	if m.State != model.Known {
		return m, nil
	}
	if local == nil {
		m.Origin = model.OriginOf("provider.environment")
	}
	return m, keys
}

// evaluator turns nodes into model values, resolving variables.
type evaluator struct {
	root          *cfn.Node
	budget        *model.Budget
	getenv        func(string) (string, bool)
	stage, region string
	// plugins is set when the service lists plugins, which may rewrite
	// what they own (a runtime of their own name, say).
	plugins bool
	// path is the service file's; read reads the files ${file(...)}
	// names, parsed once each into files (nil: unreadable).
	path  string
	read  func(string) ([]byte, error)
	files map[string]*cfn.Node
	// loaded are those files as the project's files, for positions.
	loaded []*model.File
	// params is the params: section, the values ${param:} names per stage.
	params *cfn.Node
	// queueRefs names the queue resource each sqs trigger's arn gets
	// (Fn::GetAtt [Queue, Arn]), for linkQueues.
	queueRefs map[*model.Trigger]string
}

// maxStages bounds the stages a service is judged for at once.
const maxStages = 16

// byStage makes one function of its settings in each stage: a setting
// that differs between stages becomes a value of several paths,
// `stage is "prod"`, as a condition makes it in a template.
func byStage(stages []*evaluator, fs []*model.Function) *model.Function {
	f := fs[0]
	when := func(i int) model.When { return model.Is("stage", strconv.Quote(stages[i].stage)) }
	pick := func(get func(*model.Function) **model.Value) {
		first := *get(f)
		same := true
		for _, g := range fs[1:] {
			if !reflect.DeepEqual((*get(g)).JSON(), first.JSON()) {
				same = false
				break
			}
		}
		if same {
			return
		}
		alts := make([]*model.Value, 0, len(fs))
		for i, g := range fs {
			c := (*get(g)).Copy()
			c.When = model.JoinWhen(when(i), c.When)
			alts = append(alts, c)
		}
		*get(f) = &model.Value{State: model.Conditional, Range: first.Range, Alternatives: alts}
	}
	pick(func(f *model.Function) **model.Value { return &f.MemorySize })
	pick(func(f *model.Function) **model.Value { return &f.Timeout })
	pick(func(f *model.Function) **model.Value { return &f.EphemeralStorage })
	pick(func(f *model.Function) **model.Value { return &f.Runtime })
	pick(func(f *model.Function) **model.Value { return &f.Handler })
	pick(func(f *model.Function) **model.Value { return &f.Architectures })
	pick(func(f *model.Function) **model.Value { return &f.Layers })
	env := f.Environment
	pick(func(f *model.Function) **model.Value { return &f.Environment })
	if f.Environment != env {
		// Each stage's names, on the path of its stage.
		var keys []model.EnvironmentKey
		for i, g := range fs {
			for _, k := range g.EnvironmentKeys {
				k.When = model.JoinWhen(when(i), k.When)
				keys = append(keys, k)
			}
		}
		f.EnvironmentKeys = keys
	}
	f.ComputeEnvironmentSize()
	return f
}

// maxHops bounds how many variables one value may go through (${self:a}
// naming ${self:b}…), so a cycle ends.
const maxHops = 16

// eval returns the value of n; hops counts the variables followed to
// reach it.
func (e *evaluator) eval(n *cfn.Node, hops int) *model.Value {
	return e.evalAt(n, hops, 0)
}

func (e *evaluator) evalAt(n *cfn.Node, hops, depth int) *model.Value {
	if n == nil {
		return model.NewAbsent(nil)
	}
	if int64(depth) > e.budget.Limits().Depth {
		e.budget.Exceed(model.BudgetDepth, "values nested in a service file", n.Range)
		return model.NewUnknown("nested too deep", n.Range)
	}
	if err := e.budget.SpendValues(1, "the values of a service file", n.Range); err != nil {
		return model.NewUnknown("budget exhausted", n.Range)
	}
	if n.IsIntrinsic() {
		return e.intrinsic(n, hops, depth)
	}
	switch n.Kind {
	case cfn.MappingNode:
		m := model.NewMap(n.Range)
		for i, k := range n.Keys {
			m.Set(k.Value, e.evalAt(n.Values[i], hops, depth+1))
		}
		return m
	case cfn.SequenceNode:
		items := make([]*model.Value, 0, len(n.Items))
		for _, it := range n.Items {
			items = append(items, e.evalAt(it, hops, depth+1))
		}
		return model.NewList(items, n.Range)
	}
	switch n.Scalar {
	case cfn.NullScalar:
		return model.NewNull(n.Range)
	case cfn.BoolScalar:
		return model.NewBool(n.Value == "true" || n.Value == "True" || n.Value == "TRUE", n.Range)
	case cfn.IntScalar, cfn.FloatScalar:
		if x, err := strconv.ParseFloat(n.Value, 64); err == nil {
			return model.NewNumber(x, n.Range)
		}
	}
	if strings.Contains(n.Value, "${") {
		return e.interpolate(n.Value, n.Range, hops)
	}
	return model.NewString(n.Value, n.Range)
}

// edge reads a function's cloudFront events: the framework makes it a
// Lambda@Edge function of the distribution it creates, associating a
// version it publishes.
func (e *evaluator) edge(events *cfn.Node) []model.EdgeAssociation {
	if events == nil || events.Kind != cfn.SequenceNode {
		return nil
	}
	var out []model.EdgeAssociation
	for _, item := range events.Items {
		if item.Kind != cfn.MappingNode || len(item.Keys) != 1 || item.Keys[0].Value != "cloudFront" {
			continue
		}
		v := e.eval(item.Values[0], 0)
		a := model.EdgeAssociation{Subject: "its cloudFront event", CacheBehavior: "default", Target: model.EdgeVersion,
			Detail: "the version the framework publishes", Range: item.Keys[0].Range}
		if s, ok := v.Get("eventType").AsString(); ok {
			a.EventType = s
		}
		if s, ok := v.Get("pathPattern").AsString(); ok {
			a.CacheBehavior = s
		}
		out = append(out, a)
	}
	return out
}

// intrinsic reads a CloudFormation function in a service file: Ref and
// Fn::GetAtt of a resource are references to it (resources: defines it,
// the rules follow it); the others are known only at deployment, with the
// resources they name.
func (e *evaluator) intrinsic(n *cfn.Node, hops, depth int) *model.Value {
	name, arg := n.Keys[0].Value, n.Values[0]
	switch name {
	case "Ref":
		if s := arg.Value; arg.Kind == cfn.ScalarNode && !strings.HasPrefix(s, "AWS::") {
			return model.NewRef(model.Ref{Resource: s}, n.Range)
		}
	case "Fn::GetAtt":
		if arg.Kind == cfn.ScalarNode {
			if res, attr, ok := strings.Cut(arg.Value, "."); ok {
				return model.NewRef(model.Ref{Resource: res, Attribute: attr}, n.Range)
			}
		} else if arg.Kind == cfn.SequenceNode && len(arg.Items) == 2 && arg.Items[0].Kind == cfn.ScalarNode && arg.Items[1].Kind == cfn.ScalarNode {
			return model.NewRef(model.Ref{Resource: arg.Items[0].Value, Attribute: arg.Items[1].Value}, n.Range)
		}
	}
	inner := e.evalAt(arg, hops, depth+1)
	return model.NewUnknown(fmt.Sprintf("%s is resolved at deployment", name), n.Range, inner.AllRefs()...)
}

// interpolate resolves the variables of a string. A string that is one
// variable takes the value it names (a number stays a number) and its
// position; one with text around variables is known when each is.
func (e *evaluator) interpolate(s string, at model.Range, hops int) *model.Value {
	start, end, ok := variableSpan(s)
	if !ok {
		return model.NewString(s, at)
	}
	if start == 0 && end == len(s) {
		return e.variable(s[2:end-1], at, hops)
	}
	var b strings.Builder
	for rest := s; ; {
		start, end, ok := variableSpan(rest)
		if !ok {
			b.WriteString(rest)
			break
		}
		b.WriteString(rest[:start])
		v := e.variable(rest[start+2:end-1], at, hops)
		str, known := scalarText(v)
		if !known {
			return model.NewUnknown(fmt.Sprintf("%s is not known", rest[start:end]), at)
		}
		// Each string is paid for before it grows: variables naming
		// variables that double a string would otherwise grow without end.
		if err := e.budget.SpendString(int64(b.Len()+len(str)), "a string built from variables", at); err != nil {
			return model.NewUnknown("budget exhausted", at)
		}
		b.WriteString(str)
		rest = rest[end:]
	}
	return model.NewString(b.String(), at)
}

// variableSpan finds the first ${…} of s, nested variables included.
func variableSpan(s string) (start, end int, ok bool) {
	start = strings.Index(s, "${")
	if start < 0 {
		return 0, 0, false
	}
	depth := 0
	for i := start; i < len(s); i++ {
		switch {
		case strings.HasPrefix(s[i:], "${"):
			depth++
			i++
		case s[i] == '}':
			depth--
			if depth == 0 {
				return start, i + 1, true
			}
		}
	}
	return 0, 0, false
}

// scalarText is the text a known scalar puts in a string.
func scalarText(v *model.Value) (string, bool) {
	if v.State != model.Known {
		return "", false
	}
	switch v.Type {
	case model.String:
		return v.Str, true
	case model.Number:
		return strconv.FormatFloat(v.Num, 'f', -1, 64), true
	case model.Bool:
		return strconv.FormatBool(v.Bool), true
	}
	return "", false
}

// variable resolves one variable's body: sources separated by commas,
// the first that resolves winning (${opt:stage, 'dev'}).
func (e *evaluator) variable(body string, at model.Range, hops int) *model.Value {
	if hops >= maxHops {
		return model.NewUnknown("variables nested too deep or in a cycle", at)
	}
	expr := "${" + body + "}"
	for _, src := range splitSources(body) {
		src = strings.TrimSpace(src)
		if strings.Contains(src, "${") {
			v := e.interpolate(src, at, hops+1)
			s, ok := scalarText(v)
			if !ok {
				continue
			}
			src = s
		}
		if v, ok := e.source(src, at, hops); ok {
			if len(v.Origin) == 0 {
				v = v.WithOrigin(expr)
			}
			return v
		}
	}
	return model.NewUnknown(fmt.Sprintf("%s is not known before deployment", expr), at)
}

// splitSources splits a variable's body at its top-level commas.
func splitSources(body string) []string {
	var out []string
	depth, quote, last := 0, byte(0), 0
	for i := 0; i < len(body); i++ {
		c := body[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '{' || c == '(':
			depth++
		case c == '}' || c == ')':
			depth--
		case c == ',' && depth == 0:
			out = append(out, body[last:i])
			last = i + 1
		}
	}
	return append(out, body[last:])
}

// source resolves one source of a variable; ok is false when it names
// nothing known here.
func (e *evaluator) source(src string, at model.Range, hops int) (*model.Value, bool) {
	if len(src) >= 2 && (src[0] == '\'' || src[0] == '"') && src[len(src)-1] == src[0] {
		return model.NewString(src[1:len(src)-1], at), true
	}
	if x, err := strconv.ParseFloat(src, 64); err == nil {
		return model.NewNumber(x, at), true
	}
	if strings.HasPrefix(src, "file(") {
		return e.file(src, hops)
	}
	kind, arg, found := strings.Cut(src, ":")
	if !found {
		return nil, false
	}
	switch kind {
	case "self":
		n := e.lookup(arg)
		if n == nil {
			return nil, false
		}
		v := e.eval(n, hops+1)
		return v, v.State != model.Absent
	case "opt", "sls":
		switch arg {
		case "stage":
			if e.stage == "" {
				return nil, false // provider.stage itself, being read: its fallback
			}
			return model.NewString(e.stage, at), true
		case "region":
			if kind == "opt" {
				return model.NewString(e.region, at), true
			}
		}
	case "env":
		if v, ok := e.getenv(arg); ok {
			return model.NewString(v, at), true
		}
	case "param":
		// The stage's own value, else the default's.
		for _, stage := range []string{e.stage, "default"} {
			if n := e.params.Get(stage).Get(arg); n != nil {
				v := e.eval(n, hops+1)
				return v, v.State != model.Absent
			}
		}
	}
	return nil, false
}

// file resolves ${file(./path.yml)} and ${file(./path.yml):key.sub}.
func (e *evaluator) file(src string, hops int) (*model.Value, bool) {
	n := e.fileNode(src)
	if n == nil {
		return nil, false
	}
	v := e.eval(n, hops+1)
	return v, v.State != model.Absent
}

// fileNode returns the node ${file(./path.yml)} or
// ${file(./path.yml):key.sub} names, or nil.
func (e *evaluator) fileNode(src string) *cfn.Node {
	close := strings.Index(src, ")")
	if close < 0 || e.read == nil {
		return nil
	}
	name := relatedPath(e.path, strings.Trim(strings.TrimSpace(src[len("file("):close]), `'"`))
	if name == "" {
		return nil
	}
	root, seen := e.files[name]
	if !seen {
		if b, err := e.read(name); err == nil {
			t := cfn.ParseDocument(name, b, e.budget)
			if len(t.Errors) == 0 {
				root = t.Root
				e.loaded = append(e.loaded, &model.File{Path: name, Format: FileFormat, Content: t.Content})
			}
		}
		e.files[name] = root
	}
	if root == nil {
		return nil
	}
	if key, ok := strings.CutPrefix(strings.TrimSpace(src[close+1:]), ":"); ok {
		return lookupIn(root, strings.TrimSpace(key))
	}
	return root
}

// lookup follows a dotted path from the top of the file (custom.memory,
// provider.environment.TABLE, a list index as a number).
func (e *evaluator) lookup(path string) *cfn.Node { return lookupIn(e.root, path) }

// lookupIn follows a dotted path from n.
func lookupIn(n *cfn.Node, path string) *cfn.Node {
	for _, part := range strings.Split(path, ".") {
		switch {
		case n == nil:
			return nil
		case n.Kind == cfn.MappingNode:
			n = n.Get(part)
		case n.Kind == cfn.SequenceNode:
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(n.Items) {
				return nil
			}
			n = n.Items[i]
		default:
			return nil
		}
	}
	return n
}
