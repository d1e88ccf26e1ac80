package suppress

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/lambdavet/lambdavet/analyzers/policy"
	"github.com/lambdavet/lambdavet/internal/discover"
	"github.com/lambdavet/lambdavet/internal/driver"
	"github.com/lambdavet/lambdavet/parsers/model"
)

const yamlTemplate = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Big:
    Type: AWS::Lambda::Function
    Properties:
      MemorySize: 20480 # lambdavet:ignore LV101 load test, removed after the launch
      Timeout: 901
      Runtime: python3.12
      Handler: a.h
  # lambdavet:ignore LV102 -- batch job, moves to Managed Instances next sprint

  Slow:
    Type: AWS::Lambda::Function
    Properties:
      Timeout: 1000
      MemorySize: 20480
      Runtime: python3.12
      Handler: a.h
  Lazy:
    Type: AWS::Lambda::Function
    Properties:
      # lambdavet:ignore LV101
      MemorySize: 20000
      # lambdavet:ignore LV102 the timeout was lowered since
      Timeout: 30
      # lambdavet:ignore LV1O1 a typo
      # lambdavet:ignore LV103,LV101 two rules, one used
      # lambdavet:ignore
      MemorySize2: 20000
      # lambdavet:ignore LV202 a rule of the catalog this build may not have
      VpcConfig: {}
      Runtime: python3.12
      Handler: a.h
`

const jsonTemplate = `{"Resources": {
  "Fn": {
    "Type": "AWS::Lambda::Function",
    "Metadata": {"lambdavet": {"ignore": [
      {"rule": "LV101", "reason": "reserved for the image pipeline"},
      {"rule": "LV102"},
      {"rule": "LV103", "reason": "nothing to suppress"},
      "LV104 written as a string",
      {"reason": "no rule"}
    ]}},
    "Properties": {"MemorySize": 20480, "Timeout": 1000, "Runtime": "python3.12", "Handler": "a.h"}
  },
  "Other": {
    "Type": "AWS::Lambda::Function",
    "Properties": {"MemorySize": 20480, "Runtime": "python3.12", "Handler": "a.h"}
  }
}}
`

// run lints the files with the built-in rules and applies suppressions;
// checked says which rules ran.
func run(t *testing.T, files map[string]string, checked func(id, file string) bool) (Result, string) {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	as, err := policy.Load(context.Background(), policy.Options{})
	if err != nil {
		t.Fatal(err)
	}
	pkgs, err := discover.Packages([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	res := driver.Run(context.Background(), driver.Options{Analyzers: as}, pkgs)
	for _, e := range res.Errors {
		t.Fatalf("load error: %+v", e)
	}
	return Find(Files(res.Projects), res.Projects).Apply(res.Diagnostics, checked), dir
}

func lines(dir string, ds []driver.Diagnostic) []string {
	var out []string
	for _, d := range ds {
		out = append(out, fmt.Sprintf("%s:%d:%d: %s %s [%s]", filepath.Base(d.File), d.Line, d.Column, d.Rule, d.Message, d.Resource))
	}
	sort.Strings(out)
	return out
}

func check(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\n got\n\t%s\n want\n\t%s", what, strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
}

func TestComments(t *testing.T) {
	res, dir := run(t, map[string]string{"template.yaml": yamlTemplate}, nil)
	check(t, "kept", lines(dir, res.Kept), []string{
		`template.yaml:16:19: LV101 function "Slow" sets MemorySize 20480, above the Lambda maximum of 10240 MB [Slow]`,
		`template.yaml:7:16: LV102 function "Big" sets Timeout 901, above the Lambda maximum of 900 seconds [Big]`,
	})
	var suppressed []string
	for _, s := range res.Suppressed {
		suppressed = append(suppressed, fmt.Sprintf("%s line %d by line %d %q", s.Diagnostic.Rule, s.Diagnostic.Line, s.Directive.Line, s.Directive.Reason))
	}
	sort.Strings(suppressed)
	check(t, "suppressed", suppressed, []string{
		`LV101 line 23 by line 22 ""`,
		`LV101 line 6 by line 6 "load test, removed after the launch"`,
		`LV102 line 15 by line 10 "batch job, moves to Managed Instances next sprint"`,
	})
	check(t, "problems", lines(dir, res.Problems), []string{
		`template.yaml:22:7: LV001 suppression of LV101 gives no reason: say why after the rule id []`,
		`template.yaml:24:7: LV002 suppression of LV102 matches no finding: remove it []`,
		`template.yaml:26:7: LV002 suppression of "LV1O1" names no lambdavet rule (did you mean "LV101"?) []`,
		`template.yaml:27:7: LV002 suppression of LV101 matches no finding: remove it []`,
		`template.yaml:27:7: LV002 suppression of LV103 matches no finding: remove it []`,
		`template.yaml:28:7: LV001 suppression names no rule: write "# lambdavet:ignore LV202 <reason>" []`,
	})
	for _, p := range res.Problems {
		if p.Severity.String() != "warning" || p.Name == "" || !strings.HasSuffix(p.URL, p.Rule+".md") {
			t.Errorf("problem without metadata: %+v", p)
		}
	}
}

func TestMetadata(t *testing.T) {
	res, dir := run(t, map[string]string{"template.json": jsonTemplate}, nil)
	check(t, "kept", lines(dir, res.Kept), []string{
		`template.json:15:34: LV101 function "Other" sets MemorySize 20480, above the Lambda maximum of 10240 MB [Other]`,
	})
	if len(res.Suppressed) != 2 {
		t.Errorf("want LV101 and LV102 of Fn suppressed, got %+v", res.Suppressed)
	}
	check(t, "problems", lines(dir, res.Problems), []string{
		`template.json:6:16: LV001 suppression of LV102 gives no reason: say why after the rule id [Fn]`,
		`template.json:7:16: LV002 suppression of LV103 matches no finding: remove it [Fn]`,
		`template.json:8:7: LV002 suppression of LV104 matches no finding: remove it [Fn]`,
		`template.json:9:7: LV001 suppression entry must be {rule: ID, reason: TEXT} [Fn]`,
	})
}

// TestRuleThatDidNotRun checks that a suppression for a rule turned off is
// not called unused: nothing proves it stale.
func TestRuleThatDidNotRun(t *testing.T) {
	res, dir := run(t, map[string]string{"template.yaml": yamlTemplate}, func(id, file string) bool { return id != "LV102" && id != "LV103" })
	check(t, "problems", lines(dir, res.Problems), []string{
		`template.yaml:22:7: LV001 suppression of LV101 gives no reason: say why after the rule id []`,
		`template.yaml:26:7: LV002 suppression of "LV1O1" names no lambdavet rule (did you mean "LV101"?) []`,
		`template.yaml:27:7: LV002 suppression of LV101 matches no finding: remove it []`,
		`template.yaml:28:7: LV001 suppression names no rule: write "# lambdavet:ignore LV202 <reason>" []`,
	})
}

func TestCommentForms(t *testing.T) {
	for _, tc := range []struct {
		format model.Format
		src    string
		want   string // rules|reason|covers, or "" for no directive
	}{
		{model.FormatSAM, "a: 1 # lambdavet:ignore LV101 why\n", "LV101|why|1"},
		{model.FormatSAM, "a: 1 #lambdavet:ignore LV101: why\n", "LV101|why|1"},
		{model.FormatSAM, "# lambdavet:ignore lv101,LV102 — why\n\n# other comment\nb: 2\n", "lv101,LV102|why|4"},
		{model.FormatSAM, "a: 'x#lambdavet:ignore LV101 why'\n", ""},
		{model.FormatSAM, "a: http://example.com/#lambdavet:ignore\n", ""},
		{model.FormatSAM, "a: 1 # see lambdavet:ignore LV101 why\n", ""},
		{model.FormatSAM, "a: 1 # lambdavet:ignored LV101 why\n", ""},
		{model.FormatSAM, "# lambdavet:ignore LV101 why\n", "LV101|why|0"},
		{model.FormatSAM, "a: 1 // lambdavet:ignore LV101 why\n", ""},
		{model.FormatCloudFormation, "{\"a\": \"# lambdavet:ignore LV101 why\"}\n", ""},
		{model.FormatTerraform, "  memory_size = 20480 // lambdavet:ignore LV101 why\n", "LV101|why|1"},
		{model.FormatTerraform, "# lambdavet:ignore LV202 private RDS\nresource \"aws_lambda_function\" \"f\" {\n", "LV202|private RDS|2"},
		{model.FormatTerraform, "\t// lambdavet:ignore LV202 x\r\n\tvpc_config {\r\n", "LV202|x|2"},
	} {
		ds := comments(File{Path: "f", Format: tc.format, Content: []byte(tc.src)})
		got := ""
		if len(ds) > 0 {
			got = fmt.Sprintf("%s|%s|%d", strings.Join(ds[0].Rules, ","), ds[0].Reason, ds[0].Covers)
		}
		if got != tc.want {
			t.Errorf("%q: got %q, want %q", tc.src, got, tc.want)
		}
	}
}

func TestTerraformComments(t *testing.T) {
	res, dir := run(t, map[string]string{"main.tf": `# lambdavet:ignore LV102 nightly export, moving to Batch
resource "aws_lambda_function" "slow" {
  function_name = "slow"
  timeout       = 1000
  memory_size   = 20480 // lambdavet:ignore LV101 load test
  runtime       = "python3.12"
  handler       = "a.h"
}

resource "aws_lambda_function" "other" {
  function_name = "other"
  # lambdavet:ignore LV101
  memory_size   = 20480
  timeout       = 30 # lambdavet:ignore LV102 stale
  runtime       = "python3.12"
  handler       = "a.h"
}
`}, nil)
	check(t, "kept", lines(dir, res.Kept), nil)
	if len(res.Suppressed) != 3 {
		t.Errorf("suppressed %+v, want LV102 and LV101 of slow and LV101 of other", res.Suppressed)
	}
	check(t, "problems", lines(dir, res.Problems), []string{
		`main.tf:12:3: LV001 suppression of LV101 gives no reason: say why after the rule id []`,
		`main.tf:14:22: LV002 suppression of LV102 matches no finding: remove it []`,
	})
}

// The editor's code action inserts "<reason>": left as it is, it explains
// nothing and is reported like a missing reason (the finding stays hidden).
func TestPlaceholderReasonIsNoReason(t *testing.T) {
	src := "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      MemorySize: 20480 # lambdavet:ignore LV101 <reason>\n      Runtime: python3.12\n      Handler: a.h\n"
	res, dir := run(t, map[string]string{"template.yaml": src}, nil)
	check(t, "problems", lines(dir, res.Problems), []string{
		`template.yaml:5:25: LV001 suppression of LV101 gives no reason: say why after the rule id []`,
	})
	if len(res.Kept) != 0 {
		t.Errorf("the finding should stay suppressed, kept %v", lines(dir, res.Kept))
	}
}

// A directive written nearly right (a space after the colon, the wrong
// case, a colon after "ignore") suppresses nothing; it is reported as
// LV001, with the form to write, so the user learns why the finding stays.
func TestMalformedDirectiveIsReported(t *testing.T) {
	src := `Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      MemorySize: 20480 # lambdavet: ignore LV101 load test
      Timeout: 1000 # LambdaVet:ignore LV102 batch
      # lambdavet:ignore:LV103 big scratch
      EphemeralStorage: {Size: 20480}
      Runtime: python3.12
      Handler: a.h
`
	res, dir := run(t, map[string]string{"template.yaml": src}, nil)
	check(t, "kept", lines(dir, res.Kept), []string{
		`template.yaml:5:19: LV101 function "Fn" sets MemorySize 20480, above the Lambda maximum of 10240 MB [Fn]`,
		`template.yaml:6:16: LV102 function "Fn" sets Timeout 1000, above the Lambda maximum of 900 seconds [Fn]`,
		`template.yaml:8:32: LV103 function "Fn" sets EphemeralStorage size 20480, above the Lambda maximum of 10240 MB [Fn]`,
	})
	check(t, "problems", lines(dir, res.Problems), []string{
		`template.yaml:5:25: LV001 malformed suppression "lambdavet: ignore" suppresses nothing: write "# lambdavet:ignore LV101 <reason>" (lower case, no space around the colon) []`,
		`template.yaml:6:21: LV001 malformed suppression "LambdaVet:ignore" suppresses nothing: write "# lambdavet:ignore LV102 <reason>" (lower case, no space around the colon) []`,
		`template.yaml:7:7: LV001 malformed suppression "lambdavet:ignore:" suppresses nothing: write "# lambdavet:ignore LV103 <reason>" (lower case, no space around the colon) []`,
	})
}

// TestNamesLambdavetIsTheRegexp: the byte scan says what
// (?i)lambda[-_ ]?vet says, on spellings, near misses and random text.
func TestNamesLambdavetIsTheRegexp(t *testing.T) {
	re := regexp.MustCompile(`(?i)lambda[-_ ]?vet`)
	cases := []string{"", "lambdavet", "LambdaVet", "lambda-vet", "lambda_VET", "lambda vet", "lambda  vet", "lambdav et",
		"xlambdavetx", "lambd avet", "ambdavet", "lambdave", "# LAMBDAVET:ignore LV101", "lambda\tvet", "vet lambda", "lambda-_vet", "lambdaVe"}
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte("lambdavetLAMBDAVET-_ x\n")
	for range 20000 {
		b := make([]byte, r.IntN(24))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		cases = append(cases, string(b))
	}
	for _, c := range cases {
		if got, want := namesLambdavet([]byte(c)), re.MatchString(c); got != want {
			t.Errorf("namesLambdavet(%q) = %v, the regexp says %v", c, got, want)
		}
	}
}
