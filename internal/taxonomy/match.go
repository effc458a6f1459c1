package taxonomy

import (
	"cmp"
	"math/bits"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Matcher finds tags in text. Build it once per taxonomy; it is safe for
// concurrent use.
//
// It reads a text once, word by word. Each word is looked up in a hash
// table of the words that start a phrase; most words are not there and cost
// a test of their first byte or one probe. A word that is there is checked
// against its phrases, longest first, by comparing the text that follows.
type Matcher struct {
	slugs      []string
	thresholds []int32 // never below 1
	// slots is an open-addressing table of the first words, indexed by
	// hash: 0 is an empty slot, i refers to firsts[i-1].
	slots  []uint32
	shift  uint32
	firsts []first
	// starts marks the bytes that first words start with, a cheaper test
	// than the table for most words of a text.
	starts [256]bool
}

// first is a word that starts phrases, with those phrases.
type first struct {
	word    string
	phrases []phrase // longest first
}

// phrase is one word of the taxonomy, split at the non-word characters.
type phrase struct {
	rest []string // the words after the first
	gaps []string // gaps[i] comes before rest[i], normalized as by split
	tag  int      // index into Matcher.slugs, or -1 for the ignore list
}

// Hit is a tag found in a text with the number of its mentions.
type Hit struct {
	Slug  string
	Count int
}

// Matcher builds the index that Match uses.
func (t *Taxonomy) Matcher() *Matcher {
	m := &Matcher{}
	index := map[string]int{} // first word → index in m.firsts
	seen := map[string]bool{}
	add := func(word string, tag int) {
		toks, gaps := split(word)
		if len(toks) == 0 {
			return
		}
		key := join(toks, gaps)
		if seen[key] {
			return // Parse rejects this; the first listing wins
		}
		seen[key] = true
		i, ok := index[toks[0]]
		if !ok {
			i = len(m.firsts)
			index[toks[0]] = i
			m.firsts = append(m.firsts, first{word: toks[0]})
		}
		m.firsts[i].phrases = append(m.firsts[i].phrases, phrase{rest: toks[1:], gaps: gaps, tag: tag})
	}
	for _, w := range t.Ignore {
		add(w, -1)
	}
	for i, tag := range t.Tags {
		th := cmp.Or(max(tag.Threshold, 0), max(t.Threshold, 0), defaultThreshold)
		m.slugs = append(m.slugs, tag.Slug)
		m.thresholds = append(m.thresholds, int32(th))
		for _, w := range tag.Words {
			add(w, i)
		}
	}
	// A table at most a quarter full keeps the probes for absent words
	// short.
	size := max(1024, 4*len(m.firsts))
	b := bits.Len(uint(size - 1))
	m.slots = make([]uint32, 1<<b)
	m.shift = uint32(32 - b)
	for i, f := range m.firsts {
		slices.SortStableFunc(f.phrases, func(a, b phrase) int { return len(b.rest) - len(a.rest) })
		h := m.hash(f.word)
		for m.slots[h] != 0 {
			h = (h + 1) & uint32(len(m.slots)-1)
		}
		m.slots[h] = uint32(i + 1)
		m.starts[f.word[0]] = true
	}
	return m
}

// hash places a word in m.slots, from its length and its first, second and
// last bytes.
func (m *Matcher) hash(w string) uint32 {
	n := len(w)
	h := uint32(n)<<24 | uint32(w[0])<<16 | uint32(w[min(1, n-1)])<<8 | uint32(w[n-1])
	return h * 0x9E3779B1 >> m.shift
}

// phrases returns the phrases that start with the word w.
func (m *Matcher) phrases(w string) []phrase {
	mask := uint32(len(m.slots) - 1)
	for h := m.hash(w); ; h = (h + 1) & mask {
		i := m.slots[h]
		if i == 0 {
			return nil
		}
		if f := &m.firsts[i-1]; f.word == w {
			return f.phrases
		}
	}
}

// Match returns the slugs of the tags whose words occur at least their
// threshold times in texts, most mentioned first, ties by slug.
func (m *Matcher) Match(texts ...string) []string {
	hits := m.Hits(texts...)
	if len(hits) == 0 {
		return nil
	}
	slugs := make([]string, len(hits))
	for i, h := range hits {
		slugs[i] = h.Slug
	}
	return slugs
}

// Hits is Match with the number of mentions of each tag.
func (m *Matcher) Hits(texts ...string) []Hit {
	counts := make([]int32, len(m.slugs))
	for _, s := range texts {
		m.count(s, counts)
	}
	n := 0
	for i, c := range counts {
		if c >= m.thresholds[i] {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	hits := make([]Hit, 0, n)
	for i, c := range counts {
		if c >= m.thresholds[i] {
			hits = append(hits, Hit{Slug: m.slugs[i], Count: int(c)})
		}
	}
	slices.SortFunc(hits, func(a, b Hit) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Slug, b.Slug))
	})
	return hits
}

// count adds the mentions of each tag in s to counts.
func (m *Matcher) count(s string, counts []int32) {
	for i := 0; ; {
		start, end := nextWord(s, i)
		if start < 0 {
			return
		}
		i = end
		if !m.starts[s[start]] {
			continue
		}
		ps := m.phrases(s[start:end])
		for k := range ps {
			p := &ps[k]
			if e, ok := p.follows(s, end); ok {
				if p.tag >= 0 {
					counts[p.tag]++
				}
				i = e
				break
			}
		}
	}
}

// follows reports whether the rest of the phrase comes at s[i:], and where
// it ends.
func (p *phrase) follows(s string, i int) (int, bool) {
	for k, w := range p.rest {
		var ok bool
		if i, ok = gapAt(s, i, p.gaps[k]); !ok {
			return 0, false
		}
		if !strings.HasPrefix(s[i:], w) {
			return 0, false
		}
		i += len(w)
		if i < len(s) && wordAt(s, i) {
			return 0, false
		}
	}
	return i, true
}

// gapAt matches a normalized gap at s[i:] and returns where it ends.
func gapAt(s string, i int, gap string) (int, bool) {
	for _, g := range gap {
		if i >= len(s) {
			return 0, false
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch g {
		case ' ':
			if !unicode.IsSpace(r) {
				return 0, false
			}
			for i < len(s) {
				r, n := utf8.DecodeRuneInString(s[i:])
				if !unicode.IsSpace(r) {
					break
				}
				i += n
			}
			continue
		case '\'':
			if !isApostrophe(r) {
				return 0, false
			}
		case '-':
			if !isHyphen(r) {
				return 0, false
			}
		default:
			if r != g {
				return 0, false
			}
		}
		i += n
	}
	return i, true
}

// Byte classes for the tokenizer.
const (
	other    = iota // ASCII, not a letter or digit
	wordByte        // ASCII letter or digit
	multi           // starts or continues a multi-byte rune
)

var class = func() (t [256]uint8) {
	for c := range t {
		switch {
		case c >= utf8.RuneSelf:
			t[c] = multi
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9':
			t[c] = wordByte
		}
	}
	return t
}()

func isWordRune(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		return class[r] == wordByte
	case 0x2000 <= r && r <= 0x206F:
		// General Punctuation (curly quotes, dashes, spaces) is common in
		// articles and holds no letters, digits or marks.
		return false
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

func isApostrophe(r rune) bool {
	return r == '\'' || r == '’' || r == '‘' || r == '`' || r == 'ʼ'
}

func isHyphen(r rune) bool { return r == '-' || r == '‐' || r == '‑' }

// wordAt reports whether a word character starts at s[i].
func wordAt(s string, i int) bool {
	switch class[s[i]] {
	case wordByte:
		return true
	case multi:
		r, _ := utf8.DecodeRuneInString(s[i:])
		return isWordRune(r)
	}
	return false
}

// nextWord returns the bounds of the first word at or after s[i], or -1, -1.
func nextWord(s string, i int) (start, end int) {
	for i < len(s) {
		switch class[s[i]] {
		case other:
			i++
			continue
		case wordByte:
			start = i
			i++
		case multi:
			r, n := utf8.DecodeRuneInString(s[i:])
			if !isWordRune(r) {
				i += n
				continue
			}
			start = i
			i += n
		}
		for i < len(s) {
			switch class[s[i]] {
			case wordByte:
				i++
				continue
			case other:
				return start, i
			}
			r, n := utf8.DecodeRuneInString(s[i:])
			if !isWordRune(r) {
				return start, i
			}
			i += n
		}
		return start, i
	}
	return -1, -1
}

// split cuts a taxonomy word into its words and the gaps between them,
// dropping leading and trailing punctuation. In a gap, white space becomes
// one space, apostrophes become ' and hyphens become -.
func split(w string) (toks, gaps []string) {
	var gap strings.Builder
	for i := 0; ; {
		start, end := nextWord(w, i)
		if start < 0 {
			return toks, gaps
		}
		if len(toks) > 0 {
			gap.Reset()
			space := false
			for _, r := range w[i:start] {
				switch {
				case unicode.IsSpace(r):
					if !space {
						gap.WriteByte(' ')
					}
					space = true
					continue
				case isApostrophe(r):
					r = '\''
				case isHyphen(r):
					r = '-'
				}
				space = false
				gap.WriteRune(r)
			}
			gaps = append(gaps, gap.String())
		}
		toks = append(toks, w[start:end])
		i = end
	}
}

// join puts split's result back together, giving one key per spelling.
func join(toks, gaps []string) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			b.WriteString(gaps[i-1])
		}
		b.WriteString(t)
	}
	return b.String()
}
