package terraform_test

import (
	"os"
	"strings"
	"testing"

	"github.com/lambdavet/lambdavet/internal/discover"
	"github.com/lambdavet/lambdavet/parsers/terraform"
)

const corpusDir = "../../../shared/corpus"

func corpusProjects(t testing.TB) []*struct {
	root  string
	files []string
} {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skip("corpus not present at " + corpusDir)
	}
	pkgs, err := discover.Packages([]string{corpusDir})
	if err != nil {
		t.Fatal(err)
	}
	var out []*struct {
		root  string
		files []string
	}
	for _, p := range pkgs {
		for _, f := range p.Files {
			if strings.HasSuffix(f, ".tf") || strings.HasSuffix(f, ".tf.json") {
				out = append(out, &struct {
					root  string
					files []string
				}{p.Root, p.Files})
				break
			}
		}
	}
	return out
}

// TestCorpus loads every Terraform root module of the shared corpus. None
// may panic or report a load error: the corpus is valid Terraform.
func TestCorpus(t *testing.T) {
	projects := corpusProjects(t)
	var files, functions, errs int
	seen := map[string]bool{}
	for _, p := range projects {
		proj := terraform.Load(p.root, p.files, os.ReadFile, terraform.Options{})
		for _, f := range proj.Files {
			seen[f.Path] = true
		}
		functions += len(proj.Functions)
		for _, e := range proj.Errors {
			errs++
			t.Errorf("%v", e)
		}
	}
	files = len(seen)
	if files < 250 {
		t.Errorf("only %d Terraform files loaded; the corpus has about 285", files)
	}
	t.Logf("%d root modules, %d files, %d functions, %d load errors", len(projects), files, functions, errs)
}

// BenchmarkCompleteExample loads the terraform-aws-modules/lambda "complete"
// example: 14 module calls into the real module source, with its dynamic
// blocks, locals and conditionals.
func BenchmarkCompleteExample(b *testing.B) {
	var root []string
	var dir string
	for _, p := range corpusProjects(b) {
		if strings.HasSuffix(p.root, "terraform-aws-lambda/examples/complete") {
			root, dir = p.files, p.root
		}
	}
	if root == nil {
		b.Skip("example not in corpus")
	}
	srcs := map[string][]byte{}
	for _, f := range root {
		srcs[f], _ = os.ReadFile(f)
	}
	read := func(name string) ([]byte, error) {
		if s, ok := srcs[name]; ok {
			return s, nil
		}
		return nil, os.ErrNotExist
	}
	b.ReportAllocs()
	for b.Loop() {
		p := terraform.Load(dir, root, read, terraform.Options{})
		if len(p.Functions) == 0 {
			b.Fatal("no functions")
		}
	}
}
