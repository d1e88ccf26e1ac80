package lint

import (
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/lambdavet/lambdavet/analyzers/rule"
	"github.com/lambdavet/lambdavet/internal/config"
	"github.com/lambdavet/lambdavet/internal/discover"
	"github.com/lambdavet/lambdavet/internal/testfiles"
)

// fn is a template whose function breaks LV101 (memory) and LV102
// (timeout), with extra lines under its Properties.
func fn(extra string) string {
	return "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Worker:\n    Type: AWS::Lambda::Function\n    Properties:\n" +
		"      MemorySize: 20480\n      Timeout: 901\n      Runtime: python3.12\n      Handler: a.h\n" + extra
}

// lintDir writes files under a new folder, loads its configuration and
// rules, and lints it with req's other fields.
func lintDir(t *testing.T, files map[string]string, req Request) (*Result, string) {
	t.Helper()
	dir := t.TempDir()
	testfiles.Write(t, dir, files)
	if _, ok := files[".lambdavet.yaml"]; ok {
		cfg, err := config.Load(filepath.Join(dir, ".lambdavet.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		req.Config = cfg
	}
	as, err := LoadRules(t.Context(), req.Config, RuleOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckRules(req.Config, as); err != nil {
		t.Fatal(err)
	}
	pkgs, err := discover.Packages([]string{dir + "/..."})
	if err != nil {
		t.Fatal(err)
	}
	req.Analyzers, req.Packages = as, pkgs
	return Run(t.Context(), &req), dir
}

// found lists "file:line rule severity" of the findings, file relative
// to dir.
func found(t *testing.T, r *Result, dir string) []string {
	t.Helper()
	var out []string
	for _, d := range r.Diagnostics {
		rel, _ := filepath.Rel(dir, d.File)
		if !filepath.IsAbs(d.File) {
			abs, _ := filepath.Abs(d.File)
			rel, _ = filepath.Rel(dir, abs)
		}
		out = append(out, strings.Join([]string{rel + ":" + strconv.Itoa(d.Line), d.Rule, d.Severity.String()}, " "))
	}
	slices.Sort(out)
	return out
}

func want(t *testing.T, what string, got []string, w ...string) {
	t.Helper()
	if !slices.Equal(got, w) {
		t.Errorf("%s:\ngot  %q\nwant %q", what, got, w)
	}
}

// TestRunFiltersByConfiguration: a rule off for a path, a severity, a
// suppression and the rules that ran, with the severity the
// configuration gives them.
func TestRunFiltersByConfiguration(t *testing.T) {
	r, dir := lintDir(t, map[string]string{
		".lambdavet.yaml":     "rules:\n  LV102: info\noverrides:\n  - paths: [quiet/**]\n    rules: {LV101: off}\n",
		"loud/template.yaml":  fn(""),
		"quiet/template.yaml": fn(""),
		"kept/template.yaml":  strings.Replace(fn(""), "MemorySize: 20480", "MemorySize: 20480 # lambdavet:ignore LV101 sized by the load test", 1),
	}, Request{})
	want(t, "findings", found(t, r, dir),
		"kept/template.yaml:7 LV102 info",
		"loud/template.yaml:6 LV101 error",
		"loud/template.yaml:7 LV102 info",
		"quiet/template.yaml:7 LV102 info",
	)
	if len(r.Suppressed) != 1 || r.Suppressed[0].Rule != "LV101" || r.Suppressed[0].Justification != "sized by the load test" {
		t.Errorf("suppressed: %+v", r.Suppressed)
	}
	i := slices.IndexFunc(r.Ran, func(m rule.Meta) bool { return m.ID == "LV102" })
	if i < 0 || r.Ran[i].Severity.String() != "info" || !slices.ContainsFunc(r.Ran, func(m rule.Meta) bool { return m.ID == "LV001" }) {
		t.Errorf("rules that ran: %+v", r.Ran)
	}
}

// TestRunRules: rules turned on or off outside the configuration win
// over it; OnlyRules runs only the rules named, the suppression rules
// included. The suppression of a rule that found nothing is LV002.
func TestRunRules(t *testing.T) {
	files := map[string]string{
		".lambdavet.yaml": "rules:\n  LV101: off\n",
		"template.yaml":   fn("      # lambdavet:ignore LV303 no reason given here\n"),
	}
	r, dir := lintDir(t, files, Request{})
	want(t, "configuration alone", found(t, r, dir), "template.yaml:10 LV002 warning", "template.yaml:7 LV102 error")
	r, dir = lintDir(t, files, Request{Rules: map[string]bool{"LV101": true, "LV102": false}})
	want(t, "flags over the configuration", found(t, r, dir), "template.yaml:10 LV002 warning", "template.yaml:6 LV101 error")
	r, dir = lintDir(t, files, Request{Rules: map[string]bool{"LV101": true}, OnlyRules: true})
	want(t, "only LV101", found(t, r, dir), "template.yaml:6 LV101 error")
	if slices.ContainsFunc(r.Ran, func(m rule.Meta) bool { return m.ID != "LV101" }) {
		t.Errorf("only LV101 ran, the run says %+v", r.Ran)
	}
}

// TestRunInputsAndBaseline: the configuration's parameters apply to its
// paths, the request's on top; a baseline that cannot be read is an
// error beside the findings, and Unfiltered skips the configuration.
func TestRunInputsAndBaseline(t *testing.T) {
	param := "AWSTemplateFormatVersion: '2010-09-09'\nParameters:\n  Memory: {Type: Number, Default: 128}\nResources:\n  Worker:\n    Type: AWS::Lambda::Function\n    Properties:\n" +
		"      MemorySize: !Ref Memory\n      Runtime: python3.12\n      Handler: a.h\n"
	files := map[string]string{
		".lambdavet.yaml": "parameters: {Memory: \"20480\"}\nbaseline: missing.json\n",
		"template.yaml":   param,
	}
	r, dir := lintDir(t, files, Request{})
	want(t, "the configuration's parameter", found(t, r, dir), "template.yaml:8 LV101 error")
	if r.BaselineErr == nil {
		t.Error("a baseline that is not there is no error")
	}
	r, dir = lintDir(t, files, Request{Parameters: map[string]string{"Memory": "256"}, NoBaseline: true})
	want(t, "the request's parameter over it", found(t, r, dir))
	if r.BaselineErr != nil {
		t.Errorf("NoBaseline read the baseline: %v", r.BaselineErr)
	}
	files[".lambdavet.yaml"] = "overrides:\n  - paths: [template.yaml]\n    rules: {LV101: off}\n"
	r, dir = lintDir(t, files, Request{Parameters: map[string]string{"Memory": "64"}})
	want(t, "LV101 off for the file", found(t, r, dir))
	r, dir = lintDir(t, files, Request{Parameters: map[string]string{"Memory": "64"}, Unfiltered: true})
	want(t, "unfiltered", found(t, r, dir), "template.yaml:8 LV101 error")
}
