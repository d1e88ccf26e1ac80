package merge

import (
	"fmt"
	"strings"
	"testing"

	"github.com/lambdavet/lambdavet/internal/driver"
)

func diag(rule, resource string, line int, msg string) driver.Diagnostic {
	return driver.Diagnostic{Rule: rule, File: "t.yaml", Line: line, Column: 17, EndLine: line, EndColumn: 22, Resource: resource,
		Message: fmt.Sprintf(msg, resource), Related: []driver.Related{{File: "t.yaml", Line: 20 + len(resource), Column: 3, Message: "resource " + resource}}}
}

func TestShared(t *testing.T) {
	var ds []driver.Diagnostic
	for _, n := range []string{"A", "B", "C", "D", "E"} {
		ds = append(ds, diag("LV101", n, 5, "function %q sets MemorySize 20480, above the Lambda maximum of 10240 MB (set by Globals)"))
	}
	ds = append(ds,
		// Same place and rule, but another value: a problem of its own.
		diag("LV101", "F", 5, "function %q sets MemorySize 30000, above the Lambda maximum of 10240 MB (set by Globals)"),
		// Same message, another rule.
		diag("LV999", "A", 5, "function %q sets MemorySize 20480, above the Lambda maximum of 10240 MB (set by Globals)"),
		// Another line.
		diag("LV101", "B", 6, "function %q sets MemorySize 20480, above the Lambda maximum of 10240 MB (set by Globals)"),
		// Terraform subjects are not quoted; two resources only.
		diag("LV102", "aws_lambda_function.a", 9, "%s sets timeout 1000 (local.timeout)"),
		diag("LV102", "aws_lambda_function.b", 9, "%s sets timeout 1000 (local.timeout)"),
	)
	got := Shared(ds)
	var lines []string
	for _, d := range got {
		lines = append(lines, fmt.Sprintf("%s %d %s [%s] %d related", d.Rule, d.Line, d.Message, d.Resource, len(d.Related)))
	}
	want := []string{
		`LV101 5 function "A" sets MemorySize 20480, above the Lambda maximum of 10240 MB (set by Globals); the value reaches 5 functions: "A", "B", "C" and 2 more [A] 5 related`,
		`LV101 5 function "F" sets MemorySize 30000, above the Lambda maximum of 10240 MB (set by Globals) [F] 1 related`,
		`LV999 5 function "A" sets MemorySize 20480, above the Lambda maximum of 10240 MB (set by Globals) [A] 1 related`,
		`LV101 6 function "B" sets MemorySize 20480, above the Lambda maximum of 10240 MB (set by Globals) [B] 1 related`,
		`LV102 9 aws_lambda_function.a sets timeout 1000 (local.timeout); the value reaches 2 functions: "aws_lambda_function.a" and "aws_lambda_function.b" [aws_lambda_function.a] 2 related`,
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(lines, "\n\t"), strings.Join(want, "\n\t"))
	}
	if len(Shared(ds[5:8])) != 3 {
		t.Errorf("distinct findings must stay distinct")
	}
}

func TestList(t *testing.T) {
	for n, want := range map[int]string{
		2: `"a" and "b"`, 4: `"a", "b", "c" and "d"`, 5: `"a", "b", "c" and 2 more`,
	} {
		names := []string{"a", "b", "c", "d", "e"}[:n]
		if got := list(names); got != want {
			t.Errorf("list(%d) = %s, want %s", n, got, want)
		}
	}
}
