package lv603

import (
	_ "embed"
	"fmt"
	"regexp"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/lambdavet/lambdavet/analyzers/internal/access"
	"github.com/lambdavet/lambdavet/analyzers/load"
	"github.com/lambdavet/lambdavet/analyzers/rule"
	"github.com/lambdavet/lambdavet/parsers/model"
)

var meta = rule.MustRegister(rule.Meta{ID: "LV603", Title: "service principal allowed to invoke without SourceArn", Severity: rule.Warning, Source: "go"})

//go:embed doc.go
var docSource string

// Analyzer reports service permissions without a source condition.
var Analyzer = &analysis.Analyzer{
	Name:     meta.ID,
	Doc:      rule.DocFromSource(docSource, meta.ID),
	URL:      meta.URL(),
	Requires: []*analysis.Analyzer{load.Analyzer},
	Run:      run,
}

// What invokes a function for each service: the resource a SourceArn names.
var resources = map[string]string{
	"s3": "S3 bucket", "sns": "SNS topic", "events": "EventBridge rule", "scheduler": "EventBridge schedule",
	"apigateway": "API Gateway API", "logs": "CloudWatch Logs subscription filter", "iot": "IoT topic rule",
	"cognito-idp": "Cognito user pool", "secretsmanager": "Secrets Manager secret", "config": "AWS Config rule",
	"lex": "Lex bot", "connect": "Amazon Connect instance", "bedrock": "Bedrock agent", "firehose": "Firehose stream",
	"ses": "SES receipt rule", "cloudfront": "CloudFront distribution", "kinesisanalytics": "Kinesis Data Analytics application",
	"lambda.alarms.cloudwatch": "CloudWatch alarm", "alexa-appkit": "Alexa skill", "alexa-connectedhome": "Alexa smart home skill",
}

// sameAccount lists the services that invoke only functions of their own
// account (a load balancer's target group and its Lambda function must be
// in one account): no other account can point them at the function, so
// there is no confused deputy to close.
var sameAccount = map[string]bool{"elasticloadbalancing": true}

var serviceSuffix = regexp.MustCompile(`\.(amazonaws\.com(\.cn)?|amazon\.com)$`)

// service returns the service of a principal (s3, logs for
// logs.us-east-1.amazonaws.com) and what it invokes from.
func service(principal string) (name, resource string) {
	name = serviceSuffix.ReplaceAllString(strings.ToLower(principal), "")
	if r, ok := resources[name]; ok {
		return name, r
	}
	if first, _, ok := strings.Cut(name, "."); ok {
		if r, ok := resources[first]; ok {
			return first, r
		}
	}
	return name, "resource of that service"
}

func run(pass *analysis.Pass) (any, error) {
	p := pass.ResultOf[load.Analyzer].(*model.Project)
	fs := access.NewFunctions(p)
	for _, perm := range access.Permissions(p) {
		for _, g := range perm.Grants() {
			if g.Kind == access.Service {
				check(pass, fs, perm, g)
			}
		}
	}
	for _, f := range p.Functions {
		for _, ev := range f.Events {
			if ev.Type == "AlexaSkill" && ev.Properties.Dig("SkillId").State == model.Absent {
				rule.Report(pass, rule.Finding{
					Rule: meta.ID, Range: ev.Range, Resource: f.Resource,
					Message: fmt.Sprintf("%s has an AlexaSkill event %q without SkillId: SAM lets alexa-appkit.amazon.com invoke it with no EventSourceToken, so any Alexa skill, in any account, can be set to invoke it (the confused deputy problem); set SkillId to the ID of the skill that invokes it", f.Subject, ev.Name),
				})
			}
		}
	}
	return nil, nil
}

// check reports the paths on which a service grant has no source condition.
func check(pass *analysis.Pass, fs *access.Functions, perm *access.Permission, g access.Grant) {
	svc, res := service(g.Name)
	if sameAccount[svc] {
		return
	}
	target := fs.Describe(perm.Get("FunctionName"))
	lead := fmt.Sprintf("%s lets %q invoke %s", perm.Subject(), g.Name, target)
	if strings.HasPrefix(svc, "alexa-") {
		for _, when := range perm.Unconditioned(g.When, "EventSourceToken", "SourceArn", "SourceAccount", "PrincipalOrgID") {
			report(pass, perm, g.Principal, fmt.Sprintf("%s with no %s%s: any %s, in any AWS account, can be set to invoke it (the confused deputy problem); set %s to the ID of the skill that invokes it",
				lead, perm.Name("EventSourceToken"), access.Note(g.Principal, when), res, perm.Name("EventSourceToken")))
		}
		return
	}
	arnName, accountName := perm.Name("SourceArn"), perm.Name("SourceAccount")
	var paths []model.When
	for _, when := range perm.Unconditioned(g.When, "SourceAccount", "EventSourceToken", "PrincipalOrgID") {
		paths = append(paths, access.Refine(when, perm.Get("SourceArn"))...)
	}
	for _, when := range paths {
		switch access.Present(perm.Get("SourceArn"), when) {
		case access.Missing:
			fix := fmt.Sprintf("add %s with the ARN of the %s that invokes it", arnName, res)
			if svc == "s3" {
				fix += fmt.Sprintf(", and %s with the bucket owner's account id", accountName)
			}
			report(pass, perm, g.Principal, fmt.Sprintf("%s with no %s or %s condition%s: any %s, in any AWS account, can be set to invoke it (the confused deputy problem); %s",
				lead, arnName, accountName, access.Note(g.Principal, when), res, fix))
		case access.Set:
			if svc == "s3" {
				report(pass, perm, g.Principal, fmt.Sprintf("%s with %s but no %s%s: a bucket ARN names no account and bucket names are global, so once the bucket is deleted anyone can create one of that name in their own account and invoke the function (the confused deputy problem); add %s with the bucket owner's account id",
					lead, arnName, accountName, access.Note(g.Principal, when), accountName))
				continue
			}
			if arn, ok := accountless(perm.Get("SourceArn"), when); ok {
				report(pass, perm, arn.Value, fmt.Sprintf("%s from %s %q, which names no account, and with no %s%s: %s of that name in any AWS account can invoke it (the confused deputy problem); put the account id in %s or add %s",
					lead, arnName, arn.Str, accountName, access.Note(arn.Value, when), article(res), arnName, accountName))
			}
		}
	}
}

// accountless returns the SourceArn along when if every value it takes
// there is a known ARN whose account is empty or a wildcard.
func accountless(v *model.Value, when model.When) (access.String, bool) {
	var found access.String
	ok := false
	for _, c := range v.Candidates() {
		if !model.CompatibleWhen(c.When, when) {
			continue
		}
		s, isString := c.AsString() // an ARN not known, or a reference, names its account
		parts := strings.Split(s, ":")
		if !isString || len(parts) < 6 || parts[0] != "arn" || (parts[4] != "" && !strings.Contains(parts[4], "*")) {
			return access.String{}, false
		}
		found, ok = access.String{Value: c, Str: s, When: c.When}, true
	}
	return found, ok
}

func report(pass *analysis.Pass, perm *access.Permission, at *model.Value, msg string) {
	rule.Report(pass, rule.Finding{Rule: meta.ID, Range: at.Range, Resource: perm.Resource, Message: msg})
}

// article puts "a" or "an" before a noun.
func article(noun string) string {
	if strings.ContainsRune("AEIOU", rune(noun[0])) {
		return "an " + noun
	}
	return "a " + noun
}
