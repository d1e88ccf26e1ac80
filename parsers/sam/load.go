// Package sam loads SAM and CloudFormation templates into the model: it
// expands AWS::Serverless::Function with Globals merged the way the SAM
// translator does, and reads AWS::Lambda::Function as CloudFormation has it.
package sam

import (
	"fmt"
	"strings"

	"github.com/lambdavet/lambdavet/parsers/cdk"
	"github.com/lambdavet/lambdavet/parsers/cfn"
	"github.com/lambdavet/lambdavet/parsers/model"
)

// Options tune how templates are evaluated.
type Options struct {
	// Parameters override parameter defaults (and give pseudo parameters
	// such as AWS::Region a value), as `-param Name=Value` does.
	Parameters map[string]string
	// Budget bounds the work of loading; nil uses the default limits.
	// Files of one project share it.
	Budget *model.Budget
}

// Load parses and evaluates one template file into a project. It returns
// isTemplate=false for YAML/JSON files that are not templates (the project
// is then empty and has no errors unless the file did not parse at all).
func Load(path string, src []byte, opts Options) (p *model.Project, isTemplate bool) {
	return FromTemplate(path, cfn.ParseBudget(path, src, opts.Budget), opts)
}

// FromTemplate evaluates a parsed template into a project, as Load does;
// other formats that embed CloudFormation (a Serverless Framework
// service's resources:) give it the template they built.
func FromTemplate(path string, t *cfn.Template, opts Options) (p *model.Project, isTemplate bool) {
	format := model.FormatCloudFormation
	if t.IsSAM {
		format = model.FormatSAM
	}
	p = &model.Project{
		Root: path,
		// Positions refer to the decoded text (UTF-16 read as UTF-8, a lone
		// CR as LF), so that is the content rules and reporters see.
		Files:  []*model.File{{Path: path, Format: format, Content: t.Content}},
		Errors: t.Errors,
	}
	if !t.IsTemplate {
		return p, false
	}
	budget := opts.Budget
	if budget == nil {
		budget = model.NewBudget(model.Limits{})
	}
	e := cfn.NewEvaluatorWith(t, cfn.EvalOptions{Parameters: opts.Parameters, Budget: budget})
	defer func() {
		// A template cut short by the budget would have rules judge half of
		// it: it keeps its file and one error saying where the budget ran
		// out (analyzers/load.settle says it once per project).
		if berr := budget.Err(); berr != nil {
			p.Functions, p.Resources, p.Network = nil, nil, nil
			p.DeferNetwork(nil)
			p.Errors = append(p.Errors, berr.LoadError())
		}
	}()
	res := t.Root.Get("Resources")
	if res == nil || res.IsNull() {
		return p, true
	}
	if res.Kind != cfn.MappingNode {
		p.Errors = append(p.Errors, &model.LoadError{Range: res.Range, Message: "Resources must be a mapping of logical ids to resources"})
		return p, true
	}
	globals := t.Root.Get("Globals")
	// Each Globals section is evaluated and marked once per condition it
	// is evaluated under, and shared by every resource that inherits it;
	// the copies each resource's model holds still count against the
	// budget, as if made.
	type section struct {
		v     *model.Value
		count int64
	}
	inherited := map[[2]string]section{}
	inherit := func(kind, cond string, g *cfn.Node) section {
		k := [2]string{kind, cond}
		s, ok := inherited[k]
		if !ok {
			v := markGlobals(e.EvalUnder(g, cond))
			s = section{v, valueCount(v)}
			inherited[k] = s
		}
		return s
	}
	// The names under each Globals section's Environment, indexed once
	// and only if a function inherits a name.
	envIndexes := map[string]*keyIndex{}
	inheritedKeys := map[*model.Value][]model.EnvironmentKey{}
	var mappings *keyIndex
	mappingKeys := func() *keyIndex {
		if mappings == nil {
			mappings = indexKeys(t.Root.Get("Mappings"))
			if mappings == nil {
				mappings = &keyIndex{}
			}
		}
		return mappings
	}
	envIndex := func(kind string, g *cfn.Node) *keyIndex {
		x, ok := envIndexes[kind]
		if !ok {
			x = indexKeys(g.Get("Environment"))
			envIndexes[kind] = x
		}
		return x
	}
	for i, key := range res.Keys {
		if budget.Exhausted() {
			return p, true
		}
		decl := res.Values[i]
		if !edgeReads(decl) {
			// Once in the model, a resource's nodes are not read again (the
			// evaluator knows resources by type, edge.go reads only
			// distributions), so they go now: the tree and the model of a
			// large template are then never both whole, and its peak
			// memory is about that of the model.
			res.Keys[i], res.Values[i] = nil, nil
		}
		if strings.HasPrefix(key.Value, "Fn::ForEach::") {
			continue // expanded by the LanguageExtensions transform at deploy time
		}
		if decl.Kind != cfn.MappingNode {
			p.Errors = append(p.Errors, &model.LoadError{Range: decl.Range, Message: fmt.Sprintf("resource %q must be a mapping with a Type", key.Value)})
			continue
		}
		typ := decl.Get("Type")
		if typ == nil || typ.Kind != cfn.ScalarNode || typ.Value == "" {
			p.Errors = append(p.Errors, &model.LoadError{Range: key.Range, Message: fmt.Sprintf("resource %q has no Type", key.Value)})
			continue
		}
		cond := ""
		if c := decl.Get("Condition"); c != nil && c.Kind == cfn.ScalarNode {
			cond = c.Value
			if v, ok := e.Condition(cond); ok && !v {
				continue // never created with the parameters given
			}
		}
		props := evalProperties(e, typ.Value, decl.Get("Properties"), cond)
		globalKeys := func() *keyIndex { return nil }
		// Globals.Function applies to AWS::Serverless::Function, Globals.Api
		// to AWS::Serverless::Api, and so on for every SAM resource type.
		if kind, ok := strings.CutPrefix(typ.Value, "AWS::Serverless::"); ok {
			if g := globals.Get(kind); g != nil {
				// IgnoreGlobals is a resource attribute, beside Properties.
				ignore := e.EvalUnder(decl.Get("IgnoreGlobals"), cond)
				gs := inherit(kind, cond, g)
				if err := budget.SpendValues(gs.count, "the Globals each resource inherits", key.Range); err != nil {
					return p, true
				}
				props = mergeGlobals(ignoreGlobals(gs.v, ignore), props, g, decl.Get("Properties"))
				globalKeys = func() *keyIndex { return envIndex(kind, g) }
			}
		}
		r := &model.Resource{Name: key.Value, Type: typ.Value, Range: key.Range, Condition: cond, Properties: props,
			Metadata: evalMetadata(e, decl.Get("Metadata"), cond)}
		p.Resources = append(p.Resources, r)
		p.Resources = append(p.Resources, embeddedConnectors(e, r, decl.Get("Connectors"), cond)...)
		var f *model.Function
		switch typ.Value {
		case "AWS::Serverless::Function":
			f = serverlessFunction(r, props)
		case "AWS::Lambda::Function":
			f = lambdaFunction(r, props)
		default:
			continue
		}
		cdk.NameFunction(f)
		// A function that writes no Environment of its own shares the
		// Variables map it inherits, and so its names.
		localEnv := decl.Get("Properties").Get("Environment")
		if keys, ok := inheritedKeys[f.Environment]; ok && localEnv == nil {
			f.EnvironmentKeys = keys
		} else {
			f.ComputeEnvironmentKeys(envKeyFinder(localEnv, globalKeys, mappingKeys))
			if localEnv == nil {
				inheritedKeys[f.Environment] = f.EnvironmentKeys
			}
		}
		p.Functions = append(p.Functions, f)
	}
	if budget.Exhausted() {
		return p, true
	}
	if testHookResourcesLoaded != nil {
		testHookResourcesLoaded()
	}
	linkTriggers(p)
	linkVersions(p, e.Condition)
	p.DeferNetwork(func() { LinkNetwork(p) })
	addEdge(p, t)
	return p, true
}

// testHookResourcesLoaded, when set, runs once every resource is in the
// model (TestLoadFreesNodes measures the memory then).
var testHookResourcesLoaded func()

// edgeReads reports whether addEdge reads the nodes of the resource
// declared by decl: it renders the intrinsics of a distribution's
// function associations from them (edgeResolver.intrinsicText).
func edgeReads(decl *cfn.Node) bool {
	typ := decl.Get("Type")
	return typ != nil && typ.Kind == cfn.ScalarNode && typ.Value == "AWS::CloudFront::Distribution"
}

// lambdaFunction reads AWS::Lambda::Function properties.
func lambdaFunction(r *model.Resource, props *model.Value) *model.Function {
	f := commonSettings(r, props)
	f.Code = props.Dig("Code").Or(f.Code)
	f.InlineCode = props.Dig("Code", "ZipFile").Or(f.InlineCode)
	f.ComputeEnvironmentSize()
	return f
}

// serverlessFunction reads AWS::Serverless::Function properties.
func serverlessFunction(r *model.Resource, props *model.Value) *model.Function {
	f := commonSettings(r, props)
	f.PropertyNames = model.SAMNames
	f.InlineCode = props.Dig("InlineCode").Or(f.InlineCode)
	for _, k := range []string{"CodeUri", "InlineCode", "ImageUri"} {
		f.Code = props.Dig(k).Or(f.Code)
	}
	f.AutoPublishAlias = props.Dig("AutoPublishAlias").Or(f.AutoPublishAlias)
	// SAM configures it on the alias AutoPublishAlias maintains.
	f.ProvisionedConcurrency = props.Dig("ProvisionedConcurrencyConfig").Or(f.ProvisionedConcurrency)
	if ev := props.Get("Events"); ev != nil && ev.Type == model.Map {
		for _, name := range ev.Keys {
			decl := ev.Field(name)
			typ, _ := decl.Dig("Type").AsString()
			f.Events = append(f.Events, &model.Event{Name: name, Type: typ, Range: decl.Range, Properties: decl.Dig("Properties")})
		}
	}
	f.ComputeEnvironmentSize()
	return f
}

func commonSettings(r *model.Resource, props *model.Value) *model.Function {
	f := model.NewFunction(r)
	f.MemorySize = props.Dig("MemorySize").Or(f.MemorySize)
	f.Timeout = props.Dig("Timeout").Or(f.Timeout)
	f.EphemeralStorage = props.Dig("EphemeralStorage", "Size").Or(f.EphemeralStorage)
	f.Environment = props.Dig("Environment", "Variables").Or(f.Environment)
	f.Layers = props.Dig("Layers").Or(f.Layers)
	f.VpcConfig = props.Dig("VpcConfig").Or(f.VpcConfig)
	f.Runtime = props.Dig("Runtime").Or(f.Runtime)
	f.Architectures = props.Dig("Architectures").Or(f.Architectures)
	f.PackageType = props.Dig("PackageType").Or(f.PackageType)
	f.Handler = props.Dig("Handler").Or(f.Handler)
	f.FileSystemConfigs = props.Dig("FileSystemConfigs").Or(f.FileSystemConfigs)
	f.CapacityProvider = props.Dig("CapacityProviderConfig").Or(f.CapacityProvider)
	f.LoggingConfig = props.Dig("LoggingConfig").Or(f.LoggingConfig)
	f.RuntimeManagementConfig = props.Dig("RuntimeManagementConfig").Or(f.RuntimeManagementConfig)
	f.SnapStart = props.Dig("SnapStart").Or(f.SnapStart)
	return f
}

// unread says which properties no rule reads: their values are left
// unevaluated (unknown, with their range), so memory follows what rules
// read and not the size of tags or state machine definitions. Policy
// documents, events and everything else stay evaluated: network uses read
// them.
func unread(typ, key string) bool {
	switch key {
	case "Tags":
		return true
	case "Definition", "DefinitionString":
		return typ == "AWS::StepFunctions::StateMachine" || typ == "AWS::Serverless::StateMachine"
	}
	return false
}

// evalProperties evaluates a resource's Properties, but for the
// properties no rule reads.
func evalProperties(e *cfn.Evaluator, typ string, n *cfn.Node, cond string) *model.Value {
	if n == nil || n.Kind != cfn.MappingNode || n.IsIntrinsic() {
		return e.EvalUnder(n, cond)
	}
	skip := false
	for _, k := range n.Keys {
		skip = skip || unread(typ, k.Value)
	}
	if !skip {
		return e.EvalUnder(n, cond)
	}
	m := model.NewMap(n.Range)
	for i, k := range n.Keys {
		if unread(typ, k.Value) {
			m.Set(k.Value, model.NewUnknown(fmt.Sprintf("%s is not evaluated: no lambdavet rule reads it", k.Value), n.Values[i].Range))
			continue
		}
		if v := e.EvalUnder(n.Values[i], cond); v.State != model.Absent {
			m.Set(k.Value, v)
		}
	}
	return m
}

// embeddedConnectors are the AWS::Serverless::Connector resources SAM
// makes of a resource's Connectors attribute: one per entry, named
// <resource><entry>, whose Source is the resource.
func embeddedConnectors(e *cfn.Evaluator, r *model.Resource, n *cfn.Node, cond string) []*model.Resource {
	if n == nil || n.Kind != cfn.MappingNode {
		return nil
	}
	var out []*model.Resource
	for i, k := range n.Keys {
		props := e.EvalUnder(n.Values[i].Get("Properties"), cond)
		if !props.IsKnown() || props.Type != model.Map {
			continue
		}
		source := model.NewMap(k.Range)
		source.Set("Id", model.NewString(r.Name, r.Range))
		props.Set("Source", source)
		out = append(out, &model.Resource{Name: r.Name + k.Value, Type: "AWS::Serverless::Connector", Range: k.Range, Condition: cond, Properties: props})
	}
	return out
}

// evalMetadata evaluates what lambdavet reads of a resource's Metadata:
// its own entry (suppressions, internal/suppress); CDK paths, cfn-lint
// and cfn-init configurations are not evaluated.
func evalMetadata(e *cfn.Evaluator, n *cfn.Node, cond string) *model.Value {
	if n == nil {
		return nil // nothing to read, and no value to hold per resource
	}
	if n.Kind != cfn.MappingNode || n.IsIntrinsic() {
		return e.EvalUnder(n, cond)
	}
	m := model.NewMap(n.Range)
	if lv := n.Get("lambdavet"); lv != nil {
		m.Set("lambdavet", e.EvalUnder(lv, cond))
	}
	// What the AWS CDK writes: the construct path, for messages, and the
	// asset the code or layer content is, for the package size rules.
	for _, k := range []string{cdk.PathKey, cdk.AssetPathKey, cdk.AssetPropertyKey} {
		if v := n.Get(k); v != nil && v.Kind == cfn.ScalarNode {
			m.Set(k, model.NewString(v.Value, v.Range))
		}
	}
	return m
}
