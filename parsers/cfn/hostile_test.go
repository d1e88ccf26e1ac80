package cfn

import (
	"fmt"
	"strings"
	"testing"
)

// Bad input is normal input for a linter: each of these must come back as
// errors with a position, never a panic, a hang or a huge allocation.
func TestHostileInput(t *testing.T) {
	bomb := "Resources: {}\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
	for c := 'b'; c <= 'j'; c++ {
		p := string(c - 1)
		bomb += fmt.Sprintf("%c: &%c [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]\n", c, c, p, p, p, p, p, p, p, p, p)
	}
	tests := []struct {
		name    string
		src     string
		wantErr string
		line    int
	}{
		{"alias bomb", bomb, "alias bomb", 7},
		{"deep YAML flow", "Resources: " + strings.Repeat("[", 200000) + strings.Repeat("]", 200000), "max depth", 1},
		{"deep JSON", strings.Repeat(`{"Resources":`, 200000) + "1" + strings.Repeat("}", 200000), "JSON nesting exceeds lambdavet's depth budget of 1000", 1},
		{"deep flow arrays", "Resources: " + strings.Repeat("[", 200000), "max depth", 1},
		{"deep flow below the YAML parser's limit", "Resources: " + strings.Repeat("[", 5000) + strings.Repeat("]", 5000), "YAML nesting exceeds lambdavet's depth budget of 1000", 1},
		{"deep aliases", "Resources: {}\na: &a [[[[[[[[[[1]]]]]]]]]]\n" + deepAliasChain(1200), "YAML nesting through aliases exceeds lambdavet's depth budget", 101},
		{"alias cycle", "Resources: &a [*a]\n", "refers to its own anchor", 1},
		{"deep JSON arrays", "{\"Resources\":" + strings.Repeat("[", 200000), "depth budget", 1},
		{"binary", "AWSTemplateFormatVersion\x00\x01\x02", "binary file", 1},
		{"not UTF-8", "Resources:\n  A: \xff\xfe\n", "not valid UTF-8", 2},
		{"unterminated JSON", "{\n  \"Resources\": {\n    \"A\": \"x\n", "control character", 3},
		{"JSON trailing comma", "{\"Resources\": {},}", "expected a string key", 1},
		{"JSON garbage after", "{\"Resources\": {}} x", "after the top-level value", 1},
		{"YAML syntax", "Resources:\n  A: [1, 2\n  B: 3\n", "invalid YAML", 0},
		{"bad indentation deep in the file", "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  A:\n    Type: AWS::SNS::Topic\n  B:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: x\n     Bad: 1\n", "did not find expected key", 9},
		{"tab indentation", "Resources:\n\tA: 1\n", "invalid YAML", 2},
		{"unknown tag", "Resources:\n  A:\n    Type: !Reff X\n", "unknown tag \"!Reff\"", 3},
		{"duplicate YAML key", "Resources:\n  A: {Type: AWS::SNS::Topic}\n  A: {Type: AWS::SQS::Queue}\n", "duplicate key \"A\" (first defined at line 2, column 3)", 3},
		{"duplicate JSON key", "{\"Resources\": {\n\"A\": {},\n\"A\": {}}}", "duplicate key \"A\" (first defined at line 2, column 1)", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tpl := Parse("t.yaml", []byte(tt.src))
			if len(tpl.Errors) == 0 {
				t.Fatalf("no error, want %q", tt.wantErr)
			}
			e := tpl.Errors[0]
			if !strings.Contains(e.Message, tt.wantErr) {
				t.Errorf("error %q, want it to contain %q", e.Message, tt.wantErr)
			}
			if tt.line != 0 && int(e.Range.Start.Line) != tt.line {
				t.Errorf("error at line %d, want %d (%v)", e.Range.Start.Line, tt.line, e)
			}
			if e.Range.File != "t.yaml" {
				t.Errorf("error has file %q", e.Range.File)
			}
		})
	}
}

// deepAliasChain nests each anchor inside the next, ten levels at a time,
// so the written text stays shallow while the expanded tree is n*10 deep.
func deepAliasChain(n int) string {
	var b strings.Builder
	prev := "a"
	for i := range n {
		name := fmt.Sprintf("x%d", i)
		fmt.Fprintf(&b, "%s: &%s [[[[[[[[[[*%s]]]]]]]]]]\n", name, name, prev)
		prev = name
	}
	return b.String()
}

func TestEmptyAndSkeletonTemplates(t *testing.T) {
	for _, src := range []string{"", "   \n", "---\n", "Resources: null\n", "AWSTemplateFormatVersion: '2010-09-09'\nParameters:\nResources: {}\n"} {
		tpl := Parse("t.yaml", []byte(src))
		if len(tpl.Errors) != 0 {
			t.Errorf("%q: unexpected errors %v", src, tpl.Errors[0])
		}
		if tpl.Root != nil {
			NewEvaluator(tpl, nil) // must cope with missing sections
		}
	}
}

// TestManyConditions is the template that makes some linters run for an
// hour: dozens of independent conditions and deeply nested Fn::If. It must
// evaluate in linear time; BenchmarkManyConditions keeps the number.
func TestManyConditions(t *testing.T) {
	tpl := Parse("t.yaml", manyConditions(60))
	if len(tpl.Errors) > 0 {
		t.Fatal(tpl.Errors[0])
	}
	e := NewEvaluator(tpl, nil)
	fn := tpl.Root.Get("Resources").Get("Fn").Get("Properties")
	v := e.Eval(fn.Get("MemorySize"))
	if got := len(v.Candidates()); got != 61 {
		t.Errorf("MemorySize has %d candidates, want 61 (one per condition path)", got)
	}
}

// manyConditions builds a template with n independent conditions, a MemorySize
// nested n levels deep in Fn::If, and n environment variables each under its
// own Fn::If.
func manyConditions(n int) []byte {
	var b strings.Builder
	b.WriteString("AWSTemplateFormatVersion: '2010-09-09'\nParameters:\n")
	for i := range n {
		fmt.Fprintf(&b, "  P%d: {Type: String}\n", i)
	}
	b.WriteString("Conditions:\n")
	for i := range n {
		fmt.Fprintf(&b, "  C%d: !Or [!Equals [!Ref P%d, a], !And [!Not [!Equals [!Ref P%d, b]], !Equals [!Ref P%d, c]]]\n", i, i, i, i)
	}
	b.WriteString("Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      MemorySize: ")
	for i := range n {
		fmt.Fprintf(&b, "!If [C%d, %d, ", i, 128+i)
	}
	b.WriteString("20480" + strings.Repeat("]", n) + "\n      Environment:\n        Variables:\n")
	for i := range n {
		fmt.Fprintf(&b, "          V%d: !If [C%d, !If [C%d, x, y], !If [C%d, z, w]]\n", i, i, (i+1)%n, (i+2)%n)
	}
	return []byte(b.String())
}

func BenchmarkManyConditions(b *testing.B) {
	src := manyConditions(60)
	for b.Loop() {
		tpl := Parse("t.yaml", src)
		e := NewEvaluator(tpl, nil)
		e.Eval(tpl.Root.Get("Resources"))
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("Resources:\n  A:\n    Type: AWS::Lambda::Function\n    Properties: {MemorySize: !Ref M}\n"))
	f.Add([]byte(`{"Resources": {"A": {"Type": "AWS::Lambda::Function", "Properties": {"Timeout": "30"}}}}`))
	f.Add([]byte("a: &a [*a]\n"))
	f.Add(manyConditions(3))
	f.Fuzz(func(t *testing.T, src []byte) {
		tpl := Parse("f.yaml", src)
		for _, e := range tpl.Errors {
			if e.Range.Start.Offset < 0 || int(e.Range.Start.Offset) > len(src) {
				t.Fatalf("error offset %d outside the file (%d bytes)", e.Range.Start.Offset, len(src))
			}
		}
		if tpl.Root != nil {
			NewEvaluator(tpl, map[string]string{"AWS::Region": "us-east-1"}).Eval(tpl.Root)
		}
	})
}
