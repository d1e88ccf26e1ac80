// Package pkgsize defines a building-block analyzer that finds, for each
// function, the local content that will be deployed as its code and its
// layers, and measures it from the files on disk: the unzipped size (the
// sum of the file sizes, or of a zip archive's uncompressed sizes read from
// its central directory) and, on demand, the zipped size (the folder
// compressed as the deploy tool would, streamed into a byte counter).
//
// It never reads outside the project's boundary (the folder lambdavet was
// pointed at), follows no symbolic link out of it, never extracts an
// archive, and bounds the work one package can cost. Rules LV106 and LV107
// Require it, like passes/inspect for Go analyzers.
package pkgsize

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/tools/go/analysis"

	"github.com/lambdavet/lambdavet/analyzers/load"
	"github.com/lambdavet/lambdavet/parsers/cdk"
	"github.com/lambdavet/lambdavet/parsers/model"
)

// Lambda's limits for zip packages, in bytes: AWS counts MB as 2^20 bytes
// ("Unzipped size must be smaller than 262144000 bytes"; a direct upload
// larger than 50 MB exceeds the 69,905,067-byte request, which is 50 MB
// in base64).
const (
	MB = 1 << 20
	// DirectUploadLimit is the largest zip uploaded directly to Lambda
	// (CreateFunction or PublishLayerVersion with ZipFile).
	DirectUploadLimit = 50 * MB
	// UnzippedLimit is the largest a function's code and layers may be
	// once extracted.
	UnzippedLimit = 250 * MB
)

// Analyzer provides a *Packages for the project that load provides.
var Analyzer = &analysis.Analyzer{
	Name:       "pkgsize",
	Doc:        "find and measure the local content functions deploy\n\nThe pkgsize analyzer resolves each function's code (SAM CodeUri, CloudFormation Code, Terraform filename or the archive_file that makes it) and its layers to folders and zip archives on disk inside the project, and measures them on demand for the package size rules.",
	Requires:   []*analysis.Analyzer{load.Analyzer},
	Run:        run,
	ResultType: reflect.TypeFor[*Packages](),
}

func run(pass *analysis.Pass) (any, error) {
	p, _ := pass.ResultOf[load.Analyzer].(*model.Project)
	if p == nil {
		p = &model.Project{}
	}
	return New(p), nil
}

// Packages resolves and measures the content of a project's functions and
// layers. Measurements are kept for the run, so rules that share it walk
// each folder once.
type Packages struct {
	project   *model.Project
	boundary  string // real absolute path; "" reads nothing
	base      string // folder relative paths start from
	terraform bool

	mu    sync.Mutex
	trees map[string]*treeResult
	// locals is what local found for each path and display, as many
	// functions name one folder (CodeUri: src, Globals): each resolved
	// once per project rather than once per function.
	locals map[[2]string]*Source
	// walks is what the project's folder walks may still cost, with the
	// folder listings they share.
	walks *walkBudget
	// compressLeft is what the project may still read to compress.
	compressLeft atomic.Int64
}

type treeResult struct {
	once sync.Once
	t    *tree
	zc   zipContent
	err  error
}

// New prepares a project for measuring. When the project has no boundary
// (it was not loaded from the command line), the folder of its template or
// its module folder is the boundary.
func New(p *model.Project) *Packages {
	ps := &Packages{project: p, trees: map[string]*treeResult{}, locals: map[[2]string]*Source{}, walks: newWalkBudget()}
	ps.compressLeft.Store(projectReadBudget)
	ps.terraform = len(p.Files) > 0 && p.Files[0].Format == model.FormatTerraform
	if p.Root != "" {
		root, err := filepath.Abs(p.Root)
		if err == nil {
			if info, err := os.Stat(root); (err == nil && info.IsDir()) || (err != nil && ps.terraform) {
				ps.base = root
			} else {
				ps.base = filepath.Dir(root)
			}
		}
	}
	b := p.Boundary
	if b == "" {
		b = ps.base
	}
	if b != "" {
		if abs, err := filepath.Abs(b); err == nil {
			if real, err := filepath.EvalSymlinks(abs); err == nil {
				ps.boundary = real
			}
		}
	}
	return ps
}

// Kind says how a deploy tool turns a local path into the zip it uploads.
type Kind int

// The kinds of local content.
const (
	// Folder is zipped by the deploy tool.
	Folder Kind = iota + 1
	// ZipFile is a zip (or jar) archive, uploaded as it is.
	ZipFile
	// File is a single file that the tool zips.
	File
)

// Source is local content deployed as a function's code or a layer.
type Source struct {
	Kind Kind
	// Path is the real absolute path measured.
	Path string
	// Display names the content in messages: the path as written,
	// relative to the template's folder or the module.
	Display string
	// BuiltFrom is the path written in the template when the content is
	// sam build's output (.aws-sam/build/<LogicalId>) rather than it.
	BuiltFrom string
	// Archive is the Terraform archive_file that zips the content.
	Archive *model.Resource

	excludes      []string
	noSymlinkDirs bool
}

func (s *Source) key() string {
	return fmt.Sprintf("%d\x00%s\x00%q\x00%v", s.Kind, s.Path, s.excludes, s.noSymlinkDirs)
}

// Describe names the content for a message: `"src/"`, `".aws-sam/build/Fn"
// (sam build output of "src/")`, `"src" zipped by data.archive_file.x`.
func (s *Source) Describe() string {
	d := fmt.Sprintf("%q", s.Display)
	switch {
	case s.BuiltFrom != "":
		d += fmt.Sprintf(" (sam build output of %q)", s.BuiltFrom)
	case s.Archive != nil:
		d += " zipped by " + s.Archive.Name
	}
	return d
}

// Part is one piece of what a function deploys: its code or one layer.
type Part struct {
	// Layer is true for a layer, false for the function's own code.
	Layer bool
	// Name names a layer in messages: `layer "Deps"`,
	// aws_lambda_layer_version.deps, or its ARN in quotes.
	Name string
	// Resource is the layer's resource when the project defines it.
	Resource *model.Resource
	// At is the value that sets the part (CodeUri, filename, a Layers
	// item), where a finding points.
	At *model.Value
	// When names the condition path on which the part is deployed.
	When model.When
	// Source is the local content; nil when it is not local or not known.
	Source *Source
}

// Code returns the function's code, one part per condition path (one in
// general). Inline code and container images give none.
func (ps *Packages) Code(fn *model.Function) []Part {
	if isImage(fn) {
		return nil
	}
	var v *model.Value
	props := fn.Resource.Properties
	switch fn.Resource.Type {
	case "AWS::Serverless::Function":
		if props.Dig("InlineCode").IsSet() || props.Dig("ImageUri").IsSet() {
			return nil
		}
		v = props.Dig("CodeUri")
	case "AWS::Lambda::Function":
		v = props.Dig("Code")
		if !v.IsSet() {
			v = fn.Code // a Serverless Framework service's artifact
		}
		if a := cdkAsset(fn.Resource, "Code"); a != nil {
			v = a
		}
	case "aws_lambda_function":
		if fn.Code.Dig("image_uri").IsSet() {
			return nil
		}
		v = fn.Code.Dig("filename")
		if !v.IsSet() {
			// An S3 object: deployed, but not measured.
			if b := fn.Code.Dig("s3_bucket"); b.IsSet() {
				return []Part{{At: b}}
			}
		}
	default:
		return nil
	}
	var out []Part
	for _, c := range v.Candidates() {
		if isInline(fn.Resource.Type, c) {
			continue
		}
		out = append(out, Part{At: c, When: c.When, Source: ps.source(fn.Resource, c)})
	}
	return out
}

// LayerSet is the layers a function has along one condition path.
type LayerSet struct {
	When  model.When
	Parts []Part
	// Conditional is set on a set that adds layers present only on the
	// path When to the set before it, which holds the layers present on
	// every path.
	Conditional bool
}

// Layers returns the function's layers: one set per condition path, the
// first of each list holding only the layers present on every path.
func (ps *Packages) Layers(fn *model.Function) []LayerSet {
	if isImage(fn) {
		return nil
	}
	var out []LayerSet
	for _, list := range fn.Layers.Candidates() {
		if list.State != model.Known || list.Type != model.List {
			continue
		}
		base := LayerSet{When: list.When}
		byWhen := map[string][]Part{}
		var whens []model.When
		for _, item := range list.List {
			if item.State != model.Conditional {
				base.Parts = append(base.Parts, ps.layer(item, nil))
				continue
			}
			for _, leaf := range item.Candidates() {
				if !leaf.IsSet() {
					continue
				}
				key := leaf.When.String()
				if _, ok := byWhen[key]; !ok {
					whens = append(whens, leaf.When)
				}
				byWhen[key] = append(byWhen[key], ps.layer(leaf, leaf.When))
			}
		}
		out = append(out, base)
		for _, w := range whens {
			parts := append(append([]Part(nil), base.Parts...), byWhen[w.String()]...)
			out = append(out, LayerSet{When: model.JoinWhen(list.When, w), Parts: parts, Conditional: true})
		}
	}
	return out
}

// Upload is a zip that Terraform sends to Lambda in the request itself:
// a function's or a layer version's filename.
type Upload struct {
	// Subject names the function or layer in messages.
	Subject  string
	Resource *model.Resource
	At       *model.Value
	When     model.When
	Source   *Source
}

// DirectUploads returns the packages uploaded directly to Lambda, not
// staged in S3: Terraform's filename (a zip, or the output of an
// archive_file) on aws_lambda_function and aws_lambda_layer_version. SAM
// and `aws cloudformation package` upload to S3, so templates have none.
func (ps *Packages) DirectUploads() []Upload {
	if !ps.terraform {
		return nil
	}
	var out []Upload
	for _, fn := range ps.project.Functions {
		if fn.Resource.Type != "aws_lambda_function" || isImage(fn) {
			continue
		}
		for _, c := range fn.Code.Dig("filename").Candidates() {
			if s := ps.source(fn.Resource, c); s != nil {
				out = append(out, Upload{Subject: fn.Subject, Resource: fn.Resource, At: c, When: c.When, Source: s})
			}
		}
	}
	for _, r := range ps.project.Resources {
		if r.Type != "aws_lambda_layer_version" || r.DataSource {
			continue
		}
		for _, c := range r.Properties.Dig("filename").Candidates() {
			if s := ps.source(r, c); s != nil {
				out = append(out, Upload{Subject: r.Name, Resource: r, At: c, When: c.When, Source: s})
			}
		}
	}
	return out
}

func isImage(fn *model.Function) bool {
	s, ok := fn.PackageType.AsString()
	return ok && strings.EqualFold(s, "Image")
}

// isInline reports code written in the template (CloudFormation ZipFile).
func isInline(typ string, v *model.Value) bool {
	return typ == "AWS::Lambda::Function" && v.Dig("ZipFile").IsSet()
}

var arnPattern = regexp.MustCompile(`^arn:[^:]+:lambda:`)

// layer resolves one Layers item.
func (ps *Packages) layer(v *model.Value, when model.When) Part {
	part := Part{Layer: true, At: v, When: when}
	var ref *model.Ref
	switch {
	case v.State == model.Known && v.Type == model.Reference:
		ref = v.Ref
	case v.State == model.Unknown && len(v.Refs) == 1:
		ref = &v.Refs[0]
	}
	if ref != nil {
		if r := ps.resource(ref.Resource); r != nil && isLayerType(r.Type) {
			part.Resource = r
			part.Name = r.Name
			if !ps.terraform {
				name := r.Name
				if path, ok := cdk.ConstructPath(r); ok {
					name = path // a CDK layer, named as its construct
				}
				part.Name = fmt.Sprintf("layer %q", name)
			}
			part.Source = ps.layerSource(r)
			return part
		}
		part.Name = ref.String()
		return part
	}
	if s, ok := v.AsString(); ok {
		part.Name = fmt.Sprintf("%q", s)
		if !arnPattern.MatchString(s) {
			part.Name = fmt.Sprintf("layer %q", s)
		}
		return part
	}
	part.Name = "a layer not known"
	return part
}

func isLayerType(t string) bool {
	switch t {
	case "AWS::Serverless::LayerVersion", "AWS::Lambda::LayerVersion", "aws_lambda_layer_version":
		return true
	}
	return false
}

func (ps *Packages) layerSource(r *model.Resource) *Source {
	var v *model.Value
	switch r.Type {
	case "AWS::Serverless::LayerVersion":
		v = r.Properties.Dig("ContentUri")
	case "AWS::Lambda::LayerVersion":
		v = r.Properties.Dig("Content")
		if a := cdkAsset(r, "Content"); a != nil {
			v = a
		}
	case "aws_lambda_layer_version":
		v = r.Properties.Dig("filename")
	}
	// A layer written with a condition inside its content: measured only
	// when every path gives the same content.
	var src *Source
	for i, c := range v.Candidates() {
		s := ps.source(r, c)
		if s == nil || (i > 0 && (src == nil || s.key() != src.key())) {
			return nil
		}
		src = s
	}
	return src
}

// resource finds a resource by logical id or address; a Terraform address
// without an index finds the only instance of a count/for_each resource.
func (ps *Packages) resource(name string) *model.Resource {
	var inst *model.Resource
	n := 0
	for _, r := range ps.project.Resources {
		if r.Name == name {
			return r
		}
		if strings.HasPrefix(r.Name, name+"[") {
			inst = r
			n++
		}
	}
	if n == 1 {
		return inst
	}
	return nil
}

// source resolves the value of a code or content property of res to local
// content, or nil when it is not local (S3, an ARN), not known, missing,
// or outside the boundary.
func (ps *Packages) source(res *model.Resource, v *model.Value) *Source {
	if ps.boundary == "" || ps.base == "" {
		return nil
	}
	if ps.terraform {
		return ps.terraformSource(v)
	}
	s, ok := v.AsString()
	if !ok || s == "" || isRemote(s) {
		return nil
	}
	// sam build writes each function and layer to .aws-sam/build/<LogicalId>,
	// and sam deploy uploads that.
	build := filepath.Join(ps.base, ".aws-sam", "build", res.Name)
	if src := ps.local(build, ""); src != nil && src.Kind == Folder {
		src.Display = filepath.ToSlash(filepath.Join(".aws-sam", "build", res.Name))
		src.BuiltFrom = s
		return src
	}
	return ps.local(s, s)
}

// terraformSource resolves a filename: a zip on disk, or the output of an
// archive_file, measured from what it zips.
func (ps *Packages) terraformSource(v *model.Value) *Source {
	if v.State == model.Unknown {
		for _, ref := range v.Refs {
			if a := ps.resource(ref.Resource); a != nil && a.Type == "archive_file" && ref.Attribute == "output_path" {
				return ps.archiveSource(a)
			}
		}
		return nil
	}
	s, ok := v.AsString()
	if !ok || s == "" {
		return nil
	}
	abs := ps.abs(s)
	for _, r := range ps.project.Resources {
		if r.Type != "archive_file" {
			continue
		}
		if out, ok := r.Properties.Dig("output_path").AsString(); ok && ps.abs(out) == abs {
			if src := ps.archiveSource(r); src != nil {
				return src
			}
		}
	}
	src := ps.local(s, "")
	if src == nil || src.Kind != ZipFile {
		return nil // not a zip: Lambda refuses it, and that is not a size problem
	}
	return src
}

// archiveSource is what an archive_file zips: source_dir (less excludes)
// or source_file. Content written in the configuration (source_content,
// source blocks) is not measured.
func (ps *Packages) archiveSource(a *model.Resource) *Source {
	props := a.Properties
	if t, ok := props.Dig("type").AsString(); ok && t != "zip" {
		return nil
	}
	if dir, ok := props.Dig("source_dir").AsString(); ok && dir != "" {
		src := ps.local(dir, "")
		if src == nil || src.Kind != Folder {
			return nil
		}
		ex := props.Dig("excludes")
		if ex.IsSet() {
			if ex.State != model.Known || ex.Type != model.List {
				return nil // excludes not known: the size is not either
			}
			for _, e := range ex.List {
				s, ok := e.AsString()
				if !ok {
					return nil
				}
				src.excludes = append(src.excludes, s)
			}
		}
		if b := props.Dig("exclude_symlink_directories"); b.IsKnown() && b.Type == model.Bool {
			src.noSymlinkDirs = b.Bool
		}
		src.Archive = a
		return src
	}
	if file, ok := props.Dig("source_file").AsString(); ok && file != "" {
		src := ps.local(file, "")
		if src == nil || src.Kind == Folder {
			return nil
		}
		src.Kind = File // archive_file zips even a zip
		src.Archive = a
		return src
	}
	return nil
}

// isRemote reports a location in S3 (s3://bucket/key or an S3 https URL).
// cdkAsset returns the asset folder or file of a resource the AWS CDK
// synthesized, beside its template in the cloud assembly (Metadata
// aws:asset:path, for the property aws:asset:property), at the property's
// place in the template; nil for another resource. CDK uploads it to S3
// (no direct-upload limit) from that folder, which is what it unzips to.
func cdkAsset(r *model.Resource, property string) *model.Value {
	path, ok := r.Metadata.Dig(cdk.AssetPathKey).AsString()
	if !ok || path == "" {
		return nil
	}
	if p, ok := r.Metadata.Dig(cdk.AssetPropertyKey).AsString(); ok && p != property {
		return nil
	}
	at := r.Properties.Dig(property).Range
	if at.IsZero() {
		at = r.Range
	}
	v := model.NewString(path, at)
	v.Origin = model.OriginOf("the CDK asset " + path)
	return v
}

func isRemote(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "s3://") ||
		(strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://")) && strings.Contains(l, "amazonaws.com")
}

func (ps *Packages) abs(p string) string {
	if !filepath.IsAbs(p) {
		p = filepath.Join(ps.base, p)
	}
	return filepath.Clean(p)
}

// local resolves a path relative to the base folder to content inside the
// boundary, following symbolic links; display is how messages name it
// (the path relative to the base when empty).
func (ps *Packages) local(p, display string) *Source {
	key := [2]string{p, display}
	ps.mu.Lock()
	src, ok := ps.locals[key]
	ps.mu.Unlock()
	if ok {
		if src == nil {
			return nil
		}
		c := *src // callers may fill in a Source of their own
		return &c
	}
	src = ps.resolveLocal(p, display)
	ps.mu.Lock()
	ps.locals[key] = src
	ps.mu.Unlock()
	if src == nil {
		return nil
	}
	c := *src
	return &c
}

// resolveLocal finds a local path of the project: its real place inside
// the boundary and what it is; nil outside the boundary or when missing.
func (ps *Packages) resolveLocal(p, display string) *Source {
	abs := ps.abs(p)
	real, err := filepath.EvalSymlinks(abs)
	if err != nil || !inside(ps.boundary, real) {
		return nil
	}
	info, err := os.Stat(real)
	if err != nil {
		return nil
	}
	if display == "" {
		display = p
		if rel, err := filepath.Rel(ps.base, abs); err == nil && !strings.HasPrefix(rel, "..") {
			display = filepath.ToSlash(rel)
		}
	}
	src := &Source{Path: real, Display: display}
	switch {
	case info.IsDir():
		src.Kind = Folder
	case !info.Mode().IsRegular():
		return nil
	case isZip(real):
		src.Kind = ZipFile
	default:
		src.Kind = File
	}
	return src
}

// Size is a measured unzipped size.
type Size struct {
	Bytes uint64
	// Files is the number of files (entries of a zip archive).
	Files int
	// AtLeast is set when something was not counted: a symbolic link
	// leading out of the project, an unreadable folder, or more files
	// than a walk visits. Bytes is then a lower bound.
	AtLeast bool
}

// Unzipped measures what the content takes once Lambda extracts it.
func (ps *Packages) Unzipped(s *Source) (Size, error) {
	r := ps.measure(s)
	if r.err != nil {
		return Size{}, r.err
	}
	if s.Kind == ZipFile {
		return Size{Bytes: r.zc.unzipped, Files: r.zc.entries}, nil
	}
	return Size{Bytes: r.t.unzipped, Files: len(r.t.files), AtLeast: r.t.skipped > 0}, nil
}

// Zipped is a measured zipped size.
type Zipped struct {
	Bytes uint64
	// AtLeast is set when compressing stopped as soon as the size was
	// known to pass the limit asked about, or something was not counted.
	AtLeast bool
}

// ZippedOver reports whether the content, zipped as archive/zip does, is
// larger than limit, and the size (a lower bound when it stopped early).
// A folder is compressed only when its files could reach the limit at
// all; a zip archive weighs its size on disk. The error is not nil when
// the size could not be measured (a missing or unreadable file, or more
// data than is worth compressing).
func (ps *Packages) ZippedOver(s *Source, limit uint64) (over bool, z Zipped, err error) {
	r := ps.measure(s)
	if r.err != nil {
		return false, Zipped{}, r.err
	}
	if s.Kind == ZipFile {
		info, err := os.Stat(s.Path)
		if err != nil {
			return false, Zipped{}, err
		}
		n := uint64(info.Size())
		return n > limit, Zipped{Bytes: n}, nil
	}
	lo, hi := r.t.bounds()
	if hi <= limit {
		return false, Zipped{Bytes: hi, AtLeast: true}, nil
	}
	if lo > limit {
		return true, Zipped{Bytes: lo, AtLeast: true}, nil
	}
	zs, err := zippedSizeLeft(r.t, limit, &ps.compressLeft)
	if err != nil {
		return false, Zipped{}, err
	}
	return zs.bytes > limit, Zipped{Bytes: zs.bytes, AtLeast: !zs.exact || r.t.skipped > 0}, nil
}

func (ps *Packages) measure(s *Source) *treeResult {
	ps.mu.Lock()
	r, ok := ps.trees[s.key()]
	if !ok {
		r = &treeResult{}
		ps.trees[s.key()] = r
	}
	ps.mu.Unlock()
	r.once.Do(func() {
		switch s.Kind {
		case ZipFile:
			r.zc, r.err = readZip(s.Path)
		case File:
			r.t, r.err = singleFile(s.Path)
		default:
			r.t, r.err = walkFolder(s.Path, walkOptions{boundary: ps.boundary, excludes: s.excludes, noSymlinkDirs: s.noSymlinkDirs, project: ps.walks})
		}
	})
	return r
}

// FormatMB writes a size in MB (2^20 bytes) with one decimal; a size
// above limit that would print as the limit or below is given in bytes,
// so the message never reads "250.0 MB, above the limit of 250 MB".
func FormatMB(n, limit uint64) string {
	s := fmt.Sprintf("%.1f MB", float64(n)/MB)
	if n > limit && limit > 0 && float64(n)/MB < float64(limit)/MB+0.05 {
		return fmt.Sprintf("%s bytes", groupDigits(n))
	}
	return s
}

func groupDigits(n uint64) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
