package policy

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/lambdavet/lambdavet/internal/analysistest"
)

// TestInlineCodeSizeBoundary runs LV112 over templates with inline code of
// exactly 1,000,000 bytes (allowed) and one byte more (reported), in SAM,
// CloudFormation YAML and JSON. The templates are made here, not kept in
// policies/lv112_inline_code/testdata: they are 2 MB each.
func TestInlineCodeSizeBoundary(t *testing.T) {
	lv112 := findAnalyzer(t, "LV112")
	line := "#" + strings.Repeat("x", 98) + "\n" // 100 bytes
	at := strings.Repeat(line, 10000)
	over := at[:len(at)-1] + "y\n"
	if len(at) != 1000000 || len(over) != 1000001 {
		t.Fatal("sizes")
	}
	block := func(code string) string {
		return "          " + strings.ReplaceAll(strings.TrimSuffix(code, "\n"), "\n", "\n          ") + "\n"
	}
	dir := t.TempDir()
	write := func(name, src string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	msg := func(prop string) string {
		return fmt.Sprintf(`function \"OverLimit\" has %s of 1000001 bytes, more than a template can hold \\(CloudFormation takes at most 1000000 bytes\\); deploy the code as a package instead \\(LV112\\)`, prop)
	}
	fn := func(typ, extra, key, want, code string) string {
		return "  " + map[bool]string{true: "AtLimit", false: "OverLimit"}[want == ""] + ":\n    Type: " + typ + "\n    Properties:\n      Runtime: python3.13\n      Handler: index.handler\n" + extra +
			key + ": |" + want + "\n" + block(code)
	}
	write("sam_size.yaml", "AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\nResources:\n"+
		fn("AWS::Serverless::Function", "", "      InlineCode", "", at)+
		fn("AWS::Serverless::Function", "", "      InlineCode", ` # want "`+msg("InlineCode")+`"`, over))
	cfnExtra := "      Role: arn:aws:iam::123456789012:role/fn\n      Code:\n"
	write("cfn_size.yaml", "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n"+
		fn("AWS::Lambda::Function", cfnExtra, "        ZipFile", "", at)+
		fn("AWS::Lambda::Function", cfnExtra, "        ZipFile", ` # want "`+msg("Code ZipFile")+`"`, over))
	resource := func(code string) map[string]any {
		return map[string]any{"Type": "AWS::Lambda::Function", "Properties": map[string]any{
			"Runtime": "python3.13", "Handler": "index.handler", "Role": "arn:aws:iam::123456789012:role/fn", "Code": map[string]any{"ZipFile": code}}}
	}
	// Keys in order: AtLimit, then OverLimit, whose ZipFile line the
	// sidecar names.
	atJSON, _ := json.MarshalIndent(resource(at), "    ", "  ")
	overJSON, _ := json.MarshalIndent(resource(over), "    ", "  ")
	src := "{\n  \"AWSTemplateFormatVersion\": \"2010-09-09\",\n  \"Resources\": {\n    \"AtLimit\": " + string(atJSON) + ",\n    \"OverLimit\": " + string(overJSON) + "\n  }\n}\n"
	zipLine := 0
	for i, l := range strings.Split(src, "\n") {
		if strings.Contains(l, `"ZipFile"`) {
			zipLine = i + 1 // the last one: OverLimit's
		}
	}
	write("cfn_size.json", src)
	write("cfn_size.json.want", fmt.Sprintf("%d \"%s\"\n", zipLine, msg("Code ZipFile")))
	analysistest.Run(t, dir, lv112)
}

// findAnalyzer returns the built-in rule id.
func findAnalyzer(t *testing.T, id string) *analysis.Analyzer {
	t.Helper()
	for _, a := range loadBuiltin(t) {
		if a.Name == id {
			return a
		}
	}
	t.Fatalf("no rule %s", id)
	return nil
}
