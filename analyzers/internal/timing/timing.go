// Package timing holds what the long-running-work rules (LV301–LV305)
// share: a function's possible timeouts, the limits of its synchronous
// callers, the interval of schedule expressions, and the visibility
// timeouts of SQS queues (LV302 and LV305).
package timing

import (
	"fmt"

	"github.com/lambdavet/lambdavet/parsers/model"
)

// Timeout is one value a function's timeout may take.
type Timeout struct {
	Seconds float64
	// Value is the setting, or nil when the function leaves it to the AWS
	// default (3 seconds).
	Value *model.Value
}

// Timeouts returns the known timeouts of a function along every path; an
// absent Timeout gives the AWS default with a nil Value. Unknown values
// give nothing: rules stay silent on them.
func Timeouts(f *model.Function) []Timeout {
	if f.Timeout == nil || f.Timeout.State == model.Absent {
		return []Timeout{{Seconds: model.DefaultTimeout}}
	}
	var out []Timeout
	for _, c := range f.Timeout.Candidates() {
		if n, ok := c.AsNumber(); ok {
			out = append(out, Timeout{Seconds: n, Value: c})
		}
	}
	return out
}

// Note returns the text a message appends about where a value came from and
// on which path: " (set by …) (when …)".
func Note(v *model.Value) string {
	if v == nil {
		return ""
	}
	s := ""
	if len(v.Origin) > 0 {
		s += fmt.Sprintf(" (set by %s)", v.Origin)
	}
	if len(v.When) > 0 {
		s += fmt.Sprintf(" (when %s)", v.When)
	}
	return s
}

// Property names a setting of f as its format writes it.
func Property(f *model.Function, key string) string {
	if n, ok := f.PropertyNames[key]; ok {
		return n
	}
	return key
}

// Caller describes a synchronous invoker and how long it waits.
type Caller struct {
	Name string
	// Limit is how long the caller waits, in seconds.
	Limit float64
	// Why says where the limit comes from, as text to append ("" for the
	// caller's fixed or default limit).
	Why string
}

// CallerLimit returns how long a synchronous trigger waits for the function;
// ok is false for triggers that do not wait, or whose wait is not known.
func CallerLimit(t *model.Trigger) (Caller, bool) {
	custom := func(def, ceiling float64) (float64, string, bool) {
		if t.TimeoutMillis == nil || t.TimeoutMillis.State == model.Absent {
			return def, "", true
		}
		best := -1.0
		for _, c := range t.TimeoutMillis.Candidates() {
			n, ok := c.AsNumber()
			if !ok {
				return 0, "", false
			}
			best = max(best, n/1000)
		}
		if best < 0 || t.TimeoutMillis.State == model.Unknown {
			return 0, "", false // set to something not known: stay silent
		}
		if best > ceiling {
			return ceiling, "", true // the integration cannot raise it further
		}
		return best, " (its integration timeout)", true
	}
	switch t.Kind {
	case model.TriggerRESTAPI:
		// Regional and private REST APIs may raise the integration timeout
		// past 29 s (up to 300 s with a quota increase).
		limit, why, ok := custom(29, 300)
		return Caller{Name: "API Gateway REST API", Limit: limit, Why: why}, ok
	case model.TriggerHTTPAPI:
		limit, why, ok := custom(30, 30)
		return Caller{Name: "API Gateway HTTP API", Limit: limit, Why: why}, ok
	case model.TriggerWebSocket:
		limit, why, ok := custom(29, 29)
		return Caller{Name: "API Gateway WebSocket API", Limit: limit, Why: why}, ok
	case model.TriggerAppSync:
		return Caller{Name: "AppSync", Limit: 30}, true
	case model.TriggerCognito:
		return Caller{Name: "Cognito user pool trigger", Limit: 5}, true
	}
	return Caller{}, false
}

// FormatSeconds prints a number of seconds without a useless fraction.
func FormatSeconds(s float64) string { return model.FormatNumber(s) }

// Compatible reports whether two values can hold on the same path: their
// "when" clauses (`condition "X" is true`, `parameter "P" is "v"`, joined by
// " and ") never give one subject two different values. A timeout on the
// production path is never checked against a queue on the test path.
func Compatible(a, b *model.Value) bool {
	if a == nil || b == nil {
		return true
	}
	return model.CompatibleWhen(a.When, b.When)
}

// Notes joins the notes of several values, each path named once.
func Notes(vs ...*model.Value) string {
	seen := map[string]bool{}
	s := ""
	for _, v := range vs {
		if v == nil {
			continue
		}
		if len(v.Origin) > 0 && !seen["o"+v.Origin.String()] {
			seen["o"+v.Origin.String()] = true
			s += fmt.Sprintf(" (set by %s)", v.Origin)
		}
	}
	for _, v := range vs {
		if v != nil && len(v.When) > 0 && !seen["w"+v.When.String()] {
			seen["w"+v.When.String()] = true
			s += fmt.Sprintf(" (when %s)", v.When)
		}
	}
	return s
}

// Plural returns "second" or "seconds" for n.
func Plural(n float64) string {
	if n == 1 {
		return "second"
	}
	return "seconds"
}
