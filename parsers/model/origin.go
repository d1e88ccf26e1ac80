package model

import (
	"slices"
	"strings"
)

// Origin is how a value reached a property when it was not written in
// place: the hops it took, first where it was set (`parameter "Mem"
// default`, `variable "mem" default`), then each that handed it on
// (`Globals`, `module "fn" argument memory_size`). The zero Origin is a
// value written where it is used. String renders the chain for messages
// and for the policies' input; like When, an Origin is never changed in
// place.
type Origin []string

// originHop joins the hops of an origin when rendered.
const originHop = ", via "

// OriginOf returns the origin of one hop; none for "".
func OriginOf(hop string) Origin {
	if hop == "" {
		return nil
	}
	return Origin{hop}
}

// String renders the chain: `parameter "Mem" default, via Globals`.
func (o Origin) String() string {
	return strings.Join(o, originHop)
}

// Equal reports whether two origins have the same hops.
func (o Origin) Equal(p Origin) bool { return slices.Equal(o, p) }

// Then returns o followed by the hops of via, each once: via alone when o
// is empty, o when via is empty or already ends o (a value handed on
// twice by the same hop, as a Globals value a function's own Globals copy
// passes again, names it once).
func (o Origin) Then(via Origin) Origin {
	switch {
	case len(o) == 0:
		return via
	case len(via) == 0 || (len(via) <= len(o) && o[len(o)-len(via):].Equal(via)):
		return o
	}
	out := make(Origin, 0, len(o)+len(via))
	return append(append(out, o...), via...)
}
