package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"

	"github.com/lambdavet/lambdavet/analyzers/rule"
	"github.com/lambdavet/lambdavet/parsers/model"
)

const full = `# every key
fail-on: info
exclude: ["legacy/**", "vendor"]
rules:
  LV105: off
  LV101: on
  LV202: {severity: info}
  LV203: {enabled: false, severity: error}
  LV301: warning
  LV302: false
limits:
  memory-max: 3008
  timeout-max: 60
parameters:
  Stage: prod
  Memory: 1024
var-files: envs/common.tfvars
vars: {region: eu-west-1, replicas: 2}
policies: [policy/org]
baseline: .lambdavet-baseline.json
overrides:
  - paths: services/billing/**
    rules: {LV202: off, LV105: on}
    parameters: {Stage: billing}
    var-files: [envs/billing.tfvars]
    vars: {region: us-east-1}
  - paths: ["services/billing/legacy/**", "other"]
    parameters: {Stage: old}
`

func mustParse(t *testing.T, src string) *Config {
	t.Helper()
	c, err := Parse("/repo/.lambdavet.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func on(b bool) *bool { return &b }

func TestParseEveryKey(t *testing.T) {
	c := mustParse(t, full)
	if c.Dir != "/repo" || c.FailOn != rule.Info {
		t.Errorf("Dir %q FailOn %v", c.Dir, c.FailOn)
	}
	if !reflect.DeepEqual(c.Exclude, []string{"legacy/**", "vendor"}) {
		t.Errorf("Exclude = %q", c.Exclude)
	}
	wantRules := map[string]RuleSetting{
		"LV105": {Enabled: on(false), Line: 5},
		"LV101": {Enabled: on(true), Line: 6},
		"LV202": {Severity: rule.Info, Line: 7},
		"LV203": {Enabled: on(false), Severity: rule.Error, Line: 8},
		"LV301": {Severity: rule.Warning, Line: 9},
		"LV302": {Enabled: on(false), Line: 10},
	}
	if !reflect.DeepEqual(c.Rules, wantRules) {
		t.Errorf("Rules = %+v", c.Rules)
	}
	if c.Limits != (Limits{MemoryMax: 3008, TimeoutMax: 60, MemoryMaxLine: 12, TimeoutMaxLine: 13}) {
		t.Errorf("Limits = %+v", c.Limits)
	}
	wantInputs := Inputs{
		Parameters: map[string]string{"Stage": "prod", "Memory": "1024"},
		VarFiles:   []string{"/repo/envs/common.tfvars"},
		Vars:       map[string]string{"region": "eu-west-1", "replicas": "2"},
	}
	if !reflect.DeepEqual(c.Inputs, wantInputs) {
		t.Errorf("Inputs = %+v", c.Inputs)
	}
	if !reflect.DeepEqual(c.Policies, []string{"/repo/policy/org"}) || c.Baseline != "/repo/.lambdavet-baseline.json" {
		t.Errorf("Policies %q Baseline %q", c.Policies, c.Baseline)
	}
	if len(c.Overrides) != 2 || c.Overrides[0].Line != 22 || !reflect.DeepEqual(c.Overrides[1].Paths, []string{"services/billing/legacy/**", "other"}) {
		t.Fatalf("Overrides = %+v", c.Overrides)
	}
}

func TestEmptyConfig(t *testing.T) {
	for _, src := range []string{"", "# nothing yet\n", "---\n", "~\n"} {
		c := mustParse(t, src)
		if c.FailOn != 0 || c.Rules != nil || c.Excluded("/repo/x.yaml") {
			t.Errorf("%q: %+v", src, c)
		}
	}
}

func TestResolution(t *testing.T) {
	c := mustParse(t, full)
	for _, tc := range []struct {
		file     string
		excluded bool
	}{
		{"/repo/legacy/template.yaml", true},
		{"/repo/legacy/deep/er/template.yaml", true},
		{"/repo/vendor/x/template.yaml", true},
		{"/repo/vendors/template.yaml", false},
		{"/repo/template.yaml", false},
		{"/elsewhere/legacy/template.yaml", false},
	} {
		if got := c.Excluded(tc.file); got != tc.excluded {
			t.Errorf("Excluded(%s) = %v", tc.file, got)
		}
	}

	// Top level, then every matching override in order.
	billing := "/repo/services/billing/template.yaml"
	old := "/repo/services/billing/legacy/template.yaml"
	if s := c.Rule("LV202", "/repo/template.yaml"); s.Enabled != nil || s.Severity != rule.Info {
		t.Errorf("LV202 at the top: %+v", s)
	}
	if s := c.Rule("LV202", billing); s.Enabled == nil || *s.Enabled || s.Severity != rule.Info {
		t.Errorf("LV202 in billing: %+v", s)
	}
	if s := c.Rule("LV105", billing); s.Enabled == nil || !*s.Enabled {
		t.Errorf("LV105 in billing: %+v", s)
	}
	if s := c.Rule("LV999", billing); s.Enabled != nil || s.Severity != 0 {
		t.Errorf("unconfigured rule: %+v", s)
	}
	if !c.MayEnable("LV105") || c.MayEnable("LV202") || !c.MayEnable("LV101") {
		t.Error("MayEnable")
	}

	in := c.InputsFor(old)
	want := Inputs{
		Parameters: map[string]string{"Stage": "old", "Memory": "1024"},
		VarFiles:   []string{"/repo/envs/common.tfvars", "/repo/envs/billing.tfvars"},
		Vars:       map[string]string{"region": "us-east-1", "replicas": "2"},
	}
	if !reflect.DeepEqual(in, want) {
		t.Errorf("InputsFor(%s) = %+v", old, in)
	}
	if in := c.InputsFor("/repo/template.yaml"); in.Parameters["Stage"] != "prod" || len(in.VarFiles) != 1 {
		t.Errorf("top-level inputs = %+v", in)
	}

	var none *Config
	if none.Excluded("x") || none.Rule("LV101", "x").Enabled != nil || none.PolicyData("x") != nil || none.CheckRules(nil) != nil {
		t.Error("a nil Config must change nothing")
	}
}

func TestPolicyData(t *testing.T) {
	got := mustParse(t, full).PolicyData(".lambdavet.yaml")
	want := map[string]any{
		"limits": map[string]any{"memory_max": 3008, "timeout_max": 60},
		"limit_origins": map[string]any{
			"memory_max":  "limits.memory-max in .lambdavet.yaml:12",
			"timeout_max": "limits.timeout-max in .lambdavet.yaml:13",
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("PolicyData = %v", got)
	}
}

func TestCheckRules(t *testing.T) {
	c := mustParse(t, "rules:\n  LV101: off\n  LV2O2: off\n")
	err := c.CheckRules([]string{"LV101", "LV202"})
	var ce *Error
	if !errors.As(err, &ce) || ce.Line != 3 || ce.Key != "rules.LV2O2" || !strings.Contains(ce.Msg, `did you mean "LV202"`) {
		t.Errorf("got %v", err)
	}
	c = mustParse(t, "overrides:\n  - paths: x\n    rules: {ORG9: off}\n")
	if err := c.CheckRules([]string{"LV101"}); err == nil || !strings.Contains(err.Error(), "overrides[0].rules.ORG9: no rule \"ORG9\"") {
		t.Errorf("got %v", err)
	}
	if err := mustParse(t, full).CheckRules([]string{"LV101", "LV105", "LV202", "LV203", "LV301", "LV302"}); err != nil {
		t.Error(err)
	}
	// Rules of the catalog that this build does not have yet are accepted,
	// so a configuration outlives a downgrade.
	if err := mustParse(t, "rules:\n  LV202: {severity: info}\n  LV507: off\n").CheckRules([]string{"LV101"}); err != nil {
		t.Error(err)
	}
}

// badConfigs each hold a mistake; the error must name the key, the line and
// the expected form. schemaToo is false for checks the schema cannot make.
var badConfigs = []struct {
	src, want string
	schemaToo bool
}{
	{"fail-on: critical\n", `:1:10: fail-on: want error, warning or info, got "critical"`, true},
	{"fail-on: Warning\n", `:1:10: fail-on: want error, warning or info, got "Warning"`, true},
	{"fail_on: error\n", `:1:1: fail_on: unknown key (did you mean "fail-on"?)`, true},
	{"colour: red\n", `:1:1: colour: unknown key; want one of fail-on, exclude`, true},
	{"- a\n- b\n", `:1:1: the file must be a mapping of settings (fail-on, exclude, rules`, true},
	{"exclude: {a: b}\n", `:1:10: exclude: want a glob pattern or a list of them`, true},
	{"exclude: [legacy, 3]\n", `:1:19: exclude[1]: want a glob pattern`, true},
	{"exclude: ['../up']\n", `:1:11: exclude: pattern "../up" leaves the folder`, false},
	{"exclude: ['a/[b']\n", `:1:11: exclude: pattern "a/[b" is malformed`, false},
	{"exclude: ['/abs']\n", `:1:11: exclude: pattern "/abs" is not relative`, false},
	{"rules: [LV101]\n", `:1:8: rules: want a mapping of rule ids to settings`, true},
	{"rules:\n  LV105: disabled\n", `:2:10: rules.LV105: want off, on, a severity (error, warning, info) or {enabled: true|false, severity: error|warning|info}, got "disabled"`, true},
	{"rules:\n  LV105: 0\n", `:2:10: rules.LV105: want off, on`, true},
	{"rules:\n  LV202: {severity: critical}\n", `:2:21: rules.LV202.severity: want error, warning or info, got "critical"`, true},
	{"rules:\n  LV202: {level: info}\n", `:2:11: rules.LV202.level: unknown key; want one of enabled, severity`, true},
	{"rules:\n  LV202: {enabled: no}\n", `:2:20: rules.LV202.enabled: want true or false, got "no"`, true},
	{"rules:\n  LV 202: off\n", `:2:3: rules.LV 202: want a rule id such as LV101`, true},
	{"rules:\n  LV105: off\n  LV105: on\n", `:3:3: rules.LV105: repeated (first set at line 2)`, false},
	{"limits:\n  memory-max: 64\n", `:2:15: limits.memory-max: want a whole number of MB from 128 to 32768, got 64`, true},
	{"limits:\n  memory-max: 3GB\n", `:2:15: limits.memory-max: want a whole number of MB from 128 to 32768, got "3GB"`, true},
	{"limits:\n  timeout-max: 6000\n", `:2:16: limits.timeout-max: want a whole number of seconds from 1 to 5400, got 6000`, true},
	{"limits:\n  timeout: 60\n", `:2:3: limits.timeout: unknown key; want one of memory-max, timeout-max`, true},
	{"limits: 3008\n", `:1:9: limits: want a mapping with memory-max (MB) and timeout-max (seconds), got 3008`, true},
	{"parameters: [Stage=prod]\n", `:1:13: parameters: want a mapping of names to values, e.g. {Stage: prod}, got a list`, true},
	{"parameters:\n  Stage: [a]\n", `:2:10: parameters.Stage: want a string, number or boolean, got a list`, true},
	{"parameters:\n  Stage:\n", `:2:9: parameters.Stage: want a string, number or boolean, got nothing`, true},
	{"vars:\n  region: {a: 1}\n", `:2:11: vars.region: want a string, number or boolean, got a mapping`, true},
	{"var-files: {a: 1}\n", `:1:12: var-files: want a path or a list of paths`, true},
	{"policies: ''\n", `:1:11: policies: want a path or a list of paths`, true},
	{"baseline: [a]\n", `:1:11: baseline: want a path, relative to the folder of the configuration file, got a list`, true},
	{"overrides: {paths: a}\n", `:1:12: overrides: want a list of {paths: [GLOB, ...]`, true},
	{"overrides:\n  - rules: {LV101: off}\n", `:2:5: overrides[0]: no paths`, true},
	{"overrides:\n  - paths: []\n", `:2:5: overrides[0]: no paths`, true},
	{"overrides:\n  - paths: a\n    limits: {memory-max: 1024}\n", `:3:5: overrides[0].limits: unknown key; want one of paths, rules, parameters, var-files, vars`, true},
	{"overrides:\n  - paths: a\n    rules: {LV101: maybe}\n", `:3:20: overrides[0].rules.LV101: want off, on`, true},
	{"budget: {values: many}\n", `:1:18: budget.values: want a whole number`, true},
	{"budget: {values: 0}\n", `:1:18: budget.values: want a whole number`, true},
	{"budget: {depth: 20000}\n", `:1:17: budget.depth: want a whole number`, true},
	{"budget: {policy-time: 30}\n", `:1:23: budget.policy-time: want a duration`, true},
	{"budget: {colection: 3}\n", `:1:10: budget.colection: unknown key (did you mean "collection"?)`, true},
	{"fail-on: [error\n", `:1:1: invalid YAML: did not find expected ',' or ']'`, false},
	{"rules:\n\tLV101: off\n", `:2:1: invalid YAML: found character that cannot start any token`, false},
}

func TestBadConfig(t *testing.T) {
	for _, tc := range badConfigs {
		_, err := Parse("/repo/.lambdavet.yaml", []byte(tc.src))
		var ce *Error
		if !errors.As(err, &ce) {
			t.Errorf("%q: got %v, want an *Error", tc.src, err)
			continue
		}
		if got := err.Error(); !strings.Contains(got, "/repo/.lambdavet.yaml"+tc.want) {
			t.Errorf("%q:\n got  %s\n want %s", tc.src, got, "/repo/.lambdavet.yaml"+tc.want)
		}
	}
}

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(Schema))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("config.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("config.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// schemaAccepts validates YAML source against the schema, through JSON as
// an editor's YAML language server would.
func schemaAccepts(t *testing.T, s *jsonschema.Schema, src string) error {
	t.Helper()
	var v any
	if err := yaml.Unmarshal([]byte(src), &v); err != nil {
		t.Fatalf("%q: %v", src, err)
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("%q: %v", src, err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return s.Validate(inst)
}

// TestSchemaAgrees keeps config.schema.json and the decoder in step: what
// one accepts the other accepts.
func TestSchemaAgrees(t *testing.T) {
	s := compileSchema(t)
	good := []string{full, "", "fail-on: error\n", "rules: {LV101: true, LV102: {}}\n", "exclude: x\n", "overrides: []\n",
		"limits: {memory-max: 128, timeout-max: 5400}\n", "parameters: {A: true, B: 1.5, C: ''}\n",
		"budget: {values: 10, depth: 100, policy-time: 30s}\n", "overrides:\n  - paths: a\n    budget: {paths: 8}\n"}
	for _, src := range good {
		if err := schemaAccepts(t, s, src); err != nil {
			t.Errorf("schema rejects a good configuration %q: %v", src, err)
		}
		if _, err := Parse(".lambdavet.yaml", []byte(src)); err != nil {
			t.Errorf("decoder rejects a good configuration %q: %v", src, err)
		}
	}
	for _, tc := range badConfigs {
		if !tc.schemaToo {
			continue
		}
		if err := schemaAccepts(t, s, tc.src); err == nil {
			t.Errorf("schema accepts %q, which the decoder rejects", tc.src)
		}
	}
}

// TestDocumentedExample checks the configuration shown in docs/ci.md, the
// one most users copy.
func TestDocumentedExample(t *testing.T) {
	b, err := os.ReadFile("../../docs/ci.md")
	if err != nil {
		t.Fatal(err)
	}
	s := compileSchema(t)
	n := 0
	for _, block := range strings.Split(string(b), "```yaml\n")[1:] {
		block, _, _ = strings.Cut(block, "```")
		if !strings.Contains(block, "# .lambdavet.yaml") {
			continue
		}
		n++
		if _, err := Parse(".lambdavet.yaml", []byte(block)); err != nil {
			t.Errorf("docs/ci.md example: %v\n%s", err, block)
		}
		if err := schemaAccepts(t, s, block); err != nil {
			t.Errorf("docs/ci.md example fails the schema: %v", err)
		}
	}
	if n == 0 {
		t.Error("docs/ci.md has no ```yaml block starting with # .lambdavet.yaml")
	}
}

func TestFind(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "a", "b", "c")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	// The repository is root/a: discovery never climbs above it.
	if err := os.Mkdir(filepath.Join(root, "a", ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, ".lambdavet.yaml"), []byte("fail-on: info\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := Find(deep); err != nil || got != "" {
		t.Fatalf("Find with no file in the repository = %q, %v; the one above it must not count", got, err)
	}
	cfg := filepath.Join(root, "a", ".lambdavet.yml")
	if err := os.WriteFile(cfg, []byte("fail-on: error\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := Find(deep); err != nil || got != cfg {
		t.Errorf("Find = %q, %v; want %s", got, err, cfg)
	}
	nearer := filepath.Join(root, "a", "b", ".lambdavet.yaml")
	if err := os.WriteFile(nearer, []byte("fail-on: info\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, _ := Find(deep); got != nearer {
		t.Errorf("Find = %q, want the nearest %s", got, nearer)
	}
	c, err := Load(nearer)
	if err != nil || c.FailOn != rule.Info || c.Dir != filepath.Join(root, "a", "b") {
		t.Errorf("Load: %+v, %v", c, err)
	}
	if _, err := Load(filepath.Join(root, "missing.yaml")); err == nil {
		t.Error("Load of a missing file succeeded")
	}
}

// Outside a repository, discovery stops at the working directory; from a
// folder neither in a repository nor below the working directory, only that
// folder counts: a .lambdavet.yaml a shared runner left in /tmp changes
// nothing. Inside a repository, a run from a subfolder finds the
// repository's configuration.
func TestFindStopsAtWorkingDirectory(t *testing.T) {
	base := t.TempDir()
	if err := os.WriteFile(filepath.Join(base, ".lambdavet.yaml"), []byte("fail-on: info\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	wd := filepath.Join(base, "work")
	deep := filepath.Join(wd, "app", "x")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(wd)
	if got, err := Find(deep); err != nil || got != "" {
		t.Errorf("Find below the working directory = %q, %v; want none (the file is above it)", got, err)
	}
	if got := TreeRoot(deep); got != wd {
		t.Errorf("TreeRoot = %q, want the working directory %q", got, wd)
	}
	other := filepath.Join(base, "other", "proj")
	if err := os.MkdirAll(other, 0o755); err != nil {
		t.Fatal(err)
	}
	if got, err := Find(other); err != nil || got != "" {
		t.Errorf("Find outside the working directory = %q, %v; want none", got, err)
	}
	cfg := filepath.Join(wd, ".lambdavet.yaml")
	if err := os.WriteFile(cfg, []byte("fail-on: error\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := Find(deep); err != nil || got != cfg {
		t.Errorf("Find = %q, %v; want the working directory's %s", got, err, cfg)
	}
	// wd/app is a repository; the working directory is its subfolder x.
	if err := os.Mkdir(filepath.Join(wd, "app", ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	repoCfg := filepath.Join(wd, "app", ".lambdavet.yaml")
	if err := os.WriteFile(repoCfg, []byte("fail-on: error\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(deep)
	if got, err := Find("."); err != nil || got != repoCfg {
		t.Errorf("Find from a subfolder of a repository = %q, %v; want %s", got, err, repoCfg)
	}
}

// A committed .lambdavet.yaml that links outside the repository is
// refused without being read, and the error says nothing of its content.
func TestFindRefusesLinkOutside(t *testing.T) {
	base := t.TempDir()
	secret := filepath.Join(base, "id_rsa")
	if err := os.WriteFile(secret, []byte("-----BEGIN OPENSSH PRIVATE KEY-----\nSECRETSECRET\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	repo := filepath.Join(base, "repo")
	if err := os.MkdirAll(filepath.Join(repo, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(secret, filepath.Join(repo, ".lambdavet.yaml")); err != nil {
		t.Skip(err)
	}
	got, err := Find(repo)
	if err == nil || got != "" {
		t.Fatalf("Find = %q, %v; want it refused", got, err)
	}
	if strings.Contains(err.Error(), "SECRET") || strings.Contains(err.Error(), "PRIVATE") || !strings.Contains(err.Error(), ".lambdavet.yaml") {
		t.Errorf("error %q", err)
	}
	// A link that stays inside the repository is fine.
	if err := os.WriteFile(filepath.Join(repo, "lint.yaml"), []byte("fail-on: error\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(repo, ".lambdavet.yaml"))
	if err := os.Symlink("lint.yaml", filepath.Join(repo, ".lambdavet.yaml")); err != nil {
		t.Fatal(err)
	}
	if got, err := Find(repo); err != nil || got == "" {
		t.Errorf("Find with a link inside = %q, %v", got, err)
	}
}

// Load reads through the bounded reader: a FIFO or a device is refused at
// once, not read until memory runs out or forever.
func TestLoadRefusesNonRegular(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err == nil {
		if _, err := Load("/dev/zero"); err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("Load(/dev/zero) = %v", err)
		}
	}
	fifo := filepath.Join(t.TempDir(), ".lambdavet.yaml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip(err)
	}
	done := make(chan error, 1)
	go func() { _, err := Load(fifo); done <- err }()
	select {
	case err := <-done:
		if err == nil {
			t.Error("Load of a FIFO succeeded")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Load of a FIFO blocked")
	}
	big := filepath.Join(t.TempDir(), ".lambdavet.yaml")
	if err := os.WriteFile(big, bytes.Repeat([]byte("# x\n"), MaxSize), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(big); err == nil {
		t.Error("Load of a file over MaxSize succeeded")
	}
}

// No error quotes what a file that is not a configuration holds, nor a
// long value of one that is.
func TestErrorsQuoteNoContent(t *testing.T) {
	for _, src := range []string{
		"-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAABlwAAAAdzc2gtcn\n-----END OPENSSH PRIVATE KEY-----\n",
		"AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
		"- wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
		"fail-on: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
		"fail-on: !secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
		"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEYxxxx: 1\n",
		"a: *wJalrXUtnFEMI\n",
		"rules:\n  wJalrXUtnFEMI-K7MDENG/bPxRfiCYEXAMPLEKEY-wJalrXUtnFEMI-K7MDENG/bPxRfiCYEXAMPLEKEY: off\n",
		"password: \"wJalrXUtnFEMI\n",
	} {
		_, err := Parse("/repo/.lambdavet.yaml", []byte(src))
		if err == nil {
			t.Errorf("%q: no error", src)
			continue
		}
		for _, secret := range []string{"wJalrXUtnFEMI", "b3BlbnNz", "OPENSSH"} {
			if strings.Contains(err.Error(), secret) {
				t.Errorf("%q: the error quotes the content: %v", src, err)
			}
		}
	}
	c := mustParse(t, "rules:\n  wJalrXUtnFEMI_K7MDENG_bPxRfiCYEXAMPLEKEY_wJalrXUtnFEMI_K7MDENG_bPxRfiCYEXAMPLEKEY: off\n")
	if err := c.CheckRules([]string{"LV101"}); err == nil || strings.Contains(err.Error(), "wJalrXUtnFEMI") {
		t.Errorf("CheckRules of a long id: %v", err)
	}
}

// Paths in the configuration stay inside its repository: absolute paths,
// "../" out of it and symbolic links leading out are refused with the key
// and the line, before anything is read.
func TestPathsStayInTree(t *testing.T) {
	base := t.TempDir()
	outside := filepath.Join(base, "outside")
	repo := filepath.Join(base, "repo")
	for _, d := range []string{outside, filepath.Join(repo, ".git"), filepath.Join(repo, "app")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(outside, filepath.Join(repo, "out")); err != nil {
		t.Skip(err)
	}
	cfgPath := filepath.Join(repo, "app", ".lambdavet.yaml")
	for _, tc := range []struct{ src, want string }{
		{"policies: [/etc]\n", `:1:12: policies[0]: path "/etc" is absolute`},
		{"baseline: /etc/shadow\n", `:1:11: baseline: path "/etc/shadow" is absolute`},
		{"var-files: ../../outside/x.tfvars\n", `:1:12: var-files: path "../../outside/x.tfvars" leaves ` + repo},
		{"baseline: ../out/baseline.json\n", `:1:11: baseline: path "../out/baseline.json" leads outside ` + repo + ` through a symbolic link`},
		{"overrides:\n  - paths: a\n    var-files: [ok.tfvars, ../../x]\n", `:3:28: overrides[0].var-files[1]: path "../../x" leaves`},
	} {
		_, err := Parse(cfgPath, []byte(tc.src))
		if err == nil || !strings.Contains(err.Error(), cfgPath+tc.want) {
			t.Errorf("%q:\n got  %v\n want %s", tc.src, err, cfgPath+tc.want)
		}
	}
	// Up to the repository root is inside.
	c, err := Parse(cfgPath, []byte("var-files: ../shared/common.tfvars\nbaseline: ../baseline.json\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Root != repo || c.Baseline != filepath.Join(repo, "baseline.json") {
		t.Errorf("Root %q Baseline %q", c.Root, c.Baseline)
	}
}

func TestBudget(t *testing.T) {
	c := mustParse(t, `budget:
  values: 1000
  string-bytes: 1_048_576
  total-bytes: 0x1000000
  collection: 500
  paths: 64
  depth: 200
  module-instances: 10
  policy-time: 1m30s
  policy-results: 99
overrides:
  - paths: big/**
    budget: {values: 16000000, policy-time: 2m}
`)
	want := model.Limits{Values: 1000, StringBytes: 1 << 20, TotalBytes: 16 << 20, Collection: 500, Paths: 64, Depth: 200,
		ModuleInstances: 10, PolicyTime: 90 * time.Second, PolicyResults: 99}
	if c.Budget != want {
		t.Errorf("Budget = %+v", c.Budget)
	}
	if got := c.BudgetFor("/repo/app/template.yaml"); got != want {
		t.Errorf("BudgetFor(app) = %+v", got)
	}
	big := want
	big.Values, big.PolicyTime = 16_000_000, 2*time.Minute
	if got := c.BudgetFor("/repo/big/x/template.yaml"); got != big {
		t.Errorf("BudgetFor(big) = %+v", got)
	}
	var none *Config
	if none.BudgetFor("x") != (model.Limits{}) {
		t.Error("nil config has a budget")
	}
	for _, tc := range []struct{ src, want string }{
		{"budget: 3\n", `:1:9: budget: want a mapping of limits`},
		{"budget: {value: 3}\n", `:1:10: budget.value: unknown key (did you mean "values"?)`},
		{"budget: {values: 0}\n", `:1:18: budget.values: want a whole number from 1 to 20000000`},
		{"budget: {depth: 1000000}\n", `:1:17: budget.depth: want a whole number from 1 to 10000`},
		{"budget: {paths: many}\n", `:1:17: budget.paths: want a whole number`},
		{"budget: {policy-time: 30}\n", `:1:23: budget.policy-time: want a duration such as 30s`},
		{"budget: {policy-time: 5h}\n", `:1:23: budget.policy-time: want a duration such as 30s or 2m, from 1s to 1h, got "5h"`},
	} {
		_, err := Parse("/repo/.lambdavet.yaml", []byte(tc.src))
		if err == nil || !strings.Contains(err.Error(), "/repo/.lambdavet.yaml"+tc.want) {
			t.Errorf("%q:\n got  %v\n want %s", tc.src, err, tc.want)
		}
	}
}

func TestMatch(t *testing.T) {
	for _, tc := range []struct {
		pattern, name string
		want          bool
	}{
		{"legacy/**", "legacy/a/b.yaml", true},
		{"legacy/**", "legacy", true},
		{"legacy", "legacy/a/b.yaml", true},
		{"legacy", "legacyx/a.yaml", false},
		{"**/*.json", "a/b/c.json", true},
		{"**/*.json", "c.json", true},
		{"**/*.json", "a/b/c.yaml", false},
		{"*.json", "a/c.json", false},
		{"services/*/template.yaml", "services/x/template.yaml", true},
		{"services/*/template.yaml", "services/x/y/template.yaml", false},
		{"a/**/z", "a/z", true},
		{"a/**/z", "a/b/c/z/file", true},
		{"a/**/z", "a/b/c/file", false},
	} {
		if got := match(tc.pattern, tc.name); got != tc.want {
			t.Errorf("match(%q, %q) = %v", tc.pattern, tc.name, got)
		}
	}
}

// The schema's budget maxima are the decoder's: maxBudgetFactor times the
// defaults.
func TestSchemaBudgetMaxima(t *testing.T) {
	var doc struct {
		Defs struct {
			Budget struct {
				Properties map[string]struct {
					Maximum *int64 `json:"maximum"`
				} `json:"properties"`
			} `json:"budget"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(Schema, &doc); err != nil {
		t.Fatal(err)
	}
	def := model.DefaultLimits()
	defaults := map[string]int64{"values": def.Values, "string-bytes": def.StringBytes, "total-bytes": def.TotalBytes,
		"collection": def.Collection, "paths": def.Paths, "depth": def.Depth, "module-instances": def.ModuleInstances,
		"policy-results": def.PolicyResults}
	props := doc.Defs.Budget.Properties
	if len(props) != len(budgetKeys) {
		t.Errorf("schema has %d budget keys, the decoder %d", len(props), len(budgetKeys))
	}
	for k, d := range defaults {
		p, ok := props[k]
		if !ok || p.Maximum == nil || *p.Maximum != d*maxBudgetFactor {
			t.Errorf("schema budget.%s maximum = %v, want %d", k, p.Maximum, d*maxBudgetFactor)
		}
	}
}

// A dangling link where a configuration would be is refused, not skipped
// for the one above it: a configuration that silently stopped applying
// would go unnoticed.
func TestFindRefusesDanglingLink(t *testing.T) {
	repo := t.TempDir()
	if err := os.MkdirAll(filepath.Join(repo, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(repo, ".lambdavet.yaml"), []byte("fail-on: error\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	app := filepath.Join(repo, "app")
	if err := os.MkdirAll(app, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("missing.yaml", filepath.Join(app, ".lambdavet.yaml")); err != nil {
		t.Skip(err)
	}
	if got, err := Find(app); err == nil || got != "" || !strings.Contains(err.Error(), filepath.Join("app", ".lambdavet.yaml")) {
		t.Errorf("Find = %q, %v; want the dangling link refused", got, err)
	}
	if got, err := Nearest(app, repo, nil); err == nil || got != filepath.Join(app, ".lambdavet.yaml") {
		t.Errorf("Nearest = %q, %v; want the link's path with the error", got, err)
	}
}

// One Search gives each folder of a tree its configuration and tree root,
// in any order of asking, though it looks at each folder once: nested
// repositories, configurations at several levels, relative and absolute
// names, and a refused link whose error every folder below it shares.
func TestSearch(t *testing.T) {
	base := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	repo := filepath.Join(base, "repo")
	write(filepath.Join(repo, ".git", "HEAD"), "ref: main\n")
	top := filepath.Join(repo, ".lambdavet.yaml")
	write(top, "fail-on: info\n")
	svcA := filepath.Join(repo, "svc", "a", ".lambdavet.yml")
	write(svcA, "fail-on: error\n")
	inner := filepath.Join(repo, "inner")
	write(filepath.Join(inner, ".git", "HEAD"), "ref: main\n")
	write(filepath.Join(base, "secret"), "key\n")
	for _, d := range []string{"svc/a/x/y", "svc/b/z", "inner/m", "linked/deep"} {
		if err := os.MkdirAll(filepath.Join(repo, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(base, "secret"), filepath.Join(repo, "linked", ".lambdavet.yaml")); err != nil {
		t.Skip("no symbolic links:", err)
	}
	refused := "refused"
	cases := []struct{ dir, want, root string }{
		{"svc/a/x/y", svcA, repo},
		{"svc/a", svcA, repo},
		{"svc/b/z", top, repo},
		{"svc", top, repo},
		{".", top, repo},
		{"inner/m", "", inner}, // a repository of its own, with none
		{"inner", "", inner},
		{"linked/deep", refused, repo},
		{"linked", refused, repo},
		{filepath.Join(repo, "svc", "b"), top, repo},
		{base, "", base}, // above the working directory and any repository
	}
	t.Chdir(repo)
	backward := slices.Clone(cases)
	slices.Reverse(backward)
	for _, order := range [][]struct{ dir, want, root string }{cases, backward} {
		s := NewSearch()
		for _, c := range order {
			got, err := s.Find(c.dir)
			switch {
			case c.want == refused:
				if err == nil || !strings.Contains(err.Error(), "refusing") {
					t.Errorf("Find(%q) = %q, %v; want the link refused", c.dir, got, err)
				}
			case err != nil || got != c.want:
				t.Errorf("Find(%q) = %q, %v; want %q", c.dir, got, err, c.want)
			}
			if got := s.TreeRoot(c.dir); got != c.root {
				t.Errorf("TreeRoot(%q) = %q, want %q", c.dir, got, c.root)
			}
		}
	}
}

// A working directory written unclean ($PWD after `cd //tmp/x`, or with a
// trailing /.) still bounds the search: the climb stops at it instead of
// refusing a configuration above it.
func TestSearchUncleanWorkingDirectory(t *testing.T) {
	base := t.TempDir()
	if err := os.WriteFile(filepath.Join(base, ".lambdavet.yaml"), []byte("fail-on: info\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	proj := filepath.Join(base, "proj")
	if err := os.Mkdir(proj, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(proj)
	for _, pwd := range []string{proj + "/.", proj + "/", "/" + proj} {
		t.Setenv("PWD", pwd)
		s := NewSearch()
		if got := s.TreeRoot("."); got != proj {
			t.Errorf("PWD %q: TreeRoot = %q, want %q", pwd, got, proj)
		}
		if got, err := s.Find("."); got != "" || err != nil {
			t.Errorf("PWD %q: Find = %q, %v; want none (the file is above the working directory)", pwd, got, err)
		}
	}
}
