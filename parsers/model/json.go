package model

import "encoding/json"

// The JSON form of the model is the contract with Rego policies and with
// anything that reads `lambdavet -dump-model`; model.schema.json describes it.
// It is built as plain maps and slices so the Rego bridge can convert it with
// ast.InterfaceToValue without a JSON round trip.

// JSON returns the JSON form of the project.
func (p *Project) JSON() map[string]any {
	p.DeriveNetwork()
	files := make([]any, 0, len(p.Files))
	for _, f := range p.Files {
		files = append(files, map[string]any{"path": f.Path, "format": string(f.Format)})
	}
	funcs := make([]any, 0, len(p.Functions))
	for _, f := range p.Functions {
		funcs = append(funcs, f.JSON())
	}
	res := make([]any, 0, len(p.Resources))
	for _, r := range p.Resources {
		res = append(res, r.JSON())
	}
	errs := make([]any, 0, len(p.Errors))
	for _, e := range p.Errors {
		errs = append(errs, map[string]any{"range": e.Range.JSON(), "message": e.Message})
	}
	m := map[string]any{
		"root":      p.Root,
		"files":     files,
		"functions": funcs,
		"resources": res,
		"errors":    errs,
	}
	if p.Network != nil {
		m["network"] = p.Network.JSON()
	}
	return m
}

// MarshalJSON encodes the project in its JSON form.
func (p *Project) MarshalJSON() ([]byte, error) { return json.Marshal(p.JSON()) }

// JSON returns the JSON form of a range. Its numbers are ints, the type
// the Rego conversion and the readers of the form expect.
func (r Range) JSON() map[string]any {
	return map[string]any{
		"file":      r.File,
		"line":      int(r.Start.Line),
		"column":    int(r.Start.Column),
		"offset":    int(r.Start.Offset),
		"endLine":   int(r.End.Line),
		"endColumn": int(r.End.Column),
		"endOffset": int(r.End.Offset),
	}
}

// JSON returns the JSON form of a resource.
func (r *Resource) JSON() map[string]any {
	m := map[string]any{
		"name":       r.Name,
		"type":       r.Type,
		"range":      r.Range.JSON(),
		"properties": r.Properties.JSON(),
	}
	if r.Condition != "" {
		m["condition"] = r.Condition
	}
	if r.DataSource {
		m["data_source"] = true
	}
	return m
}

// JSON returns the JSON form of a function.
func (f *Function) JSON() map[string]any {
	m := f.SettingsJSON()
	events := make([]any, 0, len(f.Events))
	for _, e := range f.Events {
		events = append(events, map[string]any{
			"name":       e.Name,
			"type":       e.Type,
			"range":      e.Range.JSON(),
			"properties": e.Properties.JSON(),
		})
	}
	m["events"] = events
	// The schema promises Rego the triggers; the form used to build them
	// and drop them.
	triggers := make([]any, 0, len(f.Triggers))
	for _, t := range f.Triggers {
		triggers = append(triggers, t.JSON())
	}
	m["triggers"] = triggers
	m["properties"] = f.Resource.Properties.JSON()
	if f.Network != nil {
		m["network"] = f.Network.JSON()
	}
	if f.Uses != nil {
		uses := make([]any, 0, len(f.Uses))
		for _, u := range f.Uses {
			uses = append(uses, u.JSON())
		}
		m["uses"] = uses
	}
	if f.Writes != nil {
		writes := make([]any, 0, len(f.Writes))
		for _, g := range f.Writes {
			writes = append(writes, g.JSON())
		}
		m["writes"] = writes
	}
	return m
}

// SettingsJSON returns the part of the function's JSON form that holds its
// identity and effective settings, without its events, raw properties,
// network and uses: what one-function rules read, at a fraction of the
// cost of the whole form on a large template.
func (f *Function) SettingsJSON() map[string]any {
	sizes := make([]any, 0, len(f.EnvironmentSizes))
	for _, s := range f.EnvironmentSizes {
		sizes = append(sizes, map[string]any{
			"when": s.When.String(), "bytes": s.Bytes, "exact": s.Exact, "largest": s.Largest, "at": s.At.JSON(),
		})
	}
	keys := make([]any, 0, len(f.EnvironmentKeys))
	for _, k := range f.EnvironmentKeys {
		keys = append(keys, k.JSON())
	}
	names := make(map[string]any, len(f.PropertyNames))
	for k, v := range f.PropertyNames {
		names[k] = v
	}
	return map[string]any{
		"name":                      f.Resource.Name,
		"subject":                   f.Subject,
		"property_names":            names,
		"type":                      f.Resource.Type,
		"range":                     f.Resource.Range.JSON(),
		"memory_size":               f.MemorySize.JSON(),
		"timeout":                   f.Timeout.JSON(),
		"ephemeral_storage":         f.EphemeralStorage.JSON(),
		"environment":               f.Environment.JSON(),
		"environment_sizes":         sizes,
		"environment_keys":          keys,
		"layers":                    f.Layers.JSON(),
		"vpc_config":                f.VpcConfig.JSON(),
		"runtime":                   f.Runtime.JSON(),
		"architectures":             f.Architectures.JSON(),
		"package_type":              f.PackageType.JSON(),
		"handler":                   f.Handler.JSON(),
		"code":                      f.Code.JSON(),
		"file_system_configs":       f.FileSystemConfigs.JSON(),
		"auto_publish_alias":        f.AutoPublishAlias.JSON(),
		"capacity_provider":         f.CapacityProvider.JSON(),
		"logging_config":            f.LoggingConfig.JSON(),
		"runtime_management_config": f.RuntimeManagementConfig.JSON(),
		"snap_start":                f.SnapStart.JSON(),
		"provisioned_concurrency":   f.ProvisionedConcurrency.JSON(),
		"publish":                   f.Publish.JSON(),
		"inline_code":               f.InlineCode.JSON(),
		"edge":                      f.EdgeJSON(),
	}
}

// JSON returns the JSON form of an environment variable name: name, when,
// origin (both "" when not set) and range.
func (k EnvironmentKey) JSON() map[string]any {
	return map[string]any{"name": k.Name, "when": k.When.String(), "origin": k.Origin.String(), "range": k.Range.JSON()}
}

// JSON returns the JSON form of a value. A nil value is absent. The form
// is built once per value and shared: one setting appears in a function's
// fields, in its properties and in its resource, and the Rego bridge
// converts each shared form once. Values are not changed after loading and
// derived values are made with Copy, so the cache stays true; callers must
// not modify the map. One goroutine builds a project's JSON form.
func (v *Value) JSON() map[string]any {
	if v == nil {
		return map[string]any{"state": "absent"}
	}
	return v.jsonAt(0)
}

func (v *Value) jsonAt(depth int) map[string]any {
	if v == nil {
		return map[string]any{"state": "absent"}
	}
	if v.json == nil {
		if depth > MaxWalkDepth {
			// Not cached: the same value nearer the top gets its form.
			return map[string]any{"state": "unknown", "reason": "nested too deeply to describe"}
		}
		v.json = v.buildJSON(depth)
	}
	return v.json
}

func (v *Value) buildJSON(depth int) map[string]any {
	m := map[string]any{"state": v.State.String()}
	if !v.Range.IsZero() {
		m["range"] = v.Range.JSON()
	}
	if len(v.Origin) > 0 {
		m["origin"] = v.Origin.String()
	}
	if len(v.When) > 0 {
		m["when"] = v.When.String()
	}
	switch v.State {
	case Absent:
		if v.Default != nil {
			m["default"] = v.Default.jsonAt(depth + 1)
		}
	case Unknown:
		m["reason"] = v.Reason
		if len(v.Refs) > 0 {
			refs := make([]any, len(v.Refs))
			for i, r := range v.Refs {
				refs[i] = refJSON(r)
			}
			m["refs"] = refs
		}
	case Conditional:
		alts := make([]any, len(v.Alternatives))
		for i, a := range v.Alternatives {
			alts[i] = a.jsonAt(depth + 1)
		}
		m["alternatives"] = alts
	case Known:
		m["type"] = v.Type.String()
		switch v.Type {
		case Null:
			m["value"] = nil
		case String:
			m["value"] = v.Str
		case Number:
			m["value"] = v.Num
		case Bool:
			m["value"] = v.Bool
		case List:
			items := make([]any, len(v.List))
			for i, it := range v.List {
				items[i] = it.jsonAt(depth + 1)
			}
			m["value"] = items
		case Map:
			fields := make(map[string]any, len(v.Keys))
			for i, k := range v.Keys {
				fields[k] = v.FieldAt(i).jsonAt(depth + 1)
			}
			m["value"] = fields
		case Reference:
			m["value"] = refJSON(*v.Ref)
		}
	}
	return m
}

func refJSON(r Ref) map[string]any {
	m := map[string]any{"resource": r.Resource}
	if r.Attribute != "" {
		m["attribute"] = r.Attribute
	}
	return m
}
