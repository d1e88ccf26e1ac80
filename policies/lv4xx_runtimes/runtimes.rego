# METADATA
# title: runtime lifecycle helpers
# description: >-
#   What the runtime rules (LV401-LV403) and LV507 share: the lifecycle data
#   file (policies/data/runtimes.json, data.lambdavet.runtimes), the date the
#   run judges by (data.lambdavet.config.now, "YYYY-MM-DD", set by the bridge
#   from the clock or -now), the runtime values of a function, placeholders
#   that stand for a runtime filled in later, and the closest runtime
#   identifier to a misspelled one.
package lambdavet.runtime

import data.lambdavet.lib

lifecycle := data.lambdavet.runtimes

# today is the date rules judge by; undefined when the bridge gave none, and
# then date-driven rules stay silent.
today := d if {
	d := data.lambdavet.config.now
	is_string(d)
	regex.match(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`, d)
}

# info returns the lifecycle entry of a runtime identifier: family, order
# within the family (oldest 1), architectures, deprecated, block_create and
# block_update dates. Undefined for anything that is not a runtime.
#
# It reads the entry from data directly, not through lifecycle: a rule whose
# value is the whole table makes every evaluation build all of it, which
# was a tenth of the time of a template of one function.
info(id) := data.lambdavet.runtimes.runtimes[id]

# family returns the family entry (name, latest, edge) of a runtime.
family(id) := data.lambdavet.runtimes.families[data.lambdavet.runtimes.runtimes[id].family]

# candidates returns the known string values a function's runtime can take.
candidates(fn) := {c |
	some c in lib.candidates(lib.setting(fn, "runtime"))
	c.type == "string"
}

# placeholder holds for a value that stands for a runtime filled in later by
# a generator (JAVA_VERSION, {{runtime}}, ${RUNTIME}, <runtime>, __RUNTIME__)
# or is empty: it is not a runtime, and not reported as one.
placeholder(s) if trim_space(s) == ""

placeholder(s) if regex.match(`^[A-Z][A-Z0-9_]*$`, s)

placeholder(s) if contains(s, "{{")

placeholder(s) if contains(s, "${")

placeholder(s) if regex.match(`^<.*>$`, s)

placeholder(s) if regex.match(`^(__.*__|%.*%|@.*@)$`, s)

# suggestion returns the runtime identifier closest to s, the way it was
# most likely meant: the same identifier in lower case; the newest runtime
# s is the start of (python3 gives python3.14); one edit away; two edits
# away; the longest runtime s starts with (provided.al2023023 gives
# provided.al2023). Ties go to the newest runtime. Undefined when nothing
# is close.
suggestion(s) := id if {
	id := lower(trim_space(s))
	lifecycle.runtimes[id]
} else := newest(ids) if {
	n := lower(trim_space(s))
	count(n) >= 4
	ids := {id | some id, _ in lifecycle.runtimes; startswith(id, n)}
	count(ids) > 0
} else := newest(ids) if {
	ids := _within(lower(trim_space(s)), 1)
	count(ids) > 0
} else := newest(ids) if {
	ids := _within(lower(trim_space(s)), 2)
	count(ids) > 0
} else := id if {
	n := lower(trim_space(s))
	ids := {id | some id, _ in lifecycle.runtimes; count(id) >= 4; startswith(n, id)}
	longest := max({count(id) | some id in ids})
	some id in ids
	count(id) == longest
}

# newest returns the newest runtime of ids: the highest order within its
# family (ties across families go to the greatest identifier).
newest(ids) := max({id |
	some id in ids
	top := max({lifecycle.runtimes[x].order | some x in ids})
	lifecycle.runtimes[id].order == top
})

# _within returns the runtimes one edit from s (an insertion, a deletion, a
# substitution or two adjacent characters swapped), or, for k = 2, the
# runtimes s shares a string with after deleting at most two characters
# from each (about two edits). Long strings are not compared. The search
# is lambdavet's builtin lambdavet.near_strings (analyzers/policy/near.go):
# written here it built every string each of the eighty runtimes gives by
# deleting two characters, in every evaluation, 45 ms per unknown runtime.
_within(s, k) := {id |
	count(s) <= 40
	some id in lambdavet.near_strings(s, {x | some x, _ in lifecycle.runtimes}, k)
}

# date_phrase says when a lifecycle date falls relative to today: "since D"
# once it has passed, "from D" before.
date_phrase(d) := sprintf("since %s", [d]) if {
	d <= today
} else := sprintf("from %s", [d])
