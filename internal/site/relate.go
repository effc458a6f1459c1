package site

import (
	"cmp"
	"hash/maphash"
	"slices"
)

// relatedCount is how many related articles an article lists.
const relatedCount = 5

// window is how far either side of an article, in a tag's time-ordered
// list, related candidates are looked for. Looking near in time rather than
// through whole tags keeps relating linear in the archive's size.
const window = 24

func relate(s *Site) {
	index := make(map[*Article]int, len(s.Articles))
	for i, a := range s.Articles {
		index[a] = i
	}
	type cand struct {
		a      *Article
		shared int
		dist   int
	}
	for _, a := range s.Articles {
		ai := index[a]
		score := map[*Article]int{}
		for _, t := range a.Tags {
			// t.Articles is in site order, so a's place is found by search.
			pos, _ := slices.BinarySearchFunc(t.Articles, ai, func(x *Article, i int) int { return cmp.Compare(index[x], i) })
			lo, hi := max(0, pos-window), min(len(t.Articles), pos+window+1)
			for _, b := range t.Articles[lo:hi] {
				if b != a {
					score[b]++
				}
			}
		}
		cands := make([]cand, 0, len(score))
		for b, n := range score {
			d := index[b] - ai
			cands = append(cands, cand{b, n, max(d, -d)})
		}
		slices.SortFunc(cands, func(x, y cand) int {
			if c := cmp.Compare(y.shared, x.shared); c != 0 {
				return c
			}
			if c := cmp.Compare(x.dist, y.dist); c != 0 {
				return c
			}
			return cmp.Compare(x.a.Name, y.a.Name)
		})
		for _, c := range cands[:min(relatedCount, len(cands))] {
			a.Related = append(a.Related, c.a)
		}
	}
}

var seed = maphash.MakeSeed()

// revise sets each article's Card from its file and tags, then its Rev from
// its own Card and the Cards of every article its page shows.
func revise(s *Site) {
	for _, a := range s.Articles {
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
	}
	for _, a := range s.Articles {
		var h maphash.Hash
		h.SetSeed(seed)
		maphash.WriteComparable(&h, a.Card)
		for _, b := range append([]*Article{a.Prev, a.Next}, a.Related...) {
			if b != nil {
				maphash.WriteComparable(&h, b.Card)
			} else {
				maphash.WriteComparable(&h, uint64(0))
			}
		}
		a.Rev = h.Sum64()
	}
}
