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

// MaxOriginHops bounds the hops an origin names: where the value was set
// and the last hops that handed it on, the others elided as one "…" hop.
// A chain of a thousand Terraform locals would otherwise give every value
// along it a chain as long, which each copy and each reading of it pays.
const MaxOriginHops = 6

// elidedHops stands for the hops MaxOriginHops leaves out.
const elidedHops = "…"

// Then returns o followed by the hops of via, each once: via alone when o
// is empty, o when via is empty or already ends o (a value handed on
// twice by the same hop, as a Globals value a function's own Globals copy
// passes again, names it once). Past MaxOriginHops, the first hop stays
// and the hops after it give way to "…" and the last ones.
func (o Origin) Then(via Origin) Origin {
	switch {
	case len(o) == 0:
		return via
	case len(via) == 0 || (len(via) <= len(o) && o[len(o)-len(via):].Equal(via)):
		return o
	}
	n := len(o) + len(via)
	if n <= MaxOriginHops {
		out := make(Origin, 0, n)
		return append(append(out, o...), via...)
	}
	out := make(Origin, 0, MaxOriginHops)
	out = append(out, o[0], elidedHops)
	keep := MaxOriginHops - 2
	all := append(append(make(Origin, 0, n), o[1:]...), via...)
	return append(out, all[len(all)-keep:]...)
}
