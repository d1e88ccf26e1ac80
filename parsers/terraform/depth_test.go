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

// lexedNesting is the largest count checkTokens reaches on the tokens of
// hclsyntax's own lexer: what scanNesting must find without them.
func lexedNesting(src []byte) int {
	toks, _ := hclsyntax.LexConfig(src, "f.tf", hcl.InitialPos)
	var c nestingCount
	most := 0
	for i, tok := range toks {
		next := ""
		if tok.Type == hclsyntax.TokenTemplateControl && i+1 < len(toks) && toks[i+1].Type == hclsyntax.TokenIdent {
			next = string(toks[i+1].Bytes)
		}
		most = max(most, c.add(tok.Type, next))
	}
	return most
}

// nestingSeeds are the shapes scanNesting must read as HCL's scanner
// does: each state of it and each way out of one.
var nestingSeeds = []string{
	"a = [[[1]]]\n",
	"a = b[0][1] + c * (d - e) / f % g\n",
	"a = x ? y : z ? w : v\nb = !!c && d || e == f != g < h <= i > j >= k\n",
	"a = { b = { c = [1, 2, { d = 3 }] } }\n",
	`a = "${b}-${c["k"]}-$${literal}-%%{literal}"` + "\n",
	`a = "${"}}}}"}" ` + "\n" + `b = [[[[` + "\n",
	`a = "x\"}]]\\"` + "\n" + `b = [[[1]]]` + "\n",
	"a = <<EOT\n}}}}\n  EOT\nb = [[1]]\n",
	"a = <<-EOT\n  ${x[0]} }}\n  %{ if c }[[%{ endif }\n  EOT\n",
	"a = <<EOT\nEOT${x}\nEOT\n[[1]]\n",
	"a = <<EOT\n${x\n}EOT\n[[[1]]]\nEOT\n",
	"a = <<EOT\nx EOT\n[[[1]]]\nEOT\n",
	"a = <<EOT\n${<<EOF\nin\nEOF\n}\nEOT\nb = 1\n",
	"# }}}}\n// ]]]]\n/* }}}} */ a = [[[1]]]\n",
	"/* not closed [[[[ ",
	"a = \"%{ for x in y }${x}%{ endfor }\"\n",
	"a = \"${~ b ~}\" ~} }\n",
	"a = 1.5e3[0] + 1..2 + 1.e5 + 1e+5 + 3.x\n",
	"a = b...[0]\nc = d::e\nf = g => h\n",
	"a = \"unterminated\nb = [[[1]]]\n",
	"a = <<EOT\nno end [[[[\n",
	"a = $ @ ` ' ; ^ ~ & |\n",
	"<<5\n<<-\n<<=[[1]]\n",
	"a = \"\\\n\" b = [[1]]\n",
	"a = \"ends with $",
	"a = \"$\\\"\" [[1]]\n",
	"}}}} a = [[[ \"${ }}}} ]]]\" ]]]\n",
	"a = { for k, v in m : k => [v] if v != null }\n",
	"a = <<EOT\r\n[[\r\nEOT\r\nb = [[1]]\r\n",
}

// TestScanNestingSeeds holds scanNesting to the lexer on each seed.
func TestScanNestingSeeds(t *testing.T) {
	for _, src := range nestingSeeds {
		got, sure := scanNesting([]byte(src))
		if want := lexedNesting([]byte(src)); sure && got != want {
			t.Errorf("scanNesting(%q) = %d, the lexed count is %d", src, got, want)
		}
		if !sure {
			t.Errorf("scanNesting(%q) is unsure; every seed is ASCII with line feeds", src)
		}
	}
	for _, src := range []string{"a = é\n", "a = 1\rb = 2\n", "a = \"\xff\"\n", "a = <<É\nx\nÉ\n"} {
		if _, sure := scanNesting([]byte(src)); sure {
			t.Errorf("scanNesting(%q) is sure; it should leave that to the lexer", src)
		}
	}
}

// TestScanNestingCorpus holds scanNesting to the lexer on every Terraform
// file of the shared corpus, when it is there.
func TestScanNestingCorpus(t *testing.T) {
	root := "../../../shared/corpus"
	if _, err := os.Stat(root); err != nil {
		t.Skip("corpus absent")
	}
	files, unsure := 0, 0
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasSuffix(path, ".tf") || strings.HasSuffix(path, ".tfvars")) {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files++
		got, sure := scanNesting(src)
		if !sure {
			unsure++
			return nil
		}
		if want := lexedNesting(src); got != want {
			t.Errorf("%s: scanNesting = %d, the lexed count is %d", path, got, want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d Terraform files, %d left to the lexer", files, unsure)
	if unsure*10 > files {
		t.Errorf("%d of %d files left to the lexer", unsure, files)
	}
}

// FuzzScanNesting looks for a file scanNesting reads differently from
// the lexer while sure of itself: one where it counts less would let
// deep nesting past the limit unlexed.
func FuzzScanNesting(f *testing.F) {
	for _, s := range nestingSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if got, sure := scanNesting(src); sure {
			if want := lexedNesting(src); got != want {
				t.Errorf("scanNesting(%q) = %d, the lexed count is %d", src, got, want)
			}
		}
	})
}
