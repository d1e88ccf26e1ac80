package cfn

// arena allocates the nodes of one template and the slices that link them
// in chunks: a template is kept or dropped whole, and one allocation per
// node and per slice made parsing spend most of its time in the allocator
// and the garbage collector (about five million allocations for 8 MB).
type arena struct {
	nodes []Node
	ptrs  []*Node
	// chunk is the size of the next chunk of nodes; it grows so small
	// templates waste little and large ones allocate rarely.
	chunk int
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
		a.chunk = min(max(2*a.chunk, 16), maxNodeChunk)
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
		a.ptrs = make([]*Node, 0, maxPtrChunk)
	}
	at := len(a.ptrs)
	a.ptrs = append(a.ptrs, s...)
	return a.ptrs[at : at+n : at+n]
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
		a.interned = make(map[string]string, 256)
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
