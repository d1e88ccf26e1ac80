package cfn

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/lambdavet/lambdavet/parsers/model"
)

// Template is a parsed CloudFormation or SAM template.
type Template struct {
	Path string
	// Content is the text parsed, which positions refer to: the file's
	// bytes, with lone carriage returns read as line feeds (same offsets),
	// and UTF-16 decoded to UTF-8 (see Encoding).
	Content []byte
	// Encoding is the encoding the file was read in (EncodingUTF8 unless
	// it starts with a UTF-16 byte-order mark).
	Encoding string
	Root     *Node
	// Errors are syntax and structure problems; a template with errors may
	// still have a usable Root (duplicate keys, unknown tags).
	Errors []*model.LoadError
	// IsTemplate reports whether the content looks like a CloudFormation
	// template at all (AWSTemplateFormatVersion, or Resources of AWS:: types).
	IsTemplate bool
	// IsSAM reports whether the template uses the SAM transform or types.
	IsSAM bool
}

// Parse parses a template file with the default limits. It never panics
// on hostile input: binary content, invalid UTF-8, deep nesting and alias
// bombs become errors.
func Parse(path string, src []byte) *Template {
	return ParseBudget(path, src, nil)
}

// ParseBudget parses a template file within a project's budget: nesting
// deeper than its depth, and YAML aliases standing for more than its values
// (or a fixed bound), stop parsing with one error where they crossed it.
// A nil budget means the default limits.
//
// Content that cannot be a template (no AWSTemplateFormatVersion and no
// Resources anywhere in its text) is not parsed at all: a project's other
// YAML and JSON files (CI workflows, data, package.json) are not ours to
// judge, and parsing a large one used to cost seconds. Its Template has
// IsTemplate false, no Root and no errors.
func ParseBudget(path string, src []byte, budget *model.Budget) *Template {
	return parse(path, src, budget, true)
}

// ParseDocument parses a YAML or JSON file that is no template by its
// name (a Serverless Framework service), with the bounds and the errors of
// ParseBudget: its Root is the document, whether or not it is a template.
func ParseDocument(path string, src []byte, budget *model.Budget) *Template {
	return parse(path, src, budget, false)
}

func parse(path string, src []byte, budget *model.Budget, templatesOnly bool) *Template {
	text, enc := DecodeText(src)
	t := &Template{Path: path, Content: text, Encoding: enc}
	if templatesOnly && !MayBeTemplate(text) {
		return t
	}
	li := newLineIndex(path, text)
	body := bytes.TrimPrefix(text, []byte("\xef\xbb\xbf"))
	if i := bytes.IndexByte(body, 0); i >= 0 {
		i += len(text) - len(body)
		t.Errors = []*model.LoadError{{Range: li.rangeOf(i, i+1), Message: "binary file: contains a NUL byte"}}
		return t
	}
	if !utf8.Valid(body) {
		off := invalidUTF8Offset(body) + len(text) - len(body)
		t.Errors = []*model.LoadError{{Range: li.rangeOf(off, off+1), Message: "file is not valid UTF-8"}}
		return t
	}
	lim := newLimits(budget)
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	if len(trimmed) > 0 && trimmed[0] == '{' {
		t.Root, t.Errors = parseJSON(li, len(text)-len(body), lim)
	} else {
		t.Root, t.Errors = parseYAML(li, lim)
	}
	t.detect()
	return t
}

// MayBeTemplate is the cheap test made before parsing: a template has a
// top-level AWSTemplateFormatVersion or Resources key, so its text holds
// one of the two names, unless an escape sequence spells it (a JSON
// "\u0052esources"), which a backslash admits. Everything it accepts is
// parsed in full and decided on its content, so it never changes what is a
// template, only what is not parsed.
func MayBeTemplate(text []byte) bool {
	return bytes.Contains(text, []byte("Resources")) ||
		bytes.Contains(text, []byte("AWSTemplateFormatVersion")) ||
		bytes.IndexByte(text, '\\') >= 0
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
// UTF-16 is decoded first, so a broken UTF-16 template is reported too.
func LooksLikeTemplate(src []byte) bool {
	if len(src) > 1<<20 {
		src = src[:1<<20]
	}
	src, _ = DecodeText(src)
	return bytes.Contains(src, []byte("AWSTemplateFormatVersion")) ||
		(bytes.Contains(src, []byte("Resources")) && bytes.Contains(src, []byte("AWS::")))
}
