package main

import (
	"strings"
	"testing"
)

const nodejs20Template = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Worker:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      Code: {ZipFile: "exports.handler = async () => 1"}
`

// TestNowFlag judges runtime deprecation (LV402) on the date -now gives:
// nodejs20.x is deprecated on 2026-04-30 and blocked for creation on
// 2027-02-01.
func TestNowFlag(t *testing.T) {
	dir := writeFiles(t, map[string]string{"template.yaml": nodejs20Template})
	for _, tc := range []struct {
		now, want string
		code      int
	}{
		{"2026-04-29", "", 0},
		{"2026-04-30", "warning: function \"Worker\" sets Runtime \"nodejs20.x\", deprecated since 2026-04-30;", 1},
		{"2027-02-01", "error: function \"Worker\" sets Runtime \"nodejs20.x\", deprecated since 2026-04-30; creating functions on it is blocked since 2027-02-01", 1},
	} {
		code, out, errOut := runCLI(t, "-now", tc.now, "-LV402=true", dir)
		if code != tc.code || !strings.Contains(out, tc.want) || (tc.want == "" && out != "") {
			t.Errorf("-now %s: exit %d, output %q (stderr %q); want exit %d and %q", tc.now, code, out, errOut, tc.code, tc.want)
		}
	}
	if code, _, _ := runCLI(t, "-now=2027-01-01", "-fail-on=error", dir); code != 0 {
		t.Errorf("-now=2027-01-01 -fail-on=error: exit %d, want 0 (a warning only)", code)
	}
}

func TestNowFlagRejectsBadDates(t *testing.T) {
	for _, bad := range []string{"2027-13-01", "tomorrow", "01/02/2027"} {
		code, _, errOut := runCLI(t, "-now", bad, ".")
		if code != 2 || !strings.Contains(errOut, "-now: want a date as YYYY-MM-DD") {
			t.Errorf("-now %s: exit %d, stderr %q; want exit 2 and a usage message", bad, code, errOut)
		}
	}
}
