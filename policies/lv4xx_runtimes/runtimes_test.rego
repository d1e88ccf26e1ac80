package lambdavet.runtime_test

import data.lambdavet.runtime

test_success_suggestions if {
	every s, want in {
		"pyhton3.12": "python3.12", # swapped letters
		"python3.31": "python3.13", # swapped digits (3.11 is as close; the newer wins)
		"python3": "python3.14", # start of several: the newest
		"java": "java25",
		"dotnet": "dotnet10",
		"nodejs20": "nodejs20.x",
		"nodejs99.x": "nodejs24.x", # two edits from every nodejsNN.x
		"provided.al2023023": "provided.al2023", # a runtime and more
		"PROVIDED.AL2": "provided.al2",
		" ruby3.4 ": "ruby3.4",
		"go1.22": "go1.x",
	} {
		runtime.suggestion(s) == want
	}
}

test_success_no_suggestion if {
	every s in ["cobol", "x", "rust", "php8.3"] {
		not runtime.suggestion(s)
	}
}

test_success_placeholders if {
	every s in ["JAVA_VERSION", "NODEJS_VERSION", "{{ cookiecutter.runtime }}", "${Runtime}", "<RUNTIME>", "__runtime__", "%RUNTIME%", "@runtime@", " "] {
		runtime.placeholder(s)
	}
}

test_success_not_placeholders if {
	every s in ["python3", "Python3.12", "nodejs99.x", "go"] {
		not runtime.placeholder(s)
	}
}

test_success_today_from_config if {
	runtime.today == "2027-01-01" with data.lambdavet.config.now as "2027-01-01"
}

test_success_no_today_without_a_date if {
	not runtime.today with data.lambdavet.config.now as "tomorrow"
	not runtime.today with data.lambdavet.config as {}
}

test_success_date_phrase if {
	runtime.date_phrase("2027-01-01") == "since 2027-01-01" with data.lambdavet.config.now as "2027-01-01"
	runtime.date_phrase("2027-01-02") == "from 2027-01-02" with data.lambdavet.config.now as "2027-01-01"
}

test_success_newest if {
	runtime.newest({"python3.9", "python3.10", "python3.14", "python3.13"}) == "python3.14"
	runtime.newest({"java8", "java8.al2"}) == "java8.al2"
}

# every family's latest runtime exists, and is of the family but for Go,
# whose successor is the OS-only runtime
test_success_lifecycle_families if {
	every f in runtime.lifecycle.families {
		runtime.lifecycle.runtimes[f.latest]
	}
	every name, f in object.remove(runtime.lifecycle.families, ["go"]) {
		runtime.lifecycle.runtimes[f.latest].family == name
	}
}
