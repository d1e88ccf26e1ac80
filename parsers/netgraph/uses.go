package netgraph

import (
	"fmt"
	"strings"

	"github.com/lambdavet/lambdavet/parsers/model"
)

// UseKind is a resource's part in what a function talks to, where its type
// alone (model.TypeService) does not say all.
type UseKind uint8

// The kinds of resource whose use depends on more than their type.
const (
	// ByType is a resource whose type says what it is.
	ByType UseKind = iota
	// SearchDomain is an OpenSearch or Elasticsearch domain: private when
	// it has VPC options.
	SearchDomain
	// LoadBalancer is private when internal, else on the internet.
	LoadBalancer
	// RestAPI is an API Gateway REST API: a private API when its endpoint
	// configuration says PRIVATE.
	RestAPI
	// Secret is a Secrets Manager secret, which may hold a data store's
	// credentials.
	Secret
	// SecretValue is a secret's value declared on its own
	// (aws_secretsmanager_secret_version): it holds credentials as a
	// secret does, and ties its secret to the data stores its value names.
	SecretValue
	// SecretAttachment ties a secret to the data store it serves
	// (AWS::SecretsManager::SecretTargetAttachment).
	SecretAttachment
)

// UseKeys are the names a format gives the properties the uses read.
type UseKeys struct {
	// SearchVPC is a search domain's VPC options (VPCOptions).
	SearchVPC string
	// LBScheme is a load balancer's scheme, "internal" when private
	// (Scheme); LBInternal its switch for the same (internal).
	LBScheme, LBInternal string
	// APIEndpoint is a REST API's endpoint configuration, which says
	// PRIVATE for a private API.
	APIEndpoint string
	// LinkSecret and LinkTarget are what a SecretValue or SecretAttachment
	// ties: the secret (SecretId) and the data store (TargetId, or the
	// value that names it, secret_string).
	LinkSecret, LinkTarget string
	// MappingSource is an event source mapping's source ARN; MappingPrivate
	// the settings that make it read a cluster in the VPC (a self-managed
	// Kafka, an MSK configuration).
	MappingSource  string
	MappingPrivate []string
}

// UseSyntax is what Uses asks of a format.
type UseSyntax struct {
	Kinds map[string]UseKind
	Keys  UseKeys
	Resolver
	// Partial says on which paths a resource exists when not on all
	// ("" for all, or when the format does not tell): a use of one is not
	// certain.
	Partial func(r *model.Resource) string
	// Ref classifies what a reference names, where the format knows more
	// than its resources (data sources read at plan time, modules); nil
	// classifies the resource Resolve names.
	Ref func(u *Uses, ref model.Ref, evidence string, rng model.Range) (*model.Use, bool)
}

// Uses classifies what a project's resources are to a function that names
// them, for one format.
type Uses struct {
	s   *UseSyntax
	p   *model.Project
	res map[string]*model.Resource
	// credentials maps a secret (or a secret's value) to the private data
	// store whose credentials it holds, found on first need.
	credentials map[string]string
}

// NewUses prepares the classification of p's resources.
func NewUses(p *model.Project, s *UseSyntax) *Uses {
	res := make(map[string]*model.Resource, len(p.Resources))
	for _, r := range p.Resources {
		res[r.Name] = r
	}
	return &Uses{s: s, p: p, res: res}
}

// Resource classifies a resource a function refers to: the use it implies
// (nil for none), and known=false for resources whose kind says nothing (a
// nested stack), whose names then serve as hints.
func (u *Uses) Resource(r *model.Resource, evidence string, rng model.Range) (*model.Use, bool) {
	k, props := u.s.Keys, r.Properties
	key, ok := "", true
	switch u.s.Kinds[r.Type] {
	case SearchDomain:
		key = "es"
		if props.Dig(k.SearchVPC).IsSet() {
			key = "opensearch"
		}
	case LoadBalancer:
		key = "internet"
		scheme, _ := props.Dig(k.LBScheme).AsString()
		internal := props.Dig(k.LBInternal)
		if scheme == "internal" || internal.IsKnown() && internal.Type == model.Bool && internal.Bool {
			key = "private-host"
		}
	case RestAPI:
		key = "execute-api"
		if says(props.Dig(k.APIEndpoint), "PRIVATE", 4) {
			key = "private-api"
		}
	default:
		key, ok = model.TypeService(r.Type)
	}
	if !ok {
		return nil, model.NeutralType(r.Type)
	}
	use := &model.Use{Service: key, Private: model.PrivateService(key), Certain: key != "kms", Evidence: evidence, Range: rng}
	if u.s.Partial != nil && u.s.Partial(r) != "" {
		use.Certain = false
	}
	return use, true
}

// says reports whether v holds the string word (in any case) within depth
// levels: an endpoint configuration is a string (SAM's EndpointConfiguration:
// PRIVATE), a map of a type or of a list of types, or a block of types.
func says(v *model.Value, word string, depth int) bool {
	if depth == 0 {
		return false
	}
	for _, c := range v.Candidates() {
		switch {
		case !c.IsKnown():
		case c.Type == model.String:
			if strings.EqualFold(c.Str, word) {
				return true
			}
		case c.Type == model.List:
			for _, it := range c.List {
				if says(it, word, depth-1) {
					return true
				}
			}
		case c.Type == model.Map:
			for _, key := range c.Keys {
				if says(c.Field(key), word, depth-1) {
					return true
				}
			}
		}
	}
	return false
}

// Ref classifies what a reference names (UseSyntax.Ref, else the
// resource it resolves to).
func (u *Uses) Ref(ref model.Ref, evidence string, rng model.Range) (*model.Use, bool) {
	if u.s.Ref != nil {
		return u.s.Ref(u, ref, evidence, rng)
	}
	if r := u.res[u.s.Resolve(ref)]; r != nil {
		return u.Resource(r, evidence, rng)
	}
	return nil, false
}

// Credentials is the use a reference to a secret holding a private data
// store's credentials implies (the function connects to the store), nil
// for any other resource.
func (u *Uses) Credentials(id, evidence string, rng model.Range) *model.Use {
	if u.credentials == nil {
		u.findCredentials()
	}
	db, ok := u.credentials[id]
	if !ok {
		return nil
	}
	return &model.Use{Service: "private-host", Private: true,
		Evidence: fmt.Sprintf("%s (secret %q holds the credentials of %q)", evidence, id, db), Range: rng}
}

// private matches data stores in a VPC.
func private(r *model.Resource) bool {
	key, _ := model.TypeService(r.Type)
	return model.PrivateService(key)
}

// findCredentials records which secrets hold the credentials of which
// private data stores: those the stores refer to, then those a secret's
// value or attachment ties to one.
func (u *Uses) findCredentials() {
	u.credentials = map[string]string{}
	k := u.s.Keys
	for _, r := range u.p.Resources {
		if !private(r) {
			continue
		}
		for _, ref := range r.Properties.AllRefs() {
			if s := u.res[ref.Resource]; s != nil && (u.s.Kinds[s.Type] == Secret || u.s.Kinds[s.Type] == SecretValue) {
				u.credentials[s.Name] = r.Name
			}
		}
	}
	isSecret := func(r *model.Resource) bool { return u.s.Kinds[r.Type] == Secret }
	for _, r := range u.p.Resources {
		switch u.s.Kinds[r.Type] {
		case SecretValue, SecretAttachment:
			secret := u.s.First(r.Properties.Dig(k.LinkSecret), isSecret)
			if secret == "" {
				continue
			}
			// The store is any the value names: a secret_string is a
			// document of several references (user, password, host).
			for _, ref := range r.Properties.Dig(k.LinkTarget).AllRefs() {
				if t := u.res[ref.Resource]; t != nil && private(t) {
					u.credentials[secret] = t.Name
					break
				}
			}
		}
	}
}

// AddRefs adds the uses of the resources a value refers to (a policy
// document, a template's parameters): the private ones, and with
// privateOnly false the public ones too, and the data stores whose
// credentials its secrets hold.
func (u *Uses) AddRefs(v *model.Value, evidence string, set *model.UseSet, privateOnly bool) {
	for _, ref := range v.AllRefs() {
		if c := u.Credentials(u.s.Resolve(ref), evidence, v.Range); c != nil {
			set.Add(c)
		}
		if use, _ := u.Ref(ref, evidence, v.Range); use != nil && (use.Private || !privateOnly) {
			set.Add(use)
		}
	}
}

// PrivateMapping reports whether an event source mapping reads a cluster
// in the VPC (self-managed or managed Kafka, MQ, DocumentDB): Lambda's
// poller then runs in the function's subnets.
func (u *Uses) PrivateMapping(props *model.Value, evidence string, rng model.Range) bool {
	k := u.s.Keys
	for _, key := range k.MappingPrivate {
		if props.Dig(key).IsSet() {
			return true
		}
	}
	arn := props.Dig(k.MappingSource)
	if s, _ := arn.AsString(); strings.Contains(s, ":kafka:") || strings.Contains(s, ":mq:") || strings.Contains(s, ":rds:") {
		return true
	}
	for _, ref := range arn.AllRefs() {
		if use, _ := u.Ref(ref, evidence, rng); use != nil && use.Private {
			return true
		}
	}
	return false
}
