package model

import "strings"

// This file is what a function's role lets its code write to the services
// that can invoke it again (S3, SNS, SQS): read from the same policies the
// uses are read from, for the recursive loop rule (LV309).

// Grant is a write the function's role allows on buckets, topics or
// queues: an IAM statement's action, an AWS managed policy, a SAM policy
// template or a SAM connector.
type Grant struct {
	// Service is s3, sns or sqs.
	Service string
	// Action names what allows the write as the user wrote it:
	// s3:PutObject, s3:*, policy template S3CrudPolicy, connector "Out".
	Action string
	// Fires are the S3 event families the write causes (ObjectCreated,
	// ObjectRemoved); empty for SNS and SQS.
	Fires []string
	// Resources are what the grant names: the statement's Resource values
	// (ARNs, references, a Fn::Sub of them), a policy template's bucket,
	// topic or queue name, a connector's destination. Empty: any resource
	// of the service (a wildcard-only statement, a managed policy).
	Resources []*Value
	// Named marks Resources as names (a policy template's BucketName, a
	// connector's destination), not ARNs.
	Named bool
	// Evidence says where the grant was found: `policy template
	// S3CrudPolicy`, `inline policy of aws_iam_role.worker`.
	Evidence string
	Range    Range
}

// JSON returns the JSON form of a grant.
func (g *Grant) JSON() map[string]any {
	m := map[string]any{"service": g.Service, "action": g.Action, "evidence": g.Evidence, "range": g.Range.JSON()}
	if len(g.Fires) > 0 {
		m["fires"] = stringsJSON(g.Fires)
	}
	if len(g.Resources) > 0 {
		rs := make([]any, len(g.Resources))
		for i, r := range g.Resources {
			rs[i] = r.JSON()
		}
		m["resources"] = rs
	}
	if g.Named {
		m["named"] = true
	}
	return m
}

// Any reports whether the grant is on every resource of its service.
func (g *Grant) Any() bool { return len(g.Resources) == 0 }

// s3Writes are the S3 object actions that fire event notifications, with
// the event family each fires. Other writes (tags, ACLs, restores) fire
// families a Lambda notification rarely subscribes to; they are left out,
// so a grant of only those is not a loop.
var s3Writes = []struct{ action, family string }{
	{"s3:putobject", "ObjectCreated"},
	{"s3:deleteobject", "ObjectRemoved"},
	{"s3:deleteobjectversion", "ObjectRemoved"},
}

// writeActions are the SNS and SQS actions that publish or send.
var writeActions = map[string]string{"sns:publish": "sns", "sqs:sendmessage": "sqs"}

// WriteServices classifies an IAM action (with wildcards, as IAM matches
// them): the services among S3, SNS and SQS it writes to, and for S3 the
// event families its writes fire; nil for anything else.
func WriteServices(action string) map[string][]string {
	a := strings.ToLower(strings.TrimSpace(action))
	var out map[string][]string
	for _, w := range s3Writes {
		if Glob(a, w.action) {
			if out == nil {
				out = map[string][]string{}
			}
			if !containsString(out["s3"], w.family) {
				out["s3"] = append(out["s3"], w.family)
			}
		}
	}
	for w, svc := range writeActions {
		if Glob(a, w) {
			if out == nil {
				out = map[string][]string{}
			}
			out[svc] = nil
		}
	}
	return out
}

// maxGlob bounds what Glob compares, at the length IAM allows an ARN
// (2,048 characters): both come from the files, and matching costs up to
// the product of the two lengths.
const maxGlob = 2048

// Glob reports whether s matches the IAM pattern p, where * matches any run
// of characters and ? any one; case is the caller's to fold.
func Glob(p, s string) bool {
	if len(p) > maxGlob || len(s) > maxGlob {
		return false // longer than IAM allows: the written pattern and value are not what IAM matches
	}
	// Iterative matching with one backtrack point: linear in practice and
	// never recursive, whatever the pattern.
	pi, si, star, mark := 0, 0, -1, 0
	for si < len(s) {
		switch {
		case pi < len(p) && (p[pi] == '?' || p[pi] == s[si]):
			pi++
			si++
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, si
			pi++
		case star >= 0:
			pi = star + 1
			mark++
			si = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}

// statementGrants records the writes an Allow statement grants.
func statementGrants(s *Value, resources []*Value, wildcardOnly bool, evidence string, set *UseSet) {
	for _, a := range listOf(s.Get("Action")) {
		str, ok := a.AsString()
		if !ok {
			continue
		}
		rng := a.Range
		if rng.IsZero() {
			rng = s.Range
		}
		services := WriteServices(str)
		for _, svc := range []string{"s3", "sns", "sqs"} {
			fires, ok := services[svc]
			if !ok {
				continue
			}
			g := &Grant{Service: svc, Action: strings.TrimSpace(str), Fires: fires, Evidence: evidence, Range: rng}
			if !wildcardOnly {
				g.Resources = resources
			}
			set.grant(g)
		}
	}
}

// managedWrites are the AWS managed policies that let the code write to
// every bucket, topic or queue.
var managedWrites = map[string]string{
	"amazons3fullaccess": "s3", "amazonsnsfullaccess": "sns", "amazonsqsfullaccess": "sqs",
}

// AddManaged records the use an AWS managed policy (name or ARN) implies
// and the writes it grants.
func (s *UseSet) AddManaged(nameOrARN, evidence string, r Range) {
	s.Add(ManagedPolicyUse(nameOrARN, evidence, r))
	name := nameOrARN[strings.LastIndex(nameOrARN, "/")+1:]
	if svc, ok := managedWrites[strings.ToLower(name)]; ok {
		g := &Grant{Service: svc, Action: "managed policy " + name, Evidence: evidence, Range: r}
		if svc == "s3" {
			g.Fires = []string{"ObjectCreated", "ObjectRemoved"}
		}
		s.grant(g)
	}
}

// templateWrites are the SAM policy templates that write to a bucket,
// topic or queue, with the parameter that names it.
var templateWrites = map[string]struct {
	service, param string
	fires          []string
}{
	"S3WritePolicy":           {"s3", "BucketName", []string{"ObjectCreated"}},
	"S3CrudPolicy":            {"s3", "BucketName", []string{"ObjectCreated", "ObjectRemoved"}},
	"S3FullAccessPolicy":      {"s3", "BucketName", []string{"ObjectCreated", "ObjectRemoved"}},
	"SNSPublishMessagePolicy": {"sns", "TopicName", nil},
	"SNSCrudPolicy":           {"sns", "TopicName", nil},
	"SQSSendMessagePolicy":    {"sqs", "QueueName", nil},
}

// AddTemplateGrant records the write a SAM policy template grants, if it
// grants one: on the bucket, topic or queue its parameter names.
func (s *UseSet) AddTemplateGrant(name string, params *Value, r Range) {
	t, ok := templateWrites[name]
	if !ok {
		return
	}
	target := params.Dig(t.param)
	if target == nil || target.State == Absent {
		return
	}
	s.grant(&Grant{Service: t.service, Action: "policy template " + name, Fires: t.fires,
		Resources: []*Value{target}, Named: true, Evidence: "policy template " + name, Range: r})
}

// connectorServices are the resource types a SAM connector's Write
// permission writes to.
var connectorServices = map[string]string{"AWS::S3::Bucket": "s3", "AWS::SNS::Topic": "sns", "AWS::SQS::Queue": "sqs"}

// AddConnectorGrant records the write a SAM connector with the Write
// permission grants on a destination of type typ, named by dest (its Id
// or a reference).
func (s *UseSet) AddConnectorGrant(typ string, dest *Value, evidence string, r Range) {
	svc, ok := connectorServices[typ]
	if !ok {
		return
	}
	g := &Grant{Service: svc, Action: evidence + " (Write)", Resources: []*Value{dest}, Named: true, Evidence: evidence, Range: r}
	if svc == "s3" {
		g.Fires = []string{"ObjectCreated", "ObjectRemoved"}
	}
	s.grant(g)
}

func (s *UseSet) grant(g *Grant) { s.grants = append(s.grants, g) }

// Grants returns the writes recorded, in the order they were found.
func (s *UseSet) Grants() []*Grant { return s.grants }
