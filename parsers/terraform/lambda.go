package terraform

import (
	"encoding/json"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/lambdavet/lambdavet/parsers/model"
)

func hclKeyword(a *hcl.Attribute) string { return hcl.ExprAsKeyword(a.Expr) }

// lambdaFunction reads an aws_lambda_function resource.
func (l *loader) lambdaFunction(r *model.Resource, props *model.Value) *model.Function {
	return newFunction(r, props, l.findEnvKey)
}

// newFunction reads an aws_lambda_function resource whose environment
// variables' names find places.
func newFunction(r *model.Resource, props *model.Value, find model.KeyFinder) *model.Function {
	f := model.NewFunction(r)
	f.Subject = r.Name
	f.PropertyNames = model.TerraformNames
	f.MemorySize = props.Dig("memory_size").Or(f.MemorySize)
	f.Timeout = props.Dig("timeout").Or(f.Timeout)
	f.EphemeralStorage = blockDig(props, "ephemeral_storage", "size").Or(f.EphemeralStorage)
	f.Environment = blockDig(props, "environment", "variables").Or(f.Environment)
	f.Layers = props.Dig("layers").Or(f.Layers)
	f.VpcConfig = blockDig(props, "vpc_config").Or(f.VpcConfig)
	f.Runtime = props.Dig("runtime").Or(f.Runtime)
	f.Architectures = props.Dig("architectures").Or(f.Architectures)
	f.PackageType = props.Dig("package_type").Or(f.PackageType)
	f.Handler = props.Dig("handler").Or(f.Handler)
	f.FileSystemConfigs = props.Dig("file_system_config").Or(f.FileSystemConfigs)
	f.CapacityProvider = blockDig(props, "capacity_provider_config").Or(f.CapacityProvider)
	f.LoggingConfig = blockDig(props, "logging_config").Or(f.LoggingConfig)
	f.SnapStart = blockDig(props, "snap_start").Or(f.SnapStart)
	f.Publish = props.Dig("publish").Or(f.Publish)
	code := model.NewMap(r.Range)
	for _, k := range []string{"filename", "s3_bucket", "s3_key", "s3_object_version", "image_uri"} {
		if v := props.Dig(k); v.State != model.Absent {
			code.Set(k, v)
		}
	}
	if len(code.Keys) > 0 {
		f.Code = code
	}
	f.ComputeEnvironmentSize()
	f.ComputeEnvironmentKeys(find)
	return f
}

// blockDig reads keys inside the first instance of a nested block, which
// native syntax gives as a list of maps and JSON syntax as a map. A block
// that differs between count/for_each instances is conditional: each
// instance's value is dug into and keeps its path, absent ones included, so
// rules still see the instances without the block.
func blockDig(props *model.Value, typ string, keys ...string) *model.Value {
	return blockValue(props.Dig(typ), keys)
}

func blockValue(b *model.Value, keys []string) *model.Value {
	switch {
	case b.State == model.Known && b.Type == model.List:
		if len(b.List) == 0 {
			return model.NewAbsent(nil)
		}
		return b.List[0].Dig(keys...)
	case b.State == model.Known && b.Type == model.Map:
		return b.Dig(keys...)
	case b.State == model.Unknown:
		return b
	case b.State == model.Conditional:
		c := &model.Value{State: model.Conditional, Range: b.Range}
		set := false
		for _, alt := range b.Alternatives {
			d := *blockValue(alt, keys).Copy()
			if len(d.When) == 0 {
				d.When = alt.When
			}
			set = set || d.State != model.Absent
			c.Alternatives = append(c.Alternatives, &d)
		}
		if !set {
			return model.NewAbsent(nil)
		}
		return c
	}
	return model.NewAbsent(nil)
}

// isLambdaRegistryModule recognises terraform-aws-modules/lambda/aws (from
// the registry or its GitHub repository), not its submodules.
func isLambdaRegistryModule(source string) bool {
	s := strings.TrimPrefix(source, "registry.terraform.io/")
	if strings.HasPrefix(s, "terraform-aws-modules/lambda/aws") {
		return !strings.Contains(s, "//")
	}
	if strings.Contains(s, "terraform-aws-modules/terraform-aws-lambda") {
		path := strings.SplitN(s, "?", 2)[0]
		return !strings.Contains(strings.TrimPrefix(path, "git::"), ".git//") && !strings.Contains(path, "lambda//")
	}
	return false
}

// lambdaModule models a call of terraform-aws-modules/lambda/aws from its
// documented inputs, as the module's aws_lambda_function.this would be,
// without downloading it. Values keep the caller's ranges, so findings land
// on the module arguments.
func (l *loader) lambdaModule(addr string, call *block, args map[string]*model.Value, rng model.Range) {
	arg := func(name string) *model.Value {
		if v, ok := args[name]; ok {
			return v
		}
		return model.NewAbsent(nil)
	}
	isFalse := func(name string) bool {
		v := arg(name)
		return v.IsKnown() && v.Type == model.Bool && !v.Bool
	}
	if isFalse("create") || isFalse("create_function") {
		return
	}
	if v := arg("create_layer"); v.IsKnown() && v.Type == model.Bool && v.Bool {
		return
	}
	props := model.NewMap(rng)
	set := func(key string, v *model.Value) {
		if v.State != model.Absent {
			props.Set(key, v)
		}
	}
	block := func(key string, fields map[string]*model.Value) {
		m := model.NewMap(rng)
		for _, k := range []string{"size", "variables", "subnet_ids", "security_group_ids", "arn", "local_mount_path", "capacity_provider_arn",
			"log_format", "application_log_level", "system_log_level", "log_group", "apply_on"} {
			if v, ok := fields[k]; ok && v.State != model.Absent {
				m.Set(k, v)
			}
		}
		if len(m.Keys) > 0 {
			props.Set(key, model.NewList([]*model.Value{m}, rng))
		}
	}
	for _, k := range []string{"function_name", "memory_size", "layers", "image_uri", "architectures", "reserved_concurrent_executions"} {
		set(k, arg(k))
	}
	// publish = (var.lambda_at_edge || var.snap_start) ? true : var.publish
	// and snap_start { apply_on = "PublishedVersions" } when var.snap_start.
	publish := arg("publish")
	switch snap := arg("snap_start"); {
	case isTrue(snap):
		on := model.NewString("PublishedVersions", snap.Range)
		on.Origin = snap.Origin
		block("snap_start", map[string]*model.Value{"apply_on": on})
		publish = snap
	case snap.IsSet() && !snap.IsKnown():
		// not known (a variable without a value, a conditional): neither
		// is the block, nor whether a version is published
		props.Set("snap_start", snap)
		if !isTrue(publish) {
			publish = model.NewUnknown("publish depends on snap_start, which is not known", snap.Range)
		}
	}
	if edge := arg("lambda_at_edge"); isTrue(edge) {
		publish = edge
	}
	set("publish", publish)
	pkg := arg("package_type")
	set("package_type", pkg)
	// The module passes no handler or runtime to image functions.
	if s, ok := pkg.AsString(); !ok || s == "Zip" {
		for _, k := range []string{"handler", "runtime"} {
			if s, ok := arg(k).AsString(); !ok || s != "" {
				set(k, arg(k))
			}
		}
	}
	timeout := arg("timeout")
	if edge := arg("lambda_at_edge"); edge.IsKnown() && edge.Type == model.Bool && edge.Bool {
		// timeout = var.lambda_at_edge ? min(var.timeout, 30) : var.timeout
		if n, ok := timeout.AsNumber(); ok && n > 30 {
			timeout = model.NewNumber(30, timeout.Range)
		}
		set("lambda_at_edge", edge)
	}
	set("timeout", timeout)
	if v := arg("ephemeral_storage_size"); v.State != model.Absent {
		block("ephemeral_storage", map[string]*model.Value{"size": v})
	}
	if v := arg("environment_variables"); v.IsSet() && !(v.IsKnown() && v.Type == model.Map && len(v.Keys) == 0) {
		block("environment", map[string]*model.Value{"variables": v})
	}
	// vpc_config is only set when both lists are given (the module's own
	// condition), so a half-configured call produces no VPC at all.
	if sn, sg := arg("vpc_subnet_ids"), arg("vpc_security_group_ids"); sn.IsSet() && sg.IsSet() {
		block("vpc_config", map[string]*model.Value{"subnet_ids": sn, "security_group_ids": sg})
	}
	if fa, fp := arg("file_system_arn"), arg("file_system_local_mount_path"); fa.IsSet() && fp.IsSet() {
		block("file_system_config", map[string]*model.Value{"arn": fa, "local_mount_path": fp})
	}
	// The module passes the log levels only with a log format other than
	// Text (its default).
	if format := arg("logging_log_format"); format.IsSet() {
		fields := map[string]*model.Value{"log_format": format, "log_group": arg("logging_log_group")}
		if s, ok := format.AsString(); ok && s != "Text" {
			fields["application_log_level"] = arg("logging_application_log_level")
			fields["system_log_level"] = arg("logging_system_log_level")
		}
		block("logging_config", fields)
	}
	if v := arg("managed_instances_capacity_provider_arn"); v.IsSet() {
		block("capacity_provider_config", map[string]*model.Value{"capacity_provider_arn": v})
	}
	if v := arg("local_existing_package"); v.IsSet() {
		props.Set("filename", v)
	}
	props = l.overlay(addr+"aws_lambda_function.this", props)
	r := &model.Resource{Name: addr + "aws_lambda_function.this", Type: "aws_lambda_function", Range: rng, Properties: props}
	l.project.Resources = append(l.project.Resources, r)
	f := l.lambdaFunction(r, props)
	// aws_lambda_provisioned_concurrency_config.current_version exists when
	// provisioned_concurrent_executions > -1; Lambda takes 1 or more.
	switch pc := arg("provisioned_concurrent_executions"); {
	case pc.IsKnown():
		if n, ok := pc.AsNumber(); ok && n >= 1 {
			m := model.NewMap(pc.Range)
			m.Set("provisioned_concurrent_executions", pc)
			f.ProvisionedConcurrency = m
		}
	case pc.IsSet():
		f.ProvisionedConcurrency = model.NewUnknown("provisioned_concurrent_executions is not known", pc.Range)
	}
	l.project.Functions = append(l.project.Functions, f)
	l.lambdaModuleAccess(addr, r, arg, rng)
}

// modulesManifest is .terraform/modules/modules.json, written by terraform init.
type modulesManifest struct {
	Modules []struct {
		Key string `json:"Key"`
		Dir string `json:"Dir"`
	} `json:"Modules"`
}

// installedModule returns the folder terraform init put a module call in,
// when that folder is part of the project.
func (m *module) installedModule(name string) (string, bool) {
	mf := m.l.modulesManifest()
	if mf == nil {
		return "", false
	}
	rootDir := m.l.project.Root
	key := strings.ReplaceAll(strings.TrimSuffix(strings.TrimPrefix(m.addr+"module."+name, "module."), "."), ".module.", ".")
	for _, mod := range mf.Modules {
		if mod.Key == key && mod.Dir != "" {
			dir := filepath.Join(rootDir, mod.Dir)
			if len(m.l.moduleFiles(dir)) > 0 {
				return dir, true
			}
		}
	}
	return "", false
}

// modulesManifest reads .terraform/modules/modules.json once per load.
func (l *loader) modulesManifest() *modulesManifest {
	if l.manifestRead {
		return l.manifest
	}
	l.manifestRead = true
	// Read through the driver's reader like every file: regular files
	// only, size capped (a FIFO here would block, /dev/zero never ends).
	name := filepath.Join(l.project.Root, ".terraform", "modules", "modules.json")
	src, err := l.read(name)
	if err != nil {
		// Absent, refused by the reader (not a regular file, too large)
		// or not among the project's files: no installed modules.
		return nil
	}
	var mf modulesManifest
	if json.Unmarshal(src, &mf) != nil {
		return nil
	}
	l.manifest = &mf
	return l.manifest
}
