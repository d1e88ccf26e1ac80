# METADATA
# title: edge function over the event type's memory, timeout or storage limit
# description: >-
#   Reports a function that a CloudFront distribution runs as Lambda@Edge and
#   whose MemorySize, Timeout or ephemeral storage is over what Lambda@Edge
#   allows for the event type: 128 MB and 5 s on viewer-request and
#   viewer-response, 10,240 MB and 30 s on origin-request and origin-response
#   (and when the event type is not known), 512 MB of ephemeral storage on
#   every event. CloudFront refuses to associate such a function. The
#   message names the distribution and the event types.
# related_resources:
#   - description: Lambda@Edge restrictions
#     ref: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-at-edge-function-restrictions.html
#   - description: Quotas on Lambda@Edge
#     ref: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-lambda-at-edge
# custom:
#   id: LV501
#   severity: error
package lambdavet.rules.lv501

import data.lambdavet.edge
import data.lambdavet.lib

# limits per kind of event: viewer events, and origin events (also applied
# when the event type is not known, as the largest Lambda@Edge allows)
limits := {
	"viewer": {"memory_size": 128, "timeout": 5},
	"origin": {"memory_size": 10240, "timeout": 30},
}

units := {"memory_size": "MB", "timeout": "s"}

# ephemeral storage: the default 512 MB is also the Lambda@Edge maximum
ephemeral_maximum := 512

violations contains edge.violation(fn, c, g, msg) if {
	some fn in edge.functions
	some key, unit in units
	some c in lib.candidates(lib.setting(fn, key))
	n := lib.number(c)
	some g in edge.groups(fn, c)
	kind := _kind(g)
	n > limits[kind][key]
	msg := sprintf("%s sets %s %s, above the Lambda@Edge maximum of %s %s for %s", [
		lib.subject(fn), lib.property(fn, key), lib.format_number(n),
		lib.format_number(limits[kind][key]), unit, _events_text(kind, g),
	])
}

violations contains edge.violation(fn, c, g, msg) if {
	some fn in edge.functions
	some c in lib.candidates(lib.setting(fn, "ephemeral_storage"))
	n := lib.number(c)
	n > ephemeral_maximum
	some g in edge.groups(fn, c)
	msg := sprintf("%s sets %s %s, above the Lambda@Edge maximum of %d MB", [
		lib.subject(fn), lib.property(fn, "ephemeral_storage"), lib.format_number(n), ephemeral_maximum,
	])
}

# _kind is the strictest kind of event among the group's: viewer when any
# association is on a viewer event
_kind(g) := "viewer" if {
	some a in g.associations
	startswith(a.event_type, "viewer-")
} else := "origin"

_events_text("viewer", _) := "viewer events"

_events_text("origin", g) := "origin events" if {
	some a in g.associations
	startswith(a.event_type, "origin-")
} else := "any event"
