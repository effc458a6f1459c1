package site

import (
	"hash/maphash"
	"runtime"
	"slices"
	"sync"
)

// relatedCount is how many related articles an article lists.
const relatedCount = 5

// window is how far either side of an article, in a tag's time-ordered
// list, related candidates are looked for. Looking near in time rather than
// through whole tags keeps relating linear in the archive's size.
const window = 24

// relate finds each article's related articles. It runs at every build,
// watch mode's included, so it avoids a map and a sort per article: scores
// go in one slice indexed by place in the site, only the best few
// candidates are kept as they are found, and the articles are shared out
// among the cores.
func relate(s *Site) {
	place := make(map[*Article]int32, len(s.Articles))
	for i, a := range s.Articles {
		place[a] = int32(i)
	}
	// places[t] holds the places of t's articles; t.Articles is in site
	// order, so they ascend and an article is found by binary search.
	places := make(map[*Tag][]int32, len(s.Tags))
	for _, t := range s.Tags {
		ps := make([]int32, len(t.Articles))
		for j, b := range t.Articles {
			ps[j] = place[b]
		}
		places[t] = ps
	}
	workers := min(runtime.GOMAXPROCS(0), len(s.Articles)/500+1)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			score := make([]int32, len(s.Articles))
			var seen []int32
			for ai := w; ai < len(s.Articles); ai += workers {
				seen = relateOne(s, ai, places, score, seen[:0])
			}
		})
	}
	wg.Wait()
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
		a.Related = append(a.Related, c.a)
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

// revise sets each article's Card from its file and tags and its Head from
// its name, title and date; then its Rev from its own Card and the Heads of
// the articles its page links to, which it shows by title and date.
func revise(s *Site) {
	parts(len(s.Articles), func(i int) {
		a := s.Articles[i]
		var h maphash.Hash
		h.SetSeed(seed)
		maphash.WriteComparable(&h, a.rev0)
		h.WriteString(a.Name)
		for _, t := range a.Tags {
			h.WriteString(t.Slug)
			h.WriteString(t.Name)
			h.WriteByte(0)
		}
		a.Card = h.Sum64()
		h.Reset()
		h.WriteString(a.Name)
		h.WriteByte(0)
		h.WriteString(a.Title)
		maphash.WriteComparable(&h, a.Date)
		a.Head = h.Sum64()
	})
	parts(len(s.Articles), func(i int) {
		a := s.Articles[i]
		var h maphash.Hash
		h.SetSeed(seed)
		maphash.WriteComparable(&h, a.Card)
		for _, b := range [2]*Article{a.Prev, a.Next} {
			var head uint64
			if b != nil {
				head = b.Head
			}
			maphash.WriteComparable(&h, head)
		}
		for _, b := range a.Related {
			maphash.WriteComparable(&h, b.Head)
		}
		a.Rev = h.Sum64()
	})
}

// parts calls f for 0 … n-1, shared out across cores when n is large.
func parts(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n/500+1)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < n; i += workers {
				f(i)
			}
		})
	}
	wg.Wait()
}
