package cfn

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/lambdavet/lambdavet/parsers/model"
)

// Template is a parsed CloudFormation or SAM template.
type Template struct {
	Path    string
	Content []byte
	Root    *Node
	// Errors are syntax and structure problems; a template with errors may
	// still have a usable Root (duplicate keys, unknown tags).
	Errors []*model.LoadError
	// IsTemplate reports whether the content looks like a CloudFormation
	// template at all (AWSTemplateFormatVersion, or Resources of AWS:: types).
	IsTemplate bool
	// IsSAM reports whether the template uses the SAM transform or types.
	IsSAM bool
}

// Parse parses a template file. It never panics on hostile input: binary
// content, invalid UTF-8, deep nesting and alias bombs become errors.
func Parse(path string, src []byte) *Template {
	t := &Template{Path: path, Content: src}
	li := newLineIndex(path, src)
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if i := bytes.IndexByte(src, 0); i >= 0 {
		t.Errors = []*model.LoadError{{Range: li.rangeOf(i, i+1), Message: "binary file: contains a NUL byte"}}
		return t
	}
	if !utf8.Valid(src) {
		off := invalidUTF8Offset(src)
		t.Errors = []*model.LoadError{{Range: li.rangeOf(off, off+1), Message: "file is not valid UTF-8"}}
		return t
	}
	trimmed := bytes.TrimLeft(src, " \t\r\n")
	if len(trimmed) > 0 && trimmed[0] == '{' {
		t.Root, t.Errors = parseJSON(li)
	} else {
		t.Root, t.Errors = parseYAML(li)
	}
	t.detect()
	return t
}

func invalidUTF8Offset(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return 0
}

// detect decides from the content whether this is a template.
func (t *Template) detect() {
	root := t.Root
	if root == nil || root.Kind != MappingNode {
		return
	}
	if root.Get("AWSTemplateFormatVersion") != nil {
		t.IsTemplate = true
	}
	if tr := root.Get("Transform"); tr != nil {
		for _, n := range append([]*Node{tr}, tr.Items...) {
			if n.Kind == ScalarNode && strings.HasPrefix(n.Value, "AWS::Serverless") {
				t.IsSAM = true
			}
		}
	}
	res := root.Get("Resources")
	if res == nil || res.Kind != MappingNode {
		return
	}
	for _, r := range res.Values {
		typ := r.Get("Type")
		if typ == nil || typ.Kind != ScalarNode {
			continue
		}
		if strings.HasPrefix(typ.Value, "AWS::") || strings.HasPrefix(typ.Value, "Alexa::") || strings.Contains(typ.Value, "::") {
			t.IsTemplate = true
		}
		if strings.HasPrefix(typ.Value, "AWS::Serverless::") {
			t.IsSAM = true
		}
	}
}

// LooksLikeTemplate is a cheap textual test for files that failed to parse:
// only those that look like templates get their parse errors reported when
// found by walking a folder, so a broken package.json stays quiet.
func LooksLikeTemplate(src []byte) bool {
	if len(src) > 1<<20 {
		src = src[:1<<20]
	}
	return bytes.Contains(src, []byte("AWSTemplateFormatVersion")) ||
		(bytes.Contains(src, []byte("Resources")) && bytes.Contains(src, []byte("AWS::")))
}

// structureErrorf returns a load error at a node.
func structureErrorf(n *Node, format string, args ...any) *model.LoadError {
	return &model.LoadError{Range: n.Range, Message: fmt.Sprintf(format, args...)}
}
