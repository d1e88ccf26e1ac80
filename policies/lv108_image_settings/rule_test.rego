package lambdavet.rules.lv108_test

import data.lambdavet.rules.lv108
import data.lambdavet.test

image := test.known("string", "Image", 6)

zip := test.known("string", "Zip", 6)

runtime := test.known("string", "python3.12", 7)

handler := test.known("string", "app.handler", 8)

layers := test.known("list", [test.str("arn:aws:lambda:us-east-1:123456789012:layer:deps:3")], 10)

violations(settings) := v if {
	v := lv108.violations with input as test.project([test.function(settings)])
}

test_success_image_alone if count(violations({"package_type": image})) == 0

test_success_image_with_absent_settings if {
	count(violations({
		"package_type": image,
		"runtime": test.absent,
		"handler": test.absent,
		"layers": test.absent,
	})) == 0
}

test_success_zip_with_runtime if {
	count(violations({"package_type": zip, "runtime": runtime, "handler": handler, "layers": layers})) == 0
}

test_success_default_package_type if {
	count(violations({
		"package_type": object.union(test.absent, {"default": test.str("Zip")}),
		"runtime": runtime,
		"handler": handler,
	})) == 0
}

test_fail_image_with_runtime if {
	violations({"package_type": image, "runtime": runtime}) == {{
		"resource": "Worker",
		"range": test.at(7),
		"message": concat("", [
			"function \"Worker\" is a container image (PackageType Image) but sets Runtime; ",
			"image functions take it from the image",
		]),
	}}
}

test_fail_image_with_each_setting if {
	v := violations({"package_type": image, "runtime": runtime, "handler": handler, "layers": layers})
	{x.range.line | some x in v} == {7, 8, 10}
	some x in v
	x.range.line == 10
	x.message == concat("", [
		"function \"Worker\" is a container image (PackageType Image) but sets Layers; ",
		"image functions cannot use layers, build their content into the image",
	])
}

test_fail_unknown_runtime_is_still_set if {
	v := violations({"package_type": image, "runtime": object.union(test.unknown, {"range": test.at(7)})})
	{x.range | some x in v} == {test.at(7)}
}

test_fail_setting_from_globals if {
	some x in violations({"package_type": image, "handler": test.origin(handler, "Globals")})
	endswith(x.message, "image functions take it from the image (set by Globals)")
}

test_success_empty_layers if count(violations({"package_type": image, "layers": test.known("list", [], 10)})) == 0

test_success_null_runtime if count(violations({"package_type": image, "runtime": test.known("null", null, 7)})) == 0

test_fail_conditional_package_type if {
	v := violations({
		"package_type": test.conditional([
			test.when(image, "parameter \"Packaging\" is \"Image\""),
			test.when(zip, "parameter \"Packaging\" is \"Zip\""),
		]),
		"runtime": runtime,
	})
	some x in v
	endswith(x.message, "take it from the image (when parameter \"Packaging\" is \"Image\")")
}

test_success_settings_on_the_other_path if {
	count(violations({
		"package_type": test.conditional([
			test.when(image, "condition \"UseImage\" is true"),
			test.when(zip, "condition \"UseImage\" is false"),
		]),
		"runtime": test.conditional([
			test.when(test.absent, "condition \"UseImage\" is true"),
			test.when(runtime, "condition \"UseImage\" is false"),
		]),
		"handler": test.conditional([
			test.when(test.absent, "condition \"UseImage\" is true"),
			test.when(handler, "condition \"UseImage\" is false"),
		]),
	})) == 0
}

test_fail_conditional_setting_on_the_image_path if {
	v := violations({
		"package_type": image,
		"layers": test.conditional([
			test.when(layers, "condition \"Tracing\" is true"),
			test.when(test.absent, "condition \"Tracing\" is false"),
		]),
	})
	some x in v
	x.range == test.at(10)
	endswith(x.message, "build their content into the image (when condition \"Tracing\" is true)")
}

test_success_unknown_package_type if count(violations({"package_type": test.unknown, "runtime": runtime})) == 0

test_success_absent if count(violations({})) == 0
