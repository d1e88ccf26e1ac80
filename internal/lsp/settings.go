package lsp

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strconv"
)

// Settings are what the editor may set for the server, in the
// initialization options, in workspace/didChangeConfiguration or in answer
// to workspace/configuration (section "lambdavet"). They are the command
// line's flags; everything else comes from .lambdavet.yaml, as in CI.
type Settings struct {
	// Config is the configuration file to use (-config); relative paths
	// are relative to the first workspace folder. Empty: the nearest
	// .lambdavet.yaml above each file, as the command line finds it.
	Config string `json:"config,omitempty"`
	// Policies are extra folders of Rego policies (-policy).
	Policies []string `json:"policies,omitempty"`
	// Parameters override CloudFormation parameters (-param Name=Value).
	Parameters map[string]string `json:"parameters,omitempty"`
	// Vars set Terraform variables (-var name=value).
	Vars map[string]string `json:"vars,omitempty"`
	// VarFiles are Terraform variable files (-var-file).
	VarFiles []string `json:"varFiles,omitempty"`
	// Rules turn rules on or off (-LV202=false), over the configuration.
	Rules map[string]bool `json:"rules,omitempty"`
	// Debounce is how long, in milliseconds, the server waits after an
	// edit before linting (default 150).
	Debounce *int `json:"debounce,omitempty"`
}

// parseSettings reads settings given either as they are or under a
// "lambdavet" key; null or an empty value is no settings.
func parseSettings(raw json.RawMessage, base string) (Settings, error) {
	var s Settings
	raw = bytes.TrimSpace(raw)
	if isEmptyJSON(raw) {
		return s, nil
	}
	var wrapped map[string]json.RawMessage
	if err := json.Unmarshal(raw, &wrapped); err != nil {
		return s, fmt.Errorf("settings: want an object: %w", err)
	}
	if inner, ok := wrapped["lambdavet"]; ok {
		raw = inner
		if isEmptyJSON(raw) {
			return s, nil
		}
	}
	var loose struct {
		Config     string                     `json:"config"`
		Policies   []string                   `json:"policies"`
		Parameters map[string]json.RawMessage `json:"parameters"`
		Vars       map[string]json.RawMessage `json:"vars"`
		VarFiles   []string                   `json:"varFiles"`
		Rules      map[string]json.RawMessage `json:"rules"`
		Debounce   *int                       `json:"debounce"`
	}
	if err := json.Unmarshal(raw, &loose); err != nil {
		return s, fmt.Errorf("settings: %w", err)
	}
	var err error
	if s.Parameters, err = scalars("parameters", loose.Parameters); err != nil {
		return s, err
	}
	if s.Vars, err = scalars("vars", loose.Vars); err != nil {
		return s, err
	}
	if len(loose.Rules) > 0 {
		s.Rules = map[string]bool{}
		for id, v := range loose.Rules {
			on, err := ruleSwitch(v)
			if err != nil {
				return s, fmt.Errorf("settings: rules.%s: %w", id, err)
			}
			s.Rules[id] = on
		}
	}
	if loose.Debounce != nil && *loose.Debounce < 0 {
		return s, fmt.Errorf("settings: debounce: want milliseconds, 0 or more")
	}
	s.Debounce = loose.Debounce
	s.Config = resolve(base, loose.Config)
	for _, p := range loose.Policies {
		s.Policies = append(s.Policies, resolve(base, p))
	}
	for _, p := range loose.VarFiles {
		s.VarFiles = append(s.VarFiles, resolve(base, p))
	}
	return s, nil
}

// scalars reads a map of names to strings, numbers or booleans as
// strings, the way they are written on the command line.
func scalars(key string, in map[string]json.RawMessage) (map[string]string, error) {
	if len(in) == 0 {
		return nil, nil
	}
	out := map[string]string{}
	for k, v := range in {
		var s string
		if json.Unmarshal(v, &s) == nil {
			out[k] = s
			continue
		}
		var n json.Number
		if json.Unmarshal(v, &n) == nil {
			out[k] = n.String()
			continue
		}
		var b bool
		if json.Unmarshal(v, &b) == nil {
			out[k] = strconv.FormatBool(b)
			continue
		}
		return nil, fmt.Errorf("settings: %s.%s: want a string, number or boolean", key, k)
	}
	return out, nil
}

// ruleSwitch reads true/false or "on"/"off".
func ruleSwitch(v json.RawMessage) (bool, error) {
	var b bool
	if json.Unmarshal(v, &b) == nil {
		return b, nil
	}
	var s string
	if json.Unmarshal(v, &s) == nil {
		switch s {
		case "on", "true":
			return true, nil
		case "off", "false":
			return false, nil
		}
	}
	return false, fmt.Errorf("want true, false, \"on\" or \"off\"")
}

func resolve(base, p string) string {
	if p == "" || filepath.IsAbs(p) || base == "" {
		return p
	}
	return filepath.Join(base, p)
}

// isEmptyJSON reports whether raw is no value: nothing, null, {} or []
// (an empty Lua table is encoded either way).
func isEmptyJSON(raw json.RawMessage) bool {
	switch string(bytes.Join(bytes.Fields(raw), nil)) {
	case "", "null", "{}", "[]":
		return true
	}
	return false
}
