package sam

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"github.com/lambdavet/lambdavet/parsers/model"
	"github.com/lambdavet/lambdavet/parsers/netgraph"
)

// LinkNetwork builds the template's network graph (VPCs, subnets, route
// tables with their routes, VPC endpoints), places each function with a
// VpcConfig in it, and records what each function talks to: the services
// its environment, policies, connectors, file systems and event sources name.
// Any project whose resources are CloudFormation's and whose functions'
// VpcConfig has CloudFormation's keys (SubnetIds, SecurityGroupIds) is
// linked the same way: a Serverless Framework service with its resources:
// is one.
func LinkNetwork(p *model.Project) {
	b := &netBuilder{p: p, res: map[string]*model.Resource{}}
	for _, r := range p.Resources {
		b.res[r.Name] = r
	}
	b.graph()
	b.index()
	for _, f := range p.Functions {
		b.attach(f)
		f.Uses, f.Writes = b.uses(f)
	}
	netgraph.Attach(p, b.net)
}

type netBuilder struct {
	p   *model.Project
	res map[string]*model.Resource
	net *model.Network
	// classify tells what the resources a function names are to it.
	classify *netgraph.Uses
	// The resources each function's uses look at, indexed once by the
	// names they point at, so a template of many functions is not walked
	// once per function: IAM policies by the roles they name, connectors by
	// the sources they name, event source mappings by their functions.
	policiesByRole map[string][]*model.Resource
	connectorsBy   map[string][]*model.Resource
	mappingsBy     map[string][]*model.Resource
	// customBy lists, by function, the custom resources it handles (its
	// ServiceToken names the function).
	customBy map[string][]*model.Resource
	// envUses caches what one environment variable's value implies: a
	// Globals variable is shared by every function inheriting it and is
	// classified once.
	envUses map[envKey][]*model.Use
}

type envKey struct {
	name string
	v    *model.Value
}

// envValueUses adds the uses of environment variable k, set to v.
func (b *netBuilder) envValueUses(k string, v *model.Value, set *model.UseSet) {
	key := envKey{k, v}
	uses, ok := b.envUses[key]
	if !ok {
		tmp := &model.UseSet{}
		b.valueUses(k, v, "environment variable "+k, tmp)
		uses = tmp.List()
		if b.envUses == nil {
			b.envUses = map[envKey][]*model.Use{}
		}
		b.envUses[key] = uses
	}
	for _, u := range uses {
		c := *u // a set merges into its uses; each function has its own
		set.Add(&c)
	}
}

// index fills the netBuilder's indexes, in resource order.
func (b *netBuilder) index() {
	b.policiesByRole = map[string][]*model.Resource{}
	b.connectorsBy = map[string][]*model.Resource{}
	b.mappingsBy = map[string][]*model.Resource{}
	b.customBy = map[string][]*model.Resource{}
	add := func(m map[string][]*model.Resource, names map[string]bool, order []string, r *model.Resource) {
		for _, n := range order {
			if names[n] {
				m[n] = append(m[n], r)
				names[n] = false // once per resource
			}
		}
	}
	for _, r := range b.p.Resources {
		var order []string
		names := map[string]bool{}
		note := func(n string) {
			if n != "" && !names[n] {
				names[n] = true
				order = append(order, n)
			}
		}
		switch r.Type {
		case "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::RolePolicy":
			for _, v := range []*model.Value{r.Properties.Dig("Roles"), r.Properties.Dig("RoleName")} {
				for _, it := range listItems(v) {
					for _, ref := range it.AllRefs() {
						note(ref.Resource)
					}
					if it.State == model.Unknown {
						if m := undefinedRef.FindStringSubmatch(it.Reason); m != nil {
							note(m[1])
						}
					}
				}
			}
			add(b.policiesByRole, names, order, r)
		case "AWS::Serverless::Connector":
			src := r.Properties.Dig("Source")
			if s, ok := src.Dig("Id").AsString(); ok {
				note(s)
			}
			for _, ref := range src.AllRefs() {
				note(ref.Resource)
			}
			add(b.connectorsBy, names, order, r)
		case "AWS::Lambda::EventSourceMapping":
			for _, ref := range r.Properties.Dig("FunctionName").AllRefs() {
				note(ref.Resource)
				if a, ok := b.res[ref.Resource]; ok && (a.Type == "AWS::Lambda::Alias" || a.Type == "AWS::Lambda::Version") {
					for _, in := range a.Properties.Dig("FunctionName").AllRefs() {
						note(in.Resource)
					}
				}
			}
			add(b.mappingsBy, names, order, r)
		default:
			if strings.HasPrefix(r.Type, "Custom::") || r.Type == "AWS::CloudFormation::CustomResource" {
				for _, ref := range r.Properties.Dig("ServiceToken").AllRefs() {
					note(ref.Resource)
					if a, ok := b.res[ref.Resource]; ok && (a.Type == "AWS::Lambda::Alias" || a.Type == "AWS::Lambda::Version") {
						for _, in := range a.Properties.Dig("FunctionName").AllRefs() {
							note(in.Resource)
						}
					}
				}
				add(b.customBy, names, order, r)
			}
		}
	}
}

// refTo returns the template resource of type typ a value refers to.
func (b *netBuilder) refTo(v *model.Value, types ...string) *model.Resource {
	for _, ref := range v.AllRefs() {
		if r, ok := b.res[ref.Resource]; ok {
			for _, t := range types {
				if r.Type == t {
					return r
				}
			}
		}
	}
	return nil
}

// source returns the text a range covers.
func (b *netBuilder) source(r model.Range) string {
	for _, f := range b.p.Files {
		if f.Path == r.File && r.Start.Offset >= 0 && int(r.End.Offset) <= len(f.Content) && r.Start.Offset < r.End.Offset {
			return string(f.Content[r.Start.Offset:r.End.Offset])
		}
	}
	return ""
}

// cfnNetwork is CloudFormation's vocabulary for the network picture.
var cfnNetwork = netgraph.Syntax{
	Kinds: netgraph.Kinds(netgraph.CloudFormation),
	Keys:  netgraph.KeysOf(netgraph.CloudFormation),
	Partial: func(r *model.Resource) string {
		if r == nil || r.Condition == "" {
			return ""
		}
		return fmt.Sprintf("when condition %q holds", r.Condition)
	},
	RouteNoun: "route ",
}

// cfnUses is CloudFormation's vocabulary for what functions talk to.
var cfnUses = netgraph.UseSyntax{
	Kinds:   netgraph.UseKinds(netgraph.CloudFormation),
	Keys:    netgraph.UseKeysOf(netgraph.CloudFormation),
	Partial: cfnNetwork.Partial,
}

// graph builds the template's network picture.
func (b *netBuilder) graph() {
	s := cfnNetwork
	s.Resolver = cfnResolver{b}
	s.Text = b.source
	b.net = netgraph.Build(b.p, &s)
	u := cfnUses
	u.Resolver = s.Resolver
	b.classify = netgraph.NewUses(b.p, &u)
}

// cfnResolver follows Ref and Fn::GetAtt to the template's resources. A
// value that is not a reference names none of them.
type cfnResolver struct{ b *netBuilder }

func (c cfnResolver) First(v *model.Value, match func(*model.Resource) bool) string {
	for _, ref := range v.AllRefs() {
		if r, ok := c.b.res[ref.Resource]; ok && match(r) {
			return r.Name
		}
	}
	return ""
}

// Named follows each item of a list (each candidate of a condition) to a
// resource.
func (c cfnResolver) Named(v *model.Value, match func(*model.Resource) bool) ([]string, bool) {
	var ids []string
	ok := true
	seen := map[string]bool{}
	for _, it := range v.Items() {
		id := c.First(it, match)
		switch {
		case id == "":
			ok = false
		case !seen[id]:
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return ids, ok
}

func (c cfnResolver) Resolve(ref model.Ref) string {
	if _, ok := c.b.res[ref.Resource]; ok {
		return ref.Resource
	}
	return ""
}

// keyBefore returns the range of the key written just before a value (the
// VpcConfig of `VpcConfig:` or `"VpcConfig": {`), or the value's range.
func (b *netBuilder) keyBefore(r model.Range, key string) model.Range {
	for _, f := range b.p.Files {
		if f.Path != r.File || int(r.Start.Offset) > len(f.Content) {
			continue
		}
		start := max(0, int(r.Start.Offset)-2048)
		head := string(f.Content[start:r.Start.Offset])
		i := -1
		for j := strings.LastIndex(head, key); j >= 0; j = strings.LastIndex(head[:j], key) {
			tail := yamlComment.ReplaceAllString(head[j+len(key):], "")
			if strings.Trim(tail, "\"': \t\r\n") == "" && strings.Contains(tail, ":") {
				i = j
				break
			}
		}
		if i < 0 {
			return r
		}
		// The key's line and column from the value's, counting only the
		// text between them: counting from the top of the file, for each
		// VPC function, made a template of many quadratic.
		off := start + i
		between := f.Content[off:r.Start.Offset]
		line := int(r.Start.Line) - bytes.Count(between, []byte{'\n'})
		col := int(r.Start.Column) - len(between)
		if bytes.IndexByte(between, '\n') >= 0 {
			col = off - (bytes.LastIndexByte(f.Content[:off], '\n') + 1) + 1
		}
		return model.Range{File: r.File,
			Start: model.Point{Line: int32(line), Column: int32(col), Offset: int32(off)},
			End:   model.Point{Line: int32(line), Column: int32(col + len(key)), Offset: int32(off + len(key))}}
	}
	return r
}

// listItems returns the items of a list value (each candidate of a
// conditional); a value that is not a known list is one item.
func listItems(v *model.Value) []*model.Value { return v.Items() }

// attach records the function's VPC attachment and the subnets it uses.
func (b *netBuilder) attach(f *model.Function) {
	vc := f.VpcConfig
	if !vc.IsSet() {
		return
	}
	fn := model.NewFunctionNetwork(vc, "SubnetIds", "SecurityGroupIds", "Ipv6AllowedForDualStack")
	fn.At = b.keyBefore(vc.Range, "VpcConfig")
	if !fn.SubnetIds.Range.IsZero() {
		fn.SubnetIdsAt = b.keyBefore(fn.SubnetIds.Range, "SubnetIds")
	}
	if !knownPaths(vc) {
		fn.Unresolved = "VpcConfig is not known on every path"
	} else {
		fn.Subnets, fn.Unresolved = b.net.ResolveSubnets(fn.SubnetIds, nil)
		fn.Resolved = fn.Unresolved == ""
	}
	f.Network = fn
}

// knownPaths reports whether a value is known on each of its condition
// paths (a VpcConfig that differs by condition or instance is followed on
// each).
func knownPaths(v *model.Value) bool { return v.KnownOnEveryPath() }

// ---------------------------------------------------------------------------
// Uses

var yamlComment = regexp.MustCompile(`#[^\n]*`)

var undefinedRef = regexp.MustCompile(`^Ref to "([^"]+)", which the template does not define`)

// uses gathers what the function talks to.
func (b *netBuilder) uses(f *model.Function) ([]*model.Use, []*model.Grant) {
	set := &model.UseSet{}
	props := f.Resource.Properties
	sources, cluster := b.eventSources(f, set)
	skip := func(ref model.Ref) bool { return sources[ref.Resource] }

	// Environment variables.
	if env := f.Environment; env.IsSet() {
		for _, c := range env.Candidates() {
			if !c.IsKnown() || c.Type != model.Map {
				continue
			}
			for _, k := range c.Keys {
				b.envValueUses(k, c.Field(k), set)
			}
		}
	}
	// File systems are EFS, reached through mount targets in the VPC.
	if fs := f.FileSystemConfigs; fs.IsSet() && !(fs.IsKnown() && fs.Type == model.List && len(fs.List) == 0) {
		set.Add(&model.Use{Service: "efs", Private: true, Certain: true, Evidence: "FileSystemConfigs", Range: fs.Range})
	}
	// SAM Policies.
	if pol := props.Dig("Policies"); pol.IsSet() {
		for _, it := range listItems(pol) {
			b.policyItem(it, set, skip)
		}
	}
	// The execution role and the policies attached to it.
	role := ""
	if r := b.refTo(props.Dig("Role"), "AWS::IAM::Role"); r != nil {
		role = r.Name
		rp := r.Properties
		for _, it := range listItems(rp.Dig("Policies")) {
			b.document(it.Dig("PolicyDocument"), fmt.Sprintf("policy %s of role %q", policyName(it, "PolicyName"), r.Name), set, skip)
		}
		for _, it := range listItems(rp.Dig("ManagedPolicyArns")) {
			b.managed(it, fmt.Sprintf("managed policy of role %q", r.Name), set, skip)
		}
	} else if !props.Dig("Role").IsSet() && f.Resource.Type == "AWS::Serverless::Function" {
		role = f.Name() + "Role" // the role SAM generates
	}
	if role != "" {
		for _, r := range b.policiesByRole[role] {
			b.document(r.Properties.Dig("PolicyDocument"), fmt.Sprintf("policy %q", r.Name), set, skip)
		}
	}
	// SAM connectors from the function.
	for _, r := range b.connectorsBy[f.Name()] {
		b.connector(r.Properties, fmt.Sprintf("connector %q", r.Name), set)
	}
	// A custom resource's handler answers CloudFormation by a PUT to a
	// pre-signed S3 URL; one that cannot reach S3 leaves the stack waiting
	// for about an hour.
	for _, r := range b.customBy[f.Name()] {
		set.Add(&model.Use{Service: "s3", Certain: true, Evidence: fmt.Sprintf("the response URL of custom resource %q", r.Name), Range: r.Properties.Dig("ServiceToken").Range})
	}
	if cluster {
		set.Drop(model.ESMAuth...) // the mapping's credentials, read by Lambda
	}
	return set.List(), set.Grants()
}

func policyName(v *model.Value, key string) string {
	if s, ok := v.Dig(key).AsString(); ok {
		return fmt.Sprintf("%q", s)
	}
	return "(unnamed)"
}

// eventSources records the uses event sources imply (private clusters an
// event source mapping reads) and returns the resources the function is
// fed from, whose permissions Lambda uses to poll.
func (b *netBuilder) eventSources(f *model.Function, set *model.UseSet) (map[string]bool, bool) {
	sources := f.QueueSources()
	clusters := false
	cluster := func(evidence string, rng model.Range) {
		set.Add(&model.Use{Service: "private-host", Private: true, Certain: false, Evidence: evidence, Range: rng})
		clusters = true
	}
	for _, ev := range f.Events {
		switch ev.Type {
		case "SQS", "Kinesis", "DynamoDB":
			for _, k := range []string{"Queue", "Stream"} {
				for _, ref := range ev.Properties.Dig(k).AllRefs() {
					sources[ref.Resource] = true
				}
			}
		case "MSK", "MQ", "SelfManagedKafka", "DocumentDB":
			cluster(fmt.Sprintf("%s event %q", ev.Type, ev.Name), ev.Range)
			for _, ref := range ev.Properties.AllRefs() {
				sources[ref.Resource] = true
			}
		}
	}
	for _, r := range b.mappingsBy[f.Name()] {
		props := r.Properties
		for _, ref := range props.AllRefs() {
			sources[ref.Resource] = true
		}
		if b.classify.PrivateMapping(props, "", r.Range) {
			cluster(fmt.Sprintf("event source mapping %q", r.Name), r.Range)
		}
	}
	return sources, clusters
}

// policyItem reads one entry of SAM Policies: a managed policy name or
// ARN, a policy template, or an inline document.
func (b *netBuilder) policyItem(it *model.Value, set *model.UseSet, skip func(model.Ref) bool) {
	if s, ok := it.AsString(); ok {
		set.AddManaged(s, "managed policy "+s, it.Range)
		return
	}
	if !it.IsKnown() || it.Type != model.Map {
		b.managed(it, "managed policy", set, skip) // a ManagedPolicy of the template, or !Sub arn:…:policy/Name
		return
	}
	if it.Get("Statement") != nil {
		b.document(it, "inline policy", set, skip)
		return
	}
	for _, name := range it.Keys {
		u, known := model.PolicyTemplateUse(name, it.Field(name), it.Range)
		if !known {
			continue
		}
		params := it.Field(name)
		set.AddTemplateGrant(name, params, it.Range)
		if u != nil {
			// A template over the function's own event source is polling.
			own := false
			for _, ref := range params.AllRefs() {
				own = own || skip(ref)
			}
			if !own || u.Service != "sqs" && u.Service != "kinesis" {
				set.Add(u)
			}
		}
		b.refUses(params, "policy template "+name, set, true)
	}
}

// managed reads an entry of ManagedPolicyArns.
func (b *netBuilder) managed(it *model.Value, evidence string, set *model.UseSet, skip func(model.Ref) bool) {
	if s, ok := it.AsString(); ok {
		set.AddManaged(s, "managed policy "+s[strings.LastIndex(s, "/")+1:], it.Range)
		return
	}
	if r := b.refTo(it, "AWS::IAM::ManagedPolicy"); r != nil {
		b.document(r.Properties.Dig("PolicyDocument"), fmt.Sprintf("policy %q", r.Name), set, skip)
		return
	}
	// !Sub arn:${AWS::Partition}:iam::aws:policy/Name
	if text, ok := it.Template(); ok {
		if m := regexp.MustCompile(`:policy/([A-Za-z0-9_+=,.@-]+)`).FindStringSubmatch(text); m != nil {
			set.AddManaged(m[1], "managed policy "+m[1], it.Range)
		}
	}
}

// document reads an IAM policy document: the services its actions reach,
// and the private resources or data store credentials it names.
func (b *netBuilder) document(doc *model.Value, evidence string, set *model.UseSet, skip func(model.Ref) bool) {
	model.PolicyUses(doc, evidence, set, skip)
	b.refUses(doc, evidence, set, true)
}

// refUses records private resources (and secrets holding their
// credentials) a value refers to; with all, public resources too.
func (b *netBuilder) refUses(v *model.Value, evidence string, set *model.UseSet, privateOnly bool) {
	b.classify.AddRefs(v, evidence, set, privateOnly)
}

// connector reads a SAM connector's destinations.
func (b *netBuilder) connector(props *model.Value, evidence string, set *model.UseSet) {
	dests := listItems(props.Dig("Destination"))
	for _, d := range dests {
		name, ok := d.Dig("Id").AsString()
		if !ok {
			for _, ref := range d.AllRefs() {
				name = ref.Resource
			}
		}
		if r, ok := b.res[name]; ok {
			if u, _ := b.classify.Resource(r, evidence, props.Range); u != nil {
				set.Add(u)
			}
			if writes(props.Dig("Permissions")) {
				set.AddConnectorGrant(r.Type, model.NewRef(model.Ref{Resource: r.Name}, d.Range), evidence, props.Range)
			}
			continue
		}
		if t, ok := d.Dig("Type").AsString(); ok {
			if key, ok := model.TypeService(t); ok {
				set.Add(&model.Use{Service: key, Private: model.PrivateService(key), Certain: true, Evidence: evidence, Range: props.Range})
			}
		}
	}
}

// writes reports whether a connector's Permissions include Write.
func writes(perms *model.Value) bool {
	for _, p := range listItems(perms) {
		if s, ok := p.AsString(); ok && s == "Write" {
			return true
		}
	}
	return false
}

var (
	subURL = regexp.MustCompile(`[a-zA-Z][a-zA-Z0-9+.-]*://[^\s"',\]}]+|arn:[^\s"',\]}]+`)
	subVar = regexp.MustCompile(`\$\{([^}]*)\}`)
)

// valueUses classifies one environment value: the resources it refers to,
// the literal it holds, or, when neither says anything, the names of the
// variable and of what feeds it.
func (b *netBuilder) valueUses(key string, v *model.Value, evidence string, set *model.UseSet) {
	set.ValueUses(key, v, evidence, func(c *model.Value, strong, address bool) {
		// The template of a Fn::Sub, its unknown parts as written.
		text, _ := c.Template()
		if strings.Contains(text, "{{resolve:") {
			return // resolved by CloudFormation at deploy time
		}
		said := false
		var names []string
		for _, ref := range c.AllRefs() {
			r, ok := b.res[ref.Resource]
			if !ok {
				continue
			}
			if u := b.classify.Credentials(r.Name, evidence, c.Range); u != nil {
				set.Add(u)
			}
			if r.Type == "AWS::SSM::Parameter" && ref.Attribute == "Value" {
				names = append(names, ref.Resource) // resolved at deploy time
				continue
			}
			u, known := b.classify.Resource(r, evidence, c.Range)
			if u != nil {
				set.Add(u)
				said = true
			} else if !known {
				names = append(names, ref.Resource, ref.Attribute)
			} else {
				said = true
			}
		}
		if said {
			return
		}
		literal := ""
		if s, ok := c.AsString(); ok {
			literal = s
		} else if text != "" {
			if m := subURL.FindString(text); m != "" {
				literal = subVar.ReplaceAllStringFunc(m, func(s string) string {
					switch s {
					case "${AWS::Region}":
						return "us-east-1"
					case "${AWS::URLSuffix}":
						return "amazonaws.com"
					case "${AWS::Partition}":
						return "aws"
					}
					return "x"
				})
			}
		}
		set.AddValueUse(c, literal, key, evidence, names, strong, address)
	})
}
