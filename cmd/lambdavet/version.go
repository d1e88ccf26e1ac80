package main

import "runtime/debug"

// version is set at release time with -ldflags "-X main.version=…"
// (.goreleaser.yaml does). Left empty, the module version Go recorded in
// the binary is used instead: `go install …@v0.1.0` builds one that knows
// it is v0.1.0 with no flag at all.
var version = ""

// readBuildInfo is debug.ReadBuildInfo, replaced in tests.
var readBuildInfo = debug.ReadBuildInfo

// lambdavetVersion is the version -version prints, SARIF records as
// tool.driver.version and the language server sends as serverInfo.version:
// the -ldflags one, else the module's, else "devel" (a build from a work
// tree, where Go records "(devel)").
func lambdavetVersion() string {
	if version != "" {
		return version
	}
	if info, ok := readBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "devel"
}
