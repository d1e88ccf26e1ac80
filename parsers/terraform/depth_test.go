package terraform

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// TestNestingBoundCoversCheckTokens: nestingBound is never below what
// checkTokens counts, so a file whose bound is within the limit needs no
// lexing: with the limit set to the bound, checkTokens always passes, on
// nesting of every kind it counts and on the shared corpus.
func TestNestingBoundCoversCheckTokens(t *testing.T) {
	srcs := map[string]string{
		"brackets":   "locals {\n  a = " + deep("[", "1", "]", 300) + "\n}\n",
		"index":      "locals {\n  a = [1]" + strings.Repeat("[0]", 300) + "\n}\n",
		"unary":      "locals {\n  a = " + strings.Repeat("!", 300) + "true\n}\n",
		"binary":     "locals {\n  a = 1" + strings.Repeat("+1-2*3/4%5", 60) + "\n}\n",
		"compare":    "locals {\n  a = 1" + strings.Repeat(" == 1 != 2 < 3 <= 4 > 5 >= 6 && true || false", 20) + "\n}\n",
		"ternary":    "locals {\n  a = " + strings.Repeat("true ? 1 : ", 300) + "1\n}\n",
		"templates":  "locals {\n  a = \"" + deep("%{if true}${", "x", "}%{endif}", 100) + "\"\n}\n",
		"for":        "locals {\n  a = \"" + deep("%{for x in [1]}", "${x}", "%{endfor}", 100) + "\"\n}\n",
		"heredoc":    "locals {\n  a = <<EOT\n" + deep("${[", "1", "]}", 100) + "\nEOT\n}\n",
		"interp":     "locals {\n  a = \"" + deep("${(", "1", ")}", 150) + "\"\n}\n",
		"objects":    "locals {\n  a = " + deep("{ b = ", "1", " }", 200) + "\n}\n",
		"calls":      "locals {\n  a = " + deep("max(1, ", "2", ")", 200) + "\n}\n",
		"closers":    strings.Repeat(")]}", 100) + "\nlocals {\n  a = " + deep("(", "1", ")", 100) + "\n}\n",
		"empty":      "",
		"comments":   "# [[[[{{{{\n// ((((\n/* <<<< */\nlocals { a = 1 }\n",
		"functions":  "locals {\n  a = jsonencode({ b = [for x in range(3) : { c = x * 2 }] })\n}\n",
		"attributes": "resource \"aws_lambda_function\" \"f\" {\n  memory_size = var.m > 1024 ? 1024 : var.m\n  tags = merge(local.t, { a = \"b-${var.c}\" })\n}\n",
	}
	corpus := "../../../shared/corpus"
	if _, err := os.Stat(corpus); err == nil {
		_ = filepath.WalkDir(corpus, func(path string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && (strings.HasSuffix(path, ".tf") || strings.HasSuffix(path, ".tfvars")) {
				if b, err := os.ReadFile(path); err == nil {
					srcs[path] = string(b)
				}
			}
			return nil
		})
	}
	for name, src := range srcs {
		toks, _ := hclsyntax.LexConfig([]byte(src), name, hcl.InitialPos)
		if r, ok := checkTokens(toks, nestingBound([]byte(src))); !ok {
			t.Errorf("%s: checkTokens counts past nestingBound %d at %s", name, nestingBound([]byte(src)), r)
		}
	}
	if len(srcs) < 20 {
		t.Logf("the shared corpus is not here: %d inputs checked", len(srcs))
	}
}
