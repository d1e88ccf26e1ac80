package sam

import (
	"fmt"
	"strings"
)

// The generators below write hostile templates inside the tests, so no
// large file is committed: each is small as text and costly to evaluate
// when an evaluator expands it naively.

const hostileHead = "AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\n"

// fnWith returns a function resource whose Environment variable V is val.
func fnWith(name, val string) string {
	return fmt.Sprintf("  %s:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      CodeUri: src/\n      Environment:\n        Variables:\n          V: %s\n", name, val)
}

// genNestedSub nests !Sub ["${a}${a}", {a: ...}] n levels: 2^n bytes.
func genNestedSub(n int) string {
	v := `"xxxxxxxx"`
	for range n {
		v = fmt.Sprintf(`{"Fn::Sub": ["${a}${a}", {"a": %s}]}`, v)
	}
	return hostileHead + "Resources:\n" + fnWith("Fn", v)
}

// genParamDoubling doubles a parameter default through !Sub n times.
func genParamDoubling(n int) string {
	var b strings.Builder
	b.WriteString(hostileHead + "Parameters:\n  P0: {Type: String, Default: xxxxxxxxxxxxxxxx}\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "  P%d: {Type: String, Default: !Sub '${P%d}${P%d}'}\n", i, i-1, i-1)
	}
	b.WriteString("Resources:\n" + fnWith("Fn", fmt.Sprintf("!Ref P%d", n)))
	return b.String()
}

// genSubRefs has a parameter of size bytes and a !Sub naming it refs times.
func genSubRefs(size, refs int) string {
	return hostileHead + "Parameters:\n  P: {Type: String, Default: " + strings.Repeat("x", size) + "}\nResources:\n" +
		fnWith("Fn", "!Sub '"+strings.Repeat("${P}", refs)+"'")
}

// genSplit splits a parameter of size bytes into characters.
func genSplit(size int) string {
	return hostileHead + "Parameters:\n  P: {Type: String, Default: " + strings.Repeat("x", size) + "}\nResources:\n" +
		fnWith("Fn", "!Join [',', !Split ['', !Ref P]]")
}

// genJoin joins a list of refs items, each a parameter of size bytes.
func genJoin(size, refs int) string {
	return hostileHead + "Parameters:\n  P: {Type: String, Default: " + strings.Repeat("x", size) + "}\nResources:\n" +
		fnWith("Fn", "!Join ['', ["+strings.Repeat("!Ref P, ", refs)+"x]]")
}

// genListDoubling builds a parameter default that doubles a list n times
// (a DAG of shared values, 2^n leaves as a tree).
func genListDoubling(n int) string {
	var b strings.Builder
	b.WriteString(hostileHead + "Parameters:\n  P0: {Type: String, Default: x}\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "  P%d: {Type: String, Default: [!Ref P%d, !Ref P%d]}\n", i, i-1, i-1)
	}
	b.WriteString("Resources:\n" + fnWith("Fn", fmt.Sprintf("!ToJsonString {a: !Ref P%d}", n)))
	return b.String()
}

// genMapFanOut nests FindInMap lookups with unknown keys: each of the
// levels mappings has width keys whose values look up the next mapping.
func genMapFanOut(levels, width int) string {
	var b strings.Builder
	b.WriteString(hostileHead + "Parameters:\n  K: {Type: String}\nMappings:\n")
	for l := range levels {
		fmt.Fprintf(&b, "  M%d:\n", l)
		for w := range width {
			v := "leaf"
			if l+1 < levels {
				v = fmt.Sprintf("!FindInMap [M%d, !Ref K, v]", l+1)
			}
			fmt.Fprintf(&b, "    k%d: {v: %s}\n", w, v)
		}
	}
	b.WriteString("Resources:\n" + fnWith("Fn", "!FindInMap [M0, !Ref K, v]"))
	return b.String()
}

// genMapCycle has a mapping entry that looks itself up.
func genMapCycle() string {
	return hostileHead + "Mappings:\n  M:\n    a: {b: !FindInMap [M, a, b]}\nResources:\n" + fnWith("Fn", "!FindInMap [M, a, b]")
}

// genConditionChain has n conditions, each written on the one before, and
// values branching on them through YAML aliases (each anchor names the one
// before twice), so each condition doubles the paths.
func genConditionChain(n int) string {
	var b strings.Builder
	b.WriteString(hostileHead + "Parameters:\n")
	for i := range n {
		fmt.Fprintf(&b, "  P%d: {Type: String}\n", i)
	}
	b.WriteString("Conditions:\n  C0: !Equals [!Ref P0, a]\n")
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, "  C%d: !Or [!Equals [!Ref P%d, a], !Condition C%d, !And [!Condition C%d, !Not [!Condition C%d]]]\n", i, i, i-1, i-1, i-1)
	}
	b.WriteString("Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Metadata:\n      x0: &x0 !If [C0, 1, 2]\n")
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, "      x%d: &x%d !If [C%d, *x%d, *x%d]\n", i, i, i, i-1, i-1)
	}
	fmt.Fprintf(&b, "    Properties:\n      Runtime: python3.12\n      Handler: a.b\n      CodeUri: src/\n      MemorySize: *x%d\n", n-1)
	return b.String()
}

// genConditionNest has n conditions chained through !Condition and an
// Fn::If nested n deep, each on the next condition, in both branches of a
// map written once per level: each level's condition is decided under a
// different set of assumptions.
func genConditionNest(n int) string {
	var b strings.Builder
	b.WriteString(hostileHead + "Parameters:\n")
	for i := range n {
		fmt.Fprintf(&b, "  P%d: {Type: String}\n", i)
	}
	b.WriteString("Conditions:\n  C0: !Equals [!Ref P0, a]\n")
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, "  C%d: !And [!Equals [!Ref P%d, a], !Condition C%d, !Or [!Condition C%d, !Condition C%d]]\n", i, i, i-1, i-1, i-1)
	}
	v := "1"
	for i := range n {
		v = fmt.Sprintf("!If [C%d, %s, %d]", i, v, i)
	}
	b.WriteString("Resources:\n" + fnWith("Fn", v))
	return b.String()
}

// genGlobals has Globals.Function with vars environment variables and
// layers, and fns functions inheriting them.
func genGlobals(vars, fns int) string {
	var b strings.Builder
	b.WriteString(hostileHead + "Globals:\n  Function:\n    Runtime: python3.12\n    Layers: [")
	for i := range 5 {
		fmt.Fprintf(&b, "arn:aws:lambda:us-east-1:123456789012:layer:l%d:1, ", i)
	}
	b.WriteString("]\n    Environment:\n      Variables:\n")
	for i := range vars {
		fmt.Fprintf(&b, "        V%d: value%d\n", i, i)
	}
	b.WriteString("Resources:\n")
	for i := range fns {
		fmt.Fprintf(&b, "  F%d:\n    Type: AWS::Serverless::Function\n    Properties: {Handler: a.b, CodeUri: src/}\n", i)
	}
	return b.String()
}

// genFunctions has n plain functions with a few properties each.
func genFunctions(n int) string {
	var b strings.Builder
	b.WriteString(hostileHead + "Globals:\n  Function:\n    Timeout: 30\n    Environment:\n      Variables: {STAGE: prod}\nResources:\n")
	for i := range n {
		fmt.Fprintf(&b, "  F%d:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.h\n      CodeUri: src/\n      MemorySize: 512\n      Environment:\n        Variables: {TABLE: !Ref T, N: 'n%d'}\n      Policies: [{DynamoDBCrudPolicy: {TableName: !Ref T}}]\n      Events:\n        Api: {Type: Api, Properties: {Path: /p%d, Method: get}}\n", i, i, i)
	}
	b.WriteString("  T:\n    Type: AWS::DynamoDB::Table\n")
	return b.String()
}

// genDeepParams nests a parameter default in lists through n parameters,
// each one level deeper than the one before.
func genDeepParams(n int) string {
	var b strings.Builder
	b.WriteString(hostileHead + "Parameters:\n  P0: {Type: String, Default: x}\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "  P%d: {Type: String, Default: [[[[[[[[[[!Ref P%d]]]]]]]]]]}\n", i, i-1)
	}
	b.WriteString("Resources:\n" + fnWith("Fn", fmt.Sprintf("!Ref P%d", n)))
	return b.String()
}

// hostileCases are the generated templates, by name.
var hostileCases = map[string]func() string{
	"nested-sub":      func() string { return genNestedSub(40) },
	"param-doubling":  func() string { return genParamDoubling(40) },
	"sub-refs":        func() string { return genSubRefs(1<<20, 10000) },
	"split":           func() string { return genSplit(4 << 20) },
	"join":            func() string { return genJoin(1<<20, 10000) },
	"list-doubling":   func() string { return genListDoubling(40) },
	"map-fanout":      func() string { return genMapFanOut(6, 60) },
	"map-cycle":       genMapCycle,
	"condition-chain": func() string { return genConditionChain(20) },
	"condition-nest":  func() string { return genConditionNest(30) },
	"globals":         func() string { return genGlobals(1000, 1000) },
	"functions":       func() string { return genFunctions(20000) },
	"deep-params":     func() string { return genDeepParams(2000) },
}
