package timing

import "github.com/lambdavet/lambdavet/parsers/model"

// Visibility is one value a queue's visibility timeout may take.
type Visibility struct {
	Seconds float64
	Value   *model.Value // nil for the SQS default
	Range   model.Range  // the value, or the queue when it sets none
	Default string       // ", the SQS default" when not set
}

// Visibilities returns the known visibility timeouts of the queue feeding t.
func Visibilities(t *model.Trigger) []Visibility {
	v := t.VisibilityTimeout
	if v == nil || v.State == model.Absent {
		return []Visibility{{Seconds: model.DefaultVisibilityTimeout, Range: t.QueueRange, Default: ", the SQS default"}}
	}
	var out []Visibility
	for _, c := range v.Candidates() {
		if n, ok := c.AsNumber(); ok {
			out = append(out, Visibility{Seconds: n, Value: c, Range: c.Range})
		}
	}
	return out
}
