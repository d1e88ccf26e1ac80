package lambdavet.rules.lv111_test

import data.lambdavet.rules.lv111
import data.lambdavet.test

snap := test.known("map", {"ApplyOn": test.known("string", "PublishedVersions", 11)}, 10)

published := {"snap_start": snap, "auto_publish_alias": test.known("string", "live", 12)}

violations(settings) := v if {
	v := lv111.violations with input as test.project([test.function(object.union(published, settings))])
}

messages(settings) := {x.message | some x in violations(settings)}

test_fail_runtime if {
	violations({"runtime": test.known("string", "nodejs22.x", 13)}) == {{
		"resource": "Worker",
		"range": test.at(11),
		"message": concat("", [
			"function \"Worker\" turns on SnapStart with Runtime \"nodejs22.x\";",
			" SnapStart supports Java 11+, Python 3.12+ and .NET 8+ runtimes only",
		]),
	}}
}

test_fail_runtime_below_the_first_supported if {
	every id in ["java8", "java8.al2", "python3.11", "dotnet6", "ruby3.4", "provided.al2023"] {
		count(violations({"runtime": test.known("string", id, 13)})) == 1
	}
}

test_success_supported_runtimes if {
	every id in ["java11", "java17", "java21", "java25", "python3.12", "python3.13", "python3.14", "dotnet8", "dotnet10"] {
		count(violations({"runtime": test.known("string", id, 13)})) == 0
	}
}

test_success_runtime_not_judged if {
	# not a runtime (LV401's), a customer-managed runtime, unknown
	count(violations({"runtime": test.known("string", "java 21", 13)})) == 0
	count(violations({"runtime": test.known("string", "custom", 13)})) == 0
	count(violations({"runtime": test.unknown})) == 0
}

test_success_snapstart_off if {
	off := test.known("map", {"ApplyOn": test.known("string", "None", 11)}, 10)
	count(violations({"snap_start": off, "runtime": test.known("string", "nodejs22.x", 13)})) == 0
	count(violations({"snap_start": test.unknown, "runtime": test.known("string", "nodejs22.x", 13)})) == 0
	count(violations({"snap_start": test.absent, "runtime": test.known("string", "nodejs22.x", 13)})) == 0
}

test_fail_image if {
	messages({"package_type": test.known("string", "Image", 13)}) == {concat("", [
		"function \"Worker\" turns on SnapStart with PackageType Image;",
		" SnapStart does not support container images",
	])}
}

test_fail_efs if {
	fs := test.known("list", [test.known("map", {"LocalMountPath": test.known("string", "/mnt/data", 14)}, 14)], 13)
	messages({"file_system_configs": fs}) == {concat("", [
		"function \"Worker\" turns on SnapStart with an EFS file system (FileSystemConfigs);",
		" SnapStart does not support Amazon EFS",
	])}
	count(violations({"file_system_configs": test.known("list", [], 13)})) == 0
}

test_storage_boundary if {
	count(violations({"ephemeral_storage": test.known("number", 512, 13)})) == 0
	messages({"ephemeral_storage": test.known("number", 513, 13)}) == {concat("", [
		"function \"Worker\" turns on SnapStart with EphemeralStorage size 513 MB;",
		" SnapStart supports at most 512 MB of ephemeral storage",
	])}
	count(violations({"ephemeral_storage": test.known("string", "1024", 13)})) == 1
	count(violations({"ephemeral_storage": test.unknown})) == 0
}

test_fail_provisioned_concurrency if {
	pc := test.known("map", {"ProvisionedConcurrentExecutions": test.known("number", 5, 14)}, 13)
	messages({"provisioned_concurrency": pc}) == {concat("", [
		"function \"Worker\" turns on SnapStart with provisioned concurrency (ProvisionedConcurrencyConfig);",
		" SnapStart does not support provisioned concurrency",
	])}
	count(violations({"provisioned_concurrency": test.unknown})) == 0

	# a count (the Serverless Framework's provisionedConcurrency) below 1
	# configures none
	count(violations({"provisioned_concurrency": test.known("number", 0, 13)})) == 0
	count(violations({"provisioned_concurrency": test.known("number", 1, 13)})) == 1
}

test_warn_no_version if {
	v := lv111.violations with input as test.project([test.function({"snap_start": snap})])
	v == {{
		"resource": "Worker",
		"range": test.at(11),
		"severity": "warning",
		"message": concat("", [
			"function \"Worker\" turns on SnapStart but publishes no version (no AutoPublishAlias, no AWS::Lambda::Version of it);",
			" SnapStart snapshots published versions only, $LATEST runs without it",
		]),
	}}
}

test_success_version_published if {
	count(lv111.violations) == 0 with input as test.project([test.function({
		"snap_start": snap, "publish": test.known("bool", true, 20),
	})])
	count(lv111.violations) == 0 with input as test.project([test.function({
		"snap_start": snap, "auto_publish_alias": test.unknown,
	})])
}

test_warn_version_on_one_path if {
	publish := test.conditional([
		test.when(test.known("bool", true, 20), "condition \"Release\" is true"),
		test.when(test.absent, "condition \"Release\" is false"),
	])
	v := lv111.violations with input as test.project([test.function({"snap_start": snap, "publish": publish})])
	count(v) == 1
	some x in v
	endswith(x.message, "$LATEST runs without it (when condition \"Release\" is false)")
}

test_fail_runtime_on_one_path if {
	rt := test.conditional([
		test.when(test.known("string", "java21", 13), "condition \"Jvm\" is true"),
		test.when(test.known("string", "nodejs22.x", 14), "condition \"Jvm\" is false"),
	])
	v := violations({"runtime": rt})
	count(v) == 1
	some x in v
	endswith(x.message, "runtimes only (when condition \"Jvm\" is false)")
}

test_success_snapstart_off_on_the_conflicting_path if {
	on := test.when(test.known("map", {"ApplyOn": test.known("string", "PublishedVersions", 11)}, 10), "condition \"Jvm\" is true")
	rt := test.conditional([
		test.when(test.known("string", "java21", 13), "condition \"Jvm\" is true"),
		test.when(test.known("string", "nodejs22.x", 14), "condition \"Jvm\" is false"),
	])
	count(violations({"snap_start": test.conditional([on]), "runtime": rt})) == 0
}

terraform(settings) := object.union(
	test.function(object.union({"snap_start": test.known("map", {"apply_on": test.known("string", "PublishedVersions", 11)}, 10)}, settings)),
	{
		"type": "aws_lambda_function",
		"subject": "aws_lambda_function.worker",
		"property_names": {"snap_start": "snap_start", "runtime": "runtime", "publish": "publish"},
	},
)

test_terraform if {
	v := lv111.violations with input as test.project([terraform({
		"publish": test.known("bool", true, 20), "runtime": test.known("string", "ruby3.4", 13),
	})])
	{x.message | some x in v} == {concat("", [
		"aws_lambda_function.worker turns on snap_start with runtime \"ruby3.4\";",
		" SnapStart supports Java 11+, Python 3.12+ and .NET 8+ runtimes only",
	])}
	w := lv111.violations with input as test.project([terraform({"publish": test.known("bool", false, 20)})])
	{x.message | some x in w} == {concat("", [
		"aws_lambda_function.worker turns on snap_start but publishes no version (publish is not true);",
		" SnapStart snapshots published versions only, $LATEST runs without it",
	])}
}

test_serverless_publishing_setting if {
	fn := object.union(test.function({"type": "AWS::Lambda::Function", "snap_start": snap}), {
		"subject": "function \"worker\"",
		"property_names": {"snap_start": "snapStart", "publish": "versionFunctions"},
	})
	{x.message | some x in lv111.violations with input as test.project([fn])} == {concat("", [
		"function \"worker\" turns on snapStart but publishes no version (versionFunctions is not true);",
		" SnapStart snapshots published versions only, $LATEST runs without it",
	])}
}
