package baseline

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/lambdavet/lambdavet/analyzers/policy"
	"github.com/lambdavet/lambdavet/internal/discover"
	"github.com/lambdavet/lambdavet/internal/driver"
)

const before = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Big:
    Type: AWS::Lambda::Function
    Properties:
      MemorySize: 20480
      Timeout: 901
      Runtime: python3.12
      Handler: a.h
  Twin:
    Type: AWS::Lambda::Function
    Properties:
      MemorySize: 20480
      Runtime: python3.12
      Handler: a.h
`

// after moves every finding of before down (a parameter and a comment were
// added above them) and adds one new finding.
const after = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Stage:
    Type: String
    Default: dev
Resources:
  # the nightly batch
  Big:
    Type: AWS::Lambda::Function
    Properties:
      MemorySize: 20480
      Timeout: 901
      Runtime: python3.12
      Handler: a.h
  New:
    Type: AWS::Lambda::Function
    Properties:
      MemorySize: 20480
      Runtime: python3.12
      Handler: a.h
  Twin:
    Type: AWS::Lambda::Function
    Properties:
      MemorySize:   20480
      Runtime: python3.12
      Handler: a.h
`

func lint(t *testing.T, path string) *driver.Result {
	t.Helper()
	as, err := policy.Load(context.Background(), policy.Options{})
	if err != nil {
		t.Fatal(err)
	}
	pkgs, err := discover.Packages([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	return driver.Run(context.Background(), driver.Options{Analyzers: as}, pkgs)
}

func write(t *testing.T, path, src string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestShiftedFindingsStaySuppressed(t *testing.T) {
	dir := t.TempDir()
	tpl := filepath.Join(dir, "app", "template.yaml")
	if err := os.MkdirAll(filepath.Dir(tpl), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, tpl, before)
	res := lint(t, tpl)
	if len(res.Diagnostics) != 3 {
		t.Fatalf("want 3 findings before, got %+v", res.Diagnostics)
	}
	bf := filepath.Join(dir, ".lambdavet-baseline.json")
	if err := Write(bf, res.Diagnostics, res.Sources); err != nil {
		t.Fatal(err)
	}
	text, _ := os.ReadFile(bf)
	if !strings.Contains(string(text), `"file": "app/template.yaml"`) || strings.Contains(string(text), `"line"`) {
		t.Errorf("baseline should hold paths relative to itself and no lines:\n%s", text)
	}

	// Read it from another working directory, with the template named by
	// a relative path: the match must not depend on either.
	t.Chdir(filepath.Join(dir, "app"))
	write(t, tpl, after)
	res = lint(t, "template.yaml")
	b, err := Read(bf)
	if err != nil {
		t.Fatal(err)
	}
	if b.Len() != 3 {
		t.Errorf("Len = %d, want 3", b.Len())
	}
	kept, matched := b.Filter(res.Diagnostics, res.Sources)
	if matched != 3 || len(kept) != 1 {
		t.Fatalf("matched %d, kept %+v; want 3 matched and the new finding kept", matched, kept)
	}
	if kept[0].Resource != "New" || kept[0].Line != 18 {
		t.Errorf("kept %+v, want the finding of New", kept[0])
	}
}

func TestChangedValueIsNew(t *testing.T) {
	dir := t.TempDir()
	tpl := filepath.Join(dir, "template.yaml")
	write(t, tpl, before)
	res := lint(t, tpl)
	bf := filepath.Join(dir, "baseline.json")
	if err := Write(bf, res.Diagnostics, res.Sources); err != nil {
		t.Fatal(err)
	}
	write(t, tpl, strings.Replace(before, "Timeout: 901", "Timeout: 1200", 1))
	res = lint(t, tpl)
	b, err := Read(bf)
	if err != nil {
		t.Fatal(err)
	}
	kept, matched := b.Filter(res.Diagnostics, res.Sources)
	if matched != 2 || len(kept) != 1 || !strings.Contains(kept[0].Message, "Timeout 1200") {
		t.Errorf("matched %d, kept %+v; want the changed timeout reported", matched, kept)
	}
}

func TestCountsIdenticalFindings(t *testing.T) {
	d := driver.Diagnostic{Rule: "LV105", File: "t.yaml", Line: 1, Column: 1, EndLine: 1, EndColumn: 4, Resource: "Fn"}
	src := map[string][]byte{"t.yaml": []byte("abc\n")}
	dir := t.TempDir()
	t.Chdir(dir)
	if err := Write("b.json", []driver.Diagnostic{d}, src); err != nil {
		t.Fatal(err)
	}
	b, err := Read("b.json")
	if err != nil {
		t.Fatal(err)
	}
	kept, matched := b.Filter([]driver.Diagnostic{d, d}, src)
	if matched != 1 || len(kept) != 1 {
		t.Errorf("a second copy of a recorded finding must be new: matched %d kept %d", matched, len(kept))
	}
}

func TestFingerprintParts(t *testing.T) {
	base := Fingerprint("LV101", "a/t.yaml", "Fn", "20480")
	if len(base) != 32 {
		t.Errorf("fingerprint %q, want 32 hex digits", base)
	}
	for _, other := range []string{
		Fingerprint("LV102", "a/t.yaml", "Fn", "20480"),
		Fingerprint("LV101", "b/t.yaml", "Fn", "20480"),
		Fingerprint("LV101", "a/t.yaml", "Gn", "20480"),
		Fingerprint("LV101", "a/t.yaml", "Fn", "20481"),
		Fingerprint("LV101", "a/t.yamlFn", "", "20480"),
	} {
		if other == base {
			t.Error("fingerprints of different findings collide")
		}
	}
	if Fingerprint("LV101", `a\t.yaml`, "Fn", "20480") == base && filepath.Separator != '\\' {
		t.Error("a backslash is a file name character outside Windows")
	}
}

func TestValue(t *testing.T) {
	src := []byte("a:\n  b: 20480   # note\n  c:\n    - x\n    - y\n")
	for _, tc := range []struct {
		d    driver.Diagnostic
		want string
	}{
		{driver.Diagnostic{Line: 2, Column: 6, EndLine: 2, EndColumn: 11}, "20480"},
		{driver.Diagnostic{Line: 2, Column: 6, EndLine: 2, EndColumn: 6}, "b: 20480 # note"},
		{driver.Diagnostic{Line: 4, Column: 5, EndLine: 5, EndColumn: 8}, "- x - y"},
		{driver.Diagnostic{Line: 2, Column: 6, EndLine: 2, EndColumn: 99}, "20480 # note"},
		{driver.Diagnostic{Line: 9, Column: 1}, ""},
	} {
		if got := Value(src, tc.d); got != tc.want {
			t.Errorf("Value(%+v) = %q, want %q", tc.d, got, tc.want)
		}
	}
}

func TestReadErrors(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"missing.json": "",
		"bad.json":     "{not json",
		"other.json":   `{"tool": "eslint", "version": 1, "findings": []}`,
		"nofp.json":    `{"tool": "lambdavet", "version": 1, "findings": [{"rule": "LV101"}]}`,
	} {
		p := filepath.Join(dir, name)
		if content != "" {
			write(t, p, content)
		}
		if _, err := Read(p); err == nil || !strings.Contains(err.Error(), p) {
			t.Errorf("%s: got %v, want an error naming the file", name, err)
		}
	}
	if _, err := Read(filepath.Join(dir, "missing.json")); err == nil || !strings.Contains(err.Error(), "-baseline-write") {
		t.Errorf("a missing baseline should say how to create one: %v", err)
	}
}

// The baseline is read through the bounded reader: /dev/zero and a FIFO
// are refused at once (they ran out of memory or blocked), a baseline a
// configuration names is refused when it links out of the tree, and no
// error quotes a file that is not a baseline.
func TestReadHostile(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err == nil {
		if _, err := Read("/dev/zero"); err == nil {
			t.Error("read /dev/zero")
		}
	}
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.json")
	if err := syscall.Mkfifo(fifo, 0o644); err == nil {
		done := make(chan error, 1)
		go func() { _, err := Read(fifo); done <- err }()
		select {
		case err := <-done:
			if err == nil {
				t.Error("read a FIFO")
			}
		case <-time.After(5 * time.Second):
			t.Fatal("reading a FIFO blocked")
		}
	}
	outside := t.TempDir()
	secret := filepath.Join(outside, "shadow")
	if err := os.WriteFile(secret, []byte(`{"tool": "SECRETSECRET", "version": 1}`), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "baseline.json")
	if err := os.Symlink(secret, link); err != nil {
		t.Skip(err)
	}
	if _, err := ReadIn(link, dir); err == nil || strings.Contains(err.Error(), "SECRET") {
		t.Errorf("ReadIn through a link out: %v", err)
	}
	for _, src := range []string{`{"tool": "SECRETSECRET", "version": 1}`, `["SECRETSECRET"]`, `{"findings": "SECRETSECRET"}`, `SECRETSECRET`} {
		p := filepath.Join(dir, "b.json")
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := Read(p); err == nil || strings.Contains(err.Error(), "SECRET") {
			t.Errorf("%s: %v", src, err)
		}
	}
}
