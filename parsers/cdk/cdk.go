// Package cdk reads what an AWS CDK cloud assembly (the cdk.out folder cdk
// synth writes) says beside its templates: the assembly manifest
// (manifest.json), which names the stack each template is and the construct
// path of each of its resources, and the asset manifests (*.assets.json),
// which name the folder or file each S3 object is built from.
//
// A template already carries most of it as Metadata (aws:cdk:path,
// aws:asset:path), unless the app was synthesized without it
// (--no-path-metadata, --no-asset-metadata, or the context keys
// aws:cdk:enable-path-metadata and aws:cdk:enable-asset-metadata set to
// false); this package fills in what the Metadata leaves out, so a finding
// names the construct and the package size rules measure the asset either
// way. Docker image assets (dockerImages) are not read: an image function's
// size is the registry's to check.
package cdk

import (
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/lambdavet/lambdavet/internal/safefile"
	"github.com/lambdavet/lambdavet/parsers/model"
)

// AssemblyDir is the folder cdk synth writes its cloud assembly to.
const AssemblyDir = "cdk.out"

// manifestName is the assembly manifest of a cloud assembly and of each
// nested one (a stage's assembly-* folder).
const manifestName = "manifest.json"

// InAssembly reports whether path lies in a cloud assembly.
func InAssembly(path string) bool {
	return slices.Contains(strings.Split(filepath.ToSlash(path), "/"), AssemblyDir)
}

// Companion reports whether a file of a cloud assembly is read beside its
// templates rather than linted as one: the assembly manifest, the asset
// manifests and the side files current CDK versions write a stack's
// metadata to (additionalMetadataFile).
func Companion(path string) bool {
	if !InAssembly(path) {
		return false
	}
	name := filepath.Base(path)
	return name == manifestName || strings.HasSuffix(name, ".assets.json") || strings.HasSuffix(name, ".metadata.json")
}

// IsTemplate reports whether a file of a cloud assembly is a template
// (a stack's, or a nested stack's *.nested.template.json).
func IsTemplate(path string) bool {
	return InAssembly(path) && strings.HasSuffix(filepath.Base(path), ".template.json")
}

// Related returns the companion files in the folder of a template of a
// cloud assembly, for discovery to add to its project; nothing for another
// file, or when the folder lies outside boundary. Only the folder is
// listed: which of them the stack uses is read from the manifest when the
// project loads, so discovery reads no file.
func Related(path, boundary string) []string {
	if !IsTemplate(path) {
		return nil
	}
	dir := filepath.Dir(path)
	if safefile.CheckIn(boundary, dir) != nil {
		return nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		name := filepath.Join(dir, e.Name())
		if e.Type().IsRegular() && Companion(name) {
			out = append(out, name)
		}
	}
	return out
}

// Stack is what the assembly says about one template.
type Stack struct {
	// ConstructPaths maps a logical id to the construct path of the
	// resource (OrdersStack/Resizer), without its leading slash and the
	// /Resource of the construct's default child.
	ConstructPaths map[string]string
	// Assets maps an S3 object key (the template's S3Key) to the asset it
	// is built from.
	Assets map[string]Asset
}

// Asset is a file asset of the assembly.
type Asset struct {
	// Path is the asset's folder or file, relative to the folder of the
	// template (asset.<hash>, or ../asset.<hash> from a stage's folder).
	// A folder is what CDK zips (packaging zip), a file is uploaded as it
	// is; the package size rules tell them apart on disk.
	Path string
}

// The parts of the assembly and asset manifests this package reads
// (https://github.com/aws/aws-cdk-cli, packages/@aws-cdk/cloud-assembly-schema).
type (
	assemblyManifest struct {
		Artifacts map[string]artifact `json:"artifacts"`
	}
	artifact struct {
		Type         string   `json:"type"`
		Dependencies []string `json:"dependencies"`
		// Metadata is decoded only for the stack of the template read: an
		// assembly of many stacks has one manifest, read with each of its
		// templates, and most of it is the other stacks' metadata.
		Metadata   json.RawMessage `json:"metadata"`
		Properties struct {
			TemplateFile           string `json:"templateFile"`
			File                   string `json:"file"`
			AdditionalMetadataFile string `json:"additionalMetadataFile"`
		} `json:"properties"`
	}
	metadataEntry struct {
		Type string          `json:"type"`
		Data json.RawMessage `json:"data"`
	}
	assetManifest struct {
		Files map[string]struct {
			Source struct {
				Path string `json:"path"`
			} `json:"source"`
			Destinations map[string]struct {
				ObjectKey string `json:"objectKey"`
			} `json:"destinations"`
		} `json:"files"`
	}
)

// Artifact types of the assembly manifest.
const (
	stackArtifact         = "aws:cloudformation:stack"
	assetManifestArtifact = "cdk:asset-manifest"
	logicalIDEntry        = "aws:cdk:logicalId"
)

// ReadStack reads what the cloud assembly says about the template at path:
// the manifest of its folder, the asset manifests of its stack, and its
// metadata side file. Only names in files are read, with read, so a
// manifest that names a file outside the folder (../../etc/passwd) makes
// nothing read. A template no stack names (a nested stack's) gets the
// assets of every asset manifest and no construct paths, as its logical
// ids are its own. Nil, with no error, when the folder has no manifest.
func ReadStack(path string, files []string, read func(string) ([]byte, error)) (*Stack, []*model.LoadError) {
	path = filepath.Clean(path)
	dir := filepath.Dir(path)
	// inDir turns a name the manifest gives into a path in the template's
	// folder (false for one that leaves it); present also requires that
	// discovery listed it, as only listed files are read.
	inDir := func(name string) (string, bool) {
		if name == "" || filepath.IsAbs(name) {
			return "", false
		}
		full := filepath.Join(dir, name)
		return full, filepath.Dir(full) == dir
	}
	present := func(name string) (string, bool) {
		full, ok := inDir(name)
		return full, ok && slices.Contains(files, full)
	}
	manifestPath, ok := present(manifestName)
	if !ok {
		return nil, nil
	}
	var errs []*model.LoadError
	m, err := readManifest(manifestPath, read)
	if err != nil {
		return nil, []*model.LoadError{err}
	}
	s := &Stack{ConstructPaths: map[string]string{}, Assets: map[string]Asset{}}
	var stack *artifact
	for _, id := range slices.Sorted(maps.Keys(m.Artifacts)) {
		if a := m.Artifacts[id]; a.Type == stackArtifact {
			if full, ok := inDir(a.Properties.TemplateFile); ok && full == path {
				stack = &a
				break
			}
		}
	}
	var assetFiles []string
	if stack != nil {
		var metadata map[string][]metadataEntry
		if len(stack.Metadata) > 0 && json.Unmarshal(stack.Metadata, &metadata) != nil {
			metadata = nil // not the shape CDK writes: no construct paths, and nothing to report
		}
		addPaths(s.ConstructPaths, metadata)
		if full, ok := present(stack.Properties.AdditionalMetadataFile); ok {
			var side map[string][]metadataEntry
			if err := decode(full, read, &side); err != nil {
				errs = append(errs, err)
			}
			addPaths(s.ConstructPaths, side)
		}
		for _, dep := range stack.Dependencies {
			if a, ok := m.Artifacts[dep]; ok && a.Type == assetManifestArtifact {
				assetFiles = append(assetFiles, a.Properties.File)
			}
		}
	} else {
		for _, id := range slices.Sorted(maps.Keys(m.Artifacts)) {
			if a := m.Artifacts[id]; a.Type == assetManifestArtifact {
				assetFiles = append(assetFiles, a.Properties.File)
			}
		}
	}
	for _, name := range assetFiles {
		full, ok := present(name)
		if !ok {
			continue
		}
		var am assetManifest
		if err := decode(full, read, &am); err != nil {
			errs = append(errs, err)
			continue
		}
		for _, hash := range slices.Sorted(maps.Keys(am.Files)) {
			f := am.Files[hash]
			if f.Source.Path == "" {
				continue // built by a command (executable): nothing to measure
			}
			for _, d := range f.Destinations {
				if d.ObjectKey != "" {
					s.Assets[d.ObjectKey] = Asset{Path: f.Source.Path}
				}
			}
		}
	}
	return s, errs
}

// addPaths records the construct path of each logical id the metadata
// names.
func addPaths(paths map[string]string, metadata map[string][]metadataEntry) {
	for path, entries := range metadata {
		for _, e := range entries {
			if e.Type != logicalIDEntry {
				continue
			}
			var id string
			if json.Unmarshal(e.Data, &id) != nil || id == "" {
				continue
			}
			paths[id] = strings.TrimSuffix(strings.TrimPrefix(path, "/"), "/Resource")
		}
	}
}

// recent holds the assembly manifests decoded last, by file and content:
// the templates of one folder share its manifest, and each is loaded with
// it, so a 2 MB manifest of 30 stacks was decoded 30 times (1.2 s of
// processor time beyond the lint's 2.5 s). Keyed by content, an edited
// manifest (or an editor's unsaved one) is never served stale; bounded
// in bytes, so the cache never holds more than a few manifests.
var recent struct {
	sync.Mutex
	entries []*manifestEntry
	bytes   int
}

// recentBytes bounds the source bytes of the manifests recent holds.
const recentBytes = 64 << 20

type manifestEntry struct {
	name string
	sum  uint64
	size int
	once sync.Once
	m    *assemblyManifest
	err  *model.LoadError
}

var manifestSeed = maphash.MakeSeed()

// readManifest returns the decoded assembly manifest name holds, decoding
// it once for the templates that share it, even when they load at once.
func readManifest(name string, read func(string) ([]byte, error)) (*assemblyManifest, *model.LoadError) {
	src, err := read(name)
	if err != nil {
		return nil, &model.LoadError{Range: model.Range{File: name}, Message: fmt.Sprintf("cannot read file: %v", err)}
	}
	sum := maphash.Bytes(manifestSeed, src)
	recent.Lock()
	var e *manifestEntry
	for _, c := range recent.entries {
		if c.name == name && c.sum == sum && c.size == len(src) {
			e = c
			break
		}
	}
	if e == nil {
		e = &manifestEntry{name: name, sum: sum, size: len(src)}
		recent.entries = append(recent.entries, e)
		recent.bytes += len(src)
		for recent.bytes > recentBytes && len(recent.entries) > 1 {
			recent.bytes -= recent.entries[0].size
			recent.entries = recent.entries[1:]
		}
	}
	recent.Unlock()
	e.once.Do(func() {
		var m assemblyManifest
		if e.err = decodeBytes(name, src, &m); e.err == nil {
			e.m = &m
		}
	})
	return e.m, e.err
}

// decode reads and decodes one JSON file of the assembly; a file that does
// not decode is an error at the place it stops. encoding/json bounds its
// own nesting depth, and read bounds the size.
func decode(name string, read func(string) ([]byte, error), v any) *model.LoadError {
	src, err := read(name)
	if err != nil {
		return &model.LoadError{Range: model.Range{File: name}, Message: fmt.Sprintf("cannot read file: %v", err)}
	}
	return decodeBytes(name, src, v)
}

// decodeBytes decodes src, the JSON file name, into v.
func decodeBytes(name string, src []byte, v any) *model.LoadError {
	if err := json.Unmarshal(src, v); err != nil {
		at := model.Range{File: name, Start: model.Point{Line: 1, Column: 1}}
		var syntax *json.SyntaxError
		var typ *json.UnmarshalTypeError
		offset := int64(-1)
		switch {
		case errors.As(err, &syntax):
			offset = syntax.Offset
		case errors.As(err, &typ):
			offset = typ.Offset
		}
		if offset >= 0 {
			at.Start = pointAt(src, offset)
		}
		return &model.LoadError{Range: at, Message: fmt.Sprintf("cannot read the cloud assembly's %s: %v", filepath.Base(name), err)}
	}
	return nil
}

// pointAt converts a byte offset of src to a line and column.
func pointAt(src []byte, offset int64) model.Point {
	offset = min(offset, int64(len(src)))
	line, col := int32(1), int32(1)
	for _, b := range src[:offset] {
		if b == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return model.Point{Line: line, Column: col, Offset: int32(offset)}
}

// The Metadata keys of a resource the AWS CDK synthesizes.
const (
	// PathKey is the construct path (OrdersStack/Resizer/Resource).
	PathKey = "aws:cdk:path"
	// AssetPathKey is the asset folder or file, beside the template.
	AssetPathKey = "aws:asset:path"
	// AssetPropertyKey is the property the asset is the value of.
	AssetPropertyKey = "aws:asset:property"
)

// assetProperty is the property of a resource type whose S3 object an
// asset is: a function's code and a layer's content.
var assetProperty = map[string]string{
	"AWS::Lambda::Function":     "Code",
	"AWS::Lambda::LayerVersion": "Content",
}

// Annotate fills in what the resources of a template loaded from the
// assembly leave out of their Metadata: a resource with no aws:cdk:path
// gets the construct path the manifest gives its logical id (and a
// function is named by it), and a function's code or a layer's content
// with no aws:asset:path gets the asset whose object key is its literal
// S3Key, as if the CDK had written the Metadata itself; what the Metadata
// says wins. Metadata made by an intrinsic is left as it is, so its
// suppressions stay as they are.
func (s *Stack) Annotate(p *model.Project) {
	if s == nil {
		return
	}
	for _, r := range p.Resources {
		if path, ok := s.ConstructPaths[r.Name]; ok && !r.Metadata.Dig(PathKey).IsKnown() && metadataMap(r) != nil {
			r.Metadata.Set(PathKey, model.NewString(path, r.Range))
		}
	}
	for _, f := range p.Functions {
		NameFunction(f)
	}
	for _, r := range p.Resources {
		property, ok := assetProperty[r.Type]
		if !ok || r.Metadata.Dig(AssetPathKey).IsKnown() {
			continue
		}
		key := r.Properties.Dig(property, "S3Key")
		k, ok := key.AsString()
		if !ok {
			continue
		}
		a, ok := s.Assets[k]
		if !ok {
			continue
		}
		if metadataMap(r) == nil {
			continue
		}
		r.Metadata.Set(AssetPathKey, model.NewString(a.Path, key.Range))
		r.Metadata.Set(AssetPropertyKey, model.NewString(property, key.Range))
	}
}

// metadataMap returns a resource's Metadata to add to, made when it has
// none; nil when it is not a map that is known.
func metadataMap(r *model.Resource) *model.Value {
	if r.Metadata == nil {
		r.Metadata = model.NewMap(r.Range)
	}
	if !r.Metadata.IsKnown() || r.Metadata.Type != model.Map {
		return nil
	}
	return r.Metadata
}

// ConstructPath returns the construct path of a resource the CDK
// synthesized (OrdersStack/Resizer), from its aws:cdk:path Metadata
// without the /Resource of a construct's default child: what messages
// name it by, since its logical id carries a hash.
func ConstructPath(r *model.Resource) (string, bool) {
	s, ok := r.Metadata.Dig(PathKey).AsString()
	if !ok || s == "" {
		return "", false
	}
	return strings.TrimSuffix(s, "/Resource"), true
}

// NameFunction names a function the CDK synthesized by its construct path
// (function "OrdersStack/Resizer"), since its logical id carries a hash;
// another function keeps its name.
func NameFunction(f *model.Function) {
	if f.Resource == nil {
		return
	}
	if path, ok := ConstructPath(f.Resource); ok {
		f.Subject = fmt.Sprintf("function %q", path)
	}
}
