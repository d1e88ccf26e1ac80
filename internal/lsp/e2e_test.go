package lsp

// End-to-end tests: the real `lambdavet lsp` command, built from
// cmd/lambdavet, driven over its stdio by the test client and by Neovim's
// built-in LSP client.

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// buildLambdavet builds the command into a temporary folder.
func buildLambdavet(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the command")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool to build the command")
	}
	bin := filepath.Join(t.TempDir(), "lambdavet")
	out, err := exec.Command(goTool, "build", "-o", bin, "github.com/lambdavet/lambdavet/cmd/lambdavet").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestCommandOverStdio drives `lambdavet lsp` as an editor does, and
// checks that the command's own filtering applies: the configuration's
// severities, and suppression comments (with LV001 for one without a
// reason).
func TestCommandOverStdio(t *testing.T) {
	bin := buildLambdavet(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, ".lambdavet.yaml"), []byte("rules:\n  LV303: warning\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	src := strings.Replace(workerTemplate, "Timeout: 30", "Timeout: 900", 1)
	path := filepath.Join(dir, "template.yaml")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "lsp", "--stdio", "-debounce=30ms")
	cmd.Dir = dir
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := newTestClient(t, stdout, stdin)
	res := c.initialize(dir, nil, nil)
	if res.ServerInfo.Name != "lambdavet" {
		t.Errorf("serverInfo = %+v", res.ServerInfo)
	}
	uri := c.open(path, src)
	p := c.waitDiags(uri, 1, func(ds []Diagnostic) bool { return len(ds) == 2 })
	if got := codes(p.Diagnostics); strings.Join(got, ",") != "LV101,LV303" {
		t.Fatalf("codes = %v", got)
	}
	if p.Diagnostics[1].Severity != SeverityWarning {
		t.Errorf("LV303 severity = %d, want warning as .lambdavet.yaml sets", p.Diagnostics[1].Severity)
	}

	var ignore *CodeAction
	for _, a := range c.codeActions(uri, rng(5, 0, 5, 0), nil) {
		if a.Title == "Ignore LV101 on this line (add reason)" {
			ignore = &a
		}
	}
	if ignore == nil {
		t.Fatal("no suppression action")
	}
	e := ignore.Edit.Changes[uri][0]
	c.change(uri, 2, contentChange{Range: &e.Range, Text: strings.Replace(e.NewText, ReasonPlaceholder, "sized for the batch import", 1)})
	p = c.waitDiags(uri, 2, nil)
	if got := codes(p.Diagnostics); strings.Join(got, ",") != "LV303" {
		t.Errorf("after the suppression: %v, want LV303 only", got)
	}
	// A suppression without a reason is reported (LV001), as in CI.
	c.change(uri, 3, contentChange{Range: rng(5, 30, 5, 57), Text: ""})
	p = c.waitDiags(uri, 3, hasCode("LV001"))
	if got := codes(p.Diagnostics); strings.Join(got, ",") != "LV001,LV303" {
		t.Errorf("suppression without a reason: %v", got)
	}

	c.shutdown()
	if err := cmd.Wait(); err != nil {
		t.Errorf("lambdavet lsp: %v\n%s", err, stderr.String())
	}
}

// neovimScript opens the template, waits for diagnostics, edits it with
// the buffer API (Neovim sends incremental changes in UTF-16), and writes
// what vim.diagnostic.get() returned at each step.
const neovimScript = `
local bin, root, out = os.getenv("LV_BIN"), os.getenv("LV_ROOT"), os.getenv("LV_OUT")
local results = { steps = {} }
local buf = vim.api.nvim_get_current_buf()

local function snapshot(name)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local code = d.code
    if code == nil and d.user_data and d.user_data.lsp then code = d.user_data.lsp.code end
    table.insert(list, { lnum = d.lnum, col = d.col, end_col = d.end_col, severity = d.severity,
      message = d.message, source = d.source, code = code })
  end
  table.insert(results.steps, { name = name, diagnostics = list })
end

local function wait(pred)
  return vim.wait(20000, function() return pred(vim.diagnostic.get(buf)) end, 20)
end

local function find_code(code)
  return function(list)
    for _, d in ipairs(list) do
      local c = d.code
      if c == nil and d.user_data and d.user_data.lsp then c = d.user_data.lsp.code end
      if c == code then return true end
    end
    return false
  end
end

local ok, err = pcall(function()
  local config = { name = "lambdavet", cmd = { bin, "lsp" }, root_dir = root }
  if vim.lsp.start then
    vim.lsp.start(config)
  else
    local id = vim.lsp.start_client(config)
    vim.lsp.buf_attach_client(buf, id)
  end
  results.opened = wait(find_code("LV101"))
  snapshot("opened")

  -- Fix the value: 20480 -> 1024 (byte columns; the client sends UTF-16).
  local line = vim.api.nvim_buf_get_lines(buf, 5, 6, false)[1]
  local s, e = line:find("20480", 1, true)
  vim.api.nvim_buf_set_text(buf, 5, s - 1, 5, e, { "1024" })
  results.fixed = wait(function(l) return #l == 0 end)
  snapshot("fixed")

  -- The value on a line of multi-byte characters, typed one edit at a time.
  vim.api.nvim_buf_set_lines(buf, 4, 7, false,
    { '    Properties: {Description: "😀 日本 é", MemorySize: 1024, Timeout: 30}' })
  line = vim.api.nvim_buf_get_lines(buf, 4, 5, false)[1]
  s, e = line:find("1024", 1, true)
  vim.api.nvim_buf_set_text(buf, 4, s - 1, 4, e, { "" })
  for i, ch in ipairs({ "3", "0", "0", "0", "0" }) do
    vim.api.nvim_buf_set_text(buf, 4, s - 1 + i - 1, 4, s - 1 + i - 1, { ch })
  end
  results.multibyte = wait(find_code("LV101"))
  results.multibyte_col = s - 1
  snapshot("multibyte")

  -- A parse error while typing, then recovery.
  vim.api.nvim_buf_set_text(buf, 4, 16, 4, 16, { "[" })
  results.parse_error = wait(function(l) return #l > 0 and not find_code("LV101")(l) end)
  snapshot("parse_error")
  vim.api.nvim_buf_set_text(buf, 4, 16, 4, 17, { "" })
  results.recovered = wait(find_code("LV101"))
  snapshot("recovered")
end)
results.ok, results.err = ok, err and tostring(err) or nil
local f = io.open(out, "w")
f:write(vim.fn.json_encode(results))
f:close()
vim.cmd("qa!")
`

// nvimDiagnostic is an entry of vim.diagnostic.get(), columns in bytes.
type nvimDiagnostic struct {
	Lnum     int    `json:"lnum"`
	Col      int    `json:"col"`
	EndCol   int    `json:"end_col"`
	Severity int    `json:"severity"`
	Message  string `json:"message"`
	Source   string `json:"source"`
	Code     string `json:"code"`
}

// TestNeovim runs headless Neovim with its built-in LSP client against
// `lambdavet lsp` and reads vim.diagnostic.get().
func TestNeovim(t *testing.T) {
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		t.Skip("nvim not installed")
	}
	bin := buildLambdavet(t)
	dir := t.TempDir()
	template := filepath.Join(dir, "template.yaml")
	if err := os.WriteFile(template, []byte(workerTemplate), 0o644); err != nil {
		t.Fatal(err)
	}
	script := filepath.Join(dir, "test.lua")
	if err := os.WriteFile(script, []byte(neovimScript), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.json")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, nvim, "--headless", "-u", "NONE", "-i", "NONE", "-n", "--noplugin",
		template, "-c", "luafile "+script)
	cmd.Dir = dir
	state := t.TempDir()
	cmd.Env = append(os.Environ(), "LV_BIN="+bin, "LV_ROOT="+dir, "LV_OUT="+out,
		"XDG_CONFIG_HOME="+state, "XDG_DATA_HOME="+state, "XDG_STATE_HOME="+state, "XDG_CACHE_HOME="+state)
	combined, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("nvim: %v\n%s", err, combined)
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("no results from nvim: %v\n%s", err, combined)
	}
	var res struct {
		OK           bool   `json:"ok"`
		Err          string `json:"err"`
		Opened       bool   `json:"opened"`
		Fixed        bool   `json:"fixed"`
		Multibyte    bool   `json:"multibyte"`
		MultibyteCol int    `json:"multibyte_col"`
		ParseError   bool   `json:"parse_error"`
		Recovered    bool   `json:"recovered"`
		Steps        []struct {
			Name        string           `json:"name"`
			Diagnostics []nvimDiagnostic `json:"diagnostics"`
		} `json:"steps"`
	}
	if err := json.Unmarshal(raw, &res); err != nil {
		t.Fatalf("results: %v\n%s", err, raw)
	}
	if !res.OK {
		t.Fatalf("script failed: %s\n%s", res.Err, raw)
	}
	if !res.Opened || !res.Fixed || !res.Multibyte || !res.ParseError || !res.Recovered {
		t.Fatalf("steps: opened %v fixed %v multibyte %v parse error %v recovered %v\n%s",
			res.Opened, res.Fixed, res.Multibyte, res.ParseError, res.Recovered, raw)
	}
	step := func(name string) []nvimDiagnostic {
		for _, s := range res.Steps {
			if s.Name == name {
				return s.Diagnostics
			}
		}
		t.Fatalf("no step %s", name)
		return nil
	}
	// vim.diagnostic counts columns in bytes: the server's UTF-16 ranges
	// were converted back exactly.
	first := step("opened")
	if len(first) != 1 || first[0].Lnum != 5 || first[0].Col != 18 || first[0].EndCol != 23 ||
		first[0].Code != "LV101" || first[0].Source != "lambdavet" || first[0].Severity != 1 {
		t.Errorf("opened: %+v", first)
	}
	mb := step("multibyte")
	if len(mb) != 1 || mb[0].Lnum != 4 || mb[0].Col != res.MultibyteCol || mb[0].EndCol != res.MultibyteCol+5 ||
		!strings.Contains(mb[0].Message, "MemorySize 30000") {
		t.Errorf("multibyte line: %+v, want col %d", mb, res.MultibyteCol)
	}
	pe := step("parse_error")
	if len(pe) == 0 || pe[0].Severity != 1 || !strings.Contains(pe[0].Message, "YAML") {
		t.Errorf("parse error: %+v", pe)
	}
}
