package config

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// FuzzDecode feeds the decoder arbitrary files: it must never panic or
// overflow the stack, every failure must be an *Error with a bounded
// message, and a success must hold only paths inside the tree.
func FuzzDecode(f *testing.F) {
	f.Add(full)
	for _, tc := range badConfigs {
		f.Add(tc.src)
	}
	f.Add("vars:\n  x: " + strings.Repeat("[", 100) + strings.Repeat("]", 100) + "\n")
	f.Add("budget: {values: 10, policy-time: 1m}\noverrides:\n  - paths: a/**\n    budget: {depth: 5}\n")
	f.Add("a: &x [*x]\n")
	f.Add("rules: &r {LV101: *r}\n")
	f.Fuzz(func(t *testing.T, src string) {
		c, err := Parse("/repo/.lambdavet.yaml", []byte(src))
		if err != nil {
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("error %v (%T) is not an *Error", err, err)
			}
			if len(err.Error()) > 2000 {
				t.Fatalf("message of %d bytes", len(err.Error()))
			}
			return
		}
		for _, p := range append(append([]string{c.Baseline}, c.Policies...), c.Inputs.VarFiles...) {
			if p != "" && !strings.HasPrefix(p, "/repo/") && p != "/repo" {
				t.Fatalf("path %q outside the tree", p)
			}
		}
	})
}

// Deep nesting in any form the YAML parser recurses on stays far from a
// stack overflow and costs little: the configuration is capped at MaxSize
// and the parser bounds flow and block depth.
func TestDeepNesting(t *testing.T) {
	for name, src := range map[string]string{
		"flow":     "vars:\n  x: " + strings.Repeat("[", 300000) + strings.Repeat("]", 300000) + "\n",
		"flow-map": "vars:\n  x: " + strings.Repeat("{a: ", 100000) + "1" + strings.Repeat("}", 100000) + "\n",
		"block":    "vars:\n  x:\n    " + strings.Repeat("- ", 200000) + "a\n",
		"keys":     "vars:\n  x:\n    " + strings.Repeat("a: ", 200000) + "a\n",
		"mixed":    "vars:\n  x:\n    " + strings.Repeat("- ", 9990) + strings.Repeat("[", 9990) + strings.Repeat("]", 9990) + "\n",
		"anchors":  "vars: &a\n  x: *a\n",
	} {
		start := time.Now()
		_, err := Parse("/repo/.lambdavet.yaml", []byte(src))
		if err == nil {
			t.Errorf("%s: no error", name)
		}
		t.Logf("%s: %v in %v", name, err, time.Since(start))
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%s: took %v", name, d)
		}
	}
}
