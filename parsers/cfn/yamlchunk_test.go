package cfn

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lambdavet/lambdavet/parsers/cfn/cfntest"
)

// dumpTree writes every node with its range, for comparing parses.
func dumpTree(b *strings.Builder, n *Node) {
	if n == nil {
		b.WriteString("nil;")
		return
	}
	fmt.Fprintf(b, "(%d %d %q %v %d-%d", n.Kind, n.Scalar, n.Value, n.Range, n.Range.Start.Offset, n.Range.End.Offset)
	for i := range n.Keys {
		dumpTree(b, n.Keys[i])
		dumpTree(b, n.Values[i])
	}
	for _, it := range n.Items {
		dumpTree(b, it)
	}
	b.WriteString(")")
}

func dumpTemplate(tpl *Template) string {
	var b strings.Builder
	dumpTree(&b, tpl.Root)
	for _, e := range tpl.Errors {
		b.WriteString("\n" + e.Error())
	}
	return b.String()
}

// checkChunked parses src whole and in pieces and wants the same tree and
// errors.
func checkChunked(t *testing.T, name string, src []byte) {
	t.Helper()
	defer func(threshold, group int) { chunkThreshold, groupSize = threshold, group }(chunkThreshold, groupSize)
	chunkThreshold = 1 << 62
	whole := dumpTemplate(Parse(name, src))
	chunkThreshold = 0
	for _, groupSize = range []int{0, 64, 32 << 10} {
		if pieces := dumpTemplate(Parse(name, src)); whole != pieces {
			t.Errorf("%s: parsed in pieces (groups of %d bytes) differs from parsed whole:\n%.600s\n---\n%.600s", name, groupSize, whole, pieces)
		}
	}
}

// Parsing in pieces gives what parsing whole gives, on generated templates,
// on the cases it must hand back to the whole parse, and on every YAML file
// of the shared corpus.
func TestChunkedParseSameAsWhole(t *testing.T) {
	gen := cfntest.Template(50)
	checkChunked(t, "gen.yaml", gen)
	if _, _, ok := parseYAMLChunked(newLineIndex("gen.yaml", gen), newLimits(nil)); !ok {
		t.Error("a generated template is not parsed in pieces")
	}
	for i, src := range []string{
		"Resources:\n  A: &a {Type: AWS::SNS::Topic}\n  B: *a\n",
		"Resources:\n  A:\n    Type: AWS::SNS::Topic\n  A:\n    Type: AWS::SQS::Queue\n",
		"Description:\n  a plain scalar\n  on two lines\nResources: {}\n",
		"Resources:\n  - a\n  - b\n",
		"Resources:\n    A: {Type: x}\n  B: {Type: y}\n",
		"Resources:\n  A: [1,\n  2]\n",
		"Resources:\n  A: \"x\n  B: y\"\n",
		"---\nResources: {}\n",
		"Resources:\n  A:\n    Type: !Reff x\n  B: {Type: !GetAtt A.Arn}\n",
		"# c\nResources: # c\n  # c\n  A: {Type: x} # c\n\n  B: |\n    text\n\n  C: 1\nOutputs:\n  O: {Value: !Ref A}\n",
		"Resources:\r\n  A:\r\n    Type: x\r\n  B: {Type: y}\r\n",
		"Resources:\n  A: [[[[1]]]]\n",
	} {
		checkChunked(t, fmt.Sprintf("case%d.yaml", i), []byte(src))
	}
	dir := "../../../shared/corpus"
	if d := os.Getenv("LAMBDAVET_CORPUS"); d != "" {
		dir = d
	}
	if _, err := os.Stat(dir); err != nil {
		t.Skip("corpus not present at " + dir)
	}
	n := 0
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if ext := filepath.Ext(p); ext != ".yaml" && ext != ".yml" && ext != ".template" {
			return nil
		}
		src, err := os.ReadFile(p)
		if err == nil {
			checkChunked(t, p, src)
			n++
		}
		return nil
	})
	t.Logf("%d corpus files", n)
}
