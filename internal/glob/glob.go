// Package glob matches slash-separated paths against patterns made of
// path.Match segments and "**", which stands for any number of segments
// (none included). Configuration excludes and Terraform archive_file
// excludes both use this form.
//
// A recursive matcher that tries every split at each "**" backtracks
// exponentially: "**/a/**/a/**/a/**/b" over a path of 60 "a" folders takes
// years. Matching here simulates the pattern as an automaton over the
// path's segments (the set of pattern positions reachable so far), so a
// path of n segments against a pattern of m segments costs at most n×m
// segment comparisons, and a walk can carry the state from a folder to its
// entries at m comparisons per entry.
package glob

import (
	"path"
	"strings"
)

// Pattern is a compiled pattern.
type Pattern struct {
	segs []string
	// literal[i] says segment i has no metacharacter: compared with ==.
	literal []bool
}

// Compile splits a slash-separated pattern into segments. Runs of "**"
// are one "**".
func Compile(pattern string) *Pattern {
	p := &Pattern{}
	for _, s := range strings.Split(pattern, "/") {
		if s == "**" && len(p.segs) > 0 && p.segs[len(p.segs)-1] == "**" {
			continue
		}
		p.segs = append(p.segs, s)
		p.literal = append(p.literal, !strings.ContainsAny(s, `*?[\`))
	}
	return p
}

// State is where a match stands after some segments: the set of pattern
// positions reached, position len(segs) meaning the pattern is used up.
// The zero State is dead (nothing can match any more).
type State struct {
	set []uint64
}

func (s State) has(i int) bool { return i/64 < len(s.set) && s.set[i/64]&(1<<(uint(i)%64)) != 0 }

func (p *Pattern) newState() State { return State{set: make([]uint64, (len(p.segs)+1+63)/64)} }

// add puts position i in s with its closure: a "**" may match no segment.
func (p *Pattern) add(s State, i int) {
	for {
		if s.has(i) {
			return
		}
		s.set[i/64] |= 1 << (uint(i) % 64)
		if i < len(p.segs) && p.segs[i] == "**" {
			i++
			continue
		}
		return
	}
}

// Start is the state before any segment.
func (p *Pattern) Start() State {
	s := p.newState()
	p.add(s, 0)
	return s
}

// Step returns the state after one more path segment. It does not change s,
// so a walk can give one folder's state to each of its entries.
func (p *Pattern) Step(s State, seg string) State {
	var next State
	for i := range p.segs {
		if !s.has(i) {
			continue
		}
		var to int
		switch {
		case p.segs[i] == "**":
			to = i // "**" takes the segment and may take more
		case p.matchSeg(i, seg):
			to = i + 1
		default:
			continue
		}
		if next.set == nil {
			next = p.newState()
		}
		p.add(next, to)
	}
	return next
}

func (p *Pattern) matchSeg(i int, seg string) bool {
	if p.literal[i] {
		return p.segs[i] == seg
	}
	ok, err := path.Match(p.segs[i], seg)
	if err != nil {
		return p.segs[i] == seg // malformed: only the pattern itself matches
	}
	return ok
}

// Done reports whether the segments stepped through so far match the whole
// pattern.
func (p *Pattern) Done(s State) bool { return s.has(len(p.segs)) }

// Dead reports whether no continuation of the path can match.
func (s State) Dead() bool {
	for _, w := range s.set {
		if w != 0 {
			return false
		}
	}
	return true
}

// Match reports whether the slash-separated name matches the whole pattern.
func (p *Pattern) Match(name string) bool {
	s := p.Start()
	for _, seg := range strings.Split(name, "/") {
		if s = p.Step(s, seg); s.Dead() {
			return false
		}
	}
	return p.Done(s)
}

// MatchPrefix reports whether name, or a folder holding it, matches the
// whole pattern: "legacy" and "legacy/**" both cover legacy/a/b.
func (p *Pattern) MatchPrefix(name string) bool {
	s := p.Start()
	if p.Done(s) {
		return true
	}
	for _, seg := range strings.Split(name, "/") {
		if s = p.Step(s, seg); s.Dead() {
			return false
		}
		if p.Done(s) {
			return true
		}
	}
	return false
}
