// Package model is lambdavet's one picture of a deployment, whatever format it
// was written in: functions with their effective settings and every other
// resource with its properties, each value tagged known, unknown or absent and
// carrying the source range it came from.
package model

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Point is a place in a file: 1-based line, 1-based byte column and the
// 0-based byte offset, so it converts to a token.Pos without re-reading text.
// Its fields are 32 bits, as every value and node has two points and files
// are at most 32 MB (internal/safefile): a tenth of a large model.
type Point struct {
	Line   int32 `json:"line"`
	Column int32 `json:"column"`
	Offset int32 `json:"offset"`
}

// Range is the half-open source span [Start, End) of a value in File.
type Range struct {
	File  string `json:"file"`
	Start Point  `json:"start"`
	End   Point  `json:"end"`
}

// IsZero reports whether the range points nowhere (a value set on the command
// line, or a default AWS applies).
func (r Range) IsZero() bool { return r.File == "" && r.Start.Line == 0 }

// String formats the range start as file:line:column.
func (r Range) String() string {
	return fmt.Sprintf("%s:%d:%d", r.File, r.Start.Line, r.Start.Column)
}

// State says how much is known about a value.
type State uint8

const (
	// Absent: the property is not set and AWS applies its default.
	Absent State = iota
	// Known: the value is fully determined by the files and flags.
	Known
	// Unknown: the value depends on something outside the project (a
	// parameter without default, an import, a data source).
	Unknown
	// Conditional: the value is one of Alternatives depending on conditions
	// that cannot be decided (Fn::If on an unknown condition).
	Conditional
)

var stateNames = [...]string{"absent", "known", "unknown", "conditional"}

func (s State) String() string { return stateNames[s] }

// Type is the type of a known value.
type Type uint8

// The types a known value can have. Numbers are float64; references to other
// resources keep their target so rules can follow them.
const (
	Null Type = iota
	String
	Number
	Bool
	List
	Map
	Reference
)

var typeNames = [...]string{"null", "string", "number", "bool", "list", "map", "ref"}

func (t Type) String() string { return typeNames[t] }

// Ref is a reference to another resource, or to one of its attributes
// (Fn::GetAtt, Ref to a resource, a Terraform attribute access).
type Ref struct {
	Resource  string `json:"resource"`
	Attribute string `json:"attribute,omitempty"`
}

// String formats the reference as Resource or Resource.Attribute.
func (r Ref) String() string {
	if r.Attribute == "" {
		return r.Resource
	}
	return r.Resource + "." + r.Attribute
}

// Value is one evaluated configuration value with its provenance.
type Value struct {
	State State
	Type  Type
	// Bool is here, beside the other bytes, to keep the struct small.
	Bool bool

	// Str is a known string; on an Unknown value built from a string with
	// parts known only at deploy time (a Fn::Sub), the template with those
	// parts as written (${AWS::StackName}-uploads), which Template returns.
	Str  string
	Num  float64
	List []*Value
	// Keys keeps map keys in source order; Field and FieldAt read their
	// values, Set writes them.
	Keys   []string
	fields *fieldSet
	Ref    *Ref

	// Alternatives of a Conditional value; each carries When.
	Alternatives []*Value
	// When describes the condition path that selects this alternative.
	When When

	// Range is where the value was written: the literal, the parameter
	// default, the mapping entry or the Globals line that supplied it.
	Range Range
	// Origin says how the value reached the property when it was not written
	// in place, e.g. `parameter "Mem" default` or `Globals`, each hop of
	// the way.
	Origin Origin
	// Reason says why an Unknown value is unknown.
	Reason string
	// Refs lists the resources an Unknown value was built from (a Fn::Sub
	// of an ARN, a Join of attributes), so rules can still follow them.
	Refs []Ref
	// Default is the value AWS applies when an Absent property is not set.
	Default *Value

	// json caches the JSON form (see JSON). Copies are made with Copy,
	// which drops it, so a derived value never carries a stale form.
	json map[string]any
}

// NewString returns a known string.
func NewString(s string, r Range) *Value { return &Value{State: Known, Type: String, Str: s, Range: r} }

// NewNumber returns a known number.
func NewNumber(n float64, r Range) *Value {
	return &Value{State: Known, Type: Number, Num: n, Range: r}
}

// NewBool returns a known boolean.
func NewBool(b bool, r Range) *Value { return &Value{State: Known, Type: Bool, Bool: b, Range: r} }

// NewNull returns a known null.
func NewNull(r Range) *Value { return &Value{State: Known, Type: Null, Range: r} }

// NewList returns a known list.
func NewList(items []*Value, r Range) *Value {
	return &Value{State: Known, Type: List, List: items, Range: r}
}

// NewMap returns an empty known map; fill it with Set.
func NewMap(r Range) *Value {
	return &Value{State: Known, Type: Map, Range: r}
}

// fieldSet holds the values of a map's Keys, in their order, and indexes
// them once there are more than indexFrom. A Go map per map value was a
// fifth of the model of a large template, where most maps hold a few keys
// and a search of those is as fast as hashing.
type fieldSet struct {
	vals  []*Value
	index map[string]int
}

// indexFrom is the number of keys past which a map's keys are indexed.
const indexFrom = 16

// NewRef returns a known reference to a resource or attribute.
func NewRef(ref Ref, r Range) *Value {
	return &Value{State: Known, Type: Reference, Ref: &ref, Range: r}
}

// NewUnknown returns an unknown value and the reason it is unknown.
func NewUnknown(reason string, r Range, refs ...Ref) *Value {
	return &Value{State: Unknown, Reason: reason, Range: r, Refs: refs}
}

// NewTemplate returns an Unknown value built from a string with parts
// known only at deploy time: tmpl is the string with those parts as
// written, so values built from the same template can be matched.
func NewTemplate(tmpl, reason string, r Range, refs ...Ref) *Value {
	return &Value{State: Unknown, Str: tmpl, Reason: reason, Range: r, Refs: refs}
}

// Template returns the template an Unknown value was built from
// (NewTemplate); ok is false for any other value.
func (v *Value) Template() (string, bool) {
	if v == nil || v.State != Unknown || v.Str == "" {
		return "", false
	}
	return v.Str, true
}

// NewAbsent returns an absent value with the default AWS applies (may be nil).
func NewAbsent(def *Value) *Value { return &Value{State: Absent, Default: def} }

// Set adds or replaces a map field, keeping first-insertion order.
func (v *Value) Set(key string, val *Value) {
	if v.fields == nil {
		v.fields = &fieldSet{}
	}
	if i := v.fieldIndex(key); i >= 0 {
		v.fields.vals[i] = val
		return
	}
	fs := v.fields
	v.Keys = append(v.Keys, key)
	fs.vals = append(fs.vals, val)
	switch n := len(fs.vals); {
	case fs.index != nil:
		fs.index[key] = n - 1
	case n > indexFrom:
		fs.index = make(map[string]int, 2*n)
		for i, k := range v.Keys {
			fs.index[k] = i
		}
	}
}

// fieldIndex returns the position of key among v's keys, or -1.
func (v *Value) fieldIndex(key string) int {
	fs := v.fields
	if fs == nil {
		return -1
	}
	if fs.index != nil {
		if i, ok := fs.index[key]; ok {
			return i
		}
		return -1
	}
	for i, k := range v.Keys {
		if k == key {
			return i
		}
	}
	return -1
}

// Field returns the value of a map's key, or nil when it has none (unlike
// Get, whatever v's state).
func (v *Value) Field(key string) *Value {
	if i := v.fieldIndex(key); i >= 0 {
		return v.fields.vals[i]
	}
	return nil
}

// FieldAt returns the value of a map's i-th key, v.Keys[i].
func (v *Value) FieldAt(i int) *Value { return v.fields.vals[i] }

// MapValues returns a copy of the map v whose values are f's of v's.
func (v *Value) MapValues(f func(*Value) *Value) *Value {
	c := v.Copy()
	c.Keys = slices.Clone(v.Keys)
	c.fields = &fieldSet{vals: make([]*Value, len(v.Keys))}
	for i := range v.Keys {
		c.fields.vals[i] = f(v.FieldAt(i))
	}
	if v.fields != nil && v.fields.index != nil {
		c.fields.index = maps.Clone(v.fields.index)
	}
	return c
}

// Get returns a map field, or nil when v is not a known map or lacks key.
func (v *Value) Get(key string) *Value {
	if v == nil || v.State != Known || v.Type != Map {
		return nil
	}
	return v.Field(key)
}

// Path follows map keys; nil when any step is missing.
func (v *Value) Path(keys ...string) *Value {
	for _, k := range keys {
		v = v.Get(k)
		if v == nil {
			return nil
		}
	}
	return v
}

// IsKnown reports whether v is a known value.
func (v *Value) IsKnown() bool { return v != nil && v.State == Known }

// IsSet reports whether v is present in the configuration (known, unknown or
// conditional), as opposed to absent or a null.
func (v *Value) IsSet() bool {
	return v != nil && v.State != Absent && !(v.State == Known && v.Type == Null)
}

// AsNumber returns the numeric value of a known number, or of a string that
// holds one ("1024"), as CloudFormation accepts both.
func (v *Value) AsNumber() (float64, bool) {
	if !v.IsKnown() {
		return 0, false
	}
	switch v.Type {
	case Number:
		return v.Num, true
	case String:
		n, err := strconv.ParseFloat(strings.TrimSpace(v.Str), 64)
		if err != nil || math.IsInf(n, 0) || math.IsNaN(n) {
			return 0, false
		}
		return n, true
	}
	return 0, false
}

// AsString returns the string form of a known scalar the way CloudFormation
// stringifies it (numbers without exponent, booleans as true/false).
func (v *Value) AsString() (string, bool) {
	if !v.IsKnown() {
		return "", false
	}
	switch v.Type {
	case String:
		return v.Str, true
	case Number:
		return FormatNumber(v.Num), true
	case Bool:
		return strconv.FormatBool(v.Bool), true
	}
	return "", false
}

// FormatNumber prints integers without a fraction and others in shortest form.
func FormatNumber(n float64) string {
	if n == math.Trunc(n) && math.Abs(n) < 1e15 {
		return strconv.FormatInt(int64(n), 10)
	}
	return strconv.FormatFloat(n, 'f', -1, 64)
}

// Copy returns a shallow copy of v, without the cached JSON form, for
// loaders that derive a value from another (a path's "when" added, say).
func (v *Value) Copy() *Value {
	c := *v
	c.json = nil
	return &c
}

// WithOrigin returns a shallow copy of v carried by origin: v's Origin
// when it has none yet, else a hop added to its chain (`parameter "Mem"
// default, via Globals`), so a message names where the value was set and
// what passed it on.
func (v *Value) WithOrigin(hop string) *Value {
	return v.WithOrigins(OriginOf(hop))
}

// WithOrigins is WithOrigin for the hops of another value's origin (an
// entry of a map inherits where the map was set).
func (v *Value) WithOrigins(hops Origin) *Value {
	if v == nil {
		return nil
	}
	c := v.Copy()
	c.Origin = c.Origin.Then(hops)
	return c
}

// Items returns the items of a list value, of each candidate of a
// conditional; a candidate that is not a known list is one item.
func (v *Value) Items() []*Value {
	var out []*Value
	for _, c := range v.Candidates() {
		if c.IsKnown() && c.Type == List {
			out = append(out, c.List...)
		} else {
			out = append(out, c)
		}
	}
	return out
}

// KnownOnEveryPath reports whether v has candidates and each is known: a
// setting that differs by condition or instance is then followed on each.
func (v *Value) KnownOnEveryPath() bool {
	cands := v.Candidates()
	for _, c := range cands {
		if !c.IsKnown() {
			return false
		}
	}
	return len(cands) > 0
}

// Candidates returns the concrete values v may take: v itself when known or
// unknown, each alternative of a conditional (flattened), nothing when absent.
func (v *Value) Candidates() []*Value { return v.leaves(false) }

// Leaves returns every value v may take, in order, absent ones included:
// v itself, or each alternative of a conditional, nested ones flattened.
// Loaders that build a conditional from others (an Fn::If, a Terraform
// conditional) add their path to each leaf.
func (v *Value) Leaves() []*Value { return v.leaves(true) }

func (v *Value) leaves(absent bool) []*Value {
	switch {
	case v == nil || (v.State == Absent && !absent):
		return nil
	case v.State != Conditional:
		return []*Value{v}
	}
	var out []*Value
	v.appendLeaves(&out, absent, 0)
	return out
}

func (v *Value) appendLeaves(out *[]*Value, absent bool, depth int) {
	switch {
	case v == nil || (v.State == Absent && !absent) || depth > MaxWalkDepth:
	case v.State != Conditional:
		*out = append(*out, v)
	default:
		for _, a := range v.Alternatives {
			a.appendLeaves(out, absent, depth+1)
		}
	}
}

// MaxWalkDepth bounds every recursion of this package over values. Loaders
// refuse values nested deeper than the budget's Depth (1000 by default), so
// a walk never reaches it; it is the backstop that keeps a loader's bug
// from overflowing the stack, which no recover catches.
const MaxWalkDepth = 10_000

// Dig follows map keys through the value, keeping what is not known: through
// a conditional it digs into each alternative, through an unknown it stays
// unknown, and a missing key is absent: the one shared, sealed absent
// value (missing), since rules and loaders dig for keys most templates
// leave out, and a new value per miss was a sixth of what a large
// template's lint allocated. Callers copy before they change a value.
func (v *Value) Dig(keys ...string) *Value {
	if len(keys) == 0 || v == nil {
		if v == nil {
			return missing
		}
		return v
	}
	switch v.State {
	case Known:
		if v.Type != Map {
			return missing
		}
		f := v.Field(keys[0])
		if f == nil {
			return missing
		}
		return f.Dig(keys[1:]...)
	case Unknown:
		return v
	case Conditional:
		c := &Value{State: Conditional, Range: v.Range}
		anySet := false
		for _, a := range v.Alternatives {
			d := a.Dig(keys...)
			if d.State == Absent {
				continue
			}
			anySet = true
			d2 := *d.Copy()
			if len(d2.When) == 0 {
				d2.When = a.When
			}
			c.Alternatives = append(c.Alternatives, &d2)
		}
		if !anySet {
			return missing
		}
		return c
	}
	return missing
}

// AllRefs lists every resource reference inside v: a known reference, the
// references an unknown value was built from (an Fn::Sub of an ARN), and
// those of list items, map fields and conditional alternatives.
func (v *Value) AllRefs() []Ref {
	var out []Ref
	v.appendRefs(&out, 0)
	return out
}

func (v *Value) appendRefs(out *[]Ref, depth int) {
	if v == nil || depth > MaxWalkDepth {
		return
	}
	switch v.State {
	case Known:
		switch v.Type {
		case Reference:
			*out = append(*out, *v.Ref)
		case List:
			for _, it := range v.List {
				it.appendRefs(out, depth+1)
			}
		case Map:
			for i := range v.Keys {
				v.FieldAt(i).appendRefs(out, depth+1)
			}
		}
	case Unknown:
		*out = append(*out, v.Refs...)
	case Conditional:
		for _, a := range v.Alternatives {
			a.appendRefs(out, depth+1)
		}
	}
}

// EachCandidate calls visit with every value v can take (v itself, or each
// alternative of a conditional, recursively), with the condition path that
// selects it joined onto when. Absent values are skipped.
func (v *Value) EachCandidate(when When, visit func(c *Value, when When)) {
	v.eachCandidate(when, visit, 0)
}

func (v *Value) eachCandidate(when When, visit func(c *Value, when When), depth int) {
	if v == nil || v.State == Absent || depth > MaxWalkDepth {
		return
	}
	if v.State == Conditional {
		for _, a := range v.Alternatives {
			a.eachCandidate(JoinWhen(when, a.When), visit, depth+1)
		}
		return
	}
	visit(v, JoinWhen(when, v.When))
}
