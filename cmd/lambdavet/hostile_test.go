package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// childEnv makes the test binary run lambdavet itself: the hostile suite runs
// each case in its own process, because what it guards against (a stack
// overflow, running out of memory) kills the process, and only a separate
// one can be watched for time and peak memory.
const childEnv = "LAMBDAVET_HOSTILE_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		// A runaway case fails fast instead of taking the machine's memory
		// (the suite asks for less than 1 GB; 3 GB of address space leaves
		// the Go runtime its reservations).
		lim := syscall.Rlimit{Cur: 3 << 30, Max: 3 << 30}
		_ = syscall.Setrlimit(syscall.RLIMIT_AS, &lim)
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// hostileGood is the good template beside every hostile input: its finding
// must be reported whatever the hostile file does.
const hostileGood = goodTemplate

// hostileCase is one input of the suite, generated here so the repository
// holds no large files.
type hostileCase struct {
	name  string
	class string
	// files are written under the project folder.
	files map[string][]byte
	// setup makes what files cannot say (FIFOs, symbolic links, sparse
	// files) in the project folder; outside is a folder beside it.
	setup func(t *testing.T, dir, outside string)
	args  []string
	// errIn is the file whose error must be reported with a position.
	errIn string
	// clean is for an input that is merely large or unusual: it must lint
	// in full, without any error.
	clean bool
	// refused is for a configuration lambdavet must refuse: exit 2 before
	// linting, the configuration named on stderr.
	refused bool
	// policyErr is for a user policy that runs out of budget: an error
	// names it, and the run goes on.
	policyErr bool
	// check looks at the output for what a case promises beyond that.
	check func(t *testing.T, out, errOut string)
}

func rep(s string, n int) string { return strings.Repeat(s, n) }

func hostileCases() []hostileCase {
	tfFunc := "resource \"aws_lambda_function\" \"f\" {\n  function_name = \"f\"\n  role = \"r\"\n  memory_size = 128\n}\n"
	var cases []hostileCase
	add := func(c hostileCase) { cases = append(cases, c) }

	// Depth.
	add(hostileCase{name: "heredoc-comment-then-deep", class: "depth", errIn: "main.tf", files: map[string][]byte{
		"main.tf": []byte(tfFunc + "locals {\n  a = <<EOT\n/*\nEOT\n  b = " + rep("[", 200000) + rep("]", 200000) + "\n}\n")}})
	add(hostileCase{name: "heredoc-interp-deep", class: "depth", errIn: "main.tf", files: map[string][]byte{
		"main.tf": []byte(tfFunc + "locals {\n  a = <<EOT\n# ${" + rep("[", 200000) + rep("]", 200000) + "}\nEOT\n}\n")}})
	add(hostileCase{name: "leading-close-parens", class: "depth", errIn: "main.tf", files: map[string][]byte{
		"main.tf": []byte(tfFunc + rep(")", 200000) + "\nlocals {\n  b = " + rep("(", 200000) + "1" + rep(")", 200000) + "\n}\n")}})
	add(hostileCase{name: "tf-json-template-deep", class: "depth", errIn: "main.tf.json", files: map[string][]byte{
		"main.tf.json": []byte(`{"locals": {"a": "${` + rep("[", 200000) + rep("]", 200000) + `}"}}`)}})
	add(hostileCase{name: "tfvars-deep", class: "depth", errIn: "terraform.tfvars", files: map[string][]byte{
		"main.tf":          []byte(tfFunc + "variable \"x\" {}\n"),
		"terraform.tfvars": []byte("x = " + rep("[", 200000) + rep("]", 200000) + "\n")}})
	add(hostileCase{name: "var-flag-deep", class: "depth", files: map[string][]byte{
		"main.tf": []byte(tfFunc + "variable \"x\" {}\n")},
		args: []string{"-var", "x=" + rep("[", 65000) + rep("]", 65000)},
		check: func(t *testing.T, out, errOut string) {
			if !strings.Contains(out+errOut, "nest") {
				t.Errorf("want the -var value refused for its nesting, got %s%s", out, errOut)
			}
		}})
	add(hostileCase{name: "config-vars-deep", class: "depth", files: map[string][]byte{
		"main.tf":         []byte(tfFunc + "variable \"x\" {}\n"),
		".lambdavet.yaml": []byte("vars:\n  x: \"" + rep("[", 65000) + rep("]", 65000) + "\"\n")},
		check: func(t *testing.T, out, errOut string) {
			if !strings.Contains(out+errOut, "nest") {
				t.Errorf("want the configured value refused for its nesting, got %s%s", out, errOut)
			}
		}})
	add(hostileCase{name: "yaml-flow-deep", class: "depth", errIn: "deep.yaml", files: map[string][]byte{
		"deep.yaml": []byte("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  A:\n    Type: AWS::SNS::Topic\n    Properties:\n      X: " + rep("[", 200000) + rep("]", 200000) + "\n")}})
	add(hostileCase{name: "json-deep", class: "depth", errIn: "deep.json", files: map[string][]byte{
		"deep.json": []byte(`{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"A": {"Type": "AWS::SNS::Topic", "Properties": {"X": ` + rep("[", 200000) + rep("]", 200000) + `}}}}`)}})

	// Expansion.
	sub := "x"
	for range 40 {
		sub = fmt.Sprintf(`{"Fn::Sub": ["${a}${a}", {"a": %s}]}`, sub)
	}
	add(hostileCase{name: "nested-sub-doubling", class: "expansion", errIn: "sub.json", files: map[string][]byte{
		"sub.json": []byte(`{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"F": {"Type": "AWS::Lambda::Function", "Properties": {"Runtime": "python3.12", "Handler": "a.b", "Description": ` + sub + `}}}}`)}})
	add(hostileCase{name: "sub-many-references", class: "expansion", errIn: "subref.yaml", files: map[string][]byte{
		"subref.yaml": []byte("AWSTemplateFormatVersion: '2010-09-09'\nParameters:\n  Big:\n    Type: String\n    Default: " + rep("x", 100000) + "\nResources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      Description: !Sub \"" + rep("${Big}", 10000) + "\"\n")}})
	add(hostileCase{name: "split-empty", class: "expansion", files: map[string][]byte{
		"split.yaml": []byte("AWSTemplateFormatVersion: '2010-09-09'\nParameters:\n  Big:\n    Type: String\n    Default: " + rep("x", 4000000) + "\nResources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      Layers: !Split [\"\", !Ref Big]\n")}, errIn: "split.yaml"})
	var tfl strings.Builder
	tfl.WriteString(tfFunc + "locals {\n  l0 = \"abcdefgh\"\n")
	for i := 1; i <= 40; i++ {
		fmt.Fprintf(&tfl, "  l%d = \"${local.l%d}${local.l%d}\"\n", i, i-1, i-1)
	}
	tfl.WriteString("}\nresource \"aws_lambda_function\" \"g\" {\n  function_name = \"g\"\n  role = \"r\"\n  description = local.l40\n}\n")
	add(hostileCase{name: "tf-string-doubling", class: "expansion", errIn: "main.tf", files: map[string][]byte{"main.tf": []byte(tfl.String())}})
	var tfc strings.Builder
	tfc.WriteString(tfFunc + "locals {\n  c0 = [1, 2]\n")
	for i := 1; i <= 40; i++ {
		fmt.Fprintf(&tfc, "  c%d = concat(local.c%d, local.c%d)\n", i, i-1, i-1)
	}
	tfc.WriteString("}\nresource \"aws_lambda_function\" \"g\" {\n  function_name = \"g\"\n  role = \"r\"\n  layers = local.c40\n}\n")
	add(hostileCase{name: "tf-concat-doubling", class: "expansion", errIn: "main.tf", files: map[string][]byte{"main.tf": []byte(tfc.String())}})
	var tfo strings.Builder
	tfo.WriteString(tfFunc + "locals {\n  o0 = {a = 1}\n")
	for i := 1; i <= 60; i++ {
		fmt.Fprintf(&tfo, "  o%d = {a = local.o%d, b = local.o%d}\n", i, i-1, i-1)
	}
	tfo.WriteString("}\nresource \"aws_lambda_function\" \"g\" {\n  function_name = \"g\"\n  role = \"r\"\n  environment {\n    variables = {X = jsonencode(local.o60)}\n  }\n}\n")
	add(hostileCase{name: "tf-object-dag", class: "expansion", errIn: "main.tf", files: map[string][]byte{"main.tf": []byte(tfo.String())}})
	add(hostileCase{name: "tf-format-width", class: "expansion", errIn: "main.tf", files: map[string][]byte{
		"main.tf": []byte(tfFunc + "resource \"aws_lambda_function\" \"g\" {\n  function_name = \"g\"\n  role = \"r\"\n  description = format(\"%-500000000s\", \"x\")\n}\n")}})
	add(hostileCase{name: "tf-indent", class: "expansion", errIn: "main.tf", files: map[string][]byte{
		"main.tf": []byte(tfFunc + "resource \"aws_lambda_function\" \"g\" {\n  function_name = \"g\"\n  role = \"r\"\n  description = indent(1000000000, \"a\\nb\\nc\")\n}\n")}})
	var tfq strings.Builder
	tfq.WriteString(tfFunc + "variable \"p\" {}\nlocals {\n  q0 = var.p ? 1 : 2\n")
	for i := 1; i <= 40; i++ {
		fmt.Fprintf(&tfq, "  q%d = var.p ? local.q%d : local.q%d + 1\n", i, i-1, i-1)
	}
	tfq.WriteString("}\nresource \"aws_lambda_function\" \"g\" {\n  function_name = \"g\"\n  role = \"r\"\n  memory_size = local.q40\n}\n")
	add(hostileCase{name: "tf-conditional-chain", class: "expansion", files: map[string][]byte{"main.tf": []byte(tfq.String())}})
	var glob strings.Builder
	glob.WriteString("AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\nGlobals:\n  Function:\n    Runtime: python3.12\n    Handler: a.b\n    Environment:\n      Variables:\n")
	for i := range 2000 {
		fmt.Fprintf(&glob, "        V%d: %s\n", i, rep("v", 100))
	}
	glob.WriteString("Resources:\n")
	for i := range 1000 {
		fmt.Fprintf(&glob, "  F%d:\n    Type: AWS::Serverless::Function\n    Properties:\n      InlineCode: x\n", i)
	}
	add(hostileCase{name: "sam-globals-copies", errIn: "globals.yaml", class: "expansion", files: map[string][]byte{"globals.yaml": []byte(glob.String())}})
	var bomb strings.Builder
	bomb.WriteString("AWSTemplateFormatVersion: '2010-09-09'\n# " + rep("p", 8<<20) + "\nMappings:\n  M:\n    a: &a [x, x, x, x, x, x, x, x, x, x]\n")
	prev := "a"
	for _, n := range []string{"b", "c", "d", "e", "f", "g", "h", "i"} {
		fmt.Fprintf(&bomb, "    %s: &%s [*%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s]\n", n, n, prev, prev, prev, prev, prev, prev, prev, prev, prev, prev)
		prev = n
	}
	bomb.WriteString("Resources:\n  T:\n    Type: AWS::SNS::Topic\n")
	add(hostileCase{name: "alias-bomb-padded", class: "expansion", errIn: "bomb.yaml", files: map[string][]byte{"bomb.yaml": []byte(bomb.String())}})
	var cond strings.Builder
	cond.WriteString("AWSTemplateFormatVersion: '2010-09-09'\nParameters:\n  P:\n    Type: String\n    AllowedValues: [a, b, c]\nConditions:\n  C0: !Equals [!Ref P, a]\n")
	for i := 1; i <= 30; i++ {
		fmt.Fprintf(&cond, "  C%d: !Or [!Condition C%d, !And [!Condition C%d, !Not [!Equals [!Ref P, b]]]]\n", i, i-1, i-1)
	}
	cond.WriteString("Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      MemorySize: !If [C30, 128, 256]\n")
	add(hostileCase{name: "condition-chain", class: "expansion", files: map[string][]byte{"cond.yaml": []byte(cond.String())}})

	// Size.
	var list bytes.Buffer
	list.WriteString("[")
	for i := 0; list.Len() < 8<<20; i++ {
		if i > 0 {
			list.WriteString(",")
		}
		fmt.Fprintf(&list, "{\"k\": %d, \"v\": \"value-%d\"}", i, i)
	}
	list.WriteString("]")
	add(hostileCase{name: "plain-json-list-8mb", clean: true, class: "size", files: map[string][]byte{"data.json": list.Bytes()}})
	var many strings.Builder
	many.WriteString("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n")
	for i := range 20000 {
		fmt.Fprintf(&many, "  F%d:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: python3.12\n      Handler: a.b\n      MemorySize: 256\n      Timeout: 30\n      Tags: [{Key: team, Value: t%d}]\n", i, i)
	}
	add(hostileCase{name: "twenty-thousand-functions", clean: true, class: "size", files: map[string][]byte{"many.yaml": []byte(many.String())}})
	var line strings.Builder
	line.WriteString("AWSTemplateFormatVersion: '2010-09-09'\nResources: {")
	for i := 0; line.Len() < 600<<10; i++ {
		fmt.Fprintf(&line, "T%d: {Type: AWS::SNS::Topic, Properties: {TopicName: \"é%d\"}}, ", i, i)
	}
	line.WriteString("F: {Type: AWS::Lambda::Function, Properties: {MemorySize: 99999}}}\n")
	add(hostileCase{name: "one-long-line", clean: true, class: "size", files: map[string][]byte{"line.yaml": []byte(line.String())},
		check: func(t *testing.T, out, _ string) {
			if !strings.Contains(out, "line.yaml") {
				t.Errorf("want the long-line template linted (LV101 on F), got %.500s", out)
			}
		}})
	var data strings.Builder
	for i := 0; data.Len() < 200<<10; i++ {
		fmt.Fprintf(&data, "key%d:\n  - {a: %d, b: [x, y, z], c: \"text %d\"}\n", i, i, i)
	}
	add(hostileCase{name: "non-template-data", clean: true, class: "size", files: map[string][]byte{"data.yaml": []byte(data.String())}})

	// Walks.
	add(hostileCase{name: "exclude-glob-backtracking", class: "walks",
		files: map[string][]byte{".lambdavet.yaml": []byte("exclude: [\"" + rep("**/", 20) + "nomatch\"]\n")},
		setup: func(t *testing.T, dir, _ string) {
			deep := dir
			for range 40 {
				deep = filepath.Join(deep, "d")
			}
			mkdirAll(t, deep)
			// A template deep down, so the pattern is matched against a
			// path of 40 segments.
			writeFile(t, filepath.Join(deep, "deep.yaml"), hostileGood)
		}})
	add(hostileCase{name: "symlink-fan-out", class: "walks",
		setup: func(t *testing.T, dir, _ string) {
			var sam strings.Builder
			sam.WriteString("AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\nResources:\n")
			for i := range 40 {
				fmt.Fprintf(&sam, "  F%d:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: a.b\n      CodeUri: pkg/\n", i)
			}
			writeFile(t, filepath.Join(dir, "fan.yaml"), sam.String())
			level := filepath.Join(dir, "pkg")
			for i := range 40 {
				next := filepath.Join(level, "n")
				mkdirAll(t, next)
				writeFile(t, filepath.Join(level, "f.py"), "x")
				if i > 0 {
					for _, l := range []string{"a", "b"} {
						if err := os.Symlink("n", filepath.Join(level, l)); err != nil {
							t.Fatal(err)
						}
					}
				}
				level = next
			}
		}})

	// What is opened.
	add(hostileCase{name: "modules-json-fifo", class: "opened", errIn: "",
		files: map[string][]byte{"main.tf": []byte(tfFunc + "module \"m\" {\n  source = \"terraform-aws-modules/lambda/aws\"\n}\n")},
		setup: func(t *testing.T, dir, _ string) {
			mkdirAll(t, filepath.Join(dir, ".terraform", "modules"))
			if err := syscall.Mkfifo(filepath.Join(dir, ".terraform", "modules", "modules.json"), 0o644); err != nil {
				t.Skip("no FIFOs here:", err)
			}
		}})
	add(hostileCase{name: "config-fifo", class: "opened",
		setup: func(t *testing.T, dir, _ string) {
			if err := syscall.Mkfifo(filepath.Join(dir, ".lambdavet.yaml"), 0o644); err != nil {
				t.Skip("no FIFOs here:", err)
			}
		}, refused: true})
	add(hostileCase{name: "sparse-huge-tf", class: "opened", errIn: "huge.tf",
		setup: func(t *testing.T, dir, _ string) {
			f, err := os.Create(filepath.Join(dir, "huge.tf"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if err := f.Truncate(20 << 30); err != nil {
				t.Skip("no sparse files here:", err)
			}
		}})
	add(hostileCase{name: "config-symlink-outside", class: "opened",
		setup: func(t *testing.T, dir, outside string) {
			secret := filepath.Join(outside, "id_rsa")
			writeFile(t, secret, "-----BEGIN OPENSSH PRIVATE KEY-----\nSECRETSECRET\n")
			if err := os.Symlink(secret, filepath.Join(dir, ".lambdavet.yaml")); err != nil {
				t.Fatal(err)
			}
		}, check: func(t *testing.T, out, errOut string) {
			if strings.Contains(out+errOut, "SECRETSECRET") || strings.Contains(out+errOut, "PRIVATE KEY") {
				t.Errorf("the content of a file outside the tree was printed:\n%s%s", out, errOut)
			}
		}, refused: true})
	add(hostileCase{name: "config-paths-outside", class: "opened",
		setup: func(t *testing.T, dir, outside string) {
			writeFile(t, filepath.Join(outside, "baseline.json"), `{"SECRETSECRET": 1}`)
			writeFile(t, filepath.Join(dir, ".lambdavet.yaml"), "baseline: ../"+filepath.Base(outside)+"/baseline.json\n")
		}, check: func(t *testing.T, out, errOut string) {
			if strings.Contains(out+errOut, "SECRETSECRET") {
				t.Errorf("the content of a file outside the tree was printed:\n%s%s", out, errOut)
			}
		}, refused: true})
	add(hostileCase{name: "config-policies-absolute", class: "opened",
		files: map[string][]byte{".lambdavet.yaml": []byte("policies: [/etc]\n")}, refused: true})

	// Policies.
	add(hostileCase{name: "policy-huge-range", class: "policies",
		files: map[string][]byte{"policies/huge/huge.rego": []byte("# METADATA\n# title: huge\n# custom:\n#   id: ORG001\n#   severity: error\npackage lambdavet.org.huge\n\nviolations contains {\"message\": sprintf(\"%d\", [n]), \"resource\": f.name, \"range\": f.range} if {\n  some f in input.functions\n  some n in numbers.range(1, 1000000000)\n  n < 0\n}\n")},
		args:  []string{"-policy", "POLICYDIR"}, policyErr: true})
	add(hostileCase{name: "policy-many-results", class: "policies",
		files: map[string][]byte{"policies/many/many.rego": []byte("# METADATA\n# title: many\n# custom:\n#   id: ORG002\n#   severity: info\npackage lambdavet.org.many\n\nviolations contains {\"message\": sprintf(\"%d %d\", [i, j]), \"resource\": f.name, \"range\": f.range} if {\n  some f in input.functions\n  some i in numbers.range(1, 3000)\n  some j in numbers.range(1, 1000)\n}\n")},
		args:  []string{"-policy", "POLICYDIR"}, policyErr: true})

	// Silent or wrong errors.
	add(hostileCase{name: "root-calls-itself", class: "silent", errIn: "main.tf",
		files: map[string][]byte{"main.tf": []byte(tfFunc + "module \"self\" {\n  source = \"./\"\n}\n")}})
	u16 := []byte{0xff, 0xfe}
	for _, r := range "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  W:\n    Type: AWS::Lambda::Function\n    Properties:\n      MemorySize: 99999\n" {
		u16 = append(u16, byte(r), 0)
	}
	add(hostileCase{name: "utf16-template", clean: true, class: "silent", files: map[string][]byte{"u16.yaml": u16},
		check: func(t *testing.T, out, _ string) {
			if !strings.Contains(out, "u16.yaml") {
				t.Errorf("a UTF-16 template was skipped in silence: %.500s", out)
			}
		}})
	add(hostileCase{name: "cr-only-lines", clean: true, class: "silent",
		files: map[string][]byte{"cr.yaml": []byte("AWSTemplateFormatVersion: '2010-09-09'\rResources:\r  W:\r    Type: AWS::Lambda::Function\r    Properties:\r      MemorySize: 99999\r")},
		check: func(t *testing.T, out, _ string) {
			if !regexp.MustCompile(`"file": "[^"]*cr\.yaml",\s*"line": 6,\s*"column": 19`).MatchString(out) {
				t.Errorf("want LV101 at cr.yaml:6:19, got %.800s", out)
			}
		}})
	add(hostileCase{name: "control-characters-in-name", class: "silent",
		files: map[string][]byte{"evil\n::error file=x::forged\x1b[31m.yaml": []byte(hostileGood)},
		args:  []string{"-format=text", "-format=github"},
		check: func(t *testing.T, out, _ string) {
			for _, l := range strings.Split(out, "\n") {
				if strings.HasPrefix(l, "::error file=x::forged") || strings.Contains(l, "\x1b") {
					t.Errorf("a file name wrote raw control characters into the output: %q", l)
				}
			}
		}})
	return cases
}

func mkdirAll(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
}

func writeFile(t *testing.T, name, content string) {
	t.Helper()
	mkdirAll(t, filepath.Dir(name))
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// notYetBounded lists the cases whose fixes have not landed yet, with the
// defect; the list only shrinks.
var notYetBounded = map[string]string{}

// TestHostileInputs runs lambdavet on each hostile input beside a good
// template, in a process of its own, and holds it to the bounded-cost
// promise: exit 0, 1 or 2 within 10 s and under 1 GB, no fatal error, the
// hostile file reported with a position and the good one still linted.
func TestHostileInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("the hostile suite starts a process per case")
	}
	for _, c := range hostileCases() {
		t.Run(c.class+"/"+c.name, func(t *testing.T) {
			if why, ok := notYetBounded[c.name]; ok {
				t.Skip("not yet bounded:", why)
			}
			base := t.TempDir()
			dir := filepath.Join(base, "project")
			outside := filepath.Join(base, "outside")
			mkdirAll(t, dir)
			mkdirAll(t, outside)
			// The project is a repository of its own, so configuration
			// discovery stops here.
			mkdirAll(t, filepath.Join(dir, ".git"))
			writeFile(t, filepath.Join(dir, "good.yaml"), hostileGood)
			for name, content := range c.files {
				writeFile(t, filepath.Join(dir, name), string(content))
			}
			if c.setup != nil {
				c.setup(t, dir, outside)
			}
			var args []string
			json := !strings.Contains(strings.Join(c.args, " "), "-format")
			if json {
				args = append(args, "-format=json")
			}
			for _, a := range c.args {
				args = append(args, strings.ReplaceAll(a, "POLICYDIR", filepath.Join(dir, "policies")))
			}
			args = append(args, dir)
			out, errOut, code, elapsed, cpu, rss := runChild(t, dir, args)
			t.Logf("exit %d in %v (%v of processor time), peak RSS %d MB", code, elapsed.Round(time.Millisecond), cpu.Round(time.Millisecond), rss>>20)
			if code < 0 || code > 2 {
				t.Fatalf("exit %d (killed or crashed), want 0, 1 or 2\nstderr: %.2000s", code, errOut)
			}
			if strings.Contains(errOut, "fatal error") || strings.Contains(errOut, "goroutine ") {
				t.Fatalf("a fatal runtime error:\n%.2000s", errOut)
			}
			// The promise is 10 s on an idle 2-core machine; go test runs
			// other packages beside this one, so the processor time the
			// case took is what is held to it (wall time only loosely).
			const limit = 10 * time.Second
			if cpu > limit || elapsed > 3*limit {
				t.Errorf("took %v (%v of processor time), want under %v", elapsed, cpu, limit)
			}
			if rss > 1<<30 {
				t.Errorf("peak RSS %d MB, want under 1 GB", rss>>20)
			}
			if c.check != nil {
				c.check(t, out, errOut)
			}
			switch {
			case c.refused:
				if code != 2 || !strings.Contains(errOut, ".lambdavet.yaml") {
					t.Errorf("want the configuration refused (exit 2, named on stderr), got exit %d, stderr %q", code, errOut)
				}
			case c.policyErr:
				if code != 2 || !strings.Contains(out, "budget") {
					t.Errorf("want the policy stopped by the budget (exit 2, an error saying so), got exit %d: %.1000s", code, out)
				}
			case json:
				checkJSONOutcome(t, dir, c, out)
			}
		})
	}
}

// checkJSONOutcome checks the JSON report: the good template's finding is
// there, and the hostile file has an error with a position, or none when
// it is merely large.
func checkJSONOutcome(t *testing.T, dir string, c hostileCase, out string) {
	t.Helper()
	var got struct {
		Diagnostics []struct {
			Rule, File string
			Line       int
		}
		Errors []struct {
			File         string
			Line, Column int
			Message      string
		}
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output is not JSON: %v\n%.1000s", err, out)
	}
	good := false
	for _, d := range got.Diagnostics {
		if d.Rule == "LV101" && filepath.Base(d.File) == "good.yaml" && d.Line == 6 {
			good = true
		}
	}
	if !good {
		t.Errorf("the good template beside the hostile input was not linted: %.1000s", out)
	}
	if c.clean && len(got.Errors) > 0 {
		t.Errorf("want the input linted in full, got errors %+v", got.Errors)
	}
	if c.errIn == "" {
		return
	}
	for _, e := range got.Errors {
		// A file that cannot be read at all has no line to point at: the
		// file is its position.
		unread := strings.HasPrefix(e.Message, "cannot read")
		if e.File == filepath.Join(dir, c.errIn) && (unread || e.Line >= 1 && e.Column >= 1) {
			return
		}
	}
	t.Errorf("want an error with a position in %s, got %+v", c.errIn, got.Errors)
}

// runChild runs lambdavet in a process of its own with a hard deadline,
// and returns what it printed, its exit code (-1 when killed), how long it
// took (on the clock and on the processors) and its peak resident memory.
func runChild(t *testing.T, dir string, args []string) (stdout, stderr string, code int, elapsed, cpu time.Duration, rss int64) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), childEnv+"=1", "NO_COLOR=1")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err := cmd.Run()
	elapsed = time.Since(start)
	code = cmd.ProcessState.ExitCode()
	if err != nil && code == -1 {
		t.Logf("child: %v", err)
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = ru.Maxrss << 10 // kilobytes on Linux
	}
	cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	return out.String(), errb.String(), code, elapsed, cpu, rss
}
