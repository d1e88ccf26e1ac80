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
		MemorySize:        NewAbsent(NewNumber(DefaultMemorySize, Range{})),
		Timeout:           NewAbsent(NewNumber(DefaultTimeout, Range{})),
		EphemeralStorage:  NewAbsent(NewNumber(DefaultEphemeralStorage, Range{})),
		Environment:       NewAbsent(nil),
		Layers:            NewAbsent(nil),
		VpcConfig:         NewAbsent(nil),
		Runtime:           NewAbsent(nil),
		Architectures:     NewAbsent(NewList([]*Value{NewString("x86_64", Range{})}, Range{})),
		PackageType:       NewAbsent(NewString("Zip", Range{})),
		Handler:           NewAbsent(nil),
		Code:              NewAbsent(nil),
		FileSystemConfigs: NewAbsent(nil),
		AutoPublishAlias:  NewAbsent(nil),
		CapacityProvider:  NewAbsent(nil),
	}
}

// CloudFormationNames are the property names of AWS::Lambda::Function and
// AWS::Serverless::Function for the model's settings.
var CloudFormationNames = map[string]string{
	"memory_size": "MemorySize", "timeout": "Timeout", "ephemeral_storage": "EphemeralStorage size",
	"environment": "Environment Variables", "layers": "Layers", "vpc_config": "VpcConfig",
	"runtime": "Runtime", "architectures": "Architectures", "package_type": "PackageType",
	"handler": "Handler", "code": "Code", "file_system_configs": "FileSystemConfigs",
	"capacity_provider": "CapacityProviderConfig",
}

// TerraformNames are the aws_lambda_function argument names for the
// model's settings.
var TerraformNames = map[string]string{
	"memory_size": "memory_size", "timeout": "timeout", "ephemeral_storage": "ephemeral_storage size",
	"environment": "environment variables", "layers": "layers", "vpc_config": "vpc_config",
	"runtime": "runtime", "architectures": "architectures", "package_type": "package_type",
	"handler": "handler", "code": "filename", "file_system_configs": "file_system_config",
	"capacity_provider": "capacity_provider_config",
}

// Or returns v when it is set, else the absent fallback (which keeps the
// AWS default), so loaders can write f.MemorySize = props.Get("MemorySize").Or(f.MemorySize).
func (v *Value) Or(fallback *Value) *Value {
	if v == nil || v.State == Absent {
		return fallback
	}
	return v
}

// ComputeEnvironmentSize sets EnvironmentSize to the byte length of the
// Variables map as compact JSON (what AWS measures against 4 KB). Values not
// known count as empty strings, and a conditional value counts its smallest
// alternative, so the figure is a lower bound unless EnvironmentSizeExact.
func (f *Function) ComputeEnvironmentSize() {
	f.EnvironmentSize, f.EnvironmentSizeExact = 0, true
	env := f.Environment
	if env == nil || env.State == Absent {
		return
	}
	if env.State != Known || env.Type != Map {
		f.EnvironmentSizeExact = false
		if env.State == Conditional {
			smallest := -1
			for _, alt := range env.Candidates() {
				g := &Function{Environment: alt}
				g.ComputeEnvironmentSize()
				if smallest < 0 || g.EnvironmentSize < smallest {
					smallest = g.EnvironmentSize
				}
			}
			if smallest > 0 {
				f.EnvironmentSize = smallest
			}
		}
		return
	}
	keys := append([]string(nil), env.Keys...)
	sort.Strings(keys)
	size := 2 // {}
	for i, k := range keys {
		if i > 0 {
			size++ // ,
		}
		size += jsonStringLen(k) + 1 // "key":
		smallest, exact := -1, true
		for _, c := range env.Fields[k].Candidates() {
			s, ok := c.AsString()
			if !ok {
				exact = false
			}
			if n := jsonStringLen(s); smallest < 0 || n < smallest {
				smallest = n
			}
		}
		if env.Fields[k].State == Conditional {
			exact = false
		}
		if smallest < 0 {
			smallest, exact = 2, false
		}
		size += smallest
		f.EnvironmentSizeExact = f.EnvironmentSizeExact && exact
	}
	f.EnvironmentSize = size
}

// jsonStringLen is the UTF-8 byte length of s as a JSON string literal,
// without the HTML escaping encoding/json applies by default.
func jsonStringLen(s string) int {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return buf.Len() - 1 // Encode appends a newline
}
