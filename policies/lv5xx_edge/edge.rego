# METADATA
# title: Lambda@Edge helpers
# description: >-
#   What the Lambda@Edge rules (LV501-LV508) share. A function is an edge
#   function when its model carries edge associations (fn.edge): the CloudFront
#   distributions that run it, with the event type, what the association points
#   at and the condition path it exists on, computed by the loaders whatever the
#   format. Findings name the distributions and event types that make the
#   function an edge function.
package lambdavet.edge

import data.lambdavet.lib

# functions are the functions some distribution runs at the edge: the only
# ones the edge rules look at, so the other functions cost them nothing.
functions := [fn | some fn in input.functions; count(associations(fn)) > 0]

# associations returns the function's edge associations.
associations(fn) := object.get(fn, "edge", [])

# groups returns, for a value c of the function, one group per condition path
# along which the function runs at the edge and c can be its value:
# {"when": path, "associations": [...]}.
groups(fn, c) := {g |
	some w in {_when(a) | some a in associations(fn); lib.compatible(c, a)}
	g := {"when": w, "associations": [a | some a in associations(fn); _when(a) == w]}
}

# where says who runs the function at the edge: `distribution "Cdn" runs it
# on viewer-request and origin-response`, one clause per distribution.
where(assocs) := concat("; ", sort({_runs(s, assocs) | some s in {a.subject | some a in assocs}}))

_runs(subject, assocs) := sprintf("%s runs it on %s", [subject, concat(" and ", sort(events))]) if {
	events := {a.event_type | some a in assocs; a.subject == subject; a.event_type != ""}
	count(events) > 0
} else := sprintf("%s runs it at the edge", [subject])

# violation builds the finding on the function's value c for group g: msg,
# then who runs it at the edge, then how c got there and the path (c's and
# the association's).
violation(fn, c, g, msg) := lib.violation(
	fn,
	lib.with_when_of(c, {"when": g.when}),
	sprintf("%s (%s)", [msg, where(g.associations)]),
)

# set returns the leaves of a function setting that set it to something:
# known values other than null, an empty list or an empty map (which leave
# the setting off). A value not known at all is not a finding.
set(v) := {c |
	some c in lib.candidates(v)
	c.type != "null"
	not _empty(c)
}

_empty(c) if {
	c.type in {"list", "map"}
	count(c.value) == 0
}

_when(a) := object.get(a, "when", "")
