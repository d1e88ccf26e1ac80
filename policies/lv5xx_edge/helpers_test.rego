# METADATA
# title: Lambda@Edge test input builders
# description: >-
#   Builders for edge functions in rule tests: a function run by distribution
#   "Cdn" (association on line 30 of template.yaml) on the given event types.
package lambdavet.edgetest

import data.lambdavet.test

association(event) := {
	"distribution": "Cdn", "subject": "distribution \"Cdn\"", "cache_behavior": "default",
	"event_type": event, "target": "version", "detail": "", "range": test.at(30),
}

# function returns the function "Worker" with settings, run at the edge on
# events.
function(settings, events) := test.function(object.union(settings, {"edge": [association(e) | some e in events]}))

# project returns an input holding one edge function.
project(settings, events) := test.project([function(settings, events)])
