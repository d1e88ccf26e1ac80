# METADATA
# title: lambdavet rule library
# description: >-
#   Helpers every lambdavet rule uses to read the model's JSON form (values that
#   are known, unknown, absent or conditional, each with its source range) and to
#   build violations in one shape. A model value V is one of
#   {"state": "absent"}, {"state": "known", "type": ..., "value": ..., "range": ...},
#   {"state": "unknown", "reason": ...} or
#   {"state": "conditional", "alternatives": [V, ...]}, where every alternative
#   says in "when" which path selects it, as clauses joined by " and " of the
#   form `<subject> is <value>` (for example `condition "IsProd" is true`).
package lambdavet.lib

# absent is the value of a setting the model does not carry at all.
absent := {"state": "absent"}

# setting returns the model value fn[key], or an absent value when fn has no
# such key (hand-written test inputs leave out what they do not need).
setting(fn, key) := object.get(fn, key, absent)

# leaves returns the values v can take: v itself when it is not conditional,
# otherwise every alternative, nested conditionals flattened. Each leaf's
# "when" is the conjunction of the whens on its path.
leaves(v) := {v} if {
	# the common case, and a cheap one: walk would visit every field of a
	# map value only to keep the value itself
	is_object(v)
	object.get(v, "state", "") != "conditional"
} else := {_leaf(v, path, node) |
	walk(v, [path, node])
	is_object(node)
	node.state != "conditional"
	_alternatives_path(path)
}

# candidates returns the concrete values of v: v itself when known; for a
# conditional, every known alternative (recursively flattened); nothing for
# absent and unknown values, about which rules say nothing.
candidates(v) := {v} if {
	# the common case, in one step: every rule reads its settings through
	# candidates, once per function
	v.state == "known"
} else := {c | some c in leaves(v); c.state == "known"}

# present returns the leaves of v that set the property: known values other
# than null, and unknown values (set, but to something not modeled).
present(v) := {c | some c in leaves(v); _is_present(c)}

# missing returns the leaves of v that leave the property unset: absent values
# and known nulls. A conditional like !If [C, X, !Ref AWS::NoValue] has one
# present and one missing leaf.
missing(v) := {c | some c in leaves(v); not _is_present(c)}

# number returns the numeric value of a known candidate of type number, or of
# a string that holds a decimal number ("1024"), as CloudFormation accepts
# both. It is undefined for anything else.
number(c) := c.value if {
	c.state == "known"
	c.type == "number"
	is_number(c.value)
} else := to_number(s) if {
	c.state == "known"
	c.type == "string"
	s := trim_space(c.value)

	# guard so to_number never raises: plain decimal notation only, with an
	# exponent small enough to stay finite
	regex.match(`^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]{1,2})?$`, s)
}

# numbers_to_judge returns [fn, c, n] for every numeric candidate c (with
# value n, see number) of setting key of every function, where n is not
# plainly valid: a whole number from minimum to maximum. A rule with
# several checks on one numeric setting lets each check read this list, so
# a template of valid functions is read once, not once per check (a walk
# per check was most of the Rego time on large templates).
numbers_to_judge(key, minimum, maximum) := [[fn, c, n] |
	some fn in input.functions
	some c in candidates(setting(fn, key))
	n := number(c)
	not _whole_within(n, minimum, maximum)
]

_whole_within(n, minimum, maximum) if {
	n >= minimum
	n <= maximum
	is_integer(n)
}

# is_integer holds when the number n has no fractional part.
is_integer(n) if floor(n) == n

# format_number prints a number for a message: integers without exponent or
# fraction (1e6 prints as 1000000), other numbers in their shortest form.
format_number(n) := format_int(n, 10) if is_integer(n)

format_number(n) := sprintf("%v", [n]) if not is_integer(n)

# subject names the function in a message the way its format does:
# `function "Worker"` in a template, `aws_lambda_function.worker` in Terraform.
subject(fn) := fn.subject if {
	is_string(fn.subject)
} else := sprintf("function %q", [fn.name])

# property returns the name the user writes for a model setting in the
# function's format: MemorySize in a template, memory_size in Terraform.
property(fn, key) := name if {
	name := fn.property_names[key]
} else := name if {
	name := _template_names[key]
} else := key

# names used when a (hand-built) input carries no property_names
_template_names := {
	"memory_size": "MemorySize", "timeout": "Timeout", "ephemeral_storage": "EphemeralStorage size",
	"environment": "Environment Variables", "layers": "Layers", "vpc_config": "VpcConfig",
	"runtime": "Runtime", "architectures": "Architectures", "package_type": "PackageType",
	"handler": "Handler", "capacity_provider": "CapacityProviderConfig",
	"file_system_configs": "FileSystemConfigs", "logging_config": "LoggingConfig",
	"runtime_management_config": "RuntimeManagementConfig", "snap_start": "SnapStart",
	"provisioned_concurrency": "ProvisionedConcurrencyConfig", "publish": "AWS::Lambda::Version",
	"inline_code": "Code ZipFile",
}

# note returns the text to append to a message saying how the value got there:
# ` (set by <origin>)` and ` (when <when>)`, or "" when c carries neither.
note(c) := concat("", [_origin_note(c), _when_note(c)])

# violation builds the result of a rule: the function it is about, the range
# of the value c to edit (the function's own range when c has none, as some
# unknown values do) and the message followed by the note on c.
violation(fn, c, msg) := {
	"resource": fn.name,
	"range": object.get(c, "range", fn.range),
	"message": concat("", [msg, note(c)]),
}

# violation_at builds a result pointing at range directly, message as given.
violation_at(fn, range, msg) := {
	"resource": fn.name,
	"range": range,
	"message": msg,
}

# compatible holds unless the when clauses of a and b contradict each other,
# i.e. one says `X is v` and the other `X is w` (or `X is not v`). Values
# from unrelated properties combine only along paths that can both happen.
compatible(a, b) if not _contradict(a, b)

# with_when_of returns c with its "when" extended by the clauses of other's
# "when" (duplicates dropped), for a finding that needs both paths to hold.
with_when_of(c, other) := object.union(c, {"when": w}) if {
	w := _join_whens([x | some y in [c, other]; x := y.when])
	w != ""
} else := c

# maxima returns the ceilings that apply to the candidate value c of a
# function setting whose limit is higher on Lambda Managed Instances: one
# {"maximum", "platform", "path"} per path compatible with c, with standard
# (the Lambda limit) where the function has no capacity provider and managed
# (the Lambda Managed Instances limit) where it has one. path is the
# capacity_provider leaf, for with_when_of.
maxima(fn, c, standard, managed) := {m |
	some path in missing(setting(fn, "capacity_provider"))
	compatible(c, path)
	m := {"maximum": standard, "platform": "Lambda", "path": path}
} | {m |
	some path in present(setting(fn, "capacity_provider"))
	compatible(c, path)
	m := {"maximum": managed, "platform": "Lambda Managed Instances", "path": path}
}

# ceilings returns maxima(fn, c, standard, managed) with the organization's
# own ceiling applied: where data.lambdavet.config.limits[key] (set by limits
# in .lambdavet.yaml) is lower than the AWS maximum of a path, that path's
# maximum is the organization's, its platform "organization", and its
# "set_in" says where the limit was configured. A rule thus enforces the
# lower of the AWS and the organization ceiling under its own id.
ceilings(fn, c, standard, managed, key) := {_organization_cap(m, key) |
	some m in maxima(fn, c, standard, managed)
}

# lowest_ceiling returns the lowest ceiling any path of a setting can have:
# the Lambda maximum standard, or the organization's limit for key when it
# is lower. The Lambda Managed Instances maximum is never below the
# standard one, so a value at or below lowest_ceiling is within every
# ceiling: rules test it first and compute ceilings (which walk the
# capacity provider's paths) only for a value above it, which made a limit
# rule three times cheaper on a template of in-range functions.
lowest_ceiling(standard, key) := limit if {
	limit := _organization_limit(key)
	limit < standard
} else := standard

# maximum_text describes the ceiling m for a message in unit:
# `the Lambda maximum of 10240 MB`, or for an organization limit
# `the organization maximum of 3008 MB (limits.memory-max in .lambdavet.yaml:7)`.
maximum_text(m, unit) := sprintf("the organization maximum of %s %s (%s)", [format_number(m.maximum), unit, m.set_in]) if {
	m.platform == "organization"
	m.set_in != ""
} else := sprintf("the %s maximum of %s %s", [m.platform, format_number(m.maximum), unit])

_organization_cap(m, key) := object.union(m, {
	"maximum": limit,
	"platform": "organization",
	"set_in": object.get(data.lambdavet.config, ["limit_origins", key], ""),
}) if {
	limit := _organization_limit(key)
	limit < m.maximum
} else := m

# _organization_limit is the ceiling .lambdavet.yaml sets for key, when it
# sets a number.
_organization_limit(key) := limit if {
	limit := data.lambdavet.config.limits[key]
	is_number(limit)
}

_is_present(c) if c.state == "unknown"

_is_present(c) if {
	c.state == "known"
	c.type != "null"
}

# _alternatives_path holds for the paths walk takes from a conditional value
# to its alternatives: "alternatives", index, "alternatives", index, ...
_alternatives_path(path) if {
	count(path) % 2 == 0
	every i, step in path {
		_alternatives_step(i, step)
	}
}

_alternatives_step(i, step) if {
	i % 2 == 0
	step == "alternatives"
}

_alternatives_step(i, step) if {
	i % 2 == 1
	is_number(step)
}

_leaf(v, path, node) := object.union(node, {"when": w}) if {
	whens := array.concat(
		[x | x := v.when],
		[x |
			some k in numbers.range(1, count(path) / 2)
			count(path) > 0
			x := object.get(v, array.slice(path, 0, 2 * k), {}).when
		],
	)
	w := _join_whens(whens)
	w != ""
} else := node

# _join_whens joins condition paths, each clause once. Paths are read by
# lambdavet's builtin lambdavet.when_clauses (analyzers/policy/clauses.go),
# the one reader of the text the loaders write: it splits only outside
# quotes, so a parameter value holding " is " or " and " stays whole.
_join_whens(whens) := concat(" and ", [clause |
	some i, clause in clauses
	not clause in array.slice(clauses, 0, i)
]) if {
	clauses := [c.text |
		some w in whens
		w != ""
		some c in lambdavet.when_clauses(w)
	]
}

_clauses(c) := lambdavet.when_clauses(c.when) if {
	c.when != ""
} else := []

# _contradict holds when a clause of a and one of b give one subject two
# values, or a value and its negation.
_contradict(a, b) if {
	some x in _clauses(a)
	some y in _clauses(b)
	x.subject != ""
	x.subject == y.subject
	_values_conflict(x, y)
}

_values_conflict(x, y) if {
	not x.not
	not y.not
	x.value != y.value
}

_values_conflict(x, y) if {
	x.not != y.not
	x.value == y.value
}

_origin_note(c) := sprintf(" (set by %s)", [c.origin]) if {
	c.origin != ""
} else := ""

_when_note(c) := sprintf(" (when %s)", [c.when]) if {
	c.when != ""
} else := ""
