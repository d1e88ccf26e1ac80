package sam

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corpusDir is the shared real-world corpus, beside the repository.
const corpusDir = "../../../shared/corpus"

type manifestRow struct {
	path, kind, parse, note string
}

// readManifest returns the corpus manifest rows, skipping the test when the
// corpus is not there.
func readManifest(t testing.TB) []manifestRow {
	rows, err := loadManifest()
	if os.IsNotExist(err) {
		t.Skip("corpus not present at " + corpusDir)
	}
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func loadManifest() ([]manifestRow, error) {
	f, err := os.Open(filepath.Join(corpusDir, "MANIFEST.tsv"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var rows []manifestRow
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 24 {
			continue
		}
		rows = append(rows, manifestRow{path: cols[0], kind: cols[1], parse: cols[21], note: cols[23]})
	}
	return rows, sc.Err()
}

// TestCorpus loads every SAM and CloudFormation file of the shared corpus:
// none may panic, every file the manifest says parses must load as a
// template, and any load error must be a real problem of the file (a YAML
// syntax error in a cookiecutter source, a duplicate key).
func TestCorpus(t *testing.T) {
	rows := readManifest(t)
	var templates, withErrors, functions int
	for _, row := range rows {
		if row.kind != "sam" && row.kind != "cfn" {
			continue
		}
		path := filepath.Join(corpusDir, row.path)
		src, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("%s: %v", row.path, err)
			continue
		}
		p, isTemplate := Load(path, src, Options{})
		if isTemplate {
			templates++
		}
		functions += len(p.Functions)
		if len(p.Errors) > 0 {
			withErrors++
		}
		for _, e := range p.Errors {
			real := row.parse == "parse_error" ||
				strings.HasPrefix(e.Message, "duplicate key") ||
				strings.Contains(e.Message, "must be a mapping") || strings.Contains(e.Message, "has no Type")
			if !real {
				t.Errorf("%s: unexpected load error: %v", row.path, e)
			}
		}
		if row.parse == "ok" && row.kind == "cfn" && !isTemplate {
			t.Errorf("%s: not recognised as a template", row.path)
		}
		if row.parse == "parse_error" && len(p.Errors) == 0 {
			t.Errorf("%s: the manifest says it does not parse, but it loaded without error", row.path)
		}
	}
	t.Logf("corpus: %d templates, %d functions, %d files with load errors", templates, functions, withErrors)
}
