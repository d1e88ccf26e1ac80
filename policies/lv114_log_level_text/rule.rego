# METADATA
# title: log level with text log format
# description: >-
#   Reports a function whose LoggingConfig sets ApplicationLogLevel or
#   SystemLogLevel while its LogFormat is Text: Lambda filters logs by level
#   only in the JSON format and refuses the configuration. Settings inherited
#   from SAM Globals count; a log format or level that is not known is not
#   judged, and neither is a LoggingConfig that leaves LogFormat out. When the
#   settings depend on a condition, each path on which both are set is
#   reported with the path named. The finding points at the log format.
# related_resources:
#   - description: Sending Lambda function logs to CloudWatch Logs, log-level filtering (Lambda developer guide)
#     ref: https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html
#   - description: LoggingConfig (Lambda API reference)
#     ref: https://docs.aws.amazon.com/lambda/latest/api/API_LoggingConfig.html
# custom:
#   id: LV114
#   severity: error
package lambdavet.rules.lv114

import data.lambdavet.lib

# the log levels, by their names in templates and in Terraform
levels := [
	{"template": "ApplicationLogLevel", "terraform": "application_log_level"},
	{"template": "SystemLogLevel", "terraform": "system_log_level"},
]

# pairs are the Text formats of fn's LoggingConfig paths, each with a log
# level set on a path compatible with it
pairs(fn) := {pair |
	some config in lib.candidates(fn.logging_config)
	config.type == "map"
	some format in lib.candidates(_field(fn, config, "LogFormat", "log_format"))
	format.value == "Text"
	lib.compatible(format, config)
	some level in levels
	some set in lib.candidates(_field(fn, config, level.template, level.terraform))
	_set(set)
	lib.compatible(set, format)
	lib.compatible(set, config)
	pair := {
		"format": lib.with_when_of(format, config),
		"level": _name(fn, level),
		"at": set,
	}
}

# the levels set on every path of the format: one finding names them all
# _logging_functions holds the functions that set a logging configuration at all, in one pass for
# both checks below.
_logging_functions := [fn | some fn in input.functions; fn.logging_config.state != "absent"]

violations contains lib.violation(fn, format, msg) if {
	some fn in _logging_functions
	ps := pairs(fn)
	some format in {p.format | some p in ps}
	names := sort({p.level | some p in ps; p.format == format; not _conditional(p.at)})
	count(names) > 0
	msg := sprintf("%s sets %s %s with %s; Lambda filters logs by level only with %s JSON", [
		lib.subject(fn), _name(fn, {"template": "LogFormat", "terraform": "log_format"}), "Text",
		concat(" and ", names), _name(fn, {"template": "LogFormat", "terraform": "log_format"}),
	])
}

# a level set on some paths only: reported on those
violations contains lib.violation(fn, lib.with_when_of(p.format, p.at), msg) if {
	some fn in _logging_functions
	some p in pairs(fn)
	_conditional(p.at)
	msg := sprintf("%s sets %s %s with %s; Lambda filters logs by level only with %s JSON", [
		lib.subject(fn), _name(fn, {"template": "LogFormat", "terraform": "log_format"}), "Text",
		p.level, _name(fn, {"template": "LogFormat", "terraform": "log_format"}),
	])
}

_field(fn, config, template, _) := object.get(config.value, template, lib.absent) if {
	not _terraform(fn)
}

_field(fn, config, _, terraform) := object.get(config.value, terraform, lib.absent) if {
	_terraform(fn)
}

_terraform(fn) if lib.property(fn, "logging_config") == "logging_config"

_name(fn, names) := names.terraform if {
	_terraform(fn)
} else := names.template

# a level set to a value (not null, not empty)
_set(c) if {
	c.type == "string"
	c.value != ""
}

_conditional(c) if object.get(c, "when", "") != ""
