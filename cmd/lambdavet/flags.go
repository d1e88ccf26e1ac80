package main

// The command line's conventions, as users of go vet, cfn-lint and tflint
// expect them: flags before or after the paths, a typo answered with a
// did-you-mean rather than the whole usage, rules selected as go vet
// selects analyzers, and a usage that lists the rule flags in one line.

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/lambdavet/lambdavet/analyzers/rule"
	"github.com/lambdavet/lambdavet/internal/config"
	"github.com/lambdavet/lambdavet/internal/didyoumean"
	"github.com/lambdavet/lambdavet/internal/lint"
)

//go:generate go test -run TestCLIReference -update

// cliFlags are the command line's flags, as newCLIFlags defines them.
type cliFlags struct {
	fs *flag.FlagSet

	formats                    multiFlag
	baseline, baselineWrite    *string
	failOn, explain, stdinName *string
	config, now                *string
	listRules, showVersion     *bool
	dumpModel                  *bool
	varFiles, policyDirs       multiFlag
	tfVars, params             map[string]string
	// rules are the rules the command line turns on or off (-LV101,
	// -ORG001=false), read apart from the flag set (splitRuleFlags):
	// which rules exist depends on the policies, and those on the flags.
	rules   map[string]bool
	ruleIDs []string    // the rules that exist, sorted, for -h (setRules)
	metas   []rule.Meta // the same rules' metadata, for -rules
}

// defaultStdinName names standard input when -stdin-filename does not:
// the name decides how the text is read, and YAML is what most templates are.
const defaultStdinName = "stdin.yaml"

// newCLIFlags defines the flag set. The rule flags are not in it: parse
// reads them apart, and setRules checks them once the rules are loaded.
func newCLIFlags() *cliFlags {
	c := &cliFlags{
		fs:     flag.NewFlagSet("lambdavet", flag.ContinueOnError),
		tfVars: map[string]string{},
		params: map[string]string{},
		rules:  map[string]bool{},
	}
	fs := c.fs
	// run prints errors and usage itself: the flag package would print the
	// whole usage after every mistake.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	fs.Var(&c.formats, "format", "output `format`: text, json, sarif, github, junit or gitlab; FORMAT=FILE writes it to FILE (repeatable)")
	c.now = fs.String("now", "", "judge date-driven rules (runtime deprecation) as of `YYYY-MM-DD` (default: today)")
	c.config = fs.String("config", "", "read settings from `FILE` for every project (default: each project's nearest .lambdavet.yaml above it)")
	c.baseline = fs.String("baseline", "", "report only the findings not recorded in the baseline `FILE`")
	c.baselineWrite = fs.String("baseline-write", "", "record the findings in the baseline `FILE` instead of reporting them")
	c.failOn = fs.String("fail-on", "warning", "the lowest severity that makes the exit code 1, `LEVEL` error, warning or info")
	c.explain = fs.String("explain", "", "print the documentation of the rule `ID`, e.g. -explain LV101")
	c.listRules = fs.Bool("rules", false, "list every rule with its severity and title (with -format json, as JSON)")
	c.showVersion = fs.Bool("version", false, "print the version")
	c.dumpModel = fs.Bool("dump-model", false, "print the model of each project as JSON (the input of Rego policies) instead of linting")
	c.stdinName = fs.String("stdin-filename", defaultStdinName, "with the path -, the `NAME` of the template read from standard input: its extension decides the format, and findings and the configuration use it")
	fs.Func("var", "set a Terraform variable: `name=value` (repeatable)", func(s string) error {
		k, v, ok := strings.Cut(s, "=")
		if !ok || k == "" {
			return fmt.Errorf("want name=value, got %q", s)
		}
		c.tfVars[k] = v
		return nil
	})
	fs.Var(&c.varFiles, "var-file", "read Terraform variables from `FILE` (repeatable, applied in order)")
	fs.Var(&c.policyDirs, "policy", "add the Rego policies in `DIR` (repeatable)")
	fs.Func("param", "override a CloudFormation parameter or pseudo parameter: `Name=Value` (repeatable)", func(s string) error {
		k, v, ok := strings.Cut(s, "=")
		if !ok || k == "" {
			return fmt.Errorf("want Name=Value, got %q", s)
		}
		c.params[k] = v
		return nil
	})
	return c
}

// ruleLike matches a rule id (LV101, a user policy's ORG001): no other
// flag is upper case.
var ruleLike = regexp.MustCompile(`^[A-Z][A-Z0-9_]*[0-9]$`)

// splitRuleFlags takes the rule flags (-LV101, --ORG001=false) out of
// args, up to "--", into c.rules (the last value of a rule wins, as with
// any flag), and returns the rest. A value flag's value is skipped, as
// the flag parser would take it.
func (c *cliFlags) splitRuleFlags(args []string) ([]string, error) {
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return append(rest, args[i:]...), nil
		}
		name, ok := strings.CutPrefix(a, "-")
		if !ok || name == "" {
			rest = append(rest, a)
			continue
		}
		name = strings.TrimPrefix(name, "-")
		id, value, hasValue := strings.Cut(name, "=")
		if !ruleLike.MatchString(id) {
			rest = append(rest, a)
			if f := c.fs.Lookup(id); f != nil && !hasValue && !isBoolFlag(f) && i+1 < len(args) {
				i++
				rest = append(rest, args[i])
			}
			continue
		}
		on := true
		if hasValue {
			v, err := strconv.ParseBool(value)
			if err != nil {
				return nil, fmt.Errorf("invalid boolean value %q for -%s: parse error", value, id)
			}
			on = v
		}
		c.rules[id] = on
	}
	return rest, nil
}

func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// setRules records the rules of analyzers (and the suppression rules) for
// -h and go vet's selection, and checks the rule flags given: a
// lambdavet id (LV…) must be one of them, else it is a mistyped flag,
// reported with a did-you-mean; another id (ORG001) may be defined only
// by the policies of a configuration below the paths, and is returned to
// be checked once those are loaded.
func (c *cliFlags) setRules(analyzers []*analysis.Analyzer, stderr io.Writer) (elsewhere []string, err error) {
	c.ruleIDs, c.metas = nil, nil
	for _, id := range lint.MetaRules {
		if m, ok := rule.Lookup(id); ok {
			c.metas = append(c.metas, m)
		}
	}
	for _, a := range analyzers {
		if m, ok := rule.MetaOf(a); ok {
			c.metas = append(c.metas, m)
		}
	}
	slices.SortFunc(c.metas, func(a, b rule.Meta) int { return strings.Compare(a.ID, b.ID) })
	for _, m := range c.metas {
		c.ruleIDs = append(c.ruleIDs, m.ID)
	}
	var unknown []string
	for id := range c.rules {
		if !slices.Contains(c.ruleIDs, id) {
			unknown = append(unknown, id)
		}
	}
	sort.Strings(unknown)
	for _, id := range unknown {
		if strings.HasPrefix(id, "LV") {
			fmt.Fprintf(stderr, "lambdavet: flag provided but not defined: -%s\n", id)
			if s := didyoumean.Suggest(id, c.ruleIDs); s != "" {
				fmt.Fprintf(stderr, "lambdavet: did you mean -%s?\n", s)
			}
			fmt.Fprintln(stderr, "run lambdavet -h for help")
			return nil, errUsage
		}
		elsewhere = append(elsewhere, id)
	}
	return elsewhere, nil
}

// errUsage is a command line mistake already explained on stderr.
var errUsage = errors.New("usage error")

// parse reads args, flags before or after the paths as cfn-lint and tflint
// users type them (`lambdavet ./... -format json`); `--` ends the flags.
// Afterwards fs.Args() holds the paths, in order. A mistake is printed to
// stderr with a did-you-mean and a pointer to -h, and errUsage returned;
// -h returns flag.ErrHelp, for run to print the usage once it knows the
// rules. The rule flags are read apart (splitRuleFlags), into c.rules.
func (c *cliFlags) parse(args []string, stderr io.Writer) error {
	args, err := c.splitRuleFlags(args)
	if err != nil {
		fmt.Fprintf(stderr, "lambdavet: %v\nrun lambdavet -h for help\n", err)
		return errUsage
	}
	var paths []string
	for {
		if err := c.fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return err
			}
			fmt.Fprintf(stderr, "lambdavet: %v\n", err)
			if name, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: -"); ok {
				if s := c.suggestFlag(name); s != "" {
					fmt.Fprintf(stderr, "lambdavet: did you mean -%s?\n", s)
				}
			}
			fmt.Fprintln(stderr, "run lambdavet -h for help")
			return errUsage
		}
		rest := c.fs.Args()
		if len(rest) == 0 {
			break
		}
		if used := len(args) - len(rest); used > 0 && args[used-1] == "--" {
			paths = append(paths, rest...)
			break
		}
		paths = append(paths, rest[0])
		args = rest[1:]
	}
	// Parsing "--" alone leaves the values set and fs.Args() the paths,
	// for the code that reads them there.
	return c.fs.Parse(append([]string{"--"}, paths...))
}

// suggestFlag returns the flag name closest to a mistyped one, or "". A
// rule id in the wrong case (-lv101) is the rule flag in upper case: the
// rule flags are read apart from the flag set, and checked later.
func (c *cliFlags) suggestFlag(name string) string {
	if id, _, _ := strings.Cut(name, "="); ruleLike.MatchString(strings.ToUpper(id)) {
		return strings.ToUpper(id)
	}
	var names []string
	c.fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	return didyoumean.Suggest(name, names)
}

// rulesForHelp returns the rules -h names: those of the configuration and
// policy folders the command line points at, or the built-in ones when
// they do not load (-h answers whatever else is wrong).
func (c *cliFlags) rulesForHelp() []*analysis.Analyzer {
	ctx := context.Background()
	cfg, err := loadConfig(config.NewSearch(), *c.config, firstPath(c.fs.Args(), *c.stdinName))
	if err == nil {
		now, _ := parseNow(*c.now)
		if as, err := lint.LoadRules(ctx, cfg, lint.RuleOptions{Dirs: c.policyDirs, Now: now}); err == nil {
			return as
		}
	}
	as, _ := lint.LoadRules(ctx, nil, lint.RuleOptions{})
	return as
}

// onlyNamed applies go vet's rule to the rule flags given: if any is
// true, only the rules named true run; otherwise the rules named false
// are off and the others run.
func (c *cliFlags) onlyNamed() bool {
	for _, on := range c.rules {
		if on {
			return true
		}
	}
	return false
}

const usageHead = `usage: lambdavet [flags] [path ...]
       lambdavet [flags] -      (one template from standard input, named by -stdin-filename)
       lambdavet lsp            (language server on stdio, see docs/editors.md)

lambdavet reports AWS Lambda settings that AWS will reject or that hurt in production,
in SAM and CloudFormation templates (cdk.out's too), Terraform root modules and
Serverless Framework services found under the paths (default "."). Flags may come
before or after the paths; -- ends them.
`

// usage prints -h: the flags, then the rule flags in one entry.
func (c *cliFlags) usage(w io.Writer) {
	fmt.Fprintf(w, "%s\nFlags:\n", usageHead)
	plain := flag.NewFlagSet("lambdavet", flag.ContinueOnError)
	plain.SetOutput(w)
	c.fs.VisitAll(func(f *flag.Flag) {
		plain.Var(f.Value, f.Name, f.Usage)
		plain.Lookup(f.Name).DefValue = f.DefValue // not what -h came after
	})
	plain.PrintDefaults()
	fmt.Fprintf(w, "  -LVnnn, -LVnnn=false\n    \t%s\n    \trules: %s\n", ruleFlagsUsage, idRanges(c.ruleIDs))
}

// ruleFlagsUsage explains the -ID flags, in -h and docs/cli.md.
const ruleFlagsUsage = "-LV101 runs only the rules named (repeatable); -LV101=false runs all but those; lambdavet -rules lists them with their titles"

// idRanges writes ids compactly: runs of consecutive LVnnn as LV101–LV115.
func idRanges(ids []string) string {
	ids = slices.Clone(ids)
	sort.Strings(ids)
	num := func(id string) int {
		if len(id) != 5 || !strings.HasPrefix(id, "LV") {
			return -1
		}
		n, err := strconv.Atoi(id[2:])
		if err != nil {
			return -1
		}
		return n
	}
	var parts []string
	for i := 0; i < len(ids); {
		j := i
		for j+1 < len(ids) && num(ids[j]) >= 0 && num(ids[j+1]) == num(ids[j])+1 {
			j++
		}
		if j > i {
			parts = append(parts, ids[i]+"–"+ids[j])
		} else {
			parts = append(parts, ids[i])
		}
		i = j + 1
	}
	return strings.Join(parts, ", ")
}

// didYouMeanRule returns ", did you mean LV203?" for a mistyped rule id,
// with the same suggestion the configuration gives, or "".
func (c *cliFlags) didYouMeanRule(id string) string {
	if s := didyoumean.Suggest(id, c.ruleIDs); s != "" {
		return "; did you mean " + s + "?"
	}
	return ""
}

// listRulesTo prints -rules, the rules loaded (setRules): one line per
// rule, or with -format json one object,
// {"rules":[{"id","name","severity","source","url"}]}, whose "name" is the
// title, as in the findings of -format json.
func (c *cliFlags) listRulesTo(w io.Writer, formats []string) error {
	format := "text"
	if len(formats) > 0 {
		format = formats[len(formats)-1]
	}
	switch format {
	case "text":
		for _, m := range c.metas {
			fmt.Fprintf(w, "%s  %-7s  %s\n", m.ID, m.Severity, m.Title)
		}
		return nil
	case "json":
		type ruleJSON struct {
			ID       string `json:"id"`
			Name     string `json:"name"`
			Severity string `json:"severity"`
			Source   string `json:"source"`
			URL      string `json:"url"`
		}
		out := struct {
			Rules []ruleJSON `json:"rules"`
		}{Rules: []ruleJSON{}}
		for _, m := range c.metas {
			out.Rules = append(out.Rules, ruleJSON{ID: m.ID, Name: m.Title, Severity: m.Severity.String(), Source: m.Source, URL: m.URL()})
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			return fmt.Errorf("writing the rule list: %w", err)
		}
		return nil
	}
	return fmt.Errorf("the rule list is printed as text or json, not %q", format)
}

// cliReference writes docs/cli.md from the flag set, so the reference
// cannot drift from the flags: TestCLIReference fails when the file
// differs, and rewrites it with -update (or go generate).
func (c *cliFlags) cliReference(w io.Writer) {
	cell := func(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
	fmt.Fprint(w, "# lambdavet command line\n\n")
	fmt.Fprint(w, "<!-- Generated from the flag set by TestCLIReference in cmd/lambdavet: do not edit.\n     Rewrite it with `go generate ./cmd/lambdavet`. -->\n\n")
	fmt.Fprintf(w, "```\n%s```\n\n", usageHead)
	fmt.Fprint(w, "## Flags\n\n| flag | default | meaning |\n|---|---|---|\n")
	c.fs.VisitAll(func(f *flag.Flag) {
		arg, usage := flag.UnquoteUsage(f)
		name := "-" + f.Name
		if arg != "" {
			name += " " + arg
		}
		def := ""
		if f.DefValue != "" && f.DefValue != "false" {
			def = "`" + f.DefValue + "`"
		}
		fmt.Fprintf(w, "| `%s` | %s | %s |\n", name, def, cell(usage))
	})
	fmt.Fprintf(w, "| `-LVnnn`, `-LVnnn=false` | | %s. Rules: %s |\n\n", cell(ruleFlagsUsage), idRanges(c.ruleIDs))
	fmt.Fprint(w, `## Conventions

- Flags may come before or after the paths, as in cfn-lint and tflint:
  `+"`lambdavet ./... -format json`"+`. `+"`--`"+` ends the flags: what follows is a path.
- Rule flags follow go vet: naming rules (`+"`-LV101 -LV203`"+`) runs only those;
  turning rules off (`+"`-LV101=false`"+`) runs all the others; when both are given,
  only the rules named true run. The command line wins over `+"`.lambdavet.yaml`"+`.
- `+"`lambdavet -`"+` lints one template read from standard input; `+"`-stdin-filename`"+`
  names it (default `+"`"+defaultStdinName+"`"+`): the name's extension decides how it is read
  (`+"`.tf`"+` is Terraform, `+"`.json`"+` JSON), findings show it, and the configuration is
  looked for above it.
- A mistyped flag is reported with a did-you-mean (transposed characters count as one
  edit: `+"`-LV230`"+` suggests `+"`-LV203`"+`); `+"`-h`"+` prints the usage on standard output.
- Text output ends with a summary on standard error, `+"`3 findings (2 errors, 1 warning) in 2 files, 14 files linted`"+`
  or `+"`no findings, 14 files linted`"+`: standard output holds only findings, one per line,
  for grep, editors' error formats and reviewdog.
- `+"`-rules -format json`"+` prints `+"`{\"rules\":[{\"id\",\"name\",\"severity\",\"source\",\"url\"}]}`"+`.

## Exit codes

| code | meaning |
|---|---|
| 0 | no finding at or above the fail level |
| 1 | findings at or above the fail level (`+"`-fail-on`"+`, default `+"`warning`"+`) |
| 2 | a usage error, a bad configuration, or an input that could not be read or parsed (the others are still linted and reported) |
`)
}
