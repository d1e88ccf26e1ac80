package lv309

import (
	_ "embed"
	"fmt"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/lambdavet/lambdavet/analyzers/load"
	"github.com/lambdavet/lambdavet/analyzers/rule"
	"github.com/lambdavet/lambdavet/parsers/model"
)

var meta = rule.MustRegister(rule.Meta{ID: "LV309", Title: "recursive loop through the bucket, topic or queue that invokes the function", Severity: rule.Warning, Source: "go"})

//go:embed doc.go
var docSource string

// Analyzer reports functions that write to what invokes them.
var Analyzer = &analysis.Analyzer{
	Name:     meta.ID,
	Doc:      rule.DocFromSource(docSource, meta.ID),
	URL:      meta.URL(),
	Requires: []*analysis.Analyzer{load.Analyzer},
	Run:      run,
}

// services are the trigger kinds whose source a function can write to,
// with that source's service, what it is called and what a write is.
var services = map[model.TriggerKind]struct{ service, noun, write, fix string }{
	model.TriggerS3: {"s3", "S3 bucket", "each object it writes there",
		"write to another bucket, or filter the notification (a prefix or suffix rule) to keys the function never writes"},
	model.TriggerSNS: {"sns", "SNS topic", "each message it publishes there", "publish to another topic"},
	model.TriggerSQS: {"sqs", "SQS queue", "each message it sends there", "send to another queue"},
}

// targets are the resource types of buckets, topics and queues, with their
// service and the property that gives them their physical name.
var targets = map[string]struct{ service, name string }{
	"AWS::S3::Bucket": {"s3", "BucketName"}, "AWS::SNS::Topic": {"sns", "TopicName"}, "AWS::SQS::Queue": {"sqs", "QueueName"},
	"aws_s3_bucket": {"s3", "bucket"}, "aws_sns_topic": {"sns", "name"}, "aws_sqs_queue": {"sqs", "name"},
}

func run(pass *analysis.Pass) (any, error) {
	p := pass.ResultOf[load.Analyzer].(*model.Project)
	if !loopable(p) {
		return nil, nil // no trigger a write can close: the policies need not be read
	}
	p.DeriveNetwork() // the functions' Writes come with their Uses
	resources := map[string]*model.Resource{}
	for _, r := range p.Resources {
		resources[r.Name] = r
	}
	allowed := allowedLoops(p)
	var shared *sharing
	for _, f := range p.Functions {
		if allowed[f.Name()] || !terminates(f.Resource.Properties.Dig("RecursiveLoop")) {
			continue
		}
		seen := map[string]bool{}
		for _, t := range f.Triggers {
			kind, ok := services[t.Kind]
			src := t.From
			if !ok || src == nil || src.Filtered {
				continue
			}
			id := src.Resource
			if id == "" {
				id = src.Name
			}
			if seen[kind.service+" "+id] {
				continue
			}
			name := src.Name
			if r := resources[src.Resource]; r != nil && name == "" {
				name, _ = text(r.Properties.Dig(targets[r.Type].name))
			}
			g, how := closing(f, kind.service, src, name, resources)
			if g != nil && shared == nil {
				shared = newSharing(p)
			}
			if g != nil && shared.sharedWith(g, src) && namedBy(f, src, name, true) == "" {
				g = nil
			}
			if g == nil {
				continue
			}
			seen[kind.service+" "+id] = true
			at := src.Range
			if at.IsZero() {
				at = t.Range
			}
			rule.Report(pass, rule.Finding{
				Rule: meta.ID, Range: at, Resource: f.Resource,
				Message: fmt.Sprintf("%s is invoked by %s %q and can write to it (%s, %s): %s invokes it again, a recursive loop unless the code ignores its own writes, billed on every turn and holding the account's concurrency; Lambda's loop detection stops only some loops, after about 16 invocations; %s",
					f.Subject, kind.noun, id, how, place(g.Range), kind.write, kind.fix),
			})
		}
	}
	return nil, nil
}

// loopable reports whether a function of the project has a trigger whose
// source a write could reach.
func loopable(p *model.Project) bool {
	for _, f := range p.Functions {
		for _, t := range f.Triggers {
			if _, ok := services[t.Kind]; ok && t.From != nil && !t.From.Filtered {
				return true
			}
		}
	}
	return false
}

// terminates reports whether a RecursiveLoop setting leaves Lambda's loop
// detection on (absent or Terminate): Allow says the loop is meant, and a
// value not known may be Allow.
func terminates(v *model.Value) bool {
	if v == nil || v.State == model.Absent {
		return true
	}
	s, ok := v.AsString()
	return ok && strings.EqualFold(s, "Terminate")
}

// allowedLoops are the Terraform functions an
// aws_lambda_function_recursion_config sets to anything but Terminate.
func allowedLoops(p *model.Project) map[string]bool {
	out := map[string]bool{}
	byName := map[string]string{}
	for _, f := range p.Functions {
		if s, ok := f.Resource.Properties.Dig("function_name").AsString(); ok {
			byName[s] = f.Name()
		}
	}
	for _, r := range p.Resources {
		if r.Type != "aws_lambda_function_recursion_config" || terminates(r.Properties.Dig("recursive_loop")) {
			continue
		}
		fn := r.Properties.Dig("function_name")
		for _, ref := range fn.AllRefs() {
			out[ref.Resource] = true
		}
		if s, ok := fn.AsString(); ok {
			out[byName[s]] = true
		}
	}
	return out
}

// closing returns the first write of f that reaches the source, with how
// it does; nil when none does, or when f may also write to another
// bucket, topic or queue its grants name: the write is then more likely
// meant for that one, and which the code writes cannot be seen.
func closing(f *model.Function, service string, src *model.EventSource, name string, resources map[string]*model.Resource) (*model.Grant, string) {
	for _, g := range f.Writes {
		if g.Service == service && namesOther(g, service, src, name, resources) {
			return nil, ""
		}
	}
	for _, g := range f.Writes {
		if g.Service != service || (service == "s3" && !fires(g, src)) {
			continue
		}
		m := reach(g, service, src, name)
		if m.any && !m.named {
			// A grant on every bucket, topic or queue closes the loop when
			// the function is told which: an environment variable naming it.
			if key := namedBy(f, src, name, false); key != "" && keysTrigger("*", src) {
				return g, fmt.Sprintf("%s any %s, and environment variable %s names it", grants(g), noun[service], key)
			}
			continue
		}
		if m.named && (m.keyUnknown && src.Prefix == "" && src.Suffix == "" || !m.keyUnknown && keysTrigger(m.key, src)) {
			return g, grants(g) + " it"
		}
	}
	return nil, ""
}

// noun is what a service's resources are called.
var noun = map[string]string{"s3": "bucket", "sns": "topic", "sqs": "queue"}

// grants says what allows the write: `inline policy allows s3:PutObject`,
// `policy template S3CrudPolicy allows writing objects to`, followed by
// what.
func grants(g *model.Grant) string {
	if strings.Contains(g.Action, " ") { // a policy template, a connector, a managed policy: no IAM action
		return g.Evidence + " allows " + map[string]string{"s3": "writing objects to", "sns": "publishing to", "sqs": "sending messages to"}[g.Service]
	}
	return g.Evidence + " allows " + g.Action + " on"
}

// fires reports whether a write fires one of the S3 notification's events
// (s3:ObjectCreated:* for a PutObject); events not known fire nothing
// lambdavet can tell.
func fires(g *model.Grant, src *model.EventSource) bool {
	if !src.EventsKnown {
		return false
	}
	for _, e := range src.Events {
		parts := strings.Split(e, ":")
		if len(parts) < 2 {
			continue
		}
		for _, family := range g.Fires {
			if parts[1] == family {
				return true
			}
		}
	}
	return false
}

// match is how a grant's resources cover a source.
type match struct {
	// named: a resource names the source; any: a resource is every
	// resource of the service.
	named, any bool
	// key is the S3 object key pattern the naming resource allows;
	// keyUnknown when it is not known (a Fn::Sub of the bucket's ARN).
	key        string
	keyUnknown bool
}

// reach tells how the grant's resources cover the source.
func reach(g *model.Grant, service string, src *model.EventSource, name string) match {
	if g.Any() {
		return match{any: true}
	}
	var m match
	for _, rv := range g.Resources {
		for _, c := range rv.Candidates() {
			if refers(c, src.Resource) {
				switch {
				case g.Named:
					return match{named: true, key: "*"}
				case service == "s3" && c.State == model.Known:
					// The bucket's own ARN: object writes need arn:…:bucket/key.
				case service == "s3":
					if key, ok := refKey(c, src.Resource); ok {
						return match{named: true, key: key}
					}
					m = match{named: true, keyUnknown: true}
				default:
					return match{named: true, key: "*"}
				}
				continue
			}
			s, ok := text(c)
			if !ok {
				continue
			}
			if g.Named {
				if name != "" && s == name {
					return match{named: true, key: "*"}
				}
				continue
			}
			target, key, ok := splitARN(service, s)
			switch {
			case !ok:
			case strings.Trim(target, "*") == "":
				m.any = true
			case name != "" && model.Glob(target, name):
				return match{named: true, key: key}
			}
		}
	}
	return m
}

// namesOther reports whether a grant names a bucket, topic or queue other
// than the source.
func namesOther(g *model.Grant, service string, src *model.EventSource, name string, resources map[string]*model.Resource) bool {
	for _, rv := range g.Resources {
		for _, c := range rv.Candidates() {
			for _, ref := range c.AllRefs() {
				if r := resources[ref.Resource]; r != nil && r.Name != src.Resource && targets[r.Type].service == service {
					return true
				}
			}
			s, ok := text(c)
			if !ok || name == "" || refers(c, src.Resource) {
				continue
			}
			if g.Named {
				if s != name {
					return true
				}
				continue
			}
			if target, _, ok := splitARN(service, s); ok && strings.Trim(target, "*") != "" && !model.Glob(target, name) {
				return true
			}
		}
	}
	return false
}

// grantKey identifies a grant across the functions that share it: the
// same statement (place, service, action) read through a shared role or a
// service's role.
type grantKey struct {
	at      model.Range
	service string
	action  string
}

// sharing counts, for each grant, the functions that have it, and of those
// the ones each source invokes; built once per project, so judging every
// function of a template that shares one role costs no more than reading
// their grants.
type sharing struct {
	sharers map[grantKey]int
	invoked map[grantKey]map[string]int
}

// sourceKey names a source as the triggers name theirs: by its
// resource when it has one, else by its name.
func sourceKey(src *model.EventSource) string {
	if src.Resource != "" {
		return "r:" + src.Resource
	}
	return "n:" + src.Name
}

func newSharing(p *model.Project) *sharing {
	sh := &sharing{sharers: map[grantKey]int{}, invoked: map[grantKey]map[string]int{}}
	for _, f := range p.Functions {
		sources := map[string]bool{}
		for _, t := range f.Triggers {
			if t.From == nil {
				continue
			}
			if t.From.Resource != "" {
				sources["r:"+t.From.Resource] = true
			}
			if t.From.Name != "" {
				sources["n:"+t.From.Name] = true
			}
		}
		seen := map[grantKey]bool{}
		for _, g := range f.Writes {
			k := grantKey{g.Range, g.Service, g.Action}
			if seen[k] {
				continue
			}
			seen[k] = true
			sh.sharers[k]++
			if sh.invoked[k] == nil {
				sh.invoked[k] = map[string]int{}
			}
			for s := range sources {
				sh.invoked[k][s]++
			}
		}
	}
	return sh
}

// sharedWith reports whether the grant is one f shares (the same
// statement, through a shared role or a service's role) with a function
// the source does not invoke: unless f's own environment names the
// source, the write is explained by that one. f, which the source
// invokes, is among the sharers the source invokes.
func (sh *sharing) sharedWith(g *model.Grant, src *model.EventSource) bool {
	k := grantKey{g.Range, g.Service, g.Action}
	return sh.sharers[k]-sh.invoked[k][sourceKey(src)] > 0
}

// text is the text of a value as lambdavet can compare it: a known string,
// or the template of a Fn::Sub with its unknown parts as written, the
// "::" of a pseudo parameter (${AWS::StackName}) made "__" so that an ARN
// still splits at its colons.
func text(v *model.Value) (string, bool) {
	if s, ok := v.AsString(); ok {
		return s, true
	}
	t, ok := v.Template()
	if !ok {
		return "", false
	}
	var b strings.Builder
	for {
		i := strings.Index(t, "${")
		if i < 0 {
			break
		}
		j := strings.IndexByte(t[i:], '}')
		if j < 0 {
			break
		}
		b.WriteString(t[:i])
		b.WriteString(strings.ReplaceAll(t[i:i+j+1], "::", "__"))
		t = t[i+j+1:]
	}
	b.WriteString(t)
	return b.String(), true
}

// refKey is the object key pattern of a Fn::Sub of the bucket's ARN or
// name (${Photos.Arn}/uploads/*, arn:aws:s3:::${Photos}/uploads/*).
func refKey(v *model.Value, bucket string) (string, bool) {
	t, ok := text(v)
	if !ok {
		return "", false
	}
	for _, lead := range []string{"${" + bucket + ".Arn}/", "${" + bucket + "}/"} {
		if i := strings.Index(t, lead); i >= 0 && (i == 0 || strings.HasSuffix(t[:i], ":s3:::")) {
			return t[i+len(lead):], true
		}
	}
	return "", false
}

// refers reports whether a value refers to the resource.
func refers(v *model.Value, resource string) bool {
	if resource == "" {
		return false
	}
	for _, ref := range v.AllRefs() {
		if ref.Resource == resource {
			return true
		}
	}
	return false
}

// splitARN reads the name pattern of a bucket, topic or queue ARN (and for
// S3 the object key pattern after it); ok is false for anything else, and
// for a bucket ARN without a key, on which no object can be written.
func splitARN(service, s string) (target, key string, ok bool) {
	if s == "*" {
		return "*", "*", true
	}
	parts := strings.SplitN(s, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || !model.Glob(parts[2], service) {
		return "", "", false
	}
	if service != "s3" {
		return parts[5], "", true
	}
	target, key, ok = strings.Cut(parts[5], "/")
	if !ok && strings.Trim(target, "*") == "" {
		return target, "*", true // arn:aws:s3:::* covers objects too
	}
	return target, key, ok
}

// keysTrigger reports whether every key the pattern allows (IAM wildcards)
// matches the notification's key filter, so that any write fires it.
func keysTrigger(pattern string, src *model.EventSource) bool {
	if src.Prefix == "" && src.Suffix == "" {
		return true
	}
	lead, tail := pattern, pattern
	if i := strings.IndexAny(pattern, "*?"); i >= 0 {
		lead = pattern[:i]
		tail = pattern[strings.LastIndexAny(pattern, "*?")+1:]
	}
	return strings.HasPrefix(lead, src.Prefix) && strings.HasSuffix(tail, src.Suffix)
}

// namedBy returns an environment variable of f whose value names the
// source (refers to it, is its name, its ARN or a queue URL ending in it);
// with own, only a variable set in the function itself, not inherited
// (Globals, provider.environment); "" when none does.
func namedBy(f *model.Function, src *model.EventSource, name string, own bool) string {
	inherited := map[string]bool{}
	for _, k := range f.EnvironmentKeys {
		if own && len(k.Origin) > 0 {
			inherited[k.Name] = true
		}
	}
	found := ""
	f.Environment.EachCandidate(nil, func(m *model.Value, _ model.When) {
		if found != "" || !m.IsKnown() || m.Type != model.Map {
			return
		}
		for i, k := range m.Keys {
			if inherited[k] {
				continue
			}
			for _, c := range m.FieldAt(i).Candidates() {
				s, _ := text(c)
				arnName, _ := model.ARNName(c)
				if refers(c, src.Resource) || name != "" && (s == name || arnName == name || strings.HasSuffix(s, "/"+name)) {
					found = k
					return
				}
			}
		}
	})
	return found
}

// place is where a grant is written, as file:line.
func place(r model.Range) string {
	if r.IsZero() {
		return "in the function's role"
	}
	return fmt.Sprintf("%s:%d", filepath.Base(r.File), r.Start.Line)
}
