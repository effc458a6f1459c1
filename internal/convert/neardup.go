package convert

import (
	"cmp"
	"math/bits"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
)

const (
	// minShingles is the least number of shingles the shorter text must
	// have for its text to count: below it a match is chance or
	// boilerplate.
	minShingles = 24
	// sureScore is the containment from which two texts are one story.
	sureScore = 0.75
	// maybeScore is the containment from which they may be one story.
	maybeScore = 0.4
	// sampleMask picks a sample of the shingles: those whose hash has
	// these bits clear, a quarter, the same ones in every text, so that a
	// passage two texts share has the same sample in both. The index holds
	// only samples, and a long text's signature keeps only its sample.
	sampleMask = 3
	// fullBelow is the number of shingles from which a signature keeps
	// only the sample: a long text's sample is large enough to measure it
	// by, and the work and memory shrink fourfold.
	fullBelow = 256
	// maxPosting bounds how many texts a sampled shingle may appear in
	// and still suggest candidates: a shingle in many stories is
	// boilerplate, not evidence.
	maxPosting = 8
	// maxSameTitle bounds how many articles with the same title each one
	// is compared with (the first ones); one is enough to flag it.
	maxSameTitle = 8
)

// Signature is what near-duplicate matching knows of an article: its
// title folded to words, and the hashes of its text's shingles, sorted,
// each once. A shingle is a run of four words: four words rarely repeat
// between two stories written apart, even about the same people, while
// one changed word costs a copy only four shingles. Sign makes one.
type Signature struct {
	title    string
	shingles []uint32
	size     int  // shingles in the text, counting repeats
	sampled  bool // shingles holds only the sample
}

// Sign returns the signature of an article with the given title and text.
// The text may be a Page's Text or the Markdown body convert wrote: only
// words count, read in lower case, with apostrophes dropped and every
// other mark between them, so escapes, "## " and "![…]()" change nothing,
// and a body read back from a content file signs the same as the page it
// came from.
func Sign(title, text string) Signature {
	var g signer
	return g.sign(title, text)
}

// signer signs texts, reusing its buffers from one text to the next.
type signer struct {
	hs, tmp []uint32
}

func (g *signer) sign(title, text string) Signature {
	hs := shingles(text, g.hs[:0])
	g.hs = hs
	s := Signature{title: titleWords(title), size: len(hs)}
	if len(hs) >= fullBelow {
		// Which shingles are samples is a coin toss to the processor:
		// keep them without branching on it.
		k := 0
		for _, h := range hs {
			hs[k] = h
			k += int((h&sampleMask - 1) >> 31)
		}
		hs = hs[:k]
		s.sampled = true
	}
	sortHashes(hs, &g.tmp)
	s.shingles = slices.Clone(slices.Compact(hs))
	return s
}

// sortHashes sorts hashes, which are uniform, by their bytes (a radix
// sort, in tmp's memory), or by comparison when they are few.
func sortHashes(hs []uint32, tmp *[]uint32) {
	if len(hs) < 64 {
		slices.Sort(hs)
		return
	}
	var counts [4][256]int32
	for _, h := range hs {
		counts[0][h&0xff]++
		counts[1][h>>8&0xff]++
		counts[2][h>>16&0xff]++
		counts[3][h>>24]++
	}
	if cap(*tmp) < len(hs) {
		*tmp = make([]uint32, len(hs))
	}
	src, dst := hs, (*tmp)[:len(hs)]
	for d := range 4 {
		var at int32
		for b := range 256 {
			at, counts[d][b] = at+counts[d][b], at
		}
		shift := 8 * d
		for _, h := range src {
			b := h >> shift & 0xff
			dst[counts[d][b]] = h
			counts[d][b]++
		}
		src, dst = dst, src
	}
	// After an even number of passes the sorted hashes are back in hs.
}

// Verdict says whether two articles hold the same story.
type Verdict int

const (
	// Different stories.
	Different Verdict = iota
	// Possible means the same story may be told twice: import both and
	// have an editor look.
	Possible
	// Same story: merge.
	Same
)

func (v Verdict) String() string {
	switch v {
	case Same:
		return "same"
	case Possible:
		return "possible"
	}
	return "different"
}

// Match is a verdict on two articles with the similarity of their texts:
// the share of the shorter text's shingles found in the longer one, from 0
// to 1. A copy cut short, or cut at another place, scores as high as a
// whole copy.
type Match struct {
	Verdict Verdict
	Score   float64
}

// Compare judges two articles:
//
//   - Same when the shorter text has at least minShingles shingles, at
//     least sureScore of them are in the other text, and the titles are
//     the same words (case, quotes and punctuation aside) or one article
//     has none;
//   - Possible when the texts score at least maybeScore, or when they
//     score as Same but the titles differ, or when the titles are the same
//     words whatever the texts say: two articles never carry one title
//     unremarked;
//   - Different otherwise.
//
// When either signature holds only its sample, the score is measured on
// the samples of both.
func Compare(a, b Signature) Match {
	var mask uint32
	if a.sampled || b.sampled {
		mask = sampleMask
	}
	n, na, nb := common(a.shingles, b.shingles, mask)
	m := Match{}
	if small := min(na, nb); small > 0 {
		m.Score = float64(n) / float64(small)
	}
	long := min(a.size, b.size) >= minShingles
	sameTitle := a.title != "" && a.title == b.title
	switch {
	case long && m.Score >= sureScore && (sameTitle || a.title == "" || b.title == ""):
		m.Verdict = Same
	case long && m.Score >= maybeScore || sameTitle:
		m.Verdict = Possible
	}
	return m
}

// common counts the values two sorted lists share, and the values in
// each, taking only the values with the bits of mask clear.
func common(a, b []uint32, mask uint32) (n, na, nb int) {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch x, y := a[i], b[j]; {
		case x&mask != 0:
			i++
		case y&mask != 0:
			j++
		case x < y:
			i, na = i+1, na+1
		case x > y:
			j, nb = j+1, nb+1
		default:
			i, j, n, na, nb = i+1, j+1, n+1, na+1, nb+1
		}
	}
	for ; i < len(a); i++ {
		if a[i]&mask == 0 {
			na++
		}
	}
	for ; j < len(b); j++ {
		if b[j]&mask == 0 {
			nb++
		}
	}
	return n, na, nb
}

// Index finds, among many articles, those that may be near-duplicates of
// one, without comparing every pair. It holds a sample of each text's
// shingles (the same sample in every text, so a shared passage shares its
// samples) and the titles; an article is compared in full only with the
// articles it shares enough samples or its title with. An Index is not
// safe for concurrent use.
type Index struct {
	sigs []Signature
	// The samples, sorted, with the articles holding each: articles
	// holds their ids, and the ids of keys[i] are
	// articles[starts[i]:starts[i+1]]. dir[h>>shift] is the first i
	// with keys[i]>>shift == h>>shift.
	keys     []uint32
	starts   []int32
	articles []int32
	dir      []int32
	shift    uint
	samples  []int32 // by article, how many samples it has
	titles   map[string][]int32
	counts   []int32 // scratch: shared samples, by article
}

// NewIndex indexes the articles with the given signatures. Best and the
// matches it finds name an article by its place in sigs.
func NewIndex(sigs []Signature) *Index {
	n := len(sigs)
	x := &Index{sigs: sigs, titles: map[string][]int32{}, samples: make([]int32, n), counts: make([]int32, n)}
	total := 0
	for i, s := range sigs {
		for _, h := range s.shingles {
			if h&sampleMask == 0 {
				x.samples[i]++
				total++
			}
		}
		if s.title != "" {
			x.titles[s.title] = append(x.titles[s.title], int32(i))
		}
	}
	// Sort the samples by hash, then article, by counting them into
	// buckets of their top bits, about four samples a bucket: the hashes
	// are uniform, so the buckets stay small, and an article's samples
	// go in in order.
	bits := uint(4)
	for bits < 20 && 4<<bits < total {
		bits++
	}
	x.shift = 32 - bits
	x.dir = make([]int32, 1<<bits+1)
	for _, s := range sigs {
		for _, h := range s.shingles {
			if h&sampleMask == 0 {
				x.dir[h>>x.shift+1]++
			}
		}
	}
	for d := 1; d < len(x.dir); d++ {
		x.dir[d] += x.dir[d-1]
	}
	entries := make([]uint64, total) // sample<<32 | article
	next := slices.Clone(x.dir[:1<<bits])
	for i, s := range sigs {
		for _, h := range s.shingles {
			if h&sampleMask == 0 {
				entries[next[h>>x.shift]] = uint64(h)<<32 | uint64(i)
				next[h>>x.shift]++
			}
		}
	}
	for d := range 1 << bits {
		slices.Sort(entries[x.dir[d]:x.dir[d+1]])
	}

	// Keep the samples few enough articles hold, and point dir at them.
	d := 0
	for i := 0; i < len(entries); {
		h := uint32(entries[i] >> 32)
		j := i
		for j < len(entries) && uint32(entries[j]>>32) == h {
			j++
		}
		if j-i <= maxPosting {
			for ; d <= int(h>>x.shift); d++ {
				x.dir[d] = int32(len(x.keys))
			}
			x.keys = append(x.keys, h)
			x.starts = append(x.starts, int32(len(x.articles)))
			for _, e := range entries[i:j] {
				x.articles = append(x.articles, int32(uint32(e)))
			}
		}
		i = j
	}
	for ; d < len(x.dir); d++ {
		x.dir[d] = int32(len(x.keys))
	}
	x.starts = append(x.starts, int32(len(x.articles)))
	return x
}

// holders returns the articles that hold sample h.
func (x *Index) holders(h uint32) []int32 {
	lo, hi := int(x.dir[h>>x.shift]), int(x.dir[h>>x.shift+1])
	i, ok := slices.BinarySearch(x.keys[lo:hi], h)
	if !ok {
		return nil
	}
	return x.articles[x.starts[lo+i]:x.starts[lo+i+1]]
}

// candidates returns, in order, the pairs of indexed articles that
// share enough samples to be compared in full, and the pairs of an
// article and one of the first maxSameTitle articles under its title.
func (x *Index) candidates() [][2]int32 {
	shared := map[[2]int32]int32{}
	for i := range x.keys {
		arts := x.articles[x.starts[i]:x.starts[i+1]]
		for p, a := range arts {
			for _, b := range arts[p+1:] {
				shared[[2]int32{a, b}]++
			}
		}
	}
	var out [][2]int32
	for pair, c := range shared {
		if x.enough(c, int(x.samples[pair[0]]), int(x.samples[pair[1]])) {
			out = append(out, pair)
		}
	}
	for _, same := range x.titles {
		for _, a := range same[:min(maxSameTitle, len(same))] {
			for _, b := range same {
				if a != b {
					out = append(out, [2]int32{min(a, b), max(a, b)})
				}
			}
		}
	}
	slices.SortFunc(out, func(p, q [2]int32) int { return cmp.Or(cmp.Compare(p[0], q[0]), cmp.Compare(p[1], q[1])) })
	return slices.Compact(out)
}

// enough reports whether two texts with na and nb samples, c of them
// shared, are worth comparing in full. The samples estimate the share
// of shingles held in common; texts that share well under maybeScore of
// the shorter one's samples are not compared.
func (x *Index) enough(c int32, na, nb int) bool {
	return float64(c) >= maybeScore/2*float64(min(na, nb))
}

// Best returns the indexed article most like s: the one with the highest
// verdict, then score, then the first. It returns -1 and a Different
// match when no article may be the same story.
func (x *Index) Best(s Signature) (int, Match) {
	best, bm := -1, Match{}
	x.each(s, func(j int, m Match) {
		if best < 0 || m.Verdict > bm.Verdict || m.Verdict == bm.Verdict && m.Score > bm.Score {
			best, bm = j, m
		}
	})
	return best, bm
}

// each calls f, in article order, for every indexed article that s may
// duplicate, with its match.
func (x *Index) each(s Signature, f func(int, Match)) {
	var touched []int32
	samples := 0
	for _, h := range s.shingles {
		if h&sampleMask != 0 {
			continue
		}
		samples++
		for _, a := range x.holders(h) {
			if x.counts[a] == 0 {
				touched = append(touched, a)
			}
			x.counts[a]++
		}
	}
	if s.title != "" {
		same := x.titles[s.title]
		n := 0
		for _, a := range same {
			if n == maxSameTitle {
				break
			}
			n++
			if x.counts[a] == 0 {
				touched = append(touched, a)
			}
			x.counts[a] += 1 << 20 // always a candidate
		}
	}
	slices.Sort(touched)
	for _, a := range touched {
		c := x.counts[a]
		x.counts[a] = 0
		if c < 1<<20 && !x.enough(c, samples, int(x.samples[a])) {
			continue
		}
		if m := Compare(s, x.sigs[a]); m.Verdict != Different {
			f(int(a), m)
		}
	}
}

// titleWords folds a title to its words: what two titles that differ
// only in case, quotes or punctuation have in common.
func titleWords(title string) string {
	var b []byte
	var w []byte
	for i := 0; i < len(title); {
		if byteClass[title[i]] == sepByte {
			i++
			continue
		}
		if w, i = wordAt(title, i, w); len(w) > 0 {
			if len(b) > 0 {
				b = append(b, ' ')
			}
			b = append(b, w...)
		}
	}
	return string(b)
}

// shingles returns the hashes of text's shingles, in text order. A text
// of fewer than four words has one shingle, all of them.
//
// Most words are already in lower case, plain ASCII: they are hashed as
// they are read. A word with a capital, an apostrophe or a rune beyond
// ASCII is read again by wordAt and hashed by wordHash, which give the
// same hash for the same word.
func shingles(text string, out []uint32) []uint32 {
	sh := shingler{out: out}
	var buf []byte
	for i := 0; i < len(text); {
		if byteClass[text[i]] == sepByte {
			i++
			continue
		}
		start := i
		h, v := uint64(hashSeed), uint64(0)
		for i < len(text) && byteClass[text[i]] == wordByte {
			v = v<<8 | uint64(text[i])
			if i++; (i-start)&7 == 0 {
				h, v = mixWord(h, v), 0
			}
		}
		if i == len(text) || byteClass[text[i]] == sepByte {
			sh.add(endWord(h, v, i-start))
			continue
		}
		if buf, i = wordAt(text, start, buf); len(buf) > 0 {
			sh.add(wordHash(buf))
		}
	}
	if sh.n > 0 && sh.n < 4 {
		sh.out = append(sh.out, sh.hash(0))
	}
	return sh.out
}

// shingler turns word hashes into shingle hashes.
type shingler struct {
	w1, w2, w3 uint64 // the hashes of the last three words, newest last
	n          int    // words seen
	out        []uint32
}

func (s *shingler) add(w uint64) {
	if s.n++; s.n >= 4 {
		s.out = append(s.out, s.hash(w))
	}
	s.w1, s.w2, s.w3 = s.w2, s.w3, w
}

// hash mixes the last three words and w, each turned by its place.
func (s *shingler) hash(w uint64) uint32 {
	h := s.w1 ^ bits.RotateLeft64(s.w2, 16) ^ bits.RotateLeft64(s.w3, 32) ^ bits.RotateLeft64(w, 48)
	h *= 0x9e3779b97f4a7c15
	return uint32(h ^ h>>32)
}

const hashSeed = 0x243f6a8885a308d3

// wordHash hashes a word's bytes, eight at a time, as shingles does
// while it reads.
func wordHash(w []byte) uint64 {
	h, v := uint64(hashSeed), uint64(0)
	for k, c := range w {
		v = v<<8 | uint64(c)
		if k&7 == 7 {
			h, v = mixWord(h, v), 0
		}
	}
	return endWord(h, v, len(w))
}

func mixWord(h, v uint64) uint64 {
	h = (h ^ v) * 0x94d049bb133111eb
	return h ^ h>>29
}

func endWord(h, v uint64, n int) uint64 {
	h = (h ^ v ^ uint64(n)<<56) * 0xbf58476d1ce4e5b9
	return h ^ h>>31
}

// Byte classes for reading words.
const (
	sepByte  = iota // a mark between words
	wordByte        // a lower-case ASCII letter or a digit
	capByte         // an upper-case ASCII letter
	dropByte        // an apostrophe or backtick, dropped inside a word
	wideByte        // a byte of a rune beyond ASCII
)

var byteClass = func() (t [256]uint8) {
	for c := '0'; c <= '9'; c++ {
		t[c] = wordByte
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = wordByte
		t[c-'a'+'A'] = capByte
	}
	t['\''], t['`'] = dropByte, dropByte
	for c := utf8.RuneSelf; c < 256; c++ {
		t[c] = wideByte
	}
	return t
}()

// wordAt reads the word that starts at s[i], a byte that is no sepByte:
// a run of letters and digits, in lower case, apostrophes inside it
// dropped. It returns the word in buf's memory, and the index after it.
// The word is empty when s[i] starts a run of apostrophes or a rune that
// is no part of a word.
func wordAt(s string, i int, buf []byte) ([]byte, int) {
	buf = buf[:0]
	start := i
	for i < len(s) {
		switch c := s[i]; byteClass[c] {
		case sepByte:
			return buf, i
		case wordByte:
			buf = append(buf, c)
			i++
		case capByte:
			buf = append(buf, c+'a'-'A')
			i++
		case dropByte:
			i++
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			switch {
			case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
				buf = utf8.AppendRune(buf, unicode.ToLower(r))
			case fold(r) == '\'':
			case i == start:
				return buf, i + n
			default:
				return buf, i
			}
			i += n
		}
	}
	return buf, i
}

// nearMerge merges the stories, in place order, that Compare finds Same,
// and lists on each story the others it finds Possible. Sure pairs merge
// first, the surest first; a pair whose merge would join two titles
// becomes Possible instead.
func nearMerge(stories []Story) []Story {
	sigs := make([]Signature, len(stories))
	// Signing reads every word: spread it over the cores when there are
	// enough stories to be worth it.
	workers := runtime.GOMAXPROCS(0)
	if len(stories) < 64 {
		workers = 1
	}
	var wg sync.WaitGroup
	var next atomic.Int64
	for range workers {
		wg.Go(func() {
			var g signer
			for i := int(next.Add(1) - 1); i < len(stories); i = int(next.Add(1) - 1) {
				st := stories[i]
				best := st.Pages[st.Best]
				title := best.Title
				for _, p := range st.Pages {
					if title == "" {
						title = p.Title
					}
				}
				sigs[i] = g.sign(title, best.Text)
			}
		})
	}
	wg.Wait()
	keys := make([]string, len(stories))
	for i, s := range sigs {
		keys[i] = s.title
	}
	type edge struct {
		a, b int
		m    Match
	}
	var edges []edge
	for _, c := range NewIndex(sigs).candidates() {
		if m := Compare(sigs[c[0]], sigs[c[1]]); m.Verdict != Different {
			edges = append(edges, edge{int(c[0]), int(c[1]), m})
		}
	}
	if len(edges) == 0 {
		return stories
	}
	slices.SortFunc(edges, func(p, q edge) int {
		if p.m.Verdict != q.m.Verdict {
			return int(q.m.Verdict - p.m.Verdict)
		}
		if p.m.Score != q.m.Score {
			return cmp.Compare(q.m.Score, p.m.Score)
		}
		return cmp.Or(p.a-q.a, p.b-q.b)
	})
	sets := newSets(keys)
	for _, e := range edges {
		if e.m.Verdict == Same {
			sets.union(e.a, e.b) // refused across titles: then a doubt
		}
	}

	// Gather the merged stories in place order, then their doubts.
	var out []Story
	to := make([]int, len(stories)) // story → its merged story in out
	first := map[int]int{}          // set root → index in out
	for i, st := range stories {
		r := sets.find(i)
		k, ok := first[r]
		if !ok {
			k = len(out)
			first[r] = k
			out = append(out, Story{})
		}
		out[k].Pages = append(out[k].Pages, st.Pages...)
		to[i] = k
	}
	for k := range out {
		out[k] = newStory(out[k].Pages)
	}
	for _, e := range edges {
		a, b := to[e.a], to[e.b]
		if a == b || e.m.Verdict == Different {
			continue
		}
		out[a].Near = addNear(out[a].Near, Near{Story: b, Score: e.m.Score})
		out[b].Near = addNear(out[b].Near, Near{Story: a, Score: e.m.Score})
	}
	return out
}

// addNear adds n to a list kept in story order, once per story, with the
// highest score.
func addNear(list []Near, n Near) []Near {
	i, found := slices.BinarySearchFunc(list, n.Story, func(m Near, s int) int { return m.Story - s })
	if !found {
		return slices.Insert(list, i, n)
	}
	list[i].Score = max(list[i].Score, n.Score)
	return list
}
