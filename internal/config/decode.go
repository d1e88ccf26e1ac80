package config

import (
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/lambdavet/lambdavet/analyzers/rule"
	"github.com/lambdavet/lambdavet/internal/safefile"
	"github.com/lambdavet/lambdavet/parsers/model"
)

// The forms each key takes, as error messages state them.
const (
	wantFailOn    = "want error, warning or info"
	wantPatterns  = `want a glob pattern or a list of them, relative to the folder of the configuration file, e.g. ["legacy/**"]`
	wantRules     = "want a mapping of rule ids to settings, e.g. {LV105: off, LV202: {severity: info}}"
	wantRule      = "want off, on, a severity (error, warning, info) or {enabled: true|false, severity: error|warning|info}"
	wantLimits    = "want a mapping with memory-max (MB) and timeout-max (seconds)"
	wantMemoryMax = "want a whole number of MB from 128 to 32768"
	wantTimeout   = "want a whole number of seconds from 1 to 5400"
	wantValues    = "want a mapping of names to values, e.g. {Stage: prod}"
	wantValue     = "want a string, number or boolean"
	wantFiles     = "want a path or a list of paths, relative to the folder of the configuration file"
	wantPath      = "want a path, relative to the folder of the configuration file"
	wantOverrides = "want a list of {paths: [GLOB, ...], rules: {...}, parameters: {...}, var-files: [...], vars: {...}}"
	wantOverride  = "want a mapping with paths and the settings to change: rules, parameters, var-files, vars, budget"
	wantBudget    = "want a mapping of limits: values, string-bytes, total-bytes, collection, paths, depth, module-instances (whole numbers), policy-time (a duration such as 30s), policy-results"
	wantDuration  = "want a duration such as 30s or 2m, from 1s to 1h"
)

// budgetKeys are the keys of budget:, as model.BudgetKind names them.
var budgetKeys = []string{
	string(model.BudgetValues), string(model.BudgetStringBytes), string(model.BudgetTotalBytes),
	string(model.BudgetCollection), string(model.BudgetPaths), string(model.BudgetDepth),
	string(model.BudgetModuleInstances), string(model.BudgetPolicyTime), string(model.BudgetPolicyResults),
}

// maxBudgetFactor is how far above its default a budget may be raised: the
// configuration comes with the repository, which may be hostile, so it may
// lower the budget freely but not lift the bound altogether.
const maxBudgetFactor = 10

// Parse checks and decodes the configuration in src, read from path.
func Parse(path string, src []byte) (*Config, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("configuration %s: %w", path, err)
	}
	c := &Config{Path: path, Dir: filepath.Dir(abs)}
	c.Root = TreeRoot(c.Dir)
	if len(src) > MaxSize {
		return nil, &Error{File: path, Msg: fmt.Sprintf("the file is %d bytes, more than the %d KB a configuration may have", len(src), MaxSize>>10)}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, yamlError(path, err)
	}
	if len(doc.Content) == 0 {
		return c, nil // an empty file changes nothing
	}
	d := &decoder{file: path, cfg: c}
	root := deref(doc.Content[0])
	if isNull(root) {
		return c, nil
	}
	if err := d.top(root); err != nil {
		return nil, err
	}
	return c, nil
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

// maxMessage bounds the YAML parser's message kept in an error.
const maxMessage = 200

// yamlError turns a YAML syntax error into an *Error with its line. The
// parser's message is kept without what it quotes of the input: a file
// that does not decode may be anything (a key, a .env), and its content
// must not reach a CI log.
func yamlError(file string, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	e := &Error{File: file}
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		e.Line, _ = strconv.Atoi(m[1])
		e.Column = 1
		msg = err.Error()[len(m[0]):]
	}
	msg = unquote(msg)
	if i := strings.IndexAny(msg, "\n\r"); i >= 0 {
		msg = msg[:i]
	}
	if len(msg) > maxMessage {
		msg = msg[:maxMessage] + "…"
	}
	e.Msg = "invalid YAML: " + strings.ToValidUTF8(msg, "")
	return e
}

// unquote drops what a YAML message quotes of the input (an anchor's
// name, 'like this', or `this`), keeping the one-character tokens the
// parser expects (',' or ']').
func unquote(msg string) string {
	var b strings.Builder
	for i := 0; i < len(msg); i++ {
		c := msg[i]
		if c != '\'' && c != '`' {
			b.WriteByte(c)
			continue
		}
		if i+2 < len(msg) && msg[i+2] == c && msg[i+1] != c {
			b.WriteString(msg[i : i+3]) // a token such as ','
			i += 2
			continue
		}
		end := strings.IndexByte(msg[i+1:], c)
		if end < 0 {
			break // unbalanced: drop the rest
		}
		b.WriteString("(…)")
		i += end + 1
	}
	return b.String()
}

type decoder struct {
	file string
	cfg  *Config
}

func (d *decoder) errorf(n *yaml.Node, key, format string, args ...any) error {
	return &Error{File: d.file, Line: n.Line, Column: n.Column, Key: key, Msg: fmt.Sprintf(format, args...)}
}

// wrong reports n, at key, as not being of the form want.
func (d *decoder) wrong(n *yaml.Node, key, want string) error {
	return d.errorf(n, key, "%s, got %s", want, describe(n))
}

// field is one key of a mapping with its value.
type field struct {
	key string
	// name is key as messages show it (keyName).
	name  string
	keyN  *yaml.Node
	value *yaml.Node
}

// fields returns the entries of the mapping n, rejecting repeated keys and,
// when allowed is not nil, keys outside it (with a did-you-mean).
func (d *decoder) fields(n *yaml.Node, key, want string, allowed []string) ([]field, error) {
	n = deref(n)
	if n.Kind != yaml.MappingNode {
		return nil, d.wrong(n, key, want)
	}
	var out []field
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := deref(n.Content[i]), deref(n.Content[i+1])
		if k.Kind != yaml.ScalarNode {
			return nil, d.errorf(k, key, "keys must be plain names, got %s", describe(k))
		}
		full := join(key, keyName(k.Value))
		if k.Tag == "!!merge" {
			return nil, d.errorf(k, key, "merge keys (<<) are not supported here")
		}
		if line, ok := seen[k.Value]; ok {
			return nil, d.errorf(k, full, "repeated (first set at line %d)", line)
		}
		seen[k.Value] = k.Line
		if allowed != nil && !slices.Contains(allowed, k.Value) {
			msg := fmt.Sprintf("unknown key; want one of %s", strings.Join(allowed, ", "))
			if s := suggest(k.Value, allowed); s != "" {
				msg = fmt.Sprintf("unknown key (did you mean %q?)", s)
			}
			if !quotable(k.Value, maxQuoted) {
				// No misspelling of a known key: maybe no configuration at
				// all, so its content is not shown.
				full = join(key, fmt.Sprintf("(a key of %d bytes)", len(k.Value)))
			}
			return nil, d.errorf(k, full, "%s", msg)
		}
		out = append(out, field{key: k.Value, name: keyName(k.Value), keyN: k, value: v})
	}
	return out, nil
}

var topKeys = []string{"fail-on", "exclude", "rules", "limits", "parameters", "var-files", "vars", "policies", "baseline", "budget", "overrides"}

func (d *decoder) top(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		// Not a configuration at all (a key, a .env): say what it is, never
		// what it says.
		return d.errorf(n, "", "the file must be a mapping of settings (%s), got %s", strings.Join(topKeys, ", "), kind(n))
	}
	fs, err := d.fields(n, "", "the file must be a mapping of settings ("+strings.Join(topKeys, ", ")+")", topKeys)
	if err != nil {
		return err
	}
	c := d.cfg
	for _, f := range fs {
		switch f.key {
		case "fail-on":
			sev, err := d.severity(f.value, f.key, wantFailOn)
			if err != nil {
				return err
			}
			c.FailOn = sev
		case "exclude":
			c.Exclude, err = d.patterns(f.value, f.key)
		case "rules":
			c.Rules, err = d.rules(f.value, f.key)
		case "limits":
			err = d.limits(f.value, f.key)
		case "parameters":
			c.Inputs.Parameters, err = d.values(f.value, f.key)
		case "var-files":
			c.Inputs.VarFiles, err = d.paths(f.value, f.key)
		case "vars":
			c.Inputs.Vars, err = d.values(f.value, f.key)
		case "policies":
			c.Policies, err = d.paths(f.value, f.key)
		case "baseline":
			c.Baseline, err = d.path(f.value, f.key)
		case "budget":
			c.Budget, err = d.budget(f.value, f.key)
		case "overrides":
			c.Overrides, err = d.overrides(f.value, f.key)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (d *decoder) severity(n *yaml.Node, key, want string) (rule.Severity, error) {
	sev := parseSeverity(n.Value)
	if n.Kind != yaml.ScalarNode || n.Tag != "!!str" || sev == 0 {
		return 0, d.wrong(n, key, want)
	}
	return sev, nil
}

// stringList reads a string or a list of strings.
func (d *decoder) stringList(n *yaml.Node, key, want string) ([]*yaml.Node, error) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!str" && n.Value != "" {
		return []*yaml.Node{n}, nil
	}
	if n.Kind != yaml.SequenceNode {
		return nil, d.wrong(n, key, want)
	}
	var out []*yaml.Node
	for i, it := range n.Content {
		it = deref(it)
		if it.Kind != yaml.ScalarNode || it.Tag != "!!str" || it.Value == "" {
			return nil, d.wrong(it, fmt.Sprintf("%s[%d]", key, i), want)
		}
		out = append(out, it)
	}
	return out, nil
}

func (d *decoder) patterns(n *yaml.Node, key string) ([]string, error) {
	items, err := d.stringList(n, key, wantPatterns)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, it := range items {
		p, err := cleanPattern(it.Value)
		if err != nil {
			return nil, d.errorf(it, key, "%v; %s", err, wantPatterns)
		}
		out = append(out, p)
	}
	return out, nil
}

func (d *decoder) paths(n *yaml.Node, key string) ([]string, error) {
	items, err := d.stringList(n, key, wantFiles)
	if err != nil {
		return nil, err
	}
	var out []string
	for i, it := range items {
		k := key
		if n.Kind == yaml.SequenceNode {
			k = fmt.Sprintf("%s[%d]", key, i)
		}
		p, err := d.resolve(it, k)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

func (d *decoder) path(n *yaml.Node, key string) (string, error) {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!str" || n.Value == "" {
		return "", d.wrong(n, key, wantPath)
	}
	return d.resolve(n, key)
}

// resolve makes a path of the file absolute, relative to its folder, and
// refuses one that leaves the tree (Config.Root): an absolute path, a
// "../" too many, or a symbolic link on the way that leads out. The file
// may come with someone else's repository, and "baseline: /etc/shadow" or
// "policies: [/etc]" must not make lambdavet read what the tree does not
// hold.
func (d *decoder) resolve(n *yaml.Node, key string) (string, error) {
	p := filepath.FromSlash(n.Value)
	shown := fmt.Sprintf("of %d bytes", len(n.Value))
	if quotable(n.Value, maxQuotedPath) {
		shown = strconv.Quote(n.Value)
	}
	if filepath.IsAbs(p) {
		return "", d.errorf(n, key, "path %s is absolute; paths in the configuration are relative to its folder and stay inside %s", shown, d.cfg.Root)
	}
	abs := filepath.Join(d.cfg.Dir, p)
	if !safefile.Inside(d.cfg.Root, abs) {
		return "", d.errorf(n, key, "path %s leaves %s; paths in the configuration must stay inside the repository", shown, d.cfg.Root)
	}
	if err := safefile.CheckIn(d.cfg.Root, abs); err != nil {
		if errors.Is(err, safefile.ErrOutside) {
			return "", d.errorf(n, key, "path %s leads outside %s through a symbolic link; paths in the configuration must stay inside the repository", shown, d.cfg.Root)
		}
		return "", d.errorf(n, key, "path %s: %v", shown, err)
	}
	return abs, nil
}

func (d *decoder) rules(n *yaml.Node, key string) (map[string]RuleSetting, error) {
	fs, err := d.fields(n, key, wantRules, nil)
	if err != nil {
		return nil, err
	}
	out := map[string]RuleSetting{}
	for _, f := range fs {
		full := join(key, f.name)
		if !ruleID.MatchString(f.key) {
			return nil, d.errorf(f.keyN, full, "want a rule id such as LV101, got %s", quoteKey(f.key))
		}
		s, err := d.rule(f.value, full)
		if err != nil {
			return nil, err
		}
		s.Line = f.keyN.Line
		out[f.key] = s
	}
	return out, nil
}

var ruleID = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)

func (d *decoder) rule(n *yaml.Node, key string) (RuleSetting, error) {
	var s RuleSetting
	if n.Kind == yaml.ScalarNode {
		switch {
		case n.Tag == "!!bool" || (n.Tag == "!!str" && (n.Value == "on" || n.Value == "off")):
			on := n.Value == "on" || strings.ToLower(n.Value) == "true"
			s.Enabled = &on
		case n.Tag == "!!str" && parseSeverity(n.Value) != 0:
			s.Severity = parseSeverity(n.Value)
		default:
			return s, d.wrong(n, key, wantRule)
		}
		return s, nil
	}
	fs, err := d.fields(n, key, wantRule, []string{"enabled", "severity"})
	if err != nil {
		return s, err
	}
	for _, f := range fs {
		full := join(key, f.name)
		switch f.key {
		case "enabled":
			if f.value.Kind != yaml.ScalarNode || f.value.Tag != "!!bool" {
				return s, d.wrong(f.value, full, "want true or false")
			}
			on := strings.ToLower(f.value.Value) == "true"
			s.Enabled = &on
		case "severity":
			sev, err := d.severity(f.value, full, wantFailOn)
			if err != nil {
				return s, err
			}
			s.Severity = sev
		}
	}
	return s, nil
}

func (d *decoder) limits(n *yaml.Node, key string) error {
	fs, err := d.fields(n, key, wantLimits, []string{"memory-max", "timeout-max"})
	if err != nil {
		return err
	}
	for _, f := range fs {
		full := join(key, f.name)
		switch f.key {
		case "memory-max":
			v, err := d.integer(f.value, full, wantMemoryMax, 128, 32768)
			if err != nil {
				return err
			}
			d.cfg.Limits.MemoryMax, d.cfg.Limits.MemoryMaxLine = v, f.value.Line
		case "timeout-max":
			v, err := d.integer(f.value, full, wantTimeout, 1, 5400)
			if err != nil {
				return err
			}
			d.cfg.Limits.TimeoutMax, d.cfg.Limits.TimeoutMaxLine = v, f.value.Line
		}
	}
	return nil
}

func (d *decoder) integer(n *yaml.Node, key, want string, lo, hi int) (int, error) {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!int" {
		return 0, d.wrong(n, key, want)
	}
	v, err := strconv.Atoi(n.Value)
	if err != nil || v < lo || v > hi {
		return 0, d.wrong(n, key, want)
	}
	return v, nil
}

func (d *decoder) values(n *yaml.Node, key string) (map[string]string, error) {
	fs, err := d.fields(n, key, wantValues, nil)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, f := range fs {
		v := f.value
		if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
			return nil, d.wrong(v, join(key, f.name), wantValue)
		}
		out[f.key] = v.Value
	}
	return out, nil
}

// budget reads a budget: section into model.Limits. Every limit is a
// positive whole number (bytes for string-bytes and total-bytes) up to
// maxBudgetFactor times its default, and policy-time a Go duration.
func (d *decoder) budget(n *yaml.Node, key string) (model.Limits, error) {
	var l model.Limits
	fs, err := d.fields(n, key, wantBudget, budgetKeys)
	if err != nil {
		return l, err
	}
	def := model.DefaultLimits()
	for _, f := range fs {
		full := join(key, f.name)
		var dst *int64
		var dflt int64
		switch model.BudgetKind(f.key) {
		case model.BudgetValues:
			dst, dflt = &l.Values, def.Values
		case model.BudgetStringBytes:
			dst, dflt = &l.StringBytes, def.StringBytes
		case model.BudgetTotalBytes:
			dst, dflt = &l.TotalBytes, def.TotalBytes
		case model.BudgetCollection:
			dst, dflt = &l.Collection, def.Collection
		case model.BudgetPaths:
			dst, dflt = &l.Paths, def.Paths
		case model.BudgetDepth:
			dst, dflt = &l.Depth, def.Depth
		case model.BudgetModuleInstances:
			dst, dflt = &l.ModuleInstances, def.ModuleInstances
		case model.BudgetPolicyResults:
			dst, dflt = &l.PolicyResults, def.PolicyResults
		case model.BudgetPolicyTime:
			v := f.value
			t, perr := time.ParseDuration(v.Value)
			if v.Kind != yaml.ScalarNode || v.Tag != "!!str" || perr != nil || t < time.Second || t > time.Hour {
				return l, d.wrong(v, full, wantDuration)
			}
			l.PolicyTime = t
			continue
		}
		hi := dflt * maxBudgetFactor
		v, err := d.integer64(f.value, full, fmt.Sprintf("want a whole number from 1 to %d (%d times the default %d)", hi, maxBudgetFactor, dflt), 1, hi)
		if err != nil {
			return l, err
		}
		*dst = v
	}
	return l, nil
}

func (d *decoder) integer64(n *yaml.Node, key, want string, lo, hi int64) (int64, error) {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!int" {
		return 0, d.wrong(n, key, want)
	}
	v, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64)
	if err != nil || v < lo || v > hi {
		return 0, d.wrong(n, key, want)
	}
	return v, nil
}

func (d *decoder) overrides(n *yaml.Node, key string) ([]Override, error) {
	if n.Kind != yaml.SequenceNode {
		return nil, d.wrong(n, key, wantOverrides)
	}
	var out []Override
	for i, it := range n.Content {
		it = deref(it)
		ikey := fmt.Sprintf("%s[%d]", key, i)
		fs, err := d.fields(it, ikey, wantOverride, []string{"paths", "rules", "parameters", "var-files", "vars", "budget"})
		if err != nil {
			return nil, err
		}
		o := Override{Line: it.Line}
		for _, f := range fs {
			full := join(ikey, f.name)
			switch f.key {
			case "paths":
				o.Paths, err = d.patterns(f.value, full)
			case "rules":
				o.Rules, err = d.rules(f.value, full)
			case "parameters":
				o.Inputs.Parameters, err = d.values(f.value, full)
			case "var-files":
				o.Inputs.VarFiles, err = d.paths(f.value, full)
			case "vars":
				o.Inputs.Vars, err = d.values(f.value, full)
			case "budget":
				o.Budget, err = d.budget(f.value, full)
			}
			if err != nil {
				return nil, err
			}
		}
		if len(o.Paths) == 0 {
			return nil, d.errorf(it, ikey, "no paths: %s", wantOverrides)
		}
		out = append(out, o)
	}
	return out, nil
}

// cleanPattern checks a glob pattern and returns it in the form matched.
func cleanPattern(p string) (string, error) {
	p = strings.TrimPrefix(filepath.ToSlash(p), "./")
	p = strings.TrimSuffix(p, "/")
	if p == "" || strings.HasPrefix(p, "/") {
		return "", fmt.Errorf("pattern %q is not relative", p)
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." {
			return "", fmt.Errorf("pattern %q leaves the folder", p)
		}
		if _, err := path.Match(seg, ""); err != nil {
			return "", fmt.Errorf("pattern %q is malformed", p)
		}
	}
	return p, nil
}

// parseSeverity reads a severity written exactly as the schema has it
// (lower case); 0 for anything else.
func parseSeverity(s string) rule.Severity {
	switch s {
	case "error":
		return rule.Error
	case "warning":
		return rule.Warning
	case "info":
		return rule.Info
	}
	return 0
}

func deref(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if n != nil && n.Kind == yaml.DocumentNode && len(n.Content) == 1 {
		return deref(n.Content[0])
	}
	return n
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

// maxQuoted bounds a value quoted in a message: enough to show a
// misspelled severity or size, too little to carry a secret (access keys
// and tokens are 32 to 40 characters) of a file that only looked like a
// configuration. Paths, which a message must show to be of use, may be
// longer (maxQuotedPath).
const (
	maxQuoted     = 24
	maxQuotedPath = 256
)

// describe says what a node is, for "got ..." in messages: a short,
// single-line, printable value as written, anything else by its kind
// and length only.
func describe(n *yaml.Node) string {
	if n.Kind != yaml.ScalarNode {
		return kind(n)
	}
	if n.Tag == "!!null" {
		return "nothing"
	}
	if !quotable(n.Value, maxQuoted) {
		return fmt.Sprintf("a value of %d bytes", len(n.Value))
	}
	if n.Tag == "!!str" {
		return strconv.Quote(n.Value)
	}
	return n.Value
}

// kind names what a node is, without its content.
func kind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			return "nothing"
		case "!!str":
			return "a string"
		}
		return "a value"
	}
	return "something else"
}

// quotable reports whether s is short and plain enough to show.
func quotable(s string, max int) bool {
	if len(s) > max {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == utf8.RuneError || !unicode.IsPrint(r) && r != ' ' {
			return false
		}
	}
	return true
}

// maxQuotedKey bounds a key shown in a message: variable names run
// longer than values worth showing, and are less often secrets.
const maxQuotedKey = 64

// keyName is a key as messages show it: as written when quotable, or by
// its length.
func keyName(k string) string {
	if quotable(k, maxQuotedKey) {
		return k
	}
	return fmt.Sprintf("(a key of %d bytes)", len(k))
}

// quoteKey is keyName in quotes when it is shown as written.
func quoteKey(k string) string {
	if quotable(k, maxQuotedKey) {
		return strconv.Quote(k)
	}
	return keyName(k)
}

func join(prefix, key string) string {
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}
