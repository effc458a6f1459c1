package site

import (
	"hash/maphash"
	"maps"
	"slices"
	"time"

	"briefing/internal/parallel"
	"briefing/internal/taxonomy"
)

// relatedCount is how many related articles an article lists: the three
// that share most tags, nearest in time. Each more costs every article
// page some 180 bytes, and the tag pages list the rest.
const relatedCount = 3

// window is how far either side of an article, in a tag's time-ordered
// list, related candidates are looked for. Looking near in time rather than
// through whole tags keeps relating linear in the archive's size.
const window = 24

// relate finds each article's related articles. It runs at every build,
// watch mode's included, so it avoids a map and a sort per article: scores
// go in one slice indexed by place in the site, only the best few
// candidates are kept as they are found, and the articles are shared out
// among the cores. With a memo of the last build, only the lists that can
// have changed are worked out again (see Memo).
func relate(s *Site, m *Memo) {
	retagged, ok := m.retagged(s)
	if ok && len(retagged) == 0 {
		m.reuse(s, nil)
		return
	}
	place := make(map[*Article]int32, len(s.Articles))
	for i, a := range s.Articles {
		place[a] = int32(i)
	}
	// places[t] holds the places of t's articles; t.Articles is in site
	// order, so they ascend and an article is found by binary search.
	places := make(map[*Tag][]int32, len(s.Tags))
	for _, t := range s.Tags {
		ps := make([]int32, len(t.articles))
		for j, b := range t.articles {
			ps[j] = place[b]
		}
		places[t] = ps
	}
	if ok {
		todo := m.affected(s, retagged, places)
		score := make([]int32, len(s.Articles))
		var seen []int32
		for _, ai := range todo {
			seen = relateOne(s, int(ai), places, score, seen[:0])
		}
		m.reuse(s, todo)
		m.update(s, place, retagged, todo)
		return
	}
	// Each worker scores with its own buffers.
	type scratch struct{ score, seen []int32 }
	parallel.ForWith(len(s.Articles), func() *scratch {
		return &scratch{score: make([]int32, len(s.Articles))}
	}, func(sc *scratch, ai int) {
		sc.seen = relateOne(s, ai, places, sc.score, sc.seen[:0])
	})
	m.remember(s, place)
}

// Memo carries the site's order and the related lists from one build to
// the next.
//
// The order is kept if the same articles come in and it is still sorted,
// which is checked pair by pair: a moved date or a hidden article sorts
// again.
//
// An article's related list depends on its tags and on the articles near
// it in each of its tags' time-ordered lists (window places either side),
// and on their distance from it in the site's order. While the site's
// order stays the same, an article whose tags change moves only within
// the lists of the tags it left or joined, so only the articles within
// window places of it there can find different candidates. An edit to an
// article's text, notes or title changes no list at all.
//
// A Memo is not safe for use by concurrent builds. The zero Memo is ready
// to use; a nil *Memo remembers nothing.
type Memo struct {
	// The last build's site, from these sources and taxonomy, and its
	// articles by name; nil if it failed.
	site     *Site
	built    []*Source
	tax      *taxonomy.Taxonomy
	articles map[string]*Article

	// sources are the articles' names in the order of the sources; places
	// holds, for each place in the site, the place in that list.
	sources []string
	places  []int32

	names   []string   // every article's name, in site order
	tags    [][]string // the slugs of each article's tags
	related [][]int32  // the places of each article's related articles
}

// order puts the articles, given in the order of their sources, in the
// order of the last build if they are the same articles and that order is
// still right, and reports whether it did.
func (m *Memo) order(as []*Article) bool {
	if m == nil || len(m.sources) != len(as) {
		return false
	}
	for i, a := range as {
		if a.Name != m.sources[i] {
			return false
		}
	}
	sorted := make([]*Article, len(as))
	for i, p := range m.places {
		sorted[i] = as[p]
		if i > 0 && newestFirst(sorted[i-1], sorted[i]) >= 0 {
			return false
		}
	}
	copy(as, sorted)
	return true
}

// keepOrder remembers the order of the articles, sorted, for the next
// build.
func (m *Memo) keepOrder(as []*Article) {
	if m == nil {
		return
	}
	m.sources, m.places = make([]string, len(as)), make([]int32, len(as))
	for i, a := range as {
		m.sources[a.at] = a.Name
		m.places[i] = a.at
	}
}

// maxRetagged is how many articles may have changed tags for the memo to
// be used; past it, working out every list is as quick.
const maxRetagged = 64

// retagged lists the places of the articles whose tags changed since the
// last build. ok is false when the memo cannot be used: there is none,
// the site's order changed, or too many articles were retagged.
func (m *Memo) retagged(s *Site) (places []int, ok bool) {
	if m == nil || len(m.names) != len(s.Articles) {
		return nil, false
	}
	for i, a := range s.Articles {
		if a.Name != m.names[i] {
			return nil, false
		}
		if !sameSlugs(a.Tags, m.tags[i]) {
			places = append(places, i)
			if len(places) > maxRetagged {
				return nil, false
			}
		}
	}
	return places, true
}

// affected lists, in order, the places of the articles whose lists must be
// worked out again after the articles at retagged changed their tags.
func (m *Memo) affected(s *Site, retagged []int, places map[*Tag][]int32) []int32 {
	bySlug := make(map[string]*Tag, len(s.Tags))
	for _, t := range s.Tags {
		bySlug[t.Slug] = t
	}
	todo := map[int32]bool{}
	for _, ai := range retagged {
		todo[int32(ai)] = true
		slugs := slices.Clone(m.tags[ai])
		for _, t := range s.Articles[ai].Tags {
			slugs = append(slugs, t.Slug)
		}
		for _, sl := range slugs {
			t := bySlug[sl]
			if t == nil {
				continue // no article has the tag any more
			}
			// Where the article is, or would be, in the tag's list.
			ps := places[t]
			pos, _ := slices.BinarySearch(ps, int32(ai))
			for _, b := range ps[max(0, pos-window-1):min(len(ps), pos+window+1)] {
				todo[b] = true
			}
		}
	}
	return slices.Sorted(maps.Keys(todo))
}

// reuse gives every article not in todo (ascending places) the related
// list the memo holds for it.
func (m *Memo) reuse(s *Site, todo []int32) {
	for ai, a := range s.Articles {
		if len(todo) > 0 && todo[0] == int32(ai) {
			todo = todo[1:]
			continue
		}
		a.Related = make([]*Entry, len(m.related[ai]))
		for j, b := range m.related[ai] {
			a.Related[j] = &s.Articles[b].Entry
		}
	}
}

// update brings the memo up to date after the articles at retagged changed
// tags and those at todo were related again.
func (m *Memo) update(s *Site, place map[*Article]int32, retagged []int, todo []int32) {
	for _, ai := range retagged {
		m.tags[ai] = slugsOf(s.Articles[ai].Tags)
	}
	for _, ai := range todo {
		m.related[ai] = placesOf(s.Articles[ai].Related, place)
	}
}

// remember keeps this build's lists for the next.
func (m *Memo) remember(s *Site, place map[*Article]int32) {
	if m == nil {
		return
	}
	n := len(s.Articles)
	m.names, m.tags, m.related = make([]string, n), make([][]string, n), make([][]int32, n)
	for i, a := range s.Articles {
		m.names[i] = a.Name
		m.tags[i] = slugsOf(a.Tags)
		m.related[i] = placesOf(a.Related, place)
	}
}

func slugsOf(tags []*Tag) []string {
	out := make([]string, len(tags))
	for i, t := range tags {
		out[i] = t.Slug
	}
	return out
}

func placesOf(es []*Entry, place map[*Article]int32) []int32 {
	out := make([]int32, len(es))
	for i, e := range es {
		out[i] = place[e.article]
	}
	return out
}

func sameSlugs(tags []*Tag, slugs []string) bool {
	if len(tags) != len(slugs) {
		return false
	}
	for i, t := range tags {
		if t.Slug != slugs[i] {
			return false
		}
	}
	return true
}

// relateOne sets the related articles of the article at place ai. score
// is all zeros and is left so; seen is scratch space, returned for reuse.
func relateOne(s *Site, ai int, places map[*Tag][]int32, score []int32, seen []int32) []int32 {
	a := s.Articles[ai]
	for _, t := range a.Tags {
		ps := places[t]
		pos, _ := slices.BinarySearch(ps, int32(ai))
		for _, b := range ps[max(0, pos-window):min(len(ps), pos+window+1)] {
			if int(b) == ai {
				continue
			}
			if score[b] == 0 {
				seen = append(seen, b)
			}
			score[b]++
		}
	}
	var best [relatedCount]candidate
	n := 0
	for _, b := range seen {
		d := int(b) - ai
		c := candidate{s.Articles[b], int(score[b]), max(d, -d)}
		score[b] = 0
		if n == relatedCount && !c.before(best[n-1]) {
			continue
		}
		i := min(n, relatedCount-1)
		for i > 0 && c.before(best[i-1]) {
			best[i] = best[i-1]
			i--
		}
		best[i] = c
		n = min(n+1, relatedCount)
	}
	for _, c := range best[:n] {
		a.Related = append(a.Related, &c.a.Entry)
	}
	return seen
}

// candidate is an article that may be related to another.
type candidate struct {
	a      *Article
	shared int // tags shared
	dist   int // places apart in the site's order
}

// before orders candidates: most tags shared, then nearest in time, then
// by file name, so the order is total.
func (x candidate) before(y candidate) bool {
	if x.shared != y.shared {
		return x.shared > y.shared
	}
	if x.dist != y.dist {
		return x.dist < y.dist
	}
	return x.a.Name < y.a.Name
}

var seed = maphash.MakeSeed()

// hashOwn sets the signatures of what the article's file says: its
// Entry's and own. Each exported field is written here by hand, for
// speed; TestSigsCoverEveryField checks that none is left out.
func (a *Article) hashOwn() {
	var h maphash.Hash
	h.SetSeed(seed)
	str := func(v string) { h.WriteString(v); h.WriteByte(0) }
	str(a.Name)
	str(a.Title)
	hashTime(&h, a.Date)
	a.Entry.sig = h.Sum64()
	str(a.ID)
	str(a.DateSource)
	str(a.Caption)
	str(a.Summary)
	maphash.WriteComparable(&h, len(a.Sources))
	for _, s := range a.Sources {
		str(s)
	}
	maphash.WriteComparable(&h, len(a.Notes))
	for _, n := range a.Notes {
		str(n.By)
		hashTime(&h, n.Date)
		str(string(n.Text))
		maphash.WriteComparable(&h, n.Article.sig)
	}
	str(a.Review)
	maphash.WriteComparable(&h, a.Edited)
	str(a.Path)
	// The body is made from the file alone.
	maphash.WriteComparable(&h, a.rev0)
	a.own = h.Sum64()
}

func hashTime(h *maphash.Hash, t time.Time) {
	zone, off := t.Zone()
	maphash.WriteComparable(h, t.Unix())
	maphash.WriteComparable(h, t.Nanosecond())
	maphash.WriteComparable(h, off)
	h.WriteString(zone)
}

// revise sets each article's Sig, and each draft's, from what its file
// says, its tags and the entries of the articles it links to.
func revise(s *Site) {
	as := s.Articles
	if len(s.Drafts) > 0 {
		as = append(slices.Clone(s.Articles), s.Drafts...)
	}
	reviseEach(as)
}

// reviseEach sets the Sig of each of as.
func reviseEach(as []*Article) {
	parallel.For(len(as), func(i int) {
		a := as[i]
		var h maphash.Hash
		h.SetSeed(seed)
		maphash.WriteComparable(&h, a.own)
		maphash.WriteComparable(&h, len(a.Tags))
		for _, t := range a.Tags {
			h.WriteString(t.Name)
			h.WriteByte(0)
			h.WriteString(t.Slug)
			h.WriteByte(0)
			h.WriteString(t.Kind)
			h.WriteByte(0)
			h.WriteString(t.Description)
			h.WriteByte(0)
		}
		// A link by id changes when its target's file is renamed.
		maphash.WriteComparable(&h, len(a.Links))
		for _, l := range a.Links {
			h.WriteString(l)
			h.WriteByte(0)
		}
		for _, n := range a.Notes {
			maphash.WriteComparable(&h, len(n.Links))
			for _, l := range n.Links {
				h.WriteString(l)
				h.WriteByte(0)
			}
		}
		for _, e := range [2]*Entry{a.Prev, a.Next} {
			var sig uint64
			if e != nil {
				sig = e.sig
			}
			maphash.WriteComparable(&h, e != nil)
			maphash.WriteComparable(&h, sig)
		}
		maphash.WriteComparable(&h, len(a.Related))
		for _, e := range a.Related {
			maphash.WriteComparable(&h, e.sig)
		}
		a.sig = h.Sum64()
	})
}
