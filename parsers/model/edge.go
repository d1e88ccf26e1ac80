package model

import (
	"fmt"
	"regexp"
	"strings"
)

// EdgeTarget says what a CloudFront Lambda@Edge association points at.
// Lambda@Edge accepts only a numbered version.
type EdgeTarget string

// The targets an association can name.
const (
	// EdgeVersion is a numbered version: an AWS::Lambda::Version, SAM's
	// Fn.Version (AutoPublishAlias), an ARN ending in :N, Terraform
	// qualified_arn of a function with publish = true.
	EdgeVersion EdgeTarget = "version"
	// EdgeLatest is $LATEST: an ARN ending in :$LATEST, or Terraform
	// qualified_arn of a function that does not publish versions.
	EdgeLatest EdgeTarget = "latest"
	// EdgeAlias is an alias: SAM's Fn.Alias, AWS::Lambda::Alias,
	// aws_lambda_alias, or an ARN ending in a name.
	EdgeAlias EdgeTarget = "alias"
	// EdgeUnqualified is the function itself: its ARN without qualifier
	// (Fn::GetAtt Fn.Arn, Terraform arn) or its name.
	EdgeUnqualified EdgeTarget = "unqualified"
	// EdgeUnknown is a target lambdavet cannot tell (a parameter, an
	// expression it does not follow).
	EdgeUnknown EdgeTarget = "unknown"
)

// EdgeAssociation is one CloudFront distribution running a function as
// Lambda@Edge: a LambdaFunctionAssociations entry of a cache behavior
// (CloudFormation) or a lambda_function_association block (Terraform).
// The loaders fill Function.Edge with them, so rules about Lambda@Edge do
// not need to know the format.
type EdgeAssociation struct {
	// Distribution is the distribution's logical id or address; empty when
	// the function is declared an edge function without a distribution in
	// the project (terraform-aws-modules/lambda's lambda_at_edge = true).
	Distribution string
	// Subject names what makes the function an edge function in messages:
	// `distribution "Cdn"`, `aws_cloudfront_distribution.cdn`.
	Subject string
	// CacheBehavior is "default" or the path pattern of the cache behavior.
	CacheBehavior string
	// EventType is viewer-request, viewer-response, origin-request or
	// origin-response; empty when not known.
	EventType string
	// Target is what the association points at; Detail says it in words
	// for messages (`alias "live"`, `qualified_arn without publish = true`).
	Target EdgeTarget
	Detail string
	// Range is where the association names the function (LambdaFunctionARN,
	// lambda_arn).
	Range Range
	// When is the condition path along which the association exists.
	When When
}

// JSON returns the JSON form of an edge association.
func (a EdgeAssociation) JSON() map[string]any {
	m := map[string]any{
		"distribution":   a.Distribution,
		"subject":        a.Subject,
		"cache_behavior": a.CacheBehavior,
		"event_type":     a.EventType,
		"target":         string(a.Target),
		"detail":         a.Detail,
		"range":          a.Range.JSON(),
	}
	if len(a.When) > 0 {
		m["when"] = a.When.String()
	}
	return m
}

// EdgeJSON returns the JSON form of the function's edge associations.
func (f *Function) EdgeJSON() []any {
	out := make([]any, 0, len(f.Edge))
	for _, a := range f.Edge {
		out = append(out, a.JSON())
	}
	return out
}

// EdgeEventTypes are the CloudFront events a Lambda@Edge function can run on.
var EdgeEventTypes = map[string]bool{
	"viewer-request": true, "viewer-response": true, "origin-request": true, "origin-response": true,
}

var versionNumber = regexp.MustCompile(`^[0-9]+$`)

// SplitFunctionARN splits a Lambda function ARN into the function part and
// the qualifier. s may be literal or a template whose ${...} placeholders
// stand for values known at deploy time (a CloudFormation Fn::Sub, a
// Terraform string template): "arn:aws:lambda:us-east-1:1:function:edge:3"
// gives ("edge", "3"); "${Edge.Arn}:3" gives ("${Edge.Arn}", "3");
// "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${Fn}"
// gives ("${Fn}", ""). ok is false when s has neither shape.
func SplitFunctionARN(s string) (function, qualifier string, ok bool) {
	parts := splitOutsidePlaceholders(strings.TrimSpace(s), ':')
	switch {
	case len(parts) >= 7 && len(parts) <= 8 && parts[0] == "arn" && (parts[2] == "lambda" || isPlaceholder(parts[2])) && parts[5] == "function":
		function = parts[6]
		if len(parts) == 8 {
			qualifier = parts[7]
		}
		return function, qualifier, function != ""
	case len(parts) >= 1 && len(parts) <= 2 && isPlaceholder(parts[0]):
		if len(parts) == 2 {
			qualifier = parts[1]
		}
		return parts[0], qualifier, true
	}
	return "", "", false
}

// QualifierTarget classifies a literal qualifier: none is the unqualified
// function, digits a version, $LATEST itself, any other name an alias. A
// qualifier holding a placeholder is EdgeUnknown: the loader resolves it.
func QualifierTarget(q string) EdgeTarget {
	switch {
	case q == "":
		return EdgeUnqualified
	case strings.Contains(q, "${"):
		return EdgeUnknown
	case versionNumber.MatchString(q):
		return EdgeVersion
	case q == "$LATEST":
		return EdgeLatest
	}
	return EdgeAlias
}

// Placeholder returns the expression inside a string that is one ${...}
// placeholder and nothing else ("${Edge.Arn}" gives "Edge.Arn").
func Placeholder(s string) (string, bool) {
	if !isPlaceholder(s) {
		return "", false
	}
	return strings.TrimSpace(s[2 : len(s)-1]), true
}

func isPlaceholder(s string) bool {
	return strings.HasPrefix(s, "${") && strings.HasSuffix(s, "}") && strings.Count(s, "${") == 1
}

// splitOutsidePlaceholders splits s at sep where sep is not inside ${...}.
func splitOutsidePlaceholders(s string, sep byte) []string {
	var parts []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '$' && i+1 < len(s) && s[i+1] == '{':
			depth++
			i++
		case s[i] == '}' && depth > 0:
			depth--
		case s[i] == sep && depth == 0:
			parts = append(parts, s[start:i])
			start = i + 1
		}
	}
	return append(parts, s[start:])
}

// QualifierDetail says what an association's qualifier points at, for the
// targets a qualifier alone tells (the unqualified ARN, $LATEST, an alias);
// ok is false for the others, which the loader tells from the project.
func QualifierDetail(target EdgeTarget, qualifier string) (detail string, ok bool) {
	switch target {
	case EdgeUnqualified:
		return "its unqualified ARN", true
	case EdgeLatest:
		return "$LATEST", true
	case EdgeAlias:
		return fmt.Sprintf("alias %q", qualifier), true
	}
	return "", false
}

// EdgeRef resolves a placeholder of an ARN template (${Fn.Arn},
// ${aws_lambda_function.f.arn}) to the function it names and what it
// points at, the way the loader's format reads references.
type EdgeRef func(expr string) (*Function, EdgeTarget, string)

// ResolveFunctionARN resolves an ARN that a Lambda@Edge association gives,
// written literally or as a template with ${...} placeholders: its base is
// a placeholder ref resolves, or a function's physical name; its qualifier
// says what it points at (QualifierTarget, QualifierDetail). A qualifier
// after a base that already points at a version or alias (qualified) is
// not known. final is true when the answer is whole; otherwise target may
// be EdgeUnknown for a qualifier the loader tells from the project (a
// version resource's number), and qualifier is returned for that.
func ResolveFunctionARN(s string, ix *FunctionIndex, ref EdgeRef, qualified func(EdgeTarget) bool) (f *Function, target EdgeTarget, detail, qualifier string, final bool) {
	base, qualifier, ok := SplitFunctionARN(s)
	if !ok {
		return nil, "", "", "", true
	}
	target = QualifierTarget(qualifier)
	if expr, ok := Placeholder(base); ok {
		var baseTarget EdgeTarget
		f, baseTarget, detail = ref(expr)
		switch {
		case f == nil:
			return nil, "", "", "", true
		case qualifier == "":
			return f, baseTarget, detail, "", true
		case qualified(baseTarget):
			return f, EdgeUnknown, "", "", true // a qualifier after a qualified ARN
		}
		detail = ""
	} else if f = ix.ByFunctionName(base); f == nil {
		return nil, "", "", "", true
	}
	if d, ok := QualifierDetail(target, qualifier); ok {
		detail = d
	}
	return f, target, detail, qualifier, target != EdgeUnknown
}

// EdgeLookup is how a format follows the function ARN of an edge
// association to the function it runs, what it points at (EdgeTarget) and
// a detail for messages.
type EdgeLookup struct {
	// Ref follows a reference (Ref, GetAtt, a resource attribute).
	Ref func(Ref) (*Function, EdgeTarget, string)
	// ARN reads an ARN written out, or the text of one built from parts.
	ARN func(string) (*Function, EdgeTarget, string)
	// Text returns the text written for a value that is not known (the
	// template of a Fn::Sub or a Terraform string template); ok=false when
	// there is none.
	Text func(Range) (string, bool)
	// Unknown follows what else an unknown value may say of its function
	// when its text does not; nil for nothing.
	Unknown func(*Value) (*Function, EdgeTarget, string)
}

// Target follows v: a reference, an ARN, the text of an expression,
// then any function its references name (pointing at something not known).
func (l EdgeLookup) Target(v *Value) (*Function, EdgeTarget, string) {
	switch {
	case v.State == Known && v.Type == Reference:
		return l.Ref(*v.Ref)
	case v.State == Known && v.Type == String:
		return l.ARN(v.Str)
	case v.State == Unknown:
		if text, ok := l.Text(v.Range); ok {
			if f, target, detail := l.ARN(text); f != nil {
				return f, target, detail
			}
		}
		if l.Unknown != nil {
			if f, target, detail := l.Unknown(v); f != nil {
				return f, target, detail
			}
		}
		return UnfollowedRef(v.Refs, l.Ref)
	}
	return nil, "", ""
}

// UnfollowedRef is the function the references of an expression lambdavet
// does not follow name (the first that names one, read by ref), pointing
// at something not known; nil when none does.
func UnfollowedRef(refs []Ref, ref func(Ref) (*Function, EdgeTarget, string)) (*Function, EdgeTarget, string) {
	for _, r := range refs {
		if f, _, _ := ref(r); f != nil {
			return f, EdgeUnknown, ""
		}
	}
	return nil, "", ""
}

// AddAssociations records one Lambda@Edge association of a cache behavior
// on the function it runs: for each event type the association may have
// (an absent or unknown one is "": still an edge function) and each
// function ARN it may give along that path, the function target resolves
// gets base with the event type, what the ARN points at and the path.
func AddAssociations(arn, eventType *Value, when When, base EdgeAssociation, target func(*Value) (*Function, EdgeTarget, string)) {
	type event struct {
		name string
		when When
	}
	var events []event
	if eventType.State == Absent {
		events = append(events, event{"", when})
	} else {
		eventType.EachCandidate(when, func(ev *Value, when When) {
			name, _ := ev.AsString()
			if !EdgeEventTypes[name] {
				name = ""
			}
			events = append(events, event{name, when})
		})
	}
	for _, ev := range events {
		arn.EachCandidate(ev.when, func(v *Value, when When) {
			f, t, detail := target(v)
			if f == nil {
				return
			}
			a := base
			a.EventType, a.Target, a.Detail, a.Range, a.When = ev.name, t, detail, v.Range, when
			f.Edge = append(f.Edge, a)
		})
	}
}
