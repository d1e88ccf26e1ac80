package policy

import "strings"

// withoutComments returns a built-in policy's source with its comment
// lines blanked, except the METADATA blocks, which carry each rule's title,
// description and id. Half of the embedded Rego is comments, and OPA's
// parser reads each one into a token and a Comment node that nothing here
// looks at: blanking them cuts a fifth of the parse every run pays at
// start-up. The lines stay, so every position OPA reports is the same.
// Only the embedded policies go through here (their multi-line strings
// hold no line that starts with #; TestWithoutCommentsSameModules parses
// every one both ways); user policies are parsed as written.
func withoutComments(src string) string {
	var b strings.Builder
	b.Grow(len(src))
	metadata := false
	for line := range strings.SplitAfterSeq(src, "\n") {
		text := strings.TrimSpace(line)
		if !strings.HasPrefix(text, "#") {
			metadata = false
			b.WriteString(line)
			continue
		}
		if text == "# METADATA" {
			metadata = true // the block runs to the next line of code
		}
		if metadata {
			b.WriteString(line)
			continue
		}
		if strings.HasSuffix(line, "\n") {
			b.WriteByte('\n')
		}
	}
	return b.String()
}
