package cfn

import "cmp"

// arena allocates the nodes of one template and the slices that link them
// in chunks (a part at a time: see fresh), as one allocation per
// node and per slice made parsing spend most of its time in the allocator
// and the garbage collector (about five million allocations for 8 MB).
type arena struct {
	nodes []Node
	ptrs  []*Node
	// chunk and ptrsChunk are the sizes of the next chunks of nodes and
	// of slice elements; they grow so small templates waste little and
	// large ones allocate rarely.
	chunk, ptrsChunk int
	// maxChunk and ptrChunk cap the chunk sizes (0: maxNodeChunk and
	// maxPtrChunk); see fresh.
	maxChunk, ptrChunk int
	// interned holds one copy of each short string seen as a key or a
	// scalar, so the thousands of "Type" and "Properties" share memory.
	interned map[string]string
}

const (
	maxNodeChunk  = 1024
	maxPtrChunk   = 4096
	maxInterned   = 1 << 16
	maxInternSize = 64
)

// node returns a new zero node.
func (a *arena) node() *Node {
	if len(a.nodes) == cap(a.nodes) {
		a.chunk = min(max(2*a.chunk, 16), cmp.Or(a.maxChunk, maxNodeChunk))
		a.nodes = make([]Node, 0, a.chunk)
	}
	a.nodes = a.nodes[:len(a.nodes)+1]
	return &a.nodes[len(a.nodes)-1]
}

// slice returns a copy of s whose capacity is its length, so an append by a
// later reader reallocates instead of overwriting a neighbour.
func (a *arena) slice(s []*Node) []*Node {
	n := len(s)
	if n == 0 {
		return nil
	}
	if n > maxPtrChunk/4 {
		return append([]*Node(nil), s...)
	}
	if cap(a.ptrs)-len(a.ptrs) < n {
		// A first chunk of the largest size was 32 KB for every template,
		// a tenth of all the corpus allocated, most of it never used.
		a.ptrsChunk = min(max(2*a.ptrsChunk, 64), cmp.Or(a.ptrChunk, maxPtrChunk))
		a.ptrs = make([]*Node, 0, max(n, a.ptrsChunk))
	}
	at := len(a.ptrs)
	a.ptrs = append(a.ptrs, s...)
	return a.ptrs[at : at+n : at+n]
}

// Chunk sizes of the arenas of a template's parts (fresh).
const (
	partNodeChunk = 256
	partPtrChunk  = 1024
)

// fresh returns an arena for the next part of the template (a group of
// resources) that shares a's interned strings. A chunk is freed only when
// no node in it is reachable, and while it lives its dead nodes keep what
// they point at reachable, so nodes of parts linked through shared chunks
// are freed all together or not at all; with a chunk set per part, the
// loader frees each part it is done with (sam.Load) while the others are
// still read. Its chunks are small, so the last one of each part wastes
// little.
func (a *arena) fresh() *arena {
	return &arena{interned: a.interned, maxChunk: partNodeChunk, ptrChunk: partPtrChunk}
}

// intern returns the shared copy of s.
func (a *arena) intern(s string) string {
	if len(s) > maxInternSize {
		return s
	}
	if v, ok := a.interned[s]; ok {
		return v
	}
	if a.interned == nil {
		// 224 entries fit the table of 256 slots (9 KB); a hint of 256
		// took the next one, 512 slots and 18 KB, for every template.
		a.interned = make(map[string]string, 224)
	}
	if len(a.interned) < maxInterned {
		a.interned[s] = s
	}
	return s
}

// internBytes returns the shared copy of b as a string, allocating only
// the first time it is seen.
func (a *arena) internBytes(b []byte) string {
	if len(b) > maxInternSize {
		return string(b)
	}
	if v, ok := a.interned[string(b)]; ok {
		return v
	}
	return a.intern(string(b))
}
