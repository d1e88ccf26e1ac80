package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/lambdavet/lambdavet/analyzers/rule"
	"github.com/lambdavet/lambdavet/internal/driver"
	"github.com/lambdavet/lambdavet/parsers/model"
)

const template = "AWSTemplateFormatVersion: '2010-09-09'\n" + // 1
	"Resources:\n" + // 2
	"  Worker:\n" + // 3
	"    Type: AWS::Lambda::Function\n" + // 4
	"    Properties:\n" + // 5
	"      MemorySize: 20480\n" + // 6
	"      Description: \"café\"    # é before the range shifts UTF-16 columns\n" + // 7
	"      VpcConfig: {SubnetIds: [s], SecurityGroupIds: [g]}\n" + // 8
	"\tTimeout: 900\n" // 9

func init() {
	// Rules of other severities than the built-in Rego ones, for the tests.
	for _, m := range []rule.Meta{
		{ID: "LV101", Title: "memory size out of range", Severity: rule.Error, Source: "rego"},
		{ID: "LV902", Title: "VPC attached without need", Severity: rule.Warning, Source: "test"},
		{ID: "LV903", Title: "timeout at the ceiling", Severity: rule.Info, Source: "test"},
	} {
		if err := rule.Register(m); err != nil {
			panic(err)
		}
	}
}

// sample returns a result with an error, a warning and an info finding in
// app/template.yaml and a load error in broken.yaml, with the working
// directory at the root of the repository it is in.
func sample(t *testing.T) (*driver.Result, Options) {
	t.Helper()
	root := t.TempDir()
	t.Chdir(root)
	file := filepath.Join("app", "template.yaml")
	meta := func(id string) rule.Meta { m, _ := rule.Lookup(id); return m }
	res := &driver.Result{
		Diagnostics: []driver.Diagnostic{
			{Rule: "LV101", Name: "memory size out of range", Severity: rule.Error, File: file, Line: 6, Column: 19, EndLine: 6, EndColumn: 24,
				Resource: "Worker", Message: `function "Worker" sets MemorySize 20480, above the Lambda maximum of 10240 MB`, URL: meta("LV101").URL()},
			{Rule: "LV902", Name: "VPC attached without need", Severity: rule.Warning, File: file, Line: 8, Column: 7, EndLine: 8, EndColumn: 16,
				Resource: "Worker", Message: `function "Worker" is attached to a VPC: 100% of what it calls is public`,
				Related: []driver.Related{{File: file, Line: 3, Column: 3, Message: "resource Worker"}}},
			{Rule: "LV903", Name: "timeout at the ceiling", Severity: rule.Info, File: file, Line: 9, Column: 11, EndLine: 9, EndColumn: 14,
				Resource: "Worker", Message: "function \"Worker\" runs up to 900 seconds,\nthe ceiling"},
		},
		Errors:   []driver.Error{{File: "broken.yaml", Line: 3, Column: 5, Message: "invalid YAML: did not find expected ','"}},
		Sources:  map[string][]byte{file: []byte(template), "broken.yaml": []byte("a:\n b: [\n    c\n")},
		Projects: []*model.Project{{Files: []*model.File{{Path: file}}}, {Files: []*model.File{{Path: filepath.Join("app", "clean.yaml")}}}},
	}
	return res, Options{
		Version: "1.2.3",
		Rules:   []rule.Meta{meta("LV101"), meta("LV902"), meta("LV903")},
		Root:    root,
		FailOn:  rule.Warning,
	}
}

func render(t *testing.T, format string, res *driver.Result, opts Options) string {
	t.Helper()
	var out, errs bytes.Buffer
	if err := Write(format, &out, &errs, res, opts); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

func TestUnknownFormat(t *testing.T) {
	res, opts := sample(t)
	if err := Write("xml", &bytes.Buffer{}, &bytes.Buffer{}, res, opts); err == nil || !strings.Contains(err.Error(), "sarif") {
		t.Errorf("got %v, want an error listing the formats", err)
	}
}

func sarifSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	path := filepath.Join("..", "..", "..", "shared", "schemas", "sarif-schema-2.1.0.json")
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(abs)
	if err != nil {
		t.Skipf("SARIF schema not available: %v", err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("sarif-schema-2.1.0.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func validateSARIF(t *testing.T, s *jsonschema.Schema, out string) {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
	if err != nil {
		t.Fatalf("SARIF output is not JSON: %v", err)
	}
	if err := s.Validate(inst); err != nil {
		t.Fatalf("SARIF output does not match the SARIF 2.1.0 schema: %v\n%s", err, out)
	}
}

type sarifDoc struct {
	Version string `json:"version"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name, Version, InformationURI string
				Rules                         []struct {
					ID, Name, HelpURI                 string
					ShortDescription, FullDescription struct{ Text string }
					Help                              *struct{ Markdown string }
					DefaultConfiguration              struct{ Level string }
				}
			}
		}
		OriginalURIBaseIDs map[string]struct{ URI string } `json:"originalUriBaseIds"`
		Invocations        []struct {
			ExecutionSuccessful        bool
			ToolExecutionNotifications []struct {
				Level   string
				Message struct{ Text string }
			}
		}
		Results []struct {
			RuleID, Level string
			RuleIndex     int
			Message       struct{ Text string }
			Locations     []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI       string `json:"uri"`
						URIBaseID string `json:"uriBaseId"`
					}
					Region struct{ StartLine, StartColumn, EndLine, EndColumn int }
				}
			}
			PartialFingerprints map[string]string
		}
	}
}

func TestSARIF(t *testing.T) {
	schema := sarifSchema(t)
	res, opts := sample(t)
	out := render(t, "sarif", res, opts)
	validateSARIF(t, schema, out)
	var doc sarifDoc
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	run := doc.Runs[0]
	d := run.Tool.Driver
	if doc.Version != "2.1.0" || d.Name != "lambdavet" || d.Version != "1.2.3" || d.InformationURI != InformationURI {
		t.Errorf("tool.driver = %+v", d)
	}
	if len(d.Rules) != 3 {
		t.Fatalf("want the 3 rules that ran, got %+v", d.Rules)
	}
	r := d.Rules[0]
	if r.ID != "LV101" || r.Name != "MemorySizeOutOfRange" || r.ShortDescription.Text != "memory size out of range" ||
		!strings.HasPrefix(r.FullDescription.Text, "A function whose `MemorySize` is below 128 MB") ||
		r.HelpURI != rule.DocBase+"LV101.md" || r.Help == nil || !strings.HasPrefix(r.Help.Markdown, "# LV101") || r.DefaultConfiguration.Level != "error" {
		t.Errorf("rule LV101 = %+v", r)
	}
	if d.Rules[1].DefaultConfiguration.Level != "warning" || d.Rules[2].DefaultConfiguration.Level != "note" || d.Rules[1].HelpURI != "" {
		t.Errorf("rules = %+v (a rule without a doc page has no helpUri)", d.Rules)
	}
	if got := run.OriginalURIBaseIDs[srcRoot].URI; !strings.HasPrefix(got, "file:///") || !strings.HasSuffix(got, "/") {
		t.Errorf("%s = %q, want a file URI of a folder", srcRoot, got)
	}
	if len(run.Results) != 3 {
		t.Fatalf("results = %+v", run.Results)
	}
	res0 := run.Results[0]
	loc := res0.Locations[0].PhysicalLocation
	if res0.RuleID != "LV101" || res0.RuleIndex != 0 || res0.Level != "error" || loc.ArtifactLocation.URI != "app/template.yaml" ||
		loc.ArtifactLocation.URIBaseID != srcRoot || loc.Region != (struct{ StartLine, StartColumn, EndLine, EndColumn int }{6, 19, 6, 24}) {
		t.Errorf("result 0 = %+v", res0)
	}
	if run.Results[1].Level != "warning" || run.Results[2].Level != "note" || run.Results[2].RuleIndex != 2 {
		t.Errorf("levels: %+v", run.Results)
	}
	inv := run.Invocations[0]
	if inv.ExecutionSuccessful || len(inv.ToolExecutionNotifications) != 1 || inv.ToolExecutionNotifications[0].Level != "error" {
		t.Errorf("invocation = %+v, want the load error as a notification", inv)
	}
}

// TestSARIFFingerprintsIgnoreLineMoves checks that partialFingerprints stay
// the same when lines are added above the findings.
func TestSARIFFingerprintsIgnoreLineMoves(t *testing.T) {
	res, opts := sample(t)
	fps := func(res *driver.Result) []string {
		var doc sarifDoc
		if err := json.Unmarshal([]byte(render(t, "sarif", res, opts)), &doc); err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range doc.Runs[0].Results {
			out = append(out, r.PartialFingerprints[FingerprintKey])
		}
		return out
	}
	before := fps(res)
	file := res.Diagnostics[0].File
	res.Sources[file] = []byte("# a comment\n# and another\n" + template)
	for i := range res.Diagnostics {
		res.Diagnostics[i].Line += 2
		res.Diagnostics[i].EndLine += 2
	}
	after := fps(res)
	if strings.Join(before, ",") != strings.Join(after, ",") || before[0] == "" || before[0] == before[1] {
		t.Errorf("fingerprints changed with the lines: %v then %v", before, after)
	}
	// The same finding twice gets two fingerprints.
	res.Diagnostics = append(res.Diagnostics, res.Diagnostics[0])
	if twice := fps(res); twice[0] == twice[3] {
		t.Error("a repeated finding shares its fingerprint")
	}
}

func TestSARIFColumnsAndPlaces(t *testing.T) {
	schema := sarifSchema(t)
	res, opts := sample(t)
	outside := filepath.Join(t.TempDir(), "other dir", "t.yaml")
	res.Diagnostics = []driver.Diagnostic{
		// "é" is 2 bytes, 1 UTF-16 unit: byte column 30 is unit column 29.
		{Rule: "LV101", Severity: rule.Error, File: res.Diagnostics[0].File, Line: 7, Column: 30, EndLine: 7, EndColumn: 31, Message: "m"},
		{Rule: "LV999", Name: "a rule not in the list", Severity: rule.Info, File: outside, Line: 1, Column: 1, Message: "m"},
	}
	res.Errors = nil
	out := render(t, "sarif", res, opts)
	validateSARIF(t, schema, out)
	var doc sarifDoc
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	run := doc.Runs[0]
	if reg := run.Results[0].Locations[0].PhysicalLocation.Region; reg.StartColumn != 29 || reg.EndColumn != 30 {
		t.Errorf("region %+v, want columns in UTF-16 units", reg)
	}
	art := run.Results[1].Locations[0].PhysicalLocation.ArtifactLocation
	if !strings.HasPrefix(art.URI, "file:///") || !strings.HasSuffix(art.URI, "/other%20dir/t.yaml") || art.URIBaseID != "" {
		t.Errorf("a file outside the root: %+v", art)
	}
	if !run.Invocations[0].ExecutionSuccessful || len(run.Tool.Driver.Rules) != 4 || run.Results[1].RuleIndex != 3 {
		t.Errorf("rules %+v, results %+v", run.Tool.Driver.Rules, run.Results)
	}
}

func TestSARIFEmpty(t *testing.T) {
	schema := sarifSchema(t)
	out := render(t, "sarif", &driver.Result{}, Options{})
	validateSARIF(t, schema, out)
	if !strings.Contains(out, `"results": []`) {
		t.Errorf("an empty run must still list results: %s", out)
	}
}

func TestGitHub(t *testing.T) {
	res, opts := sample(t)
	res.Diagnostics[0].File = filepath.Join("app", "odd,name:1.yaml")
	got := strings.Split(strings.TrimSuffix(render(t, "github", res, opts), "\n"), "\n")
	want := []string{
		`::error file=app/odd%2Cname%3A1.yaml,line=6,col=19,endLine=6,endColumn=24,title=LV101::function "Worker" sets MemorySize 20480, above the Lambda maximum of 10240 MB`,
		`::warning file=app/template.yaml,line=8,col=7,endLine=8,endColumn=16,title=LV902::function "Worker" is attached to a VPC: 100%25 of what it calls is public`,
		`::notice file=app/template.yaml,line=9,col=11,endLine=9,endColumn=14,title=LV903::function "Worker" runs up to 900 seconds,%0Athe ceiling`,
		`::error file=broken.yaml,line=3,col=5,title=lambdavet::invalid YAML: did not find expected ','`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if escapeData("a\r\nb%") != "a%0D%0Ab%25" || escapeProperty("a:b,c%\n") != "a%3Ab%2Cc%25%0A" {
		t.Error("escaping")
	}
}

type junitDoc struct {
	XMLName  xml.Name `xml:"testsuites"`
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	Errors   int      `xml:"errors,attr"`
	Skipped  int      `xml:"skipped,attr"`
	Suites   []struct {
		Name     string `xml:"name,attr"`
		Tests    int    `xml:"tests,attr"`
		Failures int    `xml:"failures,attr"`
		Errors   int    `xml:"errors,attr"`
		Skipped  int    `xml:"skipped,attr"`
		Cases    []struct {
			Name      string `xml:"name,attr"`
			Classname string `xml:"classname,attr"`
			Failure   *struct {
				Message string `xml:"message,attr"`
				Type    string `xml:"type,attr"`
				Text    string `xml:",chardata"`
			} `xml:"failure"`
			Error *struct {
				Message string `xml:"message,attr"`
			} `xml:"error"`
			SystemOut string `xml:"system-out"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func TestJUnit(t *testing.T) {
	res, opts := sample(t)
	// A second LV101 finding in the same file joins the same test case.
	second := res.Diagnostics[0]
	second.Line, second.Message = 7, "second"
	// Characters XML cannot hold must not break the document.
	res.Errors[0].Message += " \x1b[31m\x00 ]]> end"
	res.Diagnostics = append(res.Diagnostics, second)
	out := render(t, "junit", res, opts)
	if !strings.HasPrefix(out, xml.Header) {
		t.Errorf("no XML header: %.60s", out)
	}
	var doc junitDoc
	if err := xml.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("JUnit output does not parse: %v\n%s", err, out)
	}
	if doc.Tests != 10 || doc.Failures != 2 || doc.Errors != 1 || len(doc.Suites) != 3 {
		t.Fatalf("tests %d failures %d errors %d suites %d; want 10, 2, 1, 3\n%s", doc.Tests, doc.Failures, doc.Errors, len(doc.Suites), out)
	}
	app := doc.Suites[1]
	if app.Name != filepath.Join("app", "template.yaml") || app.Tests != 3 || app.Failures != 2 {
		t.Fatalf("suite %+v", app)
	}
	lv101 := app.Cases[0]
	if lv101.Name != "LV101 memory size out of range" || lv101.Classname != app.Name || lv101.Failure == nil ||
		lv101.Failure.Type != "error" || !strings.HasPrefix(lv101.Failure.Message, "2 findings, the first at app/template.yaml:6:19: function \"Worker\" sets MemorySize 20480") ||
		!strings.Contains(lv101.Failure.Text, "app/template.yaml:6:19: error: function") || !strings.Contains(lv101.Failure.Text, "app/template.yaml:7:19: error: second (LV101)") {
		t.Errorf("LV101 case = %+v", lv101)
	}
	if f := app.Cases[1].Failure; f == nil || f.Type != "warning" || !strings.Contains(f.Message, "100% of what") {
		t.Errorf("LV902 case = %+v", app.Cases[1])
	}
	// info is below the fail level: listed, not failed.
	if c := app.Cases[2]; c.Failure != nil || !strings.Contains(c.SystemOut, `runs up to 900 seconds,\nthe ceiling (LV903)`) {
		t.Errorf("LV903 case = %+v", c)
	}
	if clean := doc.Suites[0]; clean.Name != filepath.Join("app", "clean.yaml") || clean.Tests != 3 || clean.Failures != 0 {
		t.Errorf("clean suite = %+v", clean)
	}
	broken := doc.Suites[2]
	if broken.Name != "broken.yaml" || broken.Errors != 1 || broken.Cases[0].Error == nil || broken.Cases[0].Name != "load" {
		t.Errorf("broken suite = %+v", broken)
	}
	// Its rule cases checked nothing: skipped, not passing.
	if broken.Skipped != 3 || doc.Skipped != 3 || !strings.Contains(out, `<skipped message="not checked: the file did not load">`) {
		t.Errorf("broken suite skipped %d (run %d), want 3:\n%s", broken.Skipped, doc.Skipped, out)
	}
}

func TestGitLab(t *testing.T) {
	res, opts := sample(t)
	var issues []struct {
		Description, CheckName, Fingerprint, Severity string
		Location                                      struct {
			Path  string
			Lines struct{ Begin int }
		}
	}
	out := render(t, "gitlab", res, opts)
	if err := json.Unmarshal([]byte(out), &issues); err != nil {
		t.Fatal(err)
	}
	if len(issues) != 4 || issues[0].Severity != "critical" || issues[1].Severity != "major" || issues[2].Severity != "info" {
		t.Fatalf("issues = %+v", issues)
	}
	// The file that did not load is in the report, not only in the log.
	if l := issues[3]; l.Severity != "blocker" || l.Location.Path != "broken.yaml" || l.Location.Lines.Begin != 3 ||
		!strings.Contains(l.Description, "did not find expected") || len(l.Fingerprint) != 32 || !strings.Contains(out, `"check_name": "lambdavet-load"`) {
		t.Errorf("load error issue = %+v", l)
	}
	i := issues[0]
	if i.Location.Path != "app/template.yaml" || i.Location.Lines.Begin != 6 || len(i.Fingerprint) != 32 || !strings.HasSuffix(i.Description, "(LV101)") {
		t.Errorf("issue = %+v (check_name from JSON: %s)", i, out)
	}
	if !strings.Contains(out, `"check_name": "LV101"`) {
		t.Errorf("no check_name: %s", out)
	}
	if empty := render(t, "gitlab", &driver.Result{}, opts); strings.TrimSpace(empty) != "[]" {
		t.Errorf("no findings: %q, want []", empty)
	}
}

func TestColorText(t *testing.T) {
	res, opts := sample(t)
	opts.Color = true
	var out, errs bytes.Buffer
	if err := Write("text", &out, &errs, res, opts); err != nil {
		t.Fatal(err)
	}
	plain := stripANSI(out.String())
	want := strings.Join([]string{
		`app/template.yaml:6:19: error: function "Worker" sets MemorySize 20480, above the Lambda maximum of 10240 MB (LV101)`,
		`    6 |       MemorySize: 20480`,
		`      |                   ^~~~~`,
		`app/template.yaml:8:7: warning: function "Worker" is attached to a VPC: 100% of what it calls is public (LV902)`,
		`    8 |       VpcConfig: {SubnetIds: [s], SecurityGroupIds: [g]}`,
		`      |       ^~~~~~~~~`,
		"app/template.yaml:9:11: info: function \"Worker\" runs up to 900 seconds,\\nthe ceiling (LV903)",
		"    9 | \tTimeout: 900",
		"      | \t         ^~~",
	}, "\n") + "\n"
	if plain != want {
		t.Errorf("got\n%s\nwant\n%s", plain, want)
	}
	if !strings.Contains(out.String(), red+"error:"+reset) || !strings.Contains(out.String(), yellow+"warning:") || !strings.Contains(out.String(), cyan+"info:") {
		t.Errorf("severities not colored: %q", out.String())
	}
	if errs.String() != "broken.yaml:3:5: error: invalid YAML: did not find expected ','\n" {
		t.Errorf("errors: %q", errs.String())
	}

	opts.Color = false
	if got := render(t, "text", res, opts); strings.Contains(got, "\x1b") || strings.Contains(got, " | ") {
		t.Errorf("plain text has colors or snippets: %q", got)
	}
}

func stripANSI(s string) string {
	for _, code := range []string{reset, bold, dim, red, yellow, cyan} {
		s = strings.ReplaceAll(s, code, "")
	}
	return s
}

func TestSnippetEdges(t *testing.T) {
	long := strings.Repeat("x", 300) + "TARGET" + strings.Repeat("y", 300)
	s := snippet([]byte("a\n"+long+"\n"), driver.Diagnostic{Line: 2, Column: 301, EndLine: 2, EndColumn: 307})
	if s == nil || !strings.HasPrefix(s.line, "…") || !strings.HasSuffix(s.line, "…") || !strings.Contains(s.line, "TARGET") ||
		len([]rune(s.line)) > maxShow+2 || s.mark != "^~~~~~" || len([]rune(s.pad)) != strings.Index(s.line, "TARGET")-len("…")+1 {
		t.Errorf("long line: %+v", s)
	}
	s = snippet([]byte("k: \x1b[31mred\x07\n"), driver.Diagnostic{Line: 1, Column: 4, EndLine: 1, EndColumn: 9})
	if s == nil || strings.ContainsAny(s.line, "\x1b\x07") {
		t.Errorf("control characters reach the terminal: %q", s.line)
	}
	if s := snippet([]byte("a\n"), driver.Diagnostic{Line: 5, Column: 1}); s != nil {
		t.Errorf("a line past the end: %+v", s)
	}
	if s := snippet([]byte("abc\n"), driver.Diagnostic{Line: 1, Column: 2, EndLine: 3, EndColumn: 1}); s == nil || s.mark != "^~" {
		t.Errorf("a range over several lines is marked to the end of the first: %+v", s)
	}
	if s := snippet(nil, driver.Diagnostic{Line: 1, Column: 1}); s != nil {
		t.Error("a snippet without source")
	}
}

func TestIsTerminal(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	t.Setenv("NO_COLOR", "")
	t.Setenv("TERM", "xterm")
	if IsTerminal(f) {
		t.Error("a regular file (output piped or redirected) is not a terminal")
	}
	dev, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Skip(err)
	}
	defer dev.Close()
	// A character device stands in for a terminal here.
	if !IsTerminal(dev) {
		t.Error("a character device with NO_COLOR unset should get colors")
	}
	t.Setenv("NO_COLOR", "1")
	if IsTerminal(dev) {
		t.Error("NO_COLOR must turn colors off")
	}
}

// TestSARIFSchemaCatchesMistakes makes sure the schema check is not
// vacuous: a log with a wrong level or a region line 0 is rejected.
func TestSARIFSchemaCatchesMistakes(t *testing.T) {
	schema := sarifSchema(t)
	res, opts := sample(t)
	out := render(t, "sarif", res, opts)
	for _, bad := range []string{
		strings.Replace(out, `"level": "error"`, `"level": "fatal"`, 1),
		strings.Replace(out, `"startLine": 6`, `"startLine": 0`, 1),
	} {
		if bad == out {
			t.Fatal("mutation did not apply")
		}
		inst, err := jsonschema.UnmarshalJSON(strings.NewReader(bad))
		if err != nil {
			t.Fatal(err)
		}
		if schema.Validate(inst) == nil {
			t.Error("the schema accepted an invalid log")
		}
	}
}

// Suppressed and baselined findings are SARIF results with suppressions[],
// so code scanning shows them dismissed rather than never seen.
func TestSARIFSuppressed(t *testing.T) {
	schema := sarifSchema(t)
	res, opts := sample(t)
	res.Suppressed = []driver.Suppressed{
		{Diagnostic: res.Diagnostics[0], Justification: "load test until the launch"},
		{Diagnostic: res.Diagnostics[1], External: true, Justification: "recorded in the baseline baseline.json"},
	}
	res.Diagnostics = res.Diagnostics[2:]
	out := render(t, "sarif", res, opts)
	validateSARIF(t, schema, out)
	var doc struct {
		Runs []struct {
			Results []struct {
				RuleID              string            `json:"ruleId"`
				PartialFingerprints map[string]string `json:"partialFingerprints"`
				Suppressions        []struct {
					Kind, Status, Justification string
				} `json:"suppressions"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	rs := doc.Runs[0].Results
	if len(rs) != 3 || rs[0].RuleID != "LV903" || len(rs[0].Suppressions) != 0 {
		t.Fatalf("results = %+v", rs)
	}
	if s := rs[1].Suppressions; rs[1].RuleID != "LV101" || len(s) != 1 || s[0].Kind != "inSource" || s[0].Status != "accepted" || s[0].Justification != "load test until the launch" {
		t.Errorf("in-source suppression = %+v", rs[1])
	}
	if s := rs[2].Suppressions; rs[2].RuleID != "LV902" || len(s) != 1 || s[0].Kind != "external" || !strings.Contains(s[0].Justification, "baseline") {
		t.Errorf("baseline suppression = %+v", rs[2])
	}
	if rs[1].PartialFingerprints[FingerprintKey] == "" {
		t.Errorf("a suppressed result needs its fingerprint, to match the alert it dismisses")
	}
}
