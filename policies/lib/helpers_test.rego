# METADATA
# title: test input builders
# description: >-
#   Builders for the model values and functions that rule tests feed to the
#   policies, in the model's JSON form. Only tests import this package.
package lambdavet.test

# at returns the range of a value written on line of template.yaml.
at(line) := {
	"file": "template.yaml",
	"line": line, "column": 17, "offset": 10 * line,
	"endLine": line, "endColumn": 22, "endOffset": (10 * line) + 5,
}

known(type, value, line) := {"state": "known", "type": type, "value": value, "range": at(line)}

# num and str are known values written on line 9.
num(n) := known("number", n, 9)

str(s) := known("string", s, 9)

list(items) := known("list", items, 9)

map(fields) := known("map", fields, 9)

absent := {"state": "absent"}

unknown := {"state": "unknown", "reason": "parameter \"Mem\" has no default"}

conditional(alternatives) := {"state": "conditional", "alternatives": alternatives}

# when and origin add provenance to a value.
when(v, condition) := object.union(v, {"when": condition})

origin(v, text) := object.union(v, {"origin": text})

# function returns the function "Worker" declared on line 5 with settings.
function(settings) := object.union(
	{"name": "Worker", "type": "AWS::Serverless::Function", "range": at(5)},
	settings,
)

# project returns an input holding functions.
project(functions) := {"root": ".", "files": [], "functions": functions, "resources": [], "errors": []}

# config returns data.lambdavet.config with organization limits (limits in
# .lambdavet.yaml), each said to be set on line 4 of the file.
config(limits) := {
	"limits": limits,
	"limit_origins": {key: sprintf("limits.%s in .lambdavet.yaml:4", [replace(key, "_", "-")]) | some key, _ in limits},
}
