package lambdavet.edge_test

import data.lambdavet.edge
import data.lambdavet.test

assoc(subject, event) := {
	"distribution": subject, "subject": sprintf("distribution %q", [subject]), "cache_behavior": "default",
	"event_type": event, "target": "version", "detail": "", "range": test.at(30),
}

test_success_where_one if edge.where([assoc("Cdn", "viewer-request")]) == "distribution \"Cdn\" runs it on viewer-request"

test_success_where_events_sorted_and_merged if {
	edge.where([assoc("Cdn", "viewer-response"), assoc("Cdn", "origin-request"), assoc("Cdn", "origin-request")]) == "distribution \"Cdn\" runs it on origin-request and viewer-response"
}

test_success_where_several_distributions if {
	edge.where([assoc("B", "origin-request"), assoc("A", "")]) == "distribution \"A\" runs it at the edge; distribution \"B\" runs it on origin-request"
}

test_success_groups_by_path if {
	fn := test.function({"edge": [
		assoc("Cdn", "viewer-request"),
		object.union(assoc("Other", "origin-request"), {"when": "condition \"Prod\" is true"}),
	]})
	gs := edge.groups(fn, test.num(1))
	count(gs) == 2
	some g in gs
	g.when == "condition \"Prod\" is true"
	count(g.associations) == 1
}

test_success_groups_skip_contradicting_paths if {
	fn := test.function({"edge": [object.union(assoc("Cdn", "viewer-request"), {"when": "condition \"Prod\" is true"})]})
	count(edge.groups(fn, test.when(test.num(1), "condition \"Prod\" is false"))) == 0
}

test_success_set_ignores_empty if {
	count(edge.set(test.list([]))) == 0
	count(edge.set(test.map({}))) == 0
	count(edge.set(test.known("null", null, 9))) == 0
	count(edge.set(test.absent)) == 0
	count(edge.set(test.unknown)) == 0
	count(edge.set(test.map({"A": test.str("x")}))) == 1
}
