# METADATA
# title: file system without a vpc
# description: >-
#   Reports a function that mounts an Amazon EFS file system
#   (FileSystemConfigs) but is not connected to a VPC: it has no VpcConfig, or
#   its VpcConfig gives no subnets. Lambda reaches EFS mount targets only from
#   inside the VPC, and refuses such a function. Settings inherited from SAM
#   Globals count; a file system list or subnet list that is not known (a
#   parameter without default, an import, a data source) is not judged. When
#   the settings depend on a condition, each path that mounts a file system
#   without subnets is reported with the path named.
# related_resources:
#   - description: Configuring file system access for Lambda functions
#     ref: https://docs.aws.amazon.com/lambda/latest/dg/configuration-filesystem.html
#   - description: FileSystemConfig (Lambda API reference)
#     ref: https://docs.aws.amazon.com/lambda/latest/api/API_FileSystemConfig.html
# custom:
#   id: LV113
#   severity: error
package lambdavet.rules.lv113

import data.lambdavet.lib

violations contains lib.violation(fn, lib.with_when_of(fs, gap.at), msg) if {
	some fn in input.functions
	fn.file_system_configs.state != "absent"
	some fs in lib.candidates(fn.file_system_configs)
	_mounts(fs)
	some gap in _no_subnets(fn)
	lib.compatible(fs, gap.at)
	msg := sprintf("%s mounts an EFS file system (%s) but %s; Lambda reaches EFS only from inside a VPC", [
		lib.subject(fn), lib.property(fn, "file_system_configs"), gap.why,
	])
}

# a file system list with an entry (Terraform gives a block as a list, or
# as a map in JSON syntax)
_mounts(fs) if {
	fs.type == "list"
	count(fs.value) > 0
}

_mounts(fs) if {
	fs.type == "map"
	count(fs.value) > 0
}

# _no_subnets are the paths on which fn has no subnets: no VpcConfig, or one
# whose subnet list is missing or empty; "at" is the leaf that says so
_no_subnets(fn) := {gap |
	some c in lib.missing(lib.setting(fn, "vpc_config"))
	gap := {"at": c, "why": sprintf("is not connected to a VPC (no %s)", [lib.property(fn, "vpc_config")])}
} | {gap |
	some vpc in lib.candidates(lib.setting(fn, "vpc_config"))
	vpc.type == "map"
	some subnets in lib.leaves(_subnets(vpc))
	_empty(subnets)
	lib.compatible(vpc, subnets)
	gap := {
		"at": lib.with_when_of(vpc, subnets),
		"why": sprintf("its %s gives no subnets (%s %s)", [
			lib.property(fn, "vpc_config"), _subnets_name(fn), _state(subnets),
		]),
	}
}

_subnets(vpc) := vpc.value.SubnetIds if {
	vpc.value.SubnetIds
} else := vpc.value.subnet_ids if {
	vpc.value.subnet_ids
} else := lib.absent

# the subnet list's name in the function's format
_subnets_name(fn) := "subnet_ids" if {
	lib.property(fn, "vpc_config") == "vpc_config"
} else := "SubnetIds"

_empty(v) if v.state == "absent"

_empty(v) if {
	v.state == "known"
	v.type == "null"
}

_empty(v) if {
	v.state == "known"
	v.type == "list"
	count(v.value) == 0
}

_state(v) := "empty" if {
	v.state == "known"
	v.type == "list"
} else := "not set"
