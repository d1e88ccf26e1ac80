package cfn

import (
	"strings"
	"testing"
)

// A block collection's range starts at the key that names the setting and
// covers the value, so a finding about the whole value (too many layers,
// environment too large) is at the line to edit; a flow collection, an
// anchored one and an alias keep their own.
func TestBlockCollectionRangeStartsAtKey(t *testing.T) {
	src := `Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Layers:
        - arn:a
        - arn:b
      Environment:
        Variables:
          A: x
          B: yy
      Flow: [a, b]
      Tags: &t
        - k
      Other: *t
`
	for _, whole := range []bool{true, false} {
		var tpl *Template
		if whole {
			tpl = Parse("t.yaml", []byte(src))
		} else {
			// The piecewise parse of large files must agree.
			tpl = Parse("t.yaml", []byte(src+strings.Repeat("#\n", 40000)))
		}
		if len(tpl.Errors) > 0 {
			t.Fatal(tpl.Errors)
		}
		props := tpl.Root.Get("Resources").Get("Fn").Get("Properties")
		for _, c := range []struct {
			node                     *Node
			line, col, endLine, endC int
		}{
			{props.Get("Layers"), 5, 7, 7, 16},
			{props.Get("Environment"), 8, 7, 11, 16},
			{props.Get("Environment").Get("Variables"), 9, 9, 11, 16},
			{props.Get("Flow"), 12, 13, 12, 14},
			// An anchored list starts on its key's line already; an
			// alias is its anchor's node, range included.
			{props.Get("Tags"), 13, 13, 14, 12},
			{props.Get("Other"), 13, 13, 14, 12},
		} {
			r := c.node.Range
			if int(r.Start.Line) != c.line || int(r.Start.Column) != c.col || int(r.End.Line) != c.endLine || int(r.End.Column) != c.endC {
				t.Errorf("whole=%v: range %d:%d-%d:%d, want %d:%d-%d:%d", whole, r.Start.Line, r.Start.Column, r.End.Line, r.End.Column, c.line, c.col, c.endLine, c.endC)
			}
		}
	}
}
