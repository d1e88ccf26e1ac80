// Package access holds what the rules about who may invoke a function
// (LV601–LV603) share: the function URLs and resource-based permissions of
// a project, whatever format declares them; what kind of principal a
// permission names; whether a setting is present along a condition path;
// and which function a value names.
package access

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/lambdavet/lambdavet/parsers/model"
)

// Permission is one statement of a function's resource-based policy: an
// AWS::Lambda::Permission or a Terraform aws_lambda_permission.
type Permission struct {
	Resource  *model.Resource
	terraform bool
}

// The properties of a permission, by their CloudFormation names; Name gives
// the Terraform spelling.
var terraformNames = map[string]string{
	"Action": "action", "Principal": "principal", "FunctionName": "function_name",
	"SourceArn": "source_arn", "SourceAccount": "source_account", "PrincipalOrgID": "principal_org_id",
	"EventSourceToken": "event_source_token", "FunctionUrlAuthType": "function_url_auth_type",
	"InvokedViaFunctionUrl": "invoked_via_function_url",
}

// Name is the property key (CloudFormation spelling) as the permission's
// format writes it.
func (p *Permission) Name(key string) string {
	if p.terraform {
		return terraformNames[key]
	}
	return key
}

// Get returns a property of the permission, by its CloudFormation name.
func (p *Permission) Get(key string) *model.Value {
	return p.Resource.Properties.Dig(p.Name(key))
}

// Subject names the permission in messages: `permission "Allow"` in a
// template, its address in Terraform.
func (p *Permission) Subject() string {
	if p.terraform {
		return p.Resource.Name
	}
	return fmt.Sprintf("permission %q", p.Resource.Name)
}

// Permissions returns the permissions a project creates (data sources are
// read, not created).
func Permissions(p *model.Project) []*Permission {
	var out []*Permission
	for _, r := range p.Resources {
		switch {
		case r.DataSource:
		case r.Type == "AWS::Lambda::Permission":
			out = append(out, &Permission{Resource: r})
		case r.Type == "aws_lambda_permission":
			out = append(out, &Permission{Resource: r, terraform: true})
		}
	}
	return out
}

// Invokes reports whether an action lets the principal invoke the function
// (lambda:InvokeFunction, lambda:InvokeFunctionUrl, the deprecated
// lambda:InvokeAsync, or a wildcard); case is ignored, as IAM ignores it.
func Invokes(action string) bool {
	switch strings.ToLower(strings.TrimSpace(action)) {
	case "lambda:invokefunction", "lambda:invokefunctionurl", "lambda:invokeasync", "lambda:*", "*":
		return true
	}
	return false
}

// PrincipalKind says who a permission's principal is.
type PrincipalKind int

// The kinds of principals a Lambda permission can name.
const (
	// Other: a role, a user or anything not classified below.
	Other PrincipalKind = iota
	// Anyone: "*", every AWS identity of every account.
	Anyone
	// Account: an account id or its root ARN, every identity of that account.
	Account
	// Service: an AWS service principal such as s3.amazonaws.com.
	Service
)

var (
	accountID   = regexp.MustCompile(`^[0-9]{12}$`)
	accountRoot = regexp.MustCompile(`^arn:aws[a-zA-Z-]*:iam::([0-9]{12}):root$`)
	// Service principals: s3.amazonaws.com, logs.us-east-1.amazonaws.com,
	// the China partition's .amazonaws.com.cn, and Alexa's .amazon.com.
	servicePrincipal = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]*\.(amazonaws\.com(\.cn)?|amazon\.com)$`)
)

// Classify says what kind of principal s is.
func Classify(s string) PrincipalKind {
	s = strings.TrimSpace(s)
	switch {
	case s == "*":
		return Anyone
	case accountID.MatchString(s) || accountRoot.MatchString(s):
		return Account
	case servicePrincipal.MatchString(strings.ToLower(s)):
		return Service
	}
	return Other
}

// Presence says whether a setting is present along a condition path.
type Presence int

// What Present finds.
const (
	// Unsure: the setting takes no value known for the path (a Terraform
	// instance whose value the loader merged with another's).
	Unsure Presence = iota
	// Set: the setting is present along the path (known or not).
	Set
	// Missing: the setting is absent along the path.
	Missing
)

// Present says whether v is set along the path when: set when a value it
// takes on a compatible path is set, missing when every value it takes on
// compatible paths is absent (or a null), unsure when none is compatible.
func Present(v *model.Value, when model.When) Presence {
	found := Unsure
	leaves(v, func(leaf *model.Value, path model.When) bool {
		if !model.CompatibleWhen(path, when) {
			return true
		}
		if leaf.IsSet() {
			found = Set
			return false
		}
		found = Missing
		return true
	})
	return found
}

// leaves calls visit with each value v may take, absent ones included (an
// Fn::If with AWS::NoValue, a Terraform instance without the argument),
// with its path, until visit returns false.
func leaves(v *model.Value, visit func(leaf *model.Value, path model.When) bool) {
	var walk func(v *model.Value, path model.When, depth int) bool
	walk = func(v *model.Value, path model.When, depth int) bool {
		if v == nil || v.State != model.Conditional {
			return visit(v, path)
		}
		if depth > model.MaxWalkDepth {
			return true
		}
		for _, a := range v.Alternatives {
			if !walk(a, model.JoinWhen(path, a.When), depth+1) {
				return false
			}
		}
		return true
	}
	walk(v, nil, 0)
}

// String is a candidate string value with the path that selects it.
type String struct {
	Value *model.Value
	Str   string
	When  model.When
}

// Strings returns the known string (or scalar) values v takes, each with
// its path; unknown and absent ones are left out.
func Strings(v *model.Value) []String {
	var out []String
	v.EachCandidate(nil, func(c *model.Value, when model.When) {
		if s, ok := c.AsString(); ok {
			out = append(out, String{Value: c, Str: s, When: when})
		}
	})
	return out
}

// Note returns what a message appends about where a value came from and
// on which path: " (set by …) (when …)".
func Note(v *model.Value, when model.When) string {
	s := ""
	if v != nil && len(v.Origin) > 0 {
		s += fmt.Sprintf(" (set by %s)", v.Origin)
	}
	if len(when) > 0 {
		s += fmt.Sprintf(" (when %s)", when)
	}
	return s
}

// Functions resolves the values that name a function: the model's one
// resolver (model.FunctionIndex), and a literal name or ARN.
type Functions struct {
	ix *model.FunctionIndex
}

// NewFunctions indexes the functions and resources of p.
func NewFunctions(p *model.Project) *Functions {
	return &Functions{ix: model.NewFunctionIndex(p)}
}

// For returns the function v names, or nil: what model.FunctionIndex
// resolves (a reference to it, to an alias or a version of it, to the
// function of a terraform-aws-modules/lambda call), or a literal name or
// ARN that a function of the project sets as its FunctionName.
func (fs *Functions) For(v *model.Value) *model.Function {
	if f := fs.ix.Target(v); f != nil {
		return f
	}
	if s, ok := v.AsString(); ok {
		return fs.ix.ByFunctionName(FunctionNameOf(s))
	}
	return nil
}

// FunctionNameOf returns the function name in a function name or ARN:
// "arn:aws:lambda:us-east-1:123456789012:function:Worker:live" and
// "123456789012:Worker" name Worker.
func FunctionNameOf(s string) string {
	if i := strings.Index(s, ":function:"); i >= 0 {
		s = s[i+len(":function:"):]
		name, _, _ := strings.Cut(s, ":")
		return name
	}
	if parts := strings.Split(s, ":"); len(parts) == 2 && accountID.MatchString(parts[0]) {
		return parts[1]
	}
	return s
}

// Describe names the function v names in a message: its subject when the
// project defines it, the name written otherwise, and "its function" when
// not known.
func (fs *Functions) Describe(v *model.Value) string {
	if f := fs.For(v); f != nil {
		return f.Subject
	}
	if s, ok := v.AsString(); ok && s != "" {
		return fmt.Sprintf("function %q", FunctionNameOf(s))
	}
	return "its function"
}

// URL is a function URL: a SAM function's FunctionUrlConfig, an
// AWS::Lambda::Url or a Terraform aws_lambda_function_url.
type URL struct {
	// Resource is the URL resource, or the SAM function that declares it.
	Resource *model.Resource
	// AuthType is the URL's auth type (AuthType, authorization_type).
	AuthType *model.Value
	// Property names the auth type setting as the format writes it.
	Property string
	// Subject names the URL in messages.
	Subject string
	// Function is the function the URL invokes, nil when not known.
	Function *model.Function
}

// URLs returns the function URLs the project creates.
func URLs(p *model.Project, fs *Functions) []*URL {
	var out []*URL
	for _, r := range p.Resources {
		if r.DataSource {
			continue
		}
		switch r.Type {
		case "AWS::Serverless::Function":
			cfg := r.Properties.Dig("FunctionUrlConfig")
			if !cfg.IsSet() {
				continue
			}
			u := &URL{Resource: r, AuthType: cfg.Dig("AuthType"), Property: "FunctionUrlConfig AuthType", Function: fs.ix.Function(r.Name)}
			u.Subject = fmt.Sprintf("function %q", r.Name)
			if u.Function != nil {
				u.Subject = u.Function.Subject
			}
			out = append(out, u)
		case "AWS::Lambda::Function":
			// A Serverless Framework function's url: true (NONE) or
			// url: {authorizer: aws_iam}; CloudFormation has no url.
			cfg := r.Properties.Dig("url")
			if !cfg.IsSet() || fs.ix.Function(r.Name) == nil {
				continue
			}
			if auth := serverlessURLAuth(cfg); auth != nil {
				out = append(out, &URL{Resource: r, AuthType: auth, Property: "url authorizer", Subject: fs.ix.Function(r.Name).Subject, Function: fs.ix.Function(r.Name)})
			}
		case "AWS::Lambda::Url":
			out = append(out, &URL{Resource: r, AuthType: r.Properties.Dig("AuthType"), Property: "AuthType",
				Subject: fmt.Sprintf("function URL %q", r.Name), Function: fs.For(r.Properties.Dig("TargetFunctionArn"))})
		case "aws_lambda_function_url":
			out = append(out, &URL{Resource: r, AuthType: r.Properties.Dig("authorization_type"), Property: "authorization_type",
				Subject: r.Name, Function: fs.For(r.Properties.Dig("function_name"))})
		}
	}
	return out
}

// serverlessURLAuth is the AuthType a Serverless Framework url setting
// gives (true, or a map whose authorizer is aws_iam), nil for none (false).
func serverlessURLAuth(cfg *model.Value) *model.Value {
	switch {
	case cfg.State != model.Known:
		return cfg
	case cfg.Type == model.Bool:
		if !cfg.Bool {
			return nil
		}
		return model.NewString("NONE", cfg.Range)
	case cfg.Type == model.Map:
		a := cfg.Get("authorizer")
		if a == nil {
			return model.NewString("NONE", cfg.Range)
		}
		if s, ok := a.AsString(); ok {
			return model.NewString(strings.ToUpper(s), a.Range)
		}
		return a
	}
	return nil
}

// Grant is one way a permission lets a principal invoke a function: a
// principal it names and an invoking action, along one path.
type Grant struct {
	// Principal is the principal's value as written, Name its text.
	Principal *model.Value
	Name      string
	Kind      PrincipalKind
	// Action is the action as written.
	Action string
	// When is the path that selects the principal and the action.
	When model.When
}

// Grants returns the grants of a permission whose principal and action are
// known: each principal it may name, with each invoking action on a
// compatible path. A principal or action not known gives nothing.
func (p *Permission) Grants() []Grant {
	var out []Grant
	actions := Strings(p.Get("Action"))
	for _, pr := range Strings(p.Get("Principal")) {
		for _, a := range actions {
			if !Invokes(a.Str) || !model.CompatibleWhen(pr.When, a.When) {
				continue
			}
			out = append(out, Grant{Principal: pr.Value, Name: strings.TrimSpace(pr.Str), Kind: Classify(pr.Str), Action: a.Str, When: model.JoinWhen(pr.When, a.When)})
			break // one finding per principal: the first invoking action names it
		}
	}
	return out
}

// Conditions says whether the permission sets any of the keys along the
// path when: Set when one of them is set, Missing when all are absent,
// Unsure otherwise.
func (p *Permission) Conditions(when model.When, keys ...string) Presence {
	out := Missing
	for _, k := range keys {
		switch Present(p.Get(k), when) {
		case Set:
			return Set
		case Unsure:
			out = Unsure
		}
	}
	return out
}

// maxPaths bounds the paths Unconditioned looks at.
const maxPaths = 16

// Unconditioned returns the paths, along when, on which the permission sets
// none of the keys: when itself, or the narrower paths of the keys' own
// conditions (PrincipalOrgID set only when a condition holds).
func (p *Permission) Unconditioned(when model.When, keys ...string) []model.When {
	switch p.Conditions(when, keys...) {
	case Missing:
		return []model.When{when}
	case Unsure:
		return nil
	}
	var paths []model.When
	seen := map[string]bool{when.String(): true}
	for _, k := range keys {
		leaves(p.Get(k), func(_ *model.Value, path model.When) bool {
			path = model.JoinWhen(when, path)
			if key := path.String(); !seen[key] && model.CompatibleWhen(path, when) {
				seen[key] = true
				paths = append(paths, path)
			}
			return len(paths) < maxPaths
		})
	}
	var out []model.When
	for _, path := range paths {
		if p.Conditions(path, keys...) == Missing {
			out = append(out, path)
		}
	}
	return out
}

// URLOnly reports whether the grant works only through a function URL: the
// action lambda:InvokeFunctionUrl, or lambda:InvokeFunction with
// InvokedViaFunctionUrl true. With a FunctionUrlAuthType, auth is its
// value on the path ("" when not set or not known).
func (p *Permission) URLOnly(g Grant) (only bool, auth string) {
	for _, a := range Strings(p.Get("FunctionUrlAuthType")) {
		if model.CompatibleWhen(a.When, g.When) {
			auth = a.Str
		}
	}
	if strings.EqualFold(g.Action, "lambda:InvokeFunctionUrl") {
		return true, auth
	}
	if !strings.EqualFold(g.Action, "lambda:InvokeFunction") {
		return false, auth
	}
	via, known := p.Get("InvokedViaFunctionUrl"), false
	for _, v := range Strings(via) {
		if model.CompatibleWhen(v.When, g.When) {
			known = true
			if strings.EqualFold(v.Str, "true") {
				return true, auth
			}
		}
	}
	// Set to something not known: counted as URL-only, so it is not judged.
	return !known && Present(via, g.When) == Set, auth
}

// AccountOf returns the account id of an account principal (an id or the
// account's root ARN), or s itself.
func AccountOf(s string) string {
	if m := accountRoot.FindStringSubmatch(s); m != nil {
		return m[1]
	}
	return s
}

// Refine returns the paths along when on which v is set or absent as a
// whole: when itself if v is set on all its compatible paths or on none,
// else each compatible path of v's values (joined onto when), so a
// SourceArn set only when a condition holds is judged on each side.
func Refine(when model.When, v *model.Value) []model.When {
	var paths []model.When
	set, absent := false, false
	seen := map[string]bool{}
	leaves(v, func(leaf *model.Value, path model.When) bool {
		if !model.CompatibleWhen(path, when) {
			return true
		}
		if leaf.IsSet() {
			set = true
		} else {
			absent = true
		}
		p := model.JoinWhen(when, path)
		if key := p.String(); !seen[key] {
			seen[key] = true
			paths = append(paths, p)
		}
		return len(paths) < maxPaths
	})
	if !set || !absent {
		return []model.When{when}
	}
	return paths
}
