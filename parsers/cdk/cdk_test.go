package cdk

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/lambdavet/lambdavet/parsers/model"
)

// assembly is a cloud assembly in memory: file names to contents.
type assembly map[string]string

func (a assembly) files() []string {
	var out []string
	for name := range a {
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}

func (a assembly) read(name string) ([]byte, error) {
	src, ok := a[name]
	if !ok {
		return nil, os.ErrNotExist
	}
	return []byte(src), nil
}

const manifest = `{"version": "41.0.0", "artifacts": {
  "Api.assets": {"type": "cdk:asset-manifest", "properties": {"file": "Api.assets.json"}},
  "Other.assets": {"type": "cdk:asset-manifest", "properties": {"file": "Other.assets.json"}},
  "Api": {"type": "aws:cloudformation:stack", "properties": {"templateFile": "Api.template.json", "additionalMetadataFile": "Api.metadata.json"},
    "dependencies": ["Api.assets"],
    "metadata": {
      "/Api/Handler/Resource": [{"type": "aws:cdk:logicalId", "data": "Handler886CB40B"}],
      "/Api/Handler/ServiceRole/Resource": [{"type": "aws:cdk:logicalId", "data": "HandlerServiceRole"}],
      "/Api/Warned": [{"type": "aws:cdk:warning", "data": {"not": "a logical id"}}]
    }},
  "Other": {"type": "aws:cloudformation:stack", "properties": {"templateFile": "Other.template.json"}, "dependencies": ["Other.assets"]}
}}`

func TestReadStack(t *testing.T) {
	a := assembly{
		"cdk.out/manifest.json":     manifest,
		"cdk.out/Api.metadata.json": `{"/Api/Worker/Resource": [{"type": "aws:cdk:logicalId", "data": "Worker1234"}]}`,
		"cdk.out/Api.assets.json": `{"files": {
			"h1": {"source": {"path": "asset.h1", "packaging": "zip"}, "destinations": {"d": {"objectKey": "h1.zip"}}},
			"h2": {"source": {"path": "asset.h2.zip", "packaging": "file"}, "destinations": {"d": {"objectKey": "h2.zip"}}},
			"built": {"source": {"executable": ["build.sh"]}, "destinations": {"d": {"objectKey": "built.zip"}}}
		}}`,
		"cdk.out/Other.assets.json": `{"files": {"o1": {"source": {"path": "asset.o1", "packaging": "zip"}, "destinations": {"d": {"objectKey": "o1.zip"}}}}}`,
	}
	s, errs := ReadStack("cdk.out/Api.template.json", a.files(), a.read)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	wantPaths := map[string]string{"Handler886CB40B": "Api/Handler", "HandlerServiceRole": "Api/Handler/ServiceRole", "Worker1234": "Api/Worker"}
	if len(s.ConstructPaths) != len(wantPaths) {
		t.Errorf("construct paths %v, want %v", s.ConstructPaths, wantPaths)
	}
	for id, want := range wantPaths {
		if got := s.ConstructPaths[id]; got != want {
			t.Errorf("construct path of %s: %q, want %q", id, got, want)
		}
	}
	wantAssets := map[string]Asset{"h1.zip": {Path: "asset.h1"}, "h2.zip": {Path: "asset.h2.zip"}}
	if len(s.Assets) != len(wantAssets) {
		t.Errorf("assets %v, want %v (only the stack's own, none built by a command)", s.Assets, wantAssets)
	}
	for key, want := range wantAssets {
		if got := s.Assets[key]; got != want {
			t.Errorf("asset %s: %+v, want %+v", key, got, want)
		}
	}

	// A nested stack's template: every asset manifest's assets, no
	// construct paths (its logical ids are its own).
	nested, errs := ReadStack("cdk.out/ApiNested1A2B3C.nested.template.json", a.files(), a.read)
	if len(errs) > 0 || len(nested.ConstructPaths) != 0 || len(nested.Assets) != 3 {
		t.Errorf("nested template: %+v, %v; want 3 assets and no construct paths", nested, errs)
	}

	// No manifest: nothing, and no error.
	if s, errs := ReadStack("elsewhere/Api.template.json", a.files(), a.read); s != nil || errs != nil {
		t.Errorf("no manifest: %+v, %v", s, errs)
	}
}

// TestReadStackStaysInItsFolder: names in a manifest that leave the
// folder, or that discovery did not list, are never read.
func TestReadStackStaysInItsFolder(t *testing.T) {
	var read []string
	a := assembly{
		"cdk.out/manifest.json": `{"artifacts": {
			"A.assets": {"type": "cdk:asset-manifest", "properties": {"file": "../../etc/passwd"}},
			"B.assets": {"type": "cdk:asset-manifest", "properties": {"file": "/etc/passwd"}},
			"C.assets": {"type": "cdk:asset-manifest", "properties": {"file": "sub/C.assets.json"}},
			"D.assets": {"type": "cdk:asset-manifest", "properties": {"file": "Unlisted.assets.json"}},
			"A": {"type": "aws:cloudformation:stack", "properties": {"templateFile": "A.template.json", "additionalMetadataFile": "../x.json"},
				"dependencies": ["A.assets", "B.assets", "C.assets", "D.assets"]}}}`,
	}
	files := append(a.files(), "cdk.out/A.template.json")
	s, errs := ReadStack("cdk.out/A.template.json", files, func(name string) ([]byte, error) {
		read = append(read, name)
		return a.read(name)
	})
	if len(errs) > 0 || s == nil {
		t.Fatalf("%+v, %v", s, errs)
	}
	if !slices.Equal(read, []string{"cdk.out/manifest.json"}) {
		t.Errorf("read %v, want only the manifest", read)
	}
}

// TestReadStackBrokenManifests: a manifest that does not decode is an
// error at its place, the other files are still read, and a manifest
// nested past encoding/json's depth limit is an error, not a crash.
func TestReadStackBrokenManifests(t *testing.T) {
	a := assembly{
		"cdk.out/manifest.json": "{\"artifacts\": {\n  \"A\": {\"type\": \"aws:cloudformation:stack\", \"properties\": {\"templateFile\": \"A.template.json\"}, \"dependencies\": [\"A.assets\", \"B.assets\"]},\n" +
			"  \"A.assets\": {\"type\": \"cdk:asset-manifest\", \"properties\": {\"file\": \"A.assets.json\"}},\n" +
			"  \"B.assets\": {\"type\": \"cdk:asset-manifest\", \"properties\": {\"file\": \"B.assets.json\"}}}}",
		"cdk.out/A.assets.json": "{\"files\": {\n  \"h\": {\"source\": {\"path\": 7}}}}",
		"cdk.out/B.assets.json": `{"files": {"b": {"source": {"path": "asset.b", "packaging": "zip"}, "destinations": {"d": {"objectKey": "b.zip"}}}}}`,
	}
	s, errs := ReadStack("cdk.out/A.template.json", a.files(), a.read)
	if len(errs) != 1 || errs[0].Range.File != "cdk.out/A.assets.json" || errs[0].Range.Start.Line != 2 {
		t.Fatalf("errors %v, want one at cdk.out/A.assets.json:2", errs)
	}
	if !strings.Contains(errs[0].Message, "A.assets.json") {
		t.Errorf("message %q does not name the file", errs[0].Message)
	}
	if _, ok := s.Assets["b.zip"]; !ok {
		t.Errorf("the other asset manifest was not read: %+v", s)
	}

	a["cdk.out/manifest.json"] = strings.Repeat("[", 200_000)
	if s, errs := ReadStack("cdk.out/A.template.json", a.files(), a.read); s != nil || len(errs) != 1 {
		t.Errorf("deep manifest: %+v, %v; want one error", s, errs)
	}
	a["cdk.out/manifest.json"] = "{\"artifacts\": {\n\"A\": nul}}"
	if _, errs := ReadStack("cdk.out/A.template.json", a.files(), a.read); len(errs) != 1 || errs[0].Range.Start.Line != 2 {
		t.Errorf("broken manifest: %v, want one error on line 2", errs)
	}
}

// TestAnnotate: the manifests fill in what the Metadata leaves out, and
// what the Metadata says wins.
func TestAnnotate(t *testing.T) {
	at := model.Range{File: "cdk.out/A.template.json", Start: model.Point{Line: 3, Column: 5}}
	code := func(key string) *model.Value {
		c := model.NewMap(at)
		c.Set("S3Key", model.NewString(key, at))
		props := model.NewMap(at)
		props.Set("Code", c)
		return props
	}
	bare := &model.Resource{Name: "Bare1", Type: "AWS::Lambda::Function", Properties: code("h1.zip")}
	meta := model.NewMap(at)
	meta.Set(PathKey, model.NewString("A/Own/Resource", at))
	meta.Set(AssetPathKey, model.NewString("asset.own", at))
	own := &model.Resource{Name: "Own1", Type: "AWS::Lambda::Function", Properties: code("h1.zip"), Metadata: meta}
	unknown := &model.Resource{Name: "Unk1", Type: "AWS::Lambda::Function", Properties: code("h1.zip"), Metadata: model.NewUnknown("Fn::If", at)}
	other := &model.Resource{Name: "Bare2", Type: "AWS::Lambda::Function", Properties: code("other.zip")}
	role := &model.Resource{Name: "Role1", Type: "AWS::IAM::Role"}
	p := &model.Project{Resources: []*model.Resource{bare, own, unknown, other, role}}
	for _, r := range p.Resources[:4] {
		p.Functions = append(p.Functions, &model.Function{Resource: r, Subject: "function " + r.Name})
	}
	s := &Stack{
		ConstructPaths: map[string]string{"Bare1": "A/Bare", "Own1": "A/Manifest", "Role1": "A/Bare/ServiceRole"},
		Assets:         map[string]Asset{"h1.zip": {Path: "asset.h1"}},
	}
	s.Annotate(p)
	if got := p.Functions[0].Subject; got != `function "A/Bare"` {
		t.Errorf("bare function: %s", got)
	}
	if got := p.Functions[1].Subject; got != `function "A/Own"` {
		t.Errorf("a function's aws:cdk:path wins over the manifest: %s", got)
	}
	if got, ok := ConstructPath(role); !ok || got != "A/Bare/ServiceRole" {
		t.Errorf("another resource's construct path: %q, %v", got, ok)
	}
	if got, _ := bare.Metadata.Dig(AssetPathKey).AsString(); got != "asset.h1" {
		t.Errorf("bare function's asset: %q", got)
	}
	if got := bare.Metadata.Dig(AssetPathKey).Range; got != at {
		t.Errorf("the asset is at the S3Key: %v", got)
	}
	if got, _ := own.Metadata.Dig(AssetPathKey).AsString(); got != "asset.own" {
		t.Errorf("the Metadata's asset lost: %q", got)
	}
	if unknown.Metadata.IsKnown() {
		t.Errorf("unknown Metadata replaced")
	}
	if other.Metadata != nil {
		t.Errorf("an object key no asset has got an asset: %v", other.Metadata)
	}
	(*Stack)(nil).Annotate(p) // no assembly: nothing to do
}

func TestRelated(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"cdk.out/manifest.json", "cdk.out/A.template.json", "cdk.out/A.assets.json", "cdk.out/A.metadata.json", "cdk.out/tree.json", "cdk.out/asset.x/manifest.json"} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("{}"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(dir, "cdk.out")
	got := Related(filepath.Join(out, "A.template.json"), dir)
	want := []string{filepath.Join(out, "A.assets.json"), filepath.Join(out, "A.metadata.json"), filepath.Join(out, "manifest.json")}
	if !slices.Equal(got, want) {
		t.Errorf("Related = %v, want %v", got, want)
	}
	if got := Related(filepath.Join(dir, "template.json"), dir); got != nil {
		t.Errorf("a template outside an assembly: %v", got)
	}
	if got := Related(filepath.Join(out, "A.template.json"), filepath.Join(dir, "elsewhere")); got != nil {
		t.Errorf("outside the boundary: %v", got)
	}
}

// TestManifestDecodedOncePerContent: templates that share a manifest
// share its decoding, and a manifest edited under the same name (an
// editor's unsaved buffer) is decoded again, never served stale.
func TestManifestDecodedOncePerContent(t *testing.T) {
	a := assembly{"cdk.out/manifest.json": manifest}
	first, err := readManifest("cdk.out/manifest.json", a.read)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := readManifest("cdk.out/manifest.json", a.read)
	if first != again {
		t.Errorf("the same manifest was decoded twice")
	}
	a["cdk.out/manifest.json"] = strings.Replace(manifest, "Handler886CB40B", "Renamed1234", 1)
	s, errs := ReadStack("cdk.out/Api.template.json", a.files(), a.read)
	if len(errs) > 0 || s.ConstructPaths["Renamed1234"] != "Api/Handler" {
		t.Errorf("an edited manifest was served stale: %v, %v", s.ConstructPaths, errs)
	}
}
