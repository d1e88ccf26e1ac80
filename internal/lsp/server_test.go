package lsp

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf16"

	"golang.org/x/tools/go/analysis"

	"github.com/lambdavet/lambdavet/analyzers/load"
)

// workerTemplate's function takes its Runtime and Handler from Globals, on
// the first line, so that it is complete (LV110) and every position the
// tests edit stays where it was.
const workerTemplate = `Globals: {Function: {Runtime: python3.12, Handler: a.h}}
Resources:
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      MemorySize: 20480
      Timeout: 30
`

// units returns the length of s in UTF-16 code units.
func units(s string) int { return len(utf16.Encode([]rune(s))) }

func TestLifecycle(t *testing.T) {
	s := startServer(t, Options{Version: "test"})

	// Before initialize, requests are refused and notifications dropped.
	if m := s.request("textDocument/codeAction", map[string]any{}); m.Error == nil || m.Error.Code != codeServerNotInitialized {
		t.Errorf("request before initialize: %+v", m)
	}
	res := s.initialize(s.dir, nil, nil)
	caps := res.Capabilities
	if caps.TextDocumentSync.Change != 2 || !caps.TextDocumentSync.OpenClose {
		t.Errorf("text document sync = %+v, want incremental with open/close", caps.TextDocumentSync)
	}
	if len(caps.CodeActionProvider.CodeActionKinds) != 1 || caps.CodeActionProvider.CodeActionKinds[0] != "quickfix" {
		t.Errorf("code action kinds = %v", caps.CodeActionProvider.CodeActionKinds)
	}
	if caps.PositionEncoding != "utf-16" || res.ServerInfo.Name != "lambdavet" || res.ServerInfo.Version != "test" {
		t.Errorf("initialize result = %+v", res)
	}
	// Nothing that is not implemented is advertised.
	m := s.request("textDocument/codeAction", nil) // a bad request after initialize
	if m.Error == nil || m.Error.Code != codeInvalidParams {
		t.Errorf("codeAction without params: %+v", m)
	}
	if m := s.request("initialize", map[string]any{"capabilities": map[string]any{}}); m.Error == nil || m.Error.Code != codeInvalidRequest {
		t.Errorf("second initialize: %+v", m)
	}
	if !caps.HoverProvider || len(caps.ExecuteCommandProvider.Commands) != 1 || caps.ExecuteCommandProvider.Commands[0] != SelectReasonCommand {
		t.Errorf("hover and commands = %v, %+v", caps.HoverProvider, caps.ExecuteCommandProvider)
	}
	if m := s.request("workspace/executeCommand", map[string]any{"command": "rm -rf"}); m.Error == nil || m.Error.Code != codeInvalidParams {
		t.Errorf("unknown command: %+v", m)
	}
	for _, method := range []string{"textDocument/definition", "$/unknown", "workspace/symbol"} {
		if m := s.request(method, map[string]any{}); m.Error == nil || m.Error.Code != codeMethodNotFound {
			t.Errorf("%s: %+v, want MethodNotFound", method, m)
		}
	}
	// Unknown notifications and $/setTrace are ignored.
	s.notify("$/setTrace", map[string]any{"value": "verbose"})
	s.notify("custom/notification", map[string]any{"x": 1})
	s.notify("$/progress", map[string]any{"token": 1, "value": map[string]any{}})
	// Invalid JSON gets a parse error (TestParseErrorResponse); the
	// stream goes on.
	s.sendRaw([]byte(`{"jsonrpc":"2.0","id":99,"method":`))
	if m := s.request("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": pathToURI(s.dir + "/none.yaml")},
		"range":        rng(0, 0, 0, 0), "context": map[string]any{"diagnostics": []any{}},
	}); m.Error != nil || string(m.Result) != "[]" {
		t.Errorf("code action on a closed document: %s %v", m.Result, m.Error)
	}

	s.shutdown()
	if err := s.waitExit(); err != nil {
		t.Errorf("Serve after shutdown and exit = %v, want nil", err)
	}
}

func TestRequestsAfterShutdown(t *testing.T) {
	s := startServer(t, Options{})
	s.initialize(s.dir, nil, nil)
	if m := s.request("shutdown", nil); m.Error != nil {
		t.Fatal(m.Error)
	}
	if m := s.request("textDocument/codeAction", map[string]any{}); m.Error == nil || m.Error.Code != codeInvalidRequest {
		t.Errorf("request after shutdown: %+v", m)
	}
	s.notify("exit", nil)
	if err := s.waitExit(); err != nil {
		t.Errorf("exit after shutdown: %v", err)
	}
}

func TestExitWithoutShutdown(t *testing.T) {
	s := startServer(t, Options{})
	s.initialize(s.dir, nil, nil)
	s.notify("exit", nil)
	if err := s.waitExit(); !errors.Is(err, ErrNoShutdown) {
		t.Errorf("exit without shutdown: %v, want ErrNoShutdown", err)
	}
}

func TestParseErrorResponse(t *testing.T) {
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	go func() { _ = Serve(t.Context(), inR, outW, Options{Log: io.Discard}); outW.Close() }()
	defer inW.Close()
	go func() { _, _ = io.WriteString(inW, "Content-Length: 5\r\n\r\n{nope") }()
	body, err := readMessage(bufio.NewReader(outR))
	if err != nil {
		t.Fatal(err)
	}
	var m message
	if err := json.Unmarshal(body, &m); err != nil || m.Error == nil || m.Error.Code != codeParseError || string(m.ID) != "null" {
		t.Errorf("answer to invalid JSON: %s", body)
	}
}

// TestSession is a full session: a violation, fixed by an edit; lines
// with multi-byte characters edited by UTF-16 positions; a parse error
// while typing, then recovery; closing clears.
func TestSession(t *testing.T) {
	s := startServer(t, Options{})
	s.initialize(s.dir, nil, nil)
	path := s.write("template.yaml", workerTemplate)
	uri := s.open(path, workerTemplate)

	p := s.waitDiags(uri, 1, hasCode("LV101"))
	if len(p.Diagnostics) != 1 {
		t.Fatalf("diagnostics = %+v, want one LV101", p.Diagnostics)
	}
	d := p.Diagnostics[0]
	if d.Range != *rng(5, 18, 5, 23) {
		t.Errorf("range = %+v, want 5:18-5:23 (the value 20480)", d.Range)
	}
	if d.Severity != SeverityError || d.Source != "lambdavet" || d.CodeDescription == nil ||
		!strings.HasSuffix(d.CodeDescription.Href, "/docs/rules/LV101.md") {
		t.Errorf("diagnostic = %+v", d)
	}
	if want := `function "Worker" sets MemorySize 20480, above the Lambda maximum of 10240 MB`; d.Message != want {
		t.Errorf("message = %q, want %q", d.Message, want)
	}

	// Edit the value away: empty diagnostics for version 2.
	s.change(uri, 2, contentChange{Range: rng(5, 18, 5, 23), Text: "1024"})
	s.waitDiags(uri, 2, empty)

	// A line of multi-byte characters above, then edits addressed in
	// UTF-16 units inside it and after it.
	desc := `      Description: "héllo 😀 日本"` + "\n"
	s.change(uri, 3, contentChange{Range: rng(5, 0, 5, 0), Text: desc})
	s.waitDiags(uri, 3, empty)
	at := units(`      Description: "héllo 😀 `)
	s.change(uri, 4, contentChange{Range: rng(5, at, 5, at+2), Text: "世界"})
	s.change(uri, 5, contentChange{Range: rng(6, 18, 6, 22), Text: "30000"})
	p = s.waitDiags(uri, 5, hasCode("LV101"))
	if got := p.Diagnostics[0]; got.Range != *rng(6, 18, 6, 23) || !strings.Contains(got.Message, "MemorySize 30000") {
		t.Errorf("after UTF-16 edits: %+v", got)
	}

	// The value on the same line as multi-byte characters: the range is
	// counted in UTF-16 units.
	line := `    Properties: {Description: "😀😀 é", MemorySize: 20480, Timeout: 30}`
	s.change(uri, 6, contentChange{Range: rng(4, 0, 8, 0), Text: line + "\n"})
	p = s.waitDiags(uri, 6, hasCode("LV101"))
	start := units(`    Properties: {Description: "😀😀 é", MemorySize: `)
	if got := p.Diagnostics[0].Range; got != *rng(4, start, 4, start+5) {
		t.Errorf("range on a line with surrogate pairs = %+v, want 4:%d-4:%d", got, start, start+5)
	}

	// A parse error while typing, at its place; then recovery.
	s.change(uri, 7, contentChange{Range: rng(4, 16, 4, 16), Text: "["})
	p = s.waitDiags(uri, 7, func(ds []Diagnostic) bool { return len(ds) > 0 })
	if got := p.Diagnostics[0]; got.Severity != SeverityError || got.Code != "" || !strings.Contains(got.Message, "YAML") || got.Range.Start.Line != 4 {
		t.Errorf("parse error = %+v", p.Diagnostics)
	}
	s.change(uri, 8, contentChange{Range: rng(4, 16, 4, 17), Text: ""})
	s.waitDiags(uri, 8, hasCode("LV101"))

	s.close(uri)
	s.waitFor("diagnostics cleared on close", func() bool {
		n := len(s.diags)
		return n > 0 && s.diags[n-1].URI == uri && len(s.diags[n-1].Diagnostics) == 0 && s.diags[n-1].Version == nil
	})
	s.shutdown()
}

// TestRelatedInformation: a Go rule links its finding to the resource.
func TestRelatedInformation(t *testing.T) {
	s := startServer(t, Options{})
	s.initialize(s.dir, nil, nil)
	src := strings.Replace(workerTemplate, "MemorySize: 20480", "MemorySize: 1024", 1)
	src = strings.Replace(src, "Timeout: 30", "Timeout: 900", 1)
	uri := s.open(s.write("t.yaml", src), src)
	p := s.waitDiags(uri, 1, hasCode("LV303"))
	d := p.Diagnostics[0]
	if d.Severity != SeverityInformation || d.Range != *rng(6, 15, 6, 18) {
		t.Errorf("LV303 = %+v", d)
	}
	if len(d.RelatedInformation) != 1 || d.RelatedInformation[0].Location.URI != uri ||
		d.RelatedInformation[0].Location.Range.Start != (Position{2, 2}) || d.RelatedInformation[0].Message != "resource Worker" {
		t.Errorf("related information = %+v, want resource Worker at 2:2", d.RelatedInformation)
	}
	s.shutdown()
}

// TestEditBurst checks that the server's text follows many small
// incremental edits with multi-byte characters exactly.
func TestEditBurst(t *testing.T) {
	s := startServer(t, Options{})
	s.initialize(s.dir, nil, nil)
	path := s.write("t.yaml", workerTemplate)
	uri := s.open(path, workerTemplate)
	s.waitDiags(uri, 1, hasCode("LV101"))
	// Type a comment of emoji and CJK one character at a time after the
	// value, then delete the value's last digit and type "1".
	col := 23
	v := 1
	for _, r := range " # 😀日本😀é" {
		v++
		s.change(uri, v, contentChange{Range: rng(5, col, 5, col), Text: string(r)})
		col += units(string(r))
	}
	v++
	s.change(uri, v, contentChange{Range: rng(5, 22, 5, 23), Text: "1"})
	p := s.waitDiags(uri, v, hasCode("LV101"))
	if got := p.Diagnostics[0]; !strings.Contains(got.Message, "MemorySize 20481") || got.Range != *rng(5, 18, 5, 23) {
		t.Errorf("after typing: %+v", got)
	}
	// Delete the comment in one edit that ends after a surrogate pair.
	v++
	s.change(uri, v, contentChange{Range: rng(5, 23, 5, col), Text: ""}, contentChange{Range: rng(5, 18, 5, 23), Text: "512"})
	s.waitDiags(uri, v, empty)
}

func TestGlobalsChange(t *testing.T) {
	s := startServer(t, Options{})
	s.initialize(s.dir, nil, nil)
	src := `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    MemorySize: 20480
Resources:
  A:
    Type: AWS::Serverless::Function
    Properties: {Runtime: python3.13, Handler: a.h, CodeUri: src}
  B:
    Type: AWS::Serverless::Function
    Properties: {Runtime: python3.13, Handler: b.h, CodeUri: src}
`
	uri := s.open(s.write("g.yaml", src), src)
	p := s.waitDiags(uri, 1, hasCode("LV101"))
	// One finding for the one value, naming both functions, as the
	// command line reports it (merge.Shared).
	if len(p.Diagnostics) != 1 || p.Diagnostics[0].Range != *rng(4, 16, 4, 21) || len(p.Diagnostics[0].RelatedInformation) != 2 {
		t.Errorf("globals: %+v, want one LV101 at 4:16 naming both functions", p.Diagnostics)
	}
	s.change(uri, 2, contentChange{Range: rng(4, 16, 4, 21), Text: "2048"})
	s.waitDiags(uri, 2, empty)
}

// TestTerraformProject: a tfvars value reported in the tfvars file while
// main.tf is open; the tfvars buffer, unsaved, is what is linted; a module
// opened alone is linted through the root module that calls it.
func TestTerraformProject(t *testing.T) {
	s := startServer(t, Options{})
	s.initialize(s.dir, nil, nil)
	mainTF := s.write("main.tf", `variable "memory" {
  default = 1024
}

resource "aws_lambda_function" "worker" {
  function_name = "worker"
  role          = "arn:aws:iam::123456789012:role/x"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  memory_size   = var.memory
}

module "fn" {
  source = "./modules/fn"
  memory = 20480
}
`)
	vars := s.write("terraform.tfvars", "memory = 20480\n")
	module := s.write("modules/fn/main.tf", `variable "memory" {}

resource "aws_lambda_function" "inner" {
  function_name = "inner"
  role          = "arn:aws:iam::123456789012:role/x"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  memory_size   = var.memory
}
`)
	mainSrc, _ := os.ReadFile(mainTF)
	mainURI := s.open(mainTF, string(mainSrc))
	varsURI := pathToURI(vars)
	p := s.waitDiags(varsURI, -1, hasCode("LV101"))
	if p.Version != nil || p.Diagnostics[0].Range != *rng(0, 9, 0, 14) {
		t.Errorf("tfvars diagnostics = %+v", p)
	}
	s.waitDiags(mainURI, 1, hasCode("LV101")) // the module input

	// The tfvars buffer is linted, not the file on disk.
	s.open(vars, "memory = 20480\n")
	s.change(varsURI, 2, contentChange{Range: rng(0, 9, 0, 14), Text: "1024"})
	s.waitDiags(varsURI, 2, empty)
	// Closed unsaved, the disk's value is back while main.tf is open.
	s.close(varsURI)
	s.waitDiags(varsURI, -1, hasCode("LV101"))

	// Closing main.tf clears what was shown for its project.
	s.close(mainURI)
	s.waitDiags(varsURI, -1, empty)
	s.waitDiags(mainURI, -1, empty)

	// A module opened alone is linted through its caller.
	modSrc, _ := os.ReadFile(module)
	modURI := s.open(module, string(modSrc))
	s.waitDiags(mainURI, -1, hasCode("LV101"))
	s.waitDiags(modURI, 1, nil)
	s.shutdown()
}

func TestConfigurationSettings(t *testing.T) {
	s := startServer(t, Options{})
	s.initialize(s.dir, nil, nil)
	src := `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Mem:
    Type: Number
    Default: 1024
Resources:
  Worker:
    Type: AWS::Lambda::Function
    Properties:
      MemorySize: !Ref Mem
      Timeout: 30
      Runtime: python3.12
      Handler: a.h
`
	uri := s.open(s.write("p.yaml", src), src)
	s.waitDiags(uri, 1, empty)
	s.notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{"lambdavet": map[string]any{"parameters": map[string]any{"Mem": 20480}}}})
	s.waitDiags(uri, 1, hasCode("LV101"))
	s.notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{"lambdavet": map[string]any{
		"parameters": map[string]any{"Mem": 20480}, "rules": map[string]any{"LV101": false},
	}}})
	s.waitDiags(uri, 1, empty)
	s.shutdown()
}

// TestConfigurationPull: a client that supports workspace/configuration is
// asked for the "lambdavet" section after initialized, and again when it
// signals a change with no settings.
func TestConfigurationPull(t *testing.T) {
	s := startServer(t, Options{})
	s.settings = json.RawMessage(`{"parameters": {"Mem": "20480"}}`)
	s.initialize(s.dir, nil, map[string]any{"workspace": map[string]any{
		"configuration": true, "didChangeConfiguration": map[string]any{"dynamicRegistration": true},
	}})
	src := strings.Replace(workerTemplate, "MemorySize: 20480", "MemorySize: !Ref Mem", 1)
	src = strings.Replace(src, "Resources:", "Parameters:\n  Mem: {Type: Number, Default: 1024}\nResources:", 1)
	uri := s.open(s.write("p.yaml", src), src)
	s.waitDiags(uri, 1, hasCode("LV101"))
	pulls := func() int {
		return strings.Count(strings.Join(s.requests, ","), "workspace/configuration")
	}
	// An answer of null (no "lambdavet" section) leaves the settings as
	// they are.
	s.mu.Lock()
	s.settings = nil
	n := pulls()
	s.mu.Unlock()
	s.notify("workspace/didChangeConfiguration", map[string]any{"settings": nil})
	s.waitFor("second pull", func() bool { return pulls() > n })
	s.change(uri, 2, contentChange{Range: rng(0, 0, 0, 0), Text: "# x\n"})
	s.waitDiags(uri, 2, hasCode("LV101"))
	// A new section applies.
	s.mu.Lock()
	s.settings = json.RawMessage(`{"parameters": {"Mem": "512"}}`)
	s.mu.Unlock()
	s.notify("workspace/didChangeConfiguration", map[string]any{"settings": nil})
	s.waitDiags(uri, 2, empty)
	s.mu.Lock()
	reqs := strings.Join(s.requests, ",")
	s.mu.Unlock()
	if !strings.Contains(reqs, "client/registerCapability") || strings.Count(reqs, "workspace/configuration") < 3 {
		t.Errorf("server requests = %s", reqs)
	}
	s.shutdown()
}

// TestConfigFile: .lambdavet.yaml applies to the files below it, its
// buffer is read while it is open, and its mistakes are shown in it.
func TestConfigFile(t *testing.T) {
	s := startServer(t, Options{})
	cfgPath := s.write(".lambdavet.yaml", "limits:\n  memory-max: 2048\n")
	s.initialize(s.dir, nil, nil)
	src := strings.Replace(workerTemplate, "20480", "4096", 1)
	uri := s.open(s.write("app/template.yaml", src), src)
	p := s.waitDiags(uri, 1, hasCode("LV101"))
	if !strings.Contains(p.Diagnostics[0].Message, "organization maximum of 2048 MB") {
		t.Errorf("message = %q", p.Diagnostics[0].Message)
	}
	cfgURI := s.open(cfgPath, "limits:\n  memory-max: 2048\n")
	s.change(cfgURI, 2, contentChange{Range: rng(1, 14, 1, 18), Text: "lots"})
	p = s.waitDiags(cfgURI, 2, func(ds []Diagnostic) bool { return len(ds) > 0 })
	if d := p.Diagnostics[0]; d.Range.Start != (Position{1, 14}) || !strings.Contains(d.Message, "limits.memory-max") {
		t.Errorf("config error = %+v", d)
	}
	// While the file is broken the last good configuration stays.
	if last, _ := s.latest(uri); !hasCode("LV101")(last.Diagnostics) {
		t.Errorf("template diagnostics while the config is broken: %+v", last)
	}
	s.change(cfgURI, 3, contentChange{Range: rng(1, 14, 1, 18), Text: "8192"})
	s.waitDiags(cfgURI, 3, empty)
	s.waitDiags(uri, 1, empty)
	// An unknown rule id is shown with a suggestion.
	s.change(cfgURI, 4, contentChange{Range: rng(2, 0, 2, 0), Text: "rules:\n  LV11: off\n"})
	p = s.waitDiags(cfgURI, 4, func(ds []Diagnostic) bool { return len(ds) > 0 })
	if d := p.Diagnostics[0]; d.Range.Start.Line != 3 || !strings.Contains(d.Message, `no rule "LV11"`) {
		t.Errorf("unknown rule = %+v", d)
	}
	s.shutdown()
}

// fixAnalyzer offers a fix for "MemorySize: 20480", found in the text.
var fixAnalyzer = &analysis.Analyzer{
	Name:     "LVT01",
	Doc:      "test rule offering a fix",
	Requires: []*analysis.Analyzer{load.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		for _, name := range pass.OtherFiles {
			src, err := pass.ReadFile(name)
			if err != nil {
				continue
			}
			var tf *token.File
			pass.Fset.Iterate(func(f *token.File) bool {
				if f.Name() == name {
					tf = f
				}
				return tf == nil
			})
			i := bytes.Index(src, []byte("MemorySize: 20480"))
			if i < 0 || tf == nil {
				continue
			}
			pos := tf.Pos(i + len("MemorySize: "))
			end := pos + 5
			pass.Report(analysis.Diagnostic{Pos: pos, End: end, Category: "LVT01", Message: "memory too high",
				SuggestedFixes: []analysis.SuggestedFix{{Message: "Set MemorySize to 10240",
					TextEdits: []analysis.TextEdit{{Pos: pos, End: end, NewText: []byte("10240")}}}}})
		}
		return nil, nil
	},
}

func TestCodeActions(t *testing.T) {
	s := startServer(t, Options{Analyzers: testAnalyzers(fixAnalyzer)})
	s.initialize(s.dir, nil, nil)
	src := `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Worker:
    Type: AWS::Lambda::Function
    Properties:
      Description: "😀"
      Environment: {Variables: {X: "é😀"}}
      MemorySize: 20480
      Timeout: 30
      Runtime: python3.12
      Handler: a.h
`
	uri := s.open(s.write("template.yaml", src), src)
	s.waitDiags(uri, 1, hasCode("LVT01"))

	actions := s.codeActions(uri, rng(7, 0, 7, 0), nil)
	var titles []string
	for _, a := range actions {
		titles = append(titles, a.Title)
	}
	want := []string{"Ignore LV101 on this line (add reason)", "Set MemorySize to 10240", "Ignore LVT01 on this line (add reason)"}
	if strings.Join(titles, "|") != strings.Join(want, "|") {
		t.Fatalf("actions = %q, want %q", titles, want)
	}
	ignore := actions[0]
	edit := ignore.Edit.Changes[uri]
	if ignore.Kind != "quickfix" || len(ignore.Diagnostics) != 1 || ignore.Diagnostics[0].Code != "LV101" || len(edit) != 1 ||
		edit[0].Range != *rng(7, 0, 7, 0) || edit[0].NewText != "      # lambdavet:ignore LV101 <reason>\n" {
		t.Errorf("suppression action = %+v", ignore)
	}
	fix := actions[1]
	if !fix.IsPreferred || fix.Diagnostics[0].Code != "LVT01" || len(fix.Edit.Changes[uri]) != 1 ||
		fix.Edit.Changes[uri][0].Range != *rng(7, 18, 7, 23) || fix.Edit.Changes[uri][0].NewText != "10240" {
		t.Errorf("fix action = %+v", fix)
	}
	// Applied, the fix removes both findings.
	s.change(uri, 2, contentChange{Range: &fix.Edit.Changes[uri][0].Range, Text: "10240"})
	s.waitDiags(uri, 2, empty)
	if got := s.codeActions(uri, rng(7, 0, 7, 0), nil); len(got) != 0 {
		t.Errorf("actions after the fix: %+v", got)
	}

	// Fixes on a line of multi-byte characters, addressed in UTF-16.
	line := `    Properties: {Description: "😀😀 é", MemorySize: 20480, Timeout: 30}` + "\n"
	s.change(uri, 3, contentChange{Range: rng(4, 0, 9, 0), Text: line})
	s.waitDiags(uri, 3, hasCode("LVT01"))
	start := units(`    Properties: {Description: "😀😀 é", MemorySize: `)
	var got *CodeAction
	for _, a := range s.codeActions(uri, rng(4, 0, 4, 0), []string{"quickfix"}) {
		if a.Title == "Set MemorySize to 10240" {
			got = &a
		}
	}
	if got == nil || got.Edit.Changes[uri][0].Range != *rng(4, start, 4, start+5) {
		t.Errorf("fix on a multi-byte line = %+v, want range 4:%d-4:%d", got, start, start+5)
	}
	// Only other kinds: nothing.
	if a := s.codeActions(uri, rng(4, 0, 4, 0), []string{"refactor"}); len(a) != 0 {
		t.Errorf("only refactor: %+v", a)
	}

	// JSON templates have no comments: no suppression action.
	js := `{"Resources": {"W": {"Type": "AWS::Lambda::Function", "Properties": {"MemorySize": 20480, "Timeout": 30, "Runtime": "python3.12", "Handler": "a.h"}}}}`
	jsURI := s.open(s.write("t.json", js), js)
	s.waitDiags(jsURI, 1, hasCode("LV101"))
	for _, a := range s.codeActions(jsURI, rng(0, 0, 0, 0), nil) {
		if strings.HasPrefix(a.Title, "Ignore") {
			t.Errorf("suppression offered in JSON: %+v", a)
		}
	}
	s.shutdown()
}

func (c *testClient) codeActions(uri string, r *Range, only []string) []CodeAction {
	c.t.Helper()
	ctx := map[string]any{"diagnostics": []any{}}
	if only != nil {
		ctx["only"] = only
	}
	m := c.request("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": uri}, "range": r, "context": ctx,
	})
	if m.Error != nil {
		c.t.Fatalf("codeAction: %v", m.Error)
	}
	var out []CodeAction
	if err := json.Unmarshal(m.Result, &out); err != nil {
		c.t.Fatal(err)
	}
	return out
}

// blocking returns an analyzer that signals when it starts and waits for
// release (or d, when release is nil).
func blocking(name string, started chan<- struct{}, release <-chan struct{}, d time.Duration) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name: name, Doc: "test rule that takes its time", Requires: []*analysis.Analyzer{load.Analyzer},
		Run: func(*analysis.Pass) (any, error) {
			select {
			case started <- struct{}{}:
			default:
			}
			if release != nil {
				<-release
			} else {
				time.Sleep(d)
			}
			return nil, nil
		},
	}
}

// TestStaleRunCancelled: an edit during a run makes it stale; its
// findings are never published, and the newer text's are.
func TestStaleRunCancelled(t *testing.T) {
	started := make(chan struct{}, 1)
	s := startServer(t, Options{Analyzers: testAnalyzers(blocking("LVT02", started, nil, 400*time.Millisecond))})
	s.initialize(s.dir, nil, nil)
	uri := s.open(s.write("t.yaml", workerTemplate), workerTemplate)
	select {
	case <-started:
	case <-time.After(waitLimit):
		t.Fatal("run did not start")
	}
	s.change(uri, 2, contentChange{Range: rng(5, 18, 5, 23), Text: "1024"})
	s.waitDiags(uri, 2, empty)
	for _, p := range s.publications(uri) {
		if p.Version != nil && *p.Version == 1 {
			t.Errorf("the stale run's findings were published: %+v", p)
		}
	}
	s.shutdown()
}

// TestCancelRequest: a code action waiting for a slow lint is cancelled
// by $/cancelRequest.
func TestCancelRequest(t *testing.T) {
	started := make(chan struct{}, 1)
	release := make(chan struct{})
	defer close(release)
	s := startServer(t, Options{Analyzers: testAnalyzers(blocking("LVT03", started, release, 0))})
	s.initialize(s.dir, nil, nil)
	uri := s.open(s.write("t.yaml", workerTemplate), workerTemplate)
	<-started
	id, ch := s.call("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": uri}, "range": rng(5, 0, 5, 0), "context": map[string]any{"diagnostics": []any{}},
	})
	s.notify("$/cancelRequest", map[string]any{"id": id})
	select {
	case m := <-ch:
		if m.Error == nil || m.Error.Code != codeRequestCancelled {
			t.Errorf("cancelled request answered %s %+v", m.Result, m.Error)
		}
	case <-time.After(waitLimit):
		t.Fatal("cancelled request not answered")
	}
}

// TestAnalyzerPanic: a rule that panics is logged; the other rules'
// findings are published and the server goes on.
func TestAnalyzerPanic(t *testing.T) {
	var calls atomic.Int32
	boom := &analysis.Analyzer{
		Name: "LVT04", Doc: "test rule that panics", Requires: []*analysis.Analyzer{load.Analyzer},
		Run: func(*analysis.Pass) (any, error) { calls.Add(1); panic("boom") },
	}
	s := startServer(t, Options{Analyzers: testAnalyzers(boom)})
	s.initialize(s.dir, nil, nil)
	uri := s.open(s.write("t.yaml", workerTemplate), workerTemplate)
	s.waitDiags(uri, 1, hasCode("LV101"))
	s.waitFor("panic logged", func() bool {
		for _, l := range s.logs {
			if l.Type == messageError && strings.Contains(l.Message, "LVT04") && strings.Contains(l.Message, "boom") {
				return true
			}
		}
		return false
	})
	if log := s.serverLog(); !strings.Contains(log, "goroutine") {
		t.Errorf("stack not in the server's log: %s", log)
	}
	s.change(uri, 2, contentChange{Range: rng(5, 18, 5, 23), Text: "1024"})
	s.waitDiags(uri, 2, empty)
	if calls.Load() < 2 {
		t.Errorf("panicking rule ran %d times", calls.Load())
	}
	s.shutdown()
}

// TestHungAnalyzer: a rule that never returns is abandoned after the run
// timeout and left out from then on; the server keeps answering.
func TestHungAnalyzer(t *testing.T) {
	started := make(chan struct{}, 1)
	release := make(chan struct{})
	defer close(release)
	s := startServer(t, Options{RunTimeout: 300 * time.Millisecond, Analyzers: testAnalyzers(blocking("LVT05", started, release, 0))})
	s.initialize(s.dir, nil, nil)
	uri := s.open(s.write("t.yaml", workerTemplate), workerTemplate)
	s.waitFor("timeout logged", func() bool {
		for _, l := range s.logs {
			if strings.Contains(l.Message, "took longer than") && strings.Contains(l.Message, "rule LVT05 did not return") {
				return true
			}
		}
		return false
	})
	// The other rules' findings are published without the hung one.
	s.waitDiags(uri, 1, hasCode("LV101"))
	begin := time.Now()
	if a := s.codeActions(uri, rng(5, 0, 5, 0), nil); a == nil {
		t.Error("no answer")
	}
	if time.Since(begin) > 3*time.Second {
		t.Errorf("code action took %v with a hung rule", time.Since(begin))
	}
	s.shutdown()
}

// TestOverOSPipes runs a session over operating system pipes, as a
// process's stdio.
func TestOverOSPipes(t *testing.T) {
	inR, inW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		done <- Serve(t.Context(), inR, outW, Options{Analyzers: testAnalyzers(), Log: io.Discard, Debounce: -1})
		outW.Close()
	}()
	c := newTestClient(t, outR, inW)
	dir := t.TempDir()
	c.initialize(dir, map[string]any{"debounce": 0}, nil)
	path := dir + "/template.yaml"
	if err := os.WriteFile(path, []byte(workerTemplate), 0o644); err != nil {
		t.Fatal(err)
	}
	uri := c.open(path, workerTemplate)
	c.waitDiags(uri, 1, hasCode("LV101"))
	c.change(uri, 2, contentChange{Range: rng(5, 18, 5, 23), Text: "1024"})
	c.waitDiags(uri, 2, empty)
	c.shutdown()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve = %v", err)
		}
	case <-time.After(waitLimit):
		t.Fatal("no exit")
	}
	inW.Close()
}

// TestSaveRediscovers: saving a .tf file that now calls a module moves the
// module from linting on its own to linting through its caller.
func TestSaveRediscovers(t *testing.T) {
	s := startServer(t, Options{})
	s.initialize(s.dir, nil, nil)
	root := `resource "aws_sqs_queue" "q" {
  name = "q"
}
`
	mainTF := s.write("main.tf", root)
	module := s.write("modules/fn/main.tf", `variable "memory" {
  default = 20480
}

resource "aws_lambda_function" "inner" {
  function_name = "inner"
  role          = "arn:aws:iam::123456789012:role/x"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  memory_size   = var.memory
}
`)
	modSrc, _ := os.ReadFile(module)
	modURI := s.open(module, string(modSrc))
	s.waitDiags(modURI, 1, hasCode("LV101")) // a root module of its own, with the default

	mainURI := s.open(mainTF, root)
	call := "\nmodule \"fn\" {\n  source = \"./modules/fn\"\n  memory = 1024\n}\n"
	s.change(mainURI, 2, contentChange{Range: rng(3, 0, 3, 0), Text: call})
	if err := os.WriteFile(mainTF, []byte(root+call), 0o644); err != nil {
		t.Fatal(err)
	}
	s.notify("textDocument/didSave", map[string]any{"textDocument": map[string]any{"uri": mainURI}})
	s.waitDiags(modURI, 1, empty)
	s.shutdown()
}

// TestIgnoredDocuments: untitled buffers and files that are not
// configuration get no findings and do not disturb the server.
func TestIgnoredDocuments(t *testing.T) {
	s := startServer(t, Options{})
	s.initialize(s.dir, nil, nil)
	s.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": "untitled:Untitled-1", "languageId": "yaml", "version": 1, "text": workerTemplate,
	}})
	s.change("untitled:Untitled-1", 2, contentChange{Text: "x: 1"})
	workflow := "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps: [{run: go test ./...}]\n"
	wfURI := s.open(s.write(".github/workflows/ci.yml", workflow), workflow)
	readme := s.open(s.write("README.md", "# x\n"), "# x\n")
	uri := s.open(s.write("t.yaml", workerTemplate), workerTemplate)
	s.waitDiags(uri, 1, hasCode("LV101"))
	s.waitDiags(wfURI, 1, empty)
	if _, ok := s.latest(readme); ok {
		t.Error("diagnostics published for a Markdown file")
	}
	if _, ok := s.latest("untitled:Untitled-1"); ok {
		t.Error("diagnostics published for an untitled buffer")
	}
	s.shutdown()
}

// TestConfigAboveWorkspaceIgnored: outside a repository, a .lambdavet.yaml
// above the workspace folder (a shared /tmp, a home folder) does not
// change the rules; inside one, the search stops at the repository root.
func TestConfigAboveWorkspaceIgnored(t *testing.T) {
	s := startServer(t, Options{})
	s.write(".lambdavet.yaml", "limits:\n  memory-max: 2048\n")
	s.write("repo/.lambdavet.yaml", "limits:\n  memory-max: 1024\n")
	if err := os.MkdirAll(filepath.Join(s.dir, "repo", "app", ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	s.initialize(filepath.Join(s.dir, "ws"), nil, nil)
	src := strings.Replace(workerTemplate, "20480", "4096", 1)
	uri := s.open(s.write("ws/template.yaml", src), src)
	s.waitDiags(uri, 1, empty)
	inRepo := s.open(s.write("repo/app/template.yaml", src), src)
	s.waitDiags(inRepo, 1, empty)
	s.shutdown()
}
