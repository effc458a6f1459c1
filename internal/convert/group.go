package convert

import (
	"slices"
	"strings"
)

const (
	// minShared is the least Text, in characters, that a shorter copy
	// must hold to be matched as a prefix of a longer one: a page cut
	// after a sentence or two could belong to any story that opens alike.
	minShared = 80
	// maxClimb bounds the walk up the chain of shorter copies when the
	// nearest ones have other titles.
	maxClimb = 64
)

// Group merges pages holding the same story. Stories come in the order of
// their first page by (Source, Line), and the result does not depend on the
// order of pages.
//
// Sorted by Text, every page whose Text is a prefix of another's sits
// before it, and the prefixes of one Text form a chain, each a prefix of
// the next. Group links each page to the nearest page up its chain it may
// merge with, which finds every match in about n log n time.
func Group(pages []Page) []Story {
	n := len(pages)
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return byText(&pages[a], &pages[b]) })
	text := func(s int) string { return pages[order[s]].Text }
	keys := make([]string, n)
	for s := range keys {
		keys[s] = key(clean(pages[order[s]].Title))
	}

	// up[s] is the nearest earlier page whose Text is a prefix of Text s.
	up := make([]int, n)
	var chain []int
	for s := range n {
		for len(chain) > 0 && !strings.HasPrefix(text(s), text(chain[len(chain)-1])) {
			chain = chain[:len(chain)-1]
		}
		up[s] = -1
		if len(chain) > 0 {
			up[s] = chain[len(chain)-1]
		}
		chain = append(chain, s)
	}

	// A page without a title that two differently titled stories extend
	// could join either; it joins neither. Pages with equal Text share the
	// summaries of the first of them, their common ancestor.
	first := make([]int, n)
	for s := range n {
		first[s] = s
		if u := up[s]; u >= 0 && text(u) == text(s) {
			first[s] = first[u]
		}
	}
	below := make([]titles, n) // titles of the pages whose Text extends s
	same := make([]titles, n)  // titles of the later pages with equal Text
	for s := n - 1; s >= 0; s-- {
		below[s].add(keys[s])
		same[s].add(keys[s])
		if u := up[s]; u >= 0 {
			below[u].merge(below[s])
			if text(u) == text(s) {
				same[u].merge(same[s])
			}
		}
	}
	torn := func(s int) bool {
		if keys[s] != "" {
			return false
		}
		if long(text(s)) {
			return below[first[s]].many
		}
		return same[first[s]].many
	}

	sets := newSets(keys)
	for s := range n {
		if torn(s) {
			continue
		}
		for u, climb := up[s], 0; u >= 0 && climb < maxClimb; u, climb = up[u], climb+1 {
			if !long(text(u)) && text(u) != text(s) {
				break
			}
			if !torn(u) && (keys[u] == "" || keys[s] == "" || keys[u] == keys[s]) && sets.union(u, s) {
				break
			}
		}
	}

	bySet := map[int][]Page{}
	var roots []int
	for s := range n {
		r := sets.find(s)
		if bySet[r] == nil {
			roots = append(roots, r)
		}
		bySet[r] = append(bySet[r], pages[order[s]])
	}
	stories := make([]Story, 0, len(roots))
	for _, r := range roots {
		stories = append(stories, newStory(bySet[r]))
	}
	slices.SortFunc(stories, func(a, b Story) int { return byPlace(&a.Pages[0], &b.Pages[0]) })
	return nearMerge(stories)
}

// newStory makes a story of its pages, picking the best copy.
func newStory(ps []Page) Story {
	slices.SortFunc(ps, func(a, b Page) int { return byPlace(&a, &b) })
	best := 0
	for i, p := range ps {
		if len(p.Text) > len(ps[best].Text) || len(p.Text) == len(ps[best].Text) && ps[best].Headerless() && !p.Headerless() {
			best = i
		}
	}
	return Story{Pages: ps, Best: best}
}

// long reports whether text holds at least minShared characters.
func long(text string) bool {
	if len(text) < minShared {
		return false
	}
	n := 0
	for range text {
		if n++; n >= minShared {
			return true
		}
	}
	return false
}

// titles sums up the distinct titles in a set of pages: the first one, and
// whether there are more.
type titles struct {
	first string
	many  bool
}

func (t *titles) add(k string) {
	switch {
	case k == "" || k == t.first:
	case t.first == "":
		t.first = k
	default:
		t.many = true
	}
}

func (t *titles) merge(o titles) {
	t.add(o.first)
	t.many = t.many || o.many
}

// sets is a union–find forest over sorted pages that never joins two sets
// with different titles.
type sets struct {
	parent []int
	title  []string // the title of the set a root stands for
}

func newSets(keys []string) *sets {
	s := &sets{parent: make([]int, len(keys)), title: slices.Clone(keys)}
	for i := range s.parent {
		s.parent[i] = i
	}
	return s
}

func (s *sets) find(i int) int {
	for s.parent[i] != i {
		s.parent[i] = s.parent[s.parent[i]]
		i = s.parent[i]
	}
	return i
}

// union joins the sets of a and b and reports whether they are now one.
func (s *sets) union(a, b int) bool {
	a, b = s.find(a), s.find(b)
	ta, tb := s.title[a], s.title[b]
	if a == b {
		return true
	}
	if ta != "" && tb != "" && ta != tb {
		return false
	}
	if a > b {
		a, b = b, a
	}
	s.parent[b] = a
	s.title[a] = max(ta, tb) // the one that is not empty
	return true
}

// byText orders pages by Text, then by place and content, so that equal
// input gives equal output whatever its order.
func byText(a, b *Page) int {
	if c := strings.Compare(a.Text, b.Text); c != 0 {
		return c
	}
	return byPlace(a, b)
}

func byPlace(a, b *Page) int {
	switch {
	case a.Source != b.Source:
		return strings.Compare(a.Source, b.Source)
	case a.Line != b.Line:
		return a.Line - b.Line
	case a.Title != b.Title:
		return strings.Compare(a.Title, b.Title)
	case a.Caption != b.Caption:
		return strings.Compare(a.Caption, b.Caption)
	case a.Date != b.Date:
		return strings.Compare(a.Date, b.Date)
	case a.Body != b.Body:
		return strings.Compare(a.Body, b.Body)
	}
	return strings.Compare(a.Text, b.Text)
}
