package model_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/lambdavet/lambdavet/parsers/model"
	"github.com/lambdavet/lambdavet/parsers/sam"
	"github.com/lambdavet/lambdavet/parsers/terraform"
)

// TestLoadersLeaveSealedSettingsAlone loads every rule fixture, in every
// format, and checks that the unset settings all functions share are as
// they were: a loader that wrote into one (an Origin, a When) instead of
// replacing it would change that setting for every function of every
// project.
func TestLoadersLeaveSealedSettingsAlone(t *testing.T) {
	before := make([]*model.Value, len(model.SealedSettings))
	for i, v := range model.SealedSettings {
		before[i] = model.CloneWithoutCache(v)
	}
	dirs, _ := filepath.Glob(filepath.Join("..", "..", "policies", "*", "testdata"))
	dirs2, _ := filepath.Glob(filepath.Join("..", "..", "analyzers", "*", "testdata"))
	functions := 0
	for _, dir := range append(dirs, dirs2...) {
		tfDirs := map[string][]string{}
		err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			switch {
			case strings.HasSuffix(path, ".tf"):
				tfDirs[filepath.Dir(path)] = append(tfDirs[filepath.Dir(path)], path)
			case strings.HasSuffix(path, ".yaml") || strings.HasSuffix(path, ".json"):
				src, err := os.ReadFile(path)
				if err != nil {
					return err
				}
				p, _ := sam.Load(path, src, sam.Options{})
				functions += len(p.Functions)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for d, files := range tfDirs {
			functions += len(terraform.Load(d, files, os.ReadFile, terraform.Options{}).Functions)
		}
	}
	if functions < 100 {
		t.Fatalf("only %d functions loaded from the fixtures", functions)
	}
	for i, v := range model.SealedSettings {
		if after := model.CloneWithoutCache(v); !reflect.DeepEqual(before[i], after) {
			t.Errorf("a loader changed the shared unset setting %d:\nbefore %+v\nafter  %+v", i, before[i], after)
		}
	}
}
