package sam

import (
	"runtime"
	"testing"

	"github.com/lambdavet/lambdavet/parsers/cfn/cfntest"
)

// liveHeap returns the bytes of the heap still reachable.
func liveHeap() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// TestLoadFreesNodes: a resource's nodes are freed once it is in the
// model, so the tree and the model of a large template are never both
// whole; once every resource is loaded, memory is about the model's alone
// (with the tree still held, it was 1.8 times as much).
func TestLoadFreesNodes(t *testing.T) {
	if testing.Short() {
		t.Skip("loads a 3 MB template")
	}
	for name, gen := range map[string]func(int) []byte{"template.yaml": cfntest.Template, "template.json": cfntest.JSONTemplate} {
		src := cfntest.OfSize(3<<20, gen)
		base := liveHeap()
		var mid uint64
		testHookResourcesLoaded = func() { mid = liveHeap() }
		p, _ := Load(name, src, Options{})
		testHookResourcesLoaded = nil
		after := liveHeap()
		runtime.KeepAlive(p)
		if len(p.Functions) < 5000 || len(p.Errors) > 0 {
			t.Fatalf("%s: loaded %d functions, errors %v", name, len(p.Functions), p.Errors)
		}
		model, loaded := float64(after-base), float64(mid-base)
		t.Logf("%s: live once the resources are loaded: %.0f MB; the model alone: %.0f MB", name, loaded/(1<<20), model/(1<<20))
		if loaded > 1.25*model {
			t.Errorf("%s: once the resources are loaded, %.0f MB are live, %.2f times the model's %.0f MB: the template's nodes are still held",
				name, loaded/(1<<20), loaded/model, model/(1<<20))
		}
	}
}
