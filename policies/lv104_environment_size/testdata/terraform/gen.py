#!/usr/bin/env python3
"""Generates this LV104 Terraform fixture (main.tf, terraform.tfvars,
z.auto.tfvars, modules/worker/main.tf): environment maps of an exact size in
bytes of compact JSON, what AWS measures against its 4 KB limit, checked with
len(json.dumps(vars, separators=(",", ":")).encode()). ASCII values only.

    python3 gen.py [OUT]   # OUT defaults to this folder
"""
import json, os, sys

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))

def size(d):
    return len(json.dumps(d, separators=(',', ':')).encode())

def origins(n):
    """An ASCII allow list of exactly n characters."""
    s, i = "", 0
    while len(s) < n:
        s += ("," if s else "") + "https://app-%03d.example.com" % i
        i += 1
    return s[:n]

def env(total, small=None, big_key="ALLOWED_ORIGINS"):
    """small: the other variables; the big one is sized so the map is total bytes."""
    small = dict(small if small is not None else {"TABLE_NAME": "orders", "LOG_LEVEL": "info"})
    d = dict(small)
    d[big_key] = ""
    need = total - size(d)
    assert need >= 0
    d[big_key] = origins(need)
    assert size(d) == total, (size(d), total)
    assert all(c.isascii() for c in json.dumps(d))
    return d

def hcl_map(d, indent, want=None, unknown=None):
    """A multi-line HCL object; the want comment goes on the opening line.
    unknown: {key: expression} written as is (counted as "" by lambdavet)."""
    unknown = unknown or {}
    keys = list(d) + [k for k in unknown if k not in d]
    w = max(len(k) for k in keys)
    pad = " " * indent
    first = "{" + (" # want " + want if want else "")
    lines = [first]
    for k in keys:
        v = unknown[k] if k in unknown else json.dumps(d[k])
        lines.append("%s  %s = %s" % (pad, k.ljust(w), v))
    lines.append(pad + "}")
    return "\n".join(lines)

def q(re_text):
    """Go-quoted regexp."""
    return json.dumps(re_text)

MSG = ("{subject} has environment variables of {atleast}{n} bytes, above the Lambda limit of 4096 bytes "
       r"\(4 KB, measured as the compact JSON of the Variables map\); the largest is ALLOWED_ORIGINS{note} \(LV104\)")

def want(subject, n, note="", atleast=""):
    return q(MSG.format(subject=subject.replace(".", r"\."), n=n, note=note, atleast=atleast))

def setby(what):
    return r" \(set by " + what.replace(".", r"\.") + r"\)"

SMALL = {"TABLE_NAME": "orders", "LOG_LEVEL": "info"}

def resource(name, variables_expr, extra="", count=None, for_each=None):
    meta = ""
    if count is not None:
        meta += "  count         = %s\n" % count
    if for_each is not None:
        meta += "  for_each      = %s\n" % for_each
    fname = name.replace("_", "-")
    if count is not None:
        fname += "-${count.index}"
    if for_each is not None:
        fname += "-${each.key}"
    return f'''resource "aws_lambda_function" "{name}" {{
{meta}  function_name = "{fname}"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  environment {{
    variables = {variables_expr}
  }}
}}
'''

parts = []
parts.append('''variable "env" {
  type    = map(string)
  default = { LOG_LEVEL = "info" }
}

variable "tfvars_env" {
  type    = map(string)
  default = { LOG_LEVEL = "info" }
}

variable "overridden_env" {
  type    = map(string)
  default = { LOG_LEVEL = "info" }
}
''')
parts.append('''variable "report_env" {
  type = map(string)
  default = %s
}
''' % hcl_map(env(4097), 2, want('aws_lambda_function.report', 4097, setby('variable "report_env" default'))))
parts.append('''variable "unknown_env" {
  type = map(string)
}
''')
envs_small = {"TABLE_NAME": "tenants"}
parts.append('''variable "tenant_envs" {
  default = {
    small = %s
    at_limit = %s
    huge = %s
  }
}
''' % (hcl_map(envs_small, 4),
       hcl_map(env(4096), 4),
       hcl_map(env(4097), 4, want('aws_lambda_function.per_tenant', 4097, r' \(when each\.key is \"huge\"\)')))
)
# locals: merge of two maps, at the limit and one past it
# merged map = common + TABLE_NAME: adds 1 (comma) + len('"TABLE_NAME":"orders"')
add = 1 + len('"TABLE_NAME":"orders"')
common = env(4096 - add, small={"LOG_LEVEL": "info"})
assert size({**common, "TABLE_NAME": "orders"}) == 4096
assert size({**common, "TABLE_NAME": "orders2"}) == 4097
parts.append('''locals {
  env_common = %s
  env_at_limit = merge(local.env_common, { TABLE_NAME = "orders" })
  env_over     = merge(local.env_common, { TABLE_NAME = "orders2" }) # want %s
}
''' % (hcl_map(common, 2), want('aws_lambda_function.merged', 4097, setby('local "env_over"'))))
parts.append('''data "aws_dynamodb_table" "orders" {
  name = "orders"
}

data "aws_ssm_parameter" "env" {
  name = "/lambda/env"
}
''')
parts.append(resource("at_limit", hcl_map(env(4096), 4)))
parts.append(resource("over_limit", hcl_map(env(4097), 4, want('aws_lambda_function.over_limit', 4097))))
parts.append(resource("from_tfvars", "var.tfvars_env"))
parts.append(resource("from_auto_tfvars", "var.env"))
parts.append(resource("auto_tfvars_wins", "var.overridden_env"))
parts.append(resource("report", "var.report_env"))
parts.append(resource("merged_at_limit", "local.env_at_limit"))
parts.append(resource("merged", "local.env_over"))
parts.append(resource("per_tenant", "each.value", for_each="var.tenant_envs"))
parts.append(resource("counted", hcl_map(env(4097), 4, want('aws_lambda_function.counted', 4097)), count=2))
parts.append(resource("never_created", hcl_map(env(5000), 4), count=0))
parts.append(resource("not_known", "var.unknown_env"))
parts.append(resource("from_data_source", "jsondecode(data.aws_ssm_parameter.env.value)"))
# a value not known counts as "" (2 bytes): the size is a lower bound
unk = {"TABLE_NAME": "data.aws_dynamodb_table.orders.name"}
lb = env(4097, small={"TABLE_NAME": "", "LOG_LEVEL": "info"})
del lb["TABLE_NAME"]
assert size({"TABLE_NAME": "", **lb}) == 4097
parts.append(resource("partly_known", hcl_map(lb, 4, want('aws_lambda_function.partly_known', 4097, atleast="at least "), unknown=unk)))
lb2 = env(4096, small={"TABLE_NAME": "", "LOG_LEVEL": "info"})
del lb2["TABLE_NAME"]
parts.append(resource("partly_known_at_limit", hcl_map(lb2, 4, unknown=unk)))

parts.append('''module "worker" {
  source = "./modules/worker"
  env = %s
}

module "worker_ok" {
  source = "./modules/worker"
  env = %s
}
''' % (hcl_map(env(4097), 2, want('module.worker.aws_lambda_function.this', 4097, setby('module "worker" argument env'))),
       hcl_map(env(4096), 2)))
parts.append('''module "registry" {
  source        = "terraform-aws-modules/lambda/aws"
  version       = "~> 8.0"
  function_name = "registry"
  handler       = "index.handler"
  runtime       = "nodejs22.x"
  environment_variables = %s
}

module "registry_ok" {
  source        = "terraform-aws-modules/lambda/aws"
  function_name = "registry-ok"
  handler       = "index.handler"
  runtime       = "nodejs22.x"
  environment_variables = %s
}

module "registry_empty" {
  source                = "terraform-aws-modules/lambda/aws"
  function_name         = "registry-empty"
  handler               = "index.handler"
  runtime               = "nodejs22.x"
  environment_variables = {}
}

module "registry_not_created" {
  source        = "terraform-aws-modules/lambda/aws"
  count         = 0
  function_name = "registry-not-created"
  handler       = "index.handler"
  runtime       = "nodejs22.x"
  environment_variables = %s
}
''' % (hcl_map(env(4097), 2, want('module.registry.aws_lambda_function.this', 4097, setby('module "registry" argument environment_variables'))),
       hcl_map(env(4096), 2),
       hcl_map(env(5000), 2)))

os.makedirs(os.path.join(OUT, "modules", "worker"), exist_ok=True)
with open(os.path.join(OUT, "main.tf"), "w") as f:
    f.write("\n".join(parts))
with open(os.path.join(OUT, "modules", "worker", "main.tf"), "w") as f:
    f.write('''variable "env" {
  type    = map(string)
  default = {}
}

resource "aws_lambda_function" "this" {
  function_name = "worker"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  environment {
    variables = var.env
  }
}
''')
with open(os.path.join(OUT, "terraform.tfvars"), "w") as f:
    f.write('env = { LOG_LEVEL = "debug" }\n')
    f.write("tfvars_env = %s\n" % hcl_map(env(4097), 0, want('aws_lambda_function.from_tfvars', 4097, setby('terraform.tfvars'))))
    f.write("overridden_env = %s\n" % hcl_map(env(4097), 0))
with open(os.path.join(OUT, "z.auto.tfvars"), "w") as f:
    f.write("env = %s\n" % hcl_map(env(4097), 0, want('aws_lambda_function.from_auto_tfvars', 4097, setby('z.auto.tfvars'))))
    f.write('overridden_env = %s\n' % hcl_map(env(4096), 0))
