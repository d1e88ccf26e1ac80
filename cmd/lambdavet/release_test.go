package main

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestGoReleaserConfig checks .goreleaser.yaml offline (goreleaser itself
// is not installed here): binaries for linux, darwin and windows on amd64
// and arm64, static, with the version set where lambdavetVersion reads it.
func TestGoReleaserConfig(t *testing.T) {
	var cfg struct {
		Version int
		Builds  []struct {
			Main, Binary string
			Env          []string
			Ldflags      []string
			Goos, Goarch []string
		}
	}
	if err := yaml.Unmarshal(repoFile(t, ".goreleaser.yaml"), &cfg); err != nil {
		t.Fatal(err)
	}
	if cfg.Version != 2 || len(cfg.Builds) != 1 {
		t.Fatalf("want a version 2 configuration with one build: %+v", cfg)
	}
	b := cfg.Builds[0]
	if b.Main != "./cmd/lambdavet" || b.Binary != "lambdavet" || !slices.Contains(b.Env, "CGO_ENABLED=0") {
		t.Errorf("build %+v: want ./cmd/lambdavet as lambdavet, CGO_ENABLED=0", b)
	}
	slices.Sort(b.Goos)
	slices.Sort(b.Goarch)
	if !slices.Equal(b.Goos, []string{"darwin", "linux", "windows"}) || !slices.Equal(b.Goarch, []string{"amd64", "arm64"}) {
		t.Errorf("targets %v × %v, want linux/darwin/windows × amd64/arm64", b.Goos, b.Goarch)
	}
	if !strings.Contains(strings.Join(b.Ldflags, " "), "-X main.version={{.Version}}") {
		t.Errorf("ldflags %q do not set main.version", b.Ldflags)
	}
}

// TestDockerfile checks the Dockerfile without Docker: a multi-stage build
// on the Go version go.mod names, a static binary, and an image whose
// entry point is lambdavet working in /src.
func TestDockerfile(t *testing.T) {
	var froms, final []string
	for _, line := range strings.Split(string(repoFile(t, "Dockerfile")), "\n") {
		switch {
		case strings.HasPrefix(line, "FROM "):
			froms = append(froms, line)
			final = nil
		case line != "" && !strings.HasPrefix(line, "#"):
			final = append(final, line)
		}
	}
	gomod := regexp.MustCompile(`(?m)^go (1\.\d+)`).FindSubmatch(repoFile(t, "go.mod"))
	if len(froms) != 2 || gomod == nil || !strings.HasPrefix(froms[0], "FROM golang:"+string(gomod[1])+" ") ||
		!regexp.MustCompile(`^FROM (gcr\.io/distroless/static\S*|scratch)$`).MatchString(froms[1]) {
		t.Fatalf("stages %q: want golang:%s, then distroless/static or scratch", froms, gomod)
	}
	all := string(repoFile(t, "Dockerfile"))
	if !strings.Contains(all, "CGO_ENABLED=0 go build") || !strings.Contains(all, "-X main.version=") || !strings.Contains(all, "./cmd/lambdavet") {
		t.Error("the build is not a static go build of ./cmd/lambdavet with the version")
	}
	if !slices.Contains(final, "WORKDIR /src") || !slices.ContainsFunc(final, func(l string) bool {
		return regexp.MustCompile(`^ENTRYPOINT \["[^"]*/lambdavet"\]$`).MatchString(l)
	}) {
		t.Errorf("final stage %q: want WORKDIR /src and ENTRYPOINT lambdavet", final)
	}
}

// TestChangelog checks that the version the action installs by default,
// and the one the install, action and pre-commit examples pin, is the
// newest version of CHANGELOG.md, and that no example follows a branch.
func TestChangelog(t *testing.T) {
	newest := regexp.MustCompile(`(?m)^## (v\d+\.\d+\.\d+)\b`).FindSubmatch(repoFile(t, "CHANGELOG.md"))
	if newest == nil {
		t.Fatal("CHANGELOG.md has no ## vX.Y.Z heading")
	}
	v := string(newest[1])
	var action struct {
		Inputs map[string]struct{ Default string }
	}
	if err := yaml.Unmarshal(repoFile(t, "action.yml"), &action); err != nil {
		t.Fatal(err)
	}
	if action.Inputs["version"].Default != v {
		t.Errorf("action.yml installs %q by default, want %s (CHANGELOG.md)", action.Inputs["version"].Default, v)
	}
	readme := string(repoFile(t, "README.md"))
	for _, want := range []string{"cmd/lambdavet@latest", "@" + v + ",", "uses: lambdavet/lambdavet@" + v, "rev: " + v} {
		if !strings.Contains(readme, want) {
			t.Errorf("README.md lacks %q", want)
		}
	}
	ci := string(repoFile(t, "docs/ci.md"))
	for _, want := range []string{"uses: lambdavet/lambdavet@" + v, "rev: " + v} {
		if !strings.Contains(ci, want) {
			t.Errorf("docs/ci.md lacks %q", want)
		}
	}
	branch := regexp.MustCompile(`rev: (main|master)\b|lambdavet/lambdavet@(main|master)\b`)
	for name, text := range map[string]string{"README.md": readme, "docs/ci.md": ci} {
		if m := branch.FindString(text); m != "" {
			t.Errorf("%s follows a branch: %s", name, m)
		}
	}
}
