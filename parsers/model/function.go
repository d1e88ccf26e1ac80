package model

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
)

// AWS defaults for settings a function leaves out.
const (
	DefaultMemorySize       = 128
	DefaultTimeout          = 3
	DefaultEphemeralStorage = 512
)

// NewFunction returns a function for res with every setting absent and
// carrying its AWS default; loaders then fill in what the files set.
func NewFunction(res *Resource) *Function {
	return &Function{
		Resource:          res,
		Subject:           fmt.Sprintf("function %q", res.Name),
		PropertyNames:     CloudFormationNames,
		MemorySize:        unsetMemorySize,
		Timeout:           unsetTimeout,
		EphemeralStorage:  unsetEphemeralStorage,
		Environment:       unset,
		Layers:            unset,
		VpcConfig:         unset,
		Runtime:           unset,
		Architectures:     unsetArchitectures,
		PackageType:       unsetPackageType,
		Handler:           unset,
		Code:              unset,
		FileSystemConfigs: unset,
		AutoPublishAlias:  unset,
		CapacityProvider:  unset,
		LoggingConfig:     unset,
		// RuntimeManagementConfig is absent: Lambda updates the runtime
		// automatically (Auto).
		RuntimeManagementConfig: unset,
		SnapStart:               unset,
		ProvisionedConcurrency:  unset,
		Publish:                 unset,
		InlineCode:              unset,
	}
}

// The settings of a function that sets nothing: one value each, shared by
// every function of every project, since a large template has tens of
// thousands of functions and each unset setting was a value of its own
// (a sixth of the model of a template of 20,000 functions). They are
// sealed: their JSON form is built here, so no project writes to them, and
// a loader replaces them (Or, Copy), never changes them.
var (
	unset                 = sealed(NewAbsent(nil))
	missing               = sealed(NewAbsent(nil)) // what Dig gives for a key not there
	unsetMemorySize       = sealed(NewAbsent(NewNumber(DefaultMemorySize, Range{})))
	unsetTimeout          = sealed(NewAbsent(NewNumber(DefaultTimeout, Range{})))
	unsetEphemeralStorage = sealed(NewAbsent(NewNumber(DefaultEphemeralStorage, Range{})))
	unsetArchitectures    = sealed(NewAbsent(NewList([]*Value{NewString("x86_64", Range{})}, Range{})))
	unsetPackageType      = sealed(NewAbsent(NewString("Zip", Range{})))
)

// sealed builds v's JSON form (and so its parts') once, so a value shared
// between projects linted side by side is only ever read.
func sealed(v *Value) *Value {
	v.JSON()
	return v
}

// CloudFormationNames are the property names of AWS::Lambda::Function and
// AWS::Serverless::Function for the model's settings.
var CloudFormationNames = map[string]string{
	"memory_size": "MemorySize", "timeout": "Timeout", "ephemeral_storage": "EphemeralStorage size",
	"environment": "Environment Variables", "layers": "Layers", "vpc_config": "VpcConfig",
	"runtime": "Runtime", "architectures": "Architectures", "package_type": "PackageType",
	"handler": "Handler", "code": "Code", "file_system_configs": "FileSystemConfigs",
	"capacity_provider": "CapacityProviderConfig", "logging_config": "LoggingConfig",
	"runtime_management_config": "RuntimeManagementConfig", "snap_start": "SnapStart",
	"provisioned_concurrency": "ProvisionedConcurrencyConfig", "publish": "AWS::Lambda::Version",
	"inline_code": "Code ZipFile",
}

// SAMNames are CloudFormationNames as AWS::Serverless::Function writes them:
// its inline code is InlineCode.
var SAMNames = func() map[string]string {
	m := make(map[string]string, len(CloudFormationNames))
	for k, v := range CloudFormationNames {
		m[k] = v
	}
	m["inline_code"] = "InlineCode"
	return m
}()

// TerraformNames are the aws_lambda_function argument names for the
// model's settings.
var TerraformNames = map[string]string{
	"memory_size": "memory_size", "timeout": "timeout", "ephemeral_storage": "ephemeral_storage size",
	"environment": "environment variables", "layers": "layers", "vpc_config": "vpc_config",
	"runtime": "runtime", "architectures": "architectures", "package_type": "package_type",
	"handler": "handler", "code": "filename", "file_system_configs": "file_system_config",
	"capacity_provider": "capacity_provider_config", "logging_config": "logging_config",
	"runtime_management_config": "aws_lambda_runtime_management_config", "snap_start": "snap_start",
	"provisioned_concurrency": "aws_lambda_provisioned_concurrency_config", "publish": "publish",
}

// Or returns v when it is set, else the absent fallback (which keeps the
// AWS default), so loaders can write f.MemorySize = props.Get("MemorySize").Or(f.MemorySize).
func (v *Value) Or(fallback *Value) *Value {
	if v == nil || v.State == Absent {
		return fallback
	}
	return v
}

// OriginGlobals is the origin of values a SAM function inherits from the
// template's Globals section.
const OriginGlobals = "Globals"

// maxEnvironmentPaths bounds how many condition paths the environment size
// is computed for; past it one lower bound is given.
const maxEnvironmentPaths = 16

// ComputeEnvironmentSize measures the Variables map as AWS does against its
// 4 KB limit: the byte length of its compact JSON. It gives one size per
// condition path (an Fn::If or a conditional Terraform expression in a value
// or around the whole map). Values not known count as empty strings, so a
// size is a lower bound unless Exact.
func (f *Function) ComputeEnvironmentSize() {
	f.EnvironmentSizes = environmentSizes(f.Environment, nil)
}

func environmentSizes(env *Value, when When) []EnvironmentSize {
	switch {
	case env == nil || env.State == Absent:
		return nil
	case env.State == Conditional:
		var out []EnvironmentSize
		for _, alt := range env.Alternatives {
			out = append(out, environmentSizes(alt, JoinWhen(when, alt.When))...)
		}
		return out
	case env.State != Known || env.Type != Map:
		return nil // the whole map is unknown: nothing to measure
	}
	// The paths: one per distinct "when" among the variables' alternatives.
	var whens []When
	seen := map[string]bool{}
	for _, k := range env.Keys {
		v := env.Field(k)
		if v.State != Conditional {
			continue
		}
		for _, c := range v.Candidates() {
			if key := c.When.String(); !seen[key] {
				seen[key] = true
				whens = append(whens, c.When)
			}
		}
	}
	if len(whens) == 0 || len(whens) > maxEnvironmentPaths {
		whens = []When{nil}
	}
	out := make([]EnvironmentSize, 0, len(whens)+1)
	over := false
	for _, w := range whens {
		s := measurePath(env, w, when)
		over = over || s.Bytes > EnvironmentLimit
		out = append(out, s)
	}
	// Variables on independent conditions: no single condition's path is
	// over the limit, but taking each variable's largest value together
	// may be, when those paths can hold at once.
	if !over && len(whens) > 1 {
		if worst, ok := largestCombination(env, when); ok && worst.Bytes > EnvironmentLimit {
			out = append(out, worst)
		}
	}
	return out
}

// EnvironmentLimit is the size AWS allows the Variables map, in bytes of
// compact JSON.
const EnvironmentLimit = 4096

// largestCombination sizes the map with every conditional variable at its
// largest value, when the paths of those values are compatible.
func largestCombination(env *Value, outer When) (EnvironmentSize, bool) {
	chosen := map[string]*Value{}
	var path When
	for _, k := range env.Keys {
		v := env.Field(k)
		if v.State != Conditional {
			continue
		}
		var best *Value
		bestLen := -1
		for _, c := range v.Candidates() {
			s, _ := c.AsString()
			if n := jsonStringLen(s); n > bestLen {
				best, bestLen = c, n
			}
		}
		if best == nil || !CompatibleWhen(path, best.When) {
			return EnvironmentSize{}, false
		}
		chosen[k] = best
		path = JoinWhen(path, best.When)
	}
	m := NewMap(env.Range)
	for _, k := range env.Keys {
		if c, ok := chosen[k]; ok {
			m.Set(k, c)
		} else {
			m.Set(k, env.Field(k))
		}
	}
	size := measurePath(m, nil, JoinWhen(outer, path))
	return size, true
}

// measurePath sizes the map along the path where the alternatives written
// with path are taken; a conditional value on another condition counts its
// smallest alternative, which makes the size a lower bound.
func measurePath(env *Value, path, outer When) EnvironmentSize {
	keys := append([]string(nil), env.Keys...)
	sort.Strings(keys)
	size := EnvironmentSize{When: JoinWhen(outer, path), Bytes: 2, Exact: true, At: env}
	largest := -1
	for i, k := range keys {
		if i > 0 {
			size.Bytes++ // ,
		}
		size.Bytes += jsonStringLen(k) + 1 // "key":
		v := env.Field(k)
		var chosen *Value
		n, exact := -1, true
		if v.State == Conditional {
			for _, c := range v.Candidates() {
				if len(path) > 0 && c.When.Equal(path) {
					chosen = c
				}
			}
			if chosen == nil { // not on this path's condition: lower bound
				exact = false
				for _, c := range v.Candidates() {
					s, _ := c.AsString()
					if l := jsonStringLen(s); n < 0 || l < n {
						n, chosen = l, c
					}
				}
			}
		} else {
			chosen = v
		}
		if chosen != nil && n < 0 {
			s, ok := chosen.AsString()
			exact = exact && ok
			n = jsonStringLen(s)
		}
		if n < 0 { // absent on every path, or unknown
			n, exact = 2, false
		}
		size.Bytes += n
		size.Exact = size.Exact && exact
		if n > largest && chosen != nil {
			largest = n
			size.Largest = k
			// Point at the variable the message names as the largest when
			// it was set somewhere else (Globals, a parameter, a mapping,
			// tfvars) or only on this path: a message naming a culprit
			// points at it. A variable written in the map itself is
			// covered by the map's range, which runs from its key over
			// every variable, and the map carries the origin to name.
			if len(chosen.Origin) > 0 || len(chosen.When) > 0 {
				size.At = chosen
			} else {
				size.At = env
			}
		}
	}
	return size
}

// KeyFinder says where the loader found key written in the map m, a known
// candidate of a function's Variables map, and how that place reached the
// function (Globals, a variable default); ok is false when it does not know.
type KeyFinder func(m *Value, key string) (r Range, origin Origin, ok bool)

// ComputeEnvironmentKeys lists the names the Variables map sets, with the
// place find gives for each (the map's own range and origin when it gives
// none). A name set on every path of its value is listed once with the
// map's path; one whose value leaves it unset on some path (Fn::If with
// AWS::NoValue) is listed once per path that sets it. A null value sets
// nothing.
func (f *Function) ComputeEnvironmentKeys(find KeyFinder) {
	var out []EnvironmentKey
	f.Environment.EachCandidate(nil, func(m *Value, when When) {
		if m.State != Known || m.Type != Map {
			return
		}
		for _, k := range m.Keys {
			whens, partial := setOn(m.Field(k), nil, nil, 0)
			if len(whens) == 0 {
				continue
			}
			if !partial {
				whens = []When{nil}
			}
			r, origin, ok := find(m, k)
			if !ok {
				r, origin = m.Range, m.Origin
			}
			for _, w := range whens {
				out = append(out, EnvironmentKey{Name: k, When: JoinWhen(when, w), Range: r, Origin: origin})
			}
		}
	})
	f.EnvironmentKeys = out
}

// setOn appends to whens the paths (below when) on which v is set to
// something other than null, and reports whether some path leaves it unset.
func setOn(v *Value, when When, whens []When, depth int) ([]When, bool) {
	switch {
	case v == nil || v.State == Absent || (v.State == Known && v.Type == Null):
		return whens, true
	case v.State != Conditional:
		return append(whens, JoinWhen(when, v.When)), false
	case depth > MaxWalkDepth:
		return whens, true
	}
	partial := false
	for _, a := range v.Alternatives {
		var p bool
		whens, p = setOn(a, JoinWhen(when, v.When), whens, depth+1)
		partial = partial || p
	}
	return whens, partial
}

// jsonStringLen is the UTF-8 byte length of s as a JSON string literal,
// without the HTML escaping encoding/json applies by default.
func jsonStringLen(s string) int {
	// Printable ASCII without quotes or backslashes is written as is: the
	// common case costs no encoder (a Globals map is measured once per
	// function that inherits it).
	plain := true
	for i := 0; i < len(s) && plain; i++ {
		c := s[i]
		plain = c >= 0x20 && c < 0x7f && c != '"' && c != '\\'
	}
	if plain {
		return len(s) + 2
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return buf.Len() - 1 // Encode appends a newline
}
