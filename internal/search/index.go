package search

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"html"
	"math/bits"
	"slices"
	"strings"
	"unsafe"

	"briefing/internal/parallel"
)

// Sizes of the index's parts.
const (
	// ShardBytes is about the size of a shard (see cutAfter): a query
	// downloads a shard per word (more when a prefix crosses cuts), and
	// the manifest names every shard.
	ShardBytes = 32 << 10
	// Block is the number of documents in a block.
	Block = 64
	// PrefixMin is the shortest query word that also finds the words it
	// begins.
	PrefixMin = 3
)

// Index makes the index's files and keeps, between runs, each article's
// words. Its methods are not safe for concurrent use.
type Index struct {
	// ShardBytes is where shards are cut; 0 means the package's ShardBytes.
	ShardBytes int

	dict  map[string]uint32 // word → number
	words []string          // number → word
	memo  map[string]*memo  // by address: an article's words at the last run
	order []string          // the addresses of the last run, in order
	last  *fileSet          // the last run's files
	// lists are the postings by word number as lists, and posts as they
	// are stored (lists or bitmaps), for the last run's documents; an
	// update that numbers the documents as before changes only the words
	// of the articles that changed.
	lists [][]byte
	posts []posting
	spare []byte // a list's buffer, for fillSome to write the next into
	// blocks are the last run's blocks, kept with the rows they hold.
	blocks []blockMemo
}

// blockMemo is a block's rows, bytes and hash.
type blockMemo struct {
	rows []row
	data []byte
	hash string
}

// row is one document in a block.
type row struct {
	URL, Title, Date string
	Tags             []int
}

func (r row) equal(o row) bool {
	return r.URL == o.URL && r.Title == o.Title && r.Date == o.Date && slices.Equal(r.Tags, o.Tags)
}

// memo is one article's words: its entries (word number×4+rank) in
// ascending order, each a varint of the difference from the one before.
type memo struct {
	doc   Doc
	words []byte
}

// New returns an empty Index.
func New() *Index {
	return &Index{dict: map[string]uint32{}, memo: map[string]*memo{}}
}

// fileSet is an index's files by name, and its manifest.
type fileSet struct {
	names    []string // sorted
	data     map[string][]byte
	manifest []byte
	words    int // distinct words
	shards   int
}

// manifest is manifest.json.
type manifest struct {
	Docs    int      `json:"docs"`
	Undated int      `json:"undated"`
	Prefix  int      `json:"prefix"`
	Block   int      `json:"block"`
	Years   [][3]int `json:"years"` // year, first document, count
	Tags    []tagRef `json:"tags"`
	Words   []string `json:"words"`  // each shard's first word
	Shards  []string `json:"shards"` // each shard's hash
	Blocks  []string `json:"blocks"` // each block's hash
}

// tagRef is a tag in the manifest: name, count and its file's hash.
type tagRef [3]any

// build reads the words of the articles that changed since the last run
// and makes the index of docs. changed is false when every article is the
// one the last run saw, in the same order: nothing needs writing.
func (ix *Index) build(docs []Doc) (f *fileSet, changed bool, err error) {
	memos := make([]*memo, len(docs))
	var todo []int
	renumbered := len(docs) != len(ix.order)
	for i := range docs {
		d := &docs[i]
		if m := ix.memo[d.URL]; m != nil && same(&m.doc, d) {
			// The same words; a new date changes the blocks and years.
			memos[i] = m
			changed = changed || !m.doc.Date.Equal(d.Date)
			m.doc = *d
		} else {
			todo = append(todo, i)
		}
		renumbered = renumbered || i >= len(ix.order) || ix.order[i] != d.URL
	}
	changed = changed || renumbered
	if len(todo) == 0 && !changed && len(ix.order) > 0 {
		return nil, false, nil
	}
	// The words the changed articles had, for the lists to update.
	old := make([]*memo, len(todo))
	for k, i := range todo {
		old[k] = ix.memo[docs[i].URL]
	}
	if err := ix.read(docs, todo, memos); err != nil {
		return nil, false, err
	}
	next := make(map[string]*memo, len(docs))
	order := make([]string, len(docs))
	for i, m := range memos {
		next[docs[i].URL] = m
		order[i] = docs[i].URL
	}
	ix.memo, ix.order = next, order
	if renumbered || ix.posts == nil {
		ix.fillAll(memos)
	} else {
		ix.fillSome(memos, todo, old)
	}
	return ix.assemble(docs), true, nil
}

// chunk is how many articles are read at once: their raw words are held
// until they are numbered.
const chunk = 4096

// raw is one article's words as a worker found them: each word once,
// as its number×4 + its rank, in ascending order; or, for a word not yet
// numbered, (unknown|k)×4 + rank, k indexing news.
type raw struct {
	entries []uint32
	news    []string
}

const unknown = 1 << 29

// scratch is a worker's space: counts by word number (×2, plus one when
// in the title or a tag), the numbers counted, the words not yet
// numbered, the text being read and the entries being packed.
type scratch struct {
	count   []uint32
	touched []uint32
	seen    map[string]uint32
	news    []uint32 // counts of the words in seen, by k
	body    []byte   // the text being read
	entries []uint32 // an article's entries, while they are packed
}

// read makes the memos of docs[i] for each i in todo.
func (ix *Index) read(docs []Doc, todo []int, memos []*memo) error {
	for start := 0; start < len(todo); start += chunk {
		part := todo[start:min(start+chunk, len(todo))]
		raws := make([]raw, len(part))
		errs := make([]error, len(part))
		// The dictionary is only read while the workers run.
		parallel.ForWith(len(part), func() *scratch {
			return &scratch{count: make([]uint32, len(ix.words)), seen: map[string]uint32{}}
		}, func(s *scratch, k int) {
			i := part[k]
			raws[k], errs[k] = ix.scan(&docs[i], s)
			if len(raws[k].news) == 0 {
				memos[i] = &memo{doc: docs[i], words: pack(raws[k].entries)}
				raws[k].entries = nil // the worker's buffer, for the next
			}
		})
		for _, err := range errs {
			if err != nil {
				return err
			}
		}
		for k := range raws {
			r := &raws[k]
			if len(r.news) == 0 {
				continue
			}
			ids := make([]uint32, len(r.news))
			for j, w := range r.news {
				id, ok := ix.dict[w]
				if !ok {
					id = uint32(len(ix.words))
					ix.dict[w] = id
					ix.words = append(ix.words, w)
				}
				ids[j] = id
			}
			for j, e := range r.entries {
				if e>>2&unknown != 0 {
					r.entries[j] = ids[e>>2&^unknown]<<2 | e&3
				}
			}
			slices.Sort(r.entries)
			memos[part[k]] = &memo{doc: docs[part[k]], words: pack(r.entries)}
		}
	}
	return nil
}

// scan finds the words of d, with s for scratch.
func (ix *Index) scan(d *Doc, s *scratch) (raw, error) {
	var r raw
	clear(s.seen)
	s.news = s.news[:0]
	count := func(flag uint32) func(w []byte) {
		return func(w []byte) {
			if id, ok := ix.dict[string(w)]; ok {
				if s.count[id] == 0 {
					s.touched = append(s.touched, id)
				}
				s.count[id] = (s.count[id]+2)&^1 | s.count[id]&1 | flag
				return
			}
			k, ok := s.seen[string(w)]
			if !ok {
				k = uint32(len(s.news))
				s.seen[string(w)] = k
				s.news = append(s.news, 0)
			}
			s.news[k] = (s.news[k]+2)&^1 | s.news[k]&1 | flag
		}
	}
	title, rest := count(1), count(0)
	words(d.Title, title)
	for _, t := range d.Tags {
		words(t, title)
	}
	words(d.Caption, rest)
	words(d.Summary, rest)
	body, err := d.Body.AppendTo(s.body[:0])
	s.body = body
	if err != nil {
		return r, fmt.Errorf("search: reading the text of %s: %w", d.URL, err)
	}
	// htmlWords keeps nothing of the text: the buffer serves the next.
	htmlWords(unsafe.String(unsafe.SliceData(body), len(body)), rest)
	for _, n := range d.Notes {
		htmlWords(string(n), rest)
	}
	// Entries of words all numbered are packed at once: they are made in
	// the worker's buffer. Those waiting for numbers are kept.
	r.entries = s.entries[:0]
	// With few words in all, reading every count in number order is
	// quicker than sorting the numbers found.
	inOrder := len(s.count) <= 8*len(s.touched)
	if inOrder {
		for id, c := range s.count {
			if c != 0 {
				r.entries = append(r.entries, uint32(id)<<2|entryRank(c))
				s.count[id] = 0
			}
		}
	} else {
		for _, id := range s.touched {
			r.entries = append(r.entries, id<<2|entryRank(s.count[id]))
			s.count[id] = 0
		}
	}
	s.touched = s.touched[:0]
	if len(s.news) > 0 {
		inOrder = false
		r.entries = slices.Clone(r.entries)
		r.news = make([]string, len(s.news))
		for w, k := range s.seen {
			r.news[k] = w
			r.entries = append(r.entries, (unknown|k)<<2|entryRank(s.news[k]))
		}
	} else {
		s.entries = r.entries
	}
	if !inOrder {
		slices.Sort(r.entries)
	}
	return r, nil
}

// entryRank is the rank of a word counted as c: times found ×2, plus one
// when in the title or a tag.
func entryRank(c uint32) uint32 {
	return uint32(rank(int(c>>1), c&1 == 1))
}

// htmlWords calls f with the words of the text of h, which is HTML, tags
// left out and character references read.
func htmlWords(h string, f func(w []byte)) {
	for h != "" {
		lt := strings.IndexByte(h, '<')
		if lt < 0 {
			lt = len(h)
		}
		if text := h[:lt]; text != "" {
			if strings.IndexByte(text, '&') >= 0 {
				text = html.UnescapeString(text)
			}
			words(text, f)
		}
		h = h[lt:]
		if gt := strings.IndexByte(h, '>'); gt >= 0 {
			h = h[gt+1:]
		} else {
			h = ""
		}
	}
}

// pack turns an article's entries (number×4 + rank, ascending) into its
// memo's bytes.
func pack(entries []uint32) []byte {
	// Memos are kept for the whole run: each is made its exact size.
	size, last := 0, uint32(0)
	for _, e := range entries {
		size += uvarintLen(uint64(e - last))
		last = e
	}
	out := make([]byte, 0, size)
	last = 0
	for _, e := range entries {
		out = binary.AppendUvarint(out, uint64(e-last))
		last = e
	}
	return out
}

// uvarintLen is the length of v as an unsigned varint.
func uvarintLen(v uint64) int { return (bits.Len64(v|1) + 6) / 7 }

// rank is a posting's rank for a word found n times outside the title
// and tags, and in them or not.
func rank(n int, title bool) int {
	switch {
	case title:
		return 3
	case n >= 4:
		return 2
	case n >= 2:
		return 1
	}
	return 0
}

// fillAll makes every posting list again from the articles' memos, in
// document order, so each list is appended to its end. The lists'
// buffers are kept from run to run.
func (ix *Index) fillAll(memos []*memo) {
	lists := ix.lists
	for i := range lists {
		lists[i] = lists[i][:0]
	}
	lists = append(lists, make([][]byte, len(ix.words)-len(lists))...)
	last := make([]int32, len(ix.words))
	for i := range last {
		last[i] = -1
	}
	for d, m := range memos {
		entries(m.words, func(id uint32, r int) {
			lists[id] = binary.AppendUvarint(lists[id], uint64(int32(d)-last[id]-1)<<2|uint64(r))
			last[id] = int32(d)
		})
	}
	ix.lists = lists
	ix.posts = make([]posting, len(lists))
	for id, l := range lists {
		ix.posts[id] = postings(l, len(memos))
	}
}

// fillSome updates the posting lists of the words that the articles
// todo (numbers among memos) had, by old (nil for a new article), or have
// now; every other article kept its number.
func (ix *Index) fillSome(memos []*memo, todo []int, old []*memo) {
	for len(ix.lists) < len(ix.words) {
		ix.lists = append(ix.lists, nil)
		ix.posts = append(ix.posts, posting{})
	}
	// Each touched word's changed articles, with their rank now (-1: the
	// word is no longer theirs).
	now := map[uint32]map[int32]int{}
	for k, d := range todo {
		for _, m := range []*memo{old[k], memos[d]} {
			if m == nil {
				continue
			}
			entries(m.words, func(id uint32, _ int) {
				if now[id] == nil {
					now[id] = map[int32]int{}
				}
				now[id][int32(d)] = -1
			})
		}
	}
	for _, d := range todo {
		entries(memos[d].words, func(id uint32, r int) { now[id][int32(d)] = r })
	}
	// Each list is read and written again in one pass, the changed
	// articles merged in at their places: a word in every article has a
	// list of every article, so nothing here may cost more than a pass.
	var changed []int32
	for id, set := range now {
		changed = changed[:0]
		for d := range set {
			changed = append(changed, d)
		}
		slices.Sort(changed)
		l := ix.spare[:0]
		last := int32(-1)
		put := func(doc int32, r int) {
			if r >= 0 {
				l = binary.AppendUvarint(l, uint64(doc-last-1)<<2|uint64(r))
				last = doc
			}
		}
		k := 0
		d := int32(-1)
		for b := ix.lists[id]; len(b) > 0; {
			v, n := binary.Uvarint(b)
			b = b[n:]
			d += int32(v>>2) + 1
			for ; k < len(changed) && changed[k] < d; k++ {
				put(changed[k], set[changed[k]])
			}
			if k < len(changed) && changed[k] == d {
				put(d, set[d])
				k++
				continue
			}
			put(d, int(v&3))
		}
		for ; k < len(changed); k++ {
			put(changed[k], set[changed[k]])
		}
		ix.lists[id], ix.spare = l, ix.lists[id]
		ix.posts[id] = postings(l, len(memos))
	}
}

// entries calls f with each word number and rank of a memo's words.
func entries(words []byte, f func(id uint32, rank int)) {
	e := uint64(0)
	for b := words; len(b) > 0; {
		v, k := binary.Uvarint(b)
		b = b[k:]
		e += v
		f(uint32(e>>2), int(e&3))
	}
}

// assemble makes the index's files from the posting lists.
func (ix *Index) assemble(docs []Doc) *fileSet {
	n := len(docs)
	lists := ix.lists
	live := make([]uint32, 0, len(ix.dict))
	for id, l := range lists {
		if len(l) > 0 {
			live = append(live, uint32(id))
		}
	}
	slices.SortFunc(live, func(a, b uint32) int { return strings.Compare(ix.words[a], ix.words[b]) })

	f := &fileSet{data: map[string][]byte{}, words: len(live)}
	put := func(prefix string, i int, ext string, data []byte) string {
		sum := sha256.Sum256(data)
		h := base64.RawURLEncoding.EncodeToString(sum[:6])
		f.data[fmt.Sprintf("%s%d-%s%s", prefix, i, h, ext)] = data
		return h
	}
	man := manifest{Docs: n, Prefix: PrefixMin, Block: Block, Words: []string{}, Shards: []string{}, Blocks: []string{}, Years: [][3]int{}, Tags: []tagRef{}}

	// Shards.
	limit := ix.ShardBytes
	if limit <= 0 {
		limit = ShardBytes
	}
	var sh shard
	flush := func() {
		if sh.count == 0 {
			return
		}
		man.Shards = append(man.Shards, put("w", len(man.Shards), ".bin", sh.bytes()))
		sh = shard{}
	}
	for _, id := range live {
		w := ix.words[id]
		if sh.count == 0 {
			man.Words = append(man.Words, w)
		}
		sh.add(w, ix.posts[id])
		if cutAfter(w, sh.size(), limit) {
			flush()
		}
	}
	flush()
	f.shards = len(man.Shards)

	// Tags: names sorted, each with its documents.
	tagDocs := map[string][]byte{}
	tagLast := map[string]int{}
	for d := range docs {
		for _, t := range docs[d].Tags {
			l, ok := tagLast[t]
			if !ok {
				l = -1
			}
			tagDocs[t] = binary.AppendUvarint(tagDocs[t], uint64(d-l-1)<<2)
			tagLast[t] = d
		}
	}
	names := make([]string, 0, len(tagDocs))
	for t := range tagDocs {
		names = append(names, t)
	}
	slices.Sort(names)
	tagNum := make(map[string]int, len(names))
	for i, t := range names {
		tagNum[t] = i
		var one shard
		one.add("", postings(tagDocs[t], n))
		count := 0
		for _, b := range tagDocs[t] {
			if b < 0x80 {
				count++
			}
		}
		man.Tags = append(man.Tags, tagRef{t, count, put("t", i, ".bin", one.bytes())})
	}

	// Years and undated documents.
	for d := range docs {
		date := docs[d].Date
		if date.IsZero() {
			man.Undated++
			continue
		}
		if y := len(man.Years); y > 0 && man.Years[y-1][0] == date.Year() {
			man.Years[y-1][2]++
		} else {
			man.Years = append(man.Years, [3]int{date.Year(), d, 1})
		}
	}

	// Blocks: a block whose rows are those of the last run keeps its bytes.
	blocks := make([]blockMemo, 0, (n+Block-1)/Block)
	for b := 0; b*Block < n; b++ {
		var rows []row
		for d := b * Block; d < min(n, (b+1)*Block); d++ {
			doc := &docs[d]
			r := row{URL: doc.URL, Title: doc.Title, Tags: make([]int, len(doc.Tags))}
			if !doc.Date.IsZero() {
				r.Date = doc.Date.Format("2006-01-02")
			}
			for i, t := range doc.Tags {
				r.Tags[i] = tagNum[t]
			}
			rows = append(rows, r)
		}
		if b < len(ix.blocks) && slices.EqualFunc(rows, ix.blocks[b].rows, row.equal) {
			old := ix.blocks[b]
			f.data[fmt.Sprintf("d%d-%s.json", b, old.hash)] = old.data
			man.Blocks = append(man.Blocks, old.hash)
			blocks = append(blocks, old)
			continue
		}
		var buf bytes.Buffer
		buf.WriteByte('[')
		for i, r := range rows {
			js, _ := json.Marshal([]any{r.URL, r.Title, r.Date, r.Tags})
			if i > 0 {
				buf.WriteByte(',')
			}
			buf.Write(js)
		}
		buf.WriteString("]\n")
		h := put("d", b, ".json", buf.Bytes())
		man.Blocks = append(man.Blocks, h)
		blocks = append(blocks, blockMemo{rows: rows, data: buf.Bytes(), hash: h})
	}
	ix.blocks = blocks

	f.manifest, _ = json.Marshal(man)
	f.manifest = append(f.manifest, '\n')
	for name := range f.data {
		f.names = append(f.names, name)
	}
	slices.Sort(f.names)
	return f
}

// cutAfter says whether a shard of size bytes that ends with the word w
// ends there, for shards of about limit bytes. The cut falls after a word
// whose hash is even once the shard holds half of limit (else at one and
// a half times limit): a cut depends on the word, not on the bytes
// before it, so a list that grows by a byte moves no cut but its own
// shard's, and the shards after it keep their words and their files.
func cutAfter(w string, size, limit int) bool {
	if size < limit/2 {
		return false
	}
	h := fnv.New32a()
	h.Write([]byte(w))
	return h.Sum32()%2 == 0 || size >= limit*3/2
}

// postings is the stored form of the list l of n documents: the list
// itself, or a bitmap when that is smaller.
func postings(l []byte, n int) posting {
	size := (n + 7) / 8
	if size >= len(l) {
		return posting{data: l}
	}
	bm := make([]byte, size)
	d := -1
	for b := l; len(b) > 0; {
		v, k := binary.Uvarint(b)
		b = b[k:]
		d += int(v>>2) + 1
		bm[d/8] |= 1 << (d % 8)
	}
	return posting{data: bm, bitmap: true}
}

type posting struct {
	data   []byte
	bitmap bool
}

// shard is a shard being made: its header and its postings.
type shard struct {
	head, body []byte
	last       string
	count      int
}

func (s *shard) add(w string, p posting) {
	shared := 0
	for shared < len(w) && shared < len(s.last) && w[shared] == s.last[shared] {
		shared++
	}
	s.head = binary.AppendUvarint(s.head, uint64(shared))
	s.head = binary.AppendUvarint(s.head, uint64(len(w)-shared))
	s.head = append(s.head, w[shared:]...)
	v := uint64(len(p.data)) << 1
	if p.bitmap {
		v |= 1
	}
	s.head = binary.AppendUvarint(s.head, v)
	s.body = append(s.body, p.data...)
	s.last = w
	s.count++
}

func (s *shard) size() int { return len(s.head) + len(s.body) }

func (s *shard) bytes() []byte {
	out := binary.AppendUvarint(nil, uint64(s.count))
	out = append(out, s.head...)
	return append(out, s.body...)
}
