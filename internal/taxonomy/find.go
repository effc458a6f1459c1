package taxonomy

import (
	"slices"
	"strings"
	"unicode"

	"github.com/gosimple/slug"

	"briefing/internal/spell"
)

// Find returns the index in t.Tags of the tag an editor means by name:
// the tag with that slug, that name or that word (in any case). If no tag
// is meant, it returns -1 and, as guess, the tag name most likely stands
// for (the same but for a letter or two, or one of the words of its name
// or of its words), or -1.
func (t *Taxonomy) Find(name string) (tag, guess int) {
	if t.exact == nil {
		t.makeIndex()
	}
	name = strings.TrimSpace(name)
	for _, k := range [...]string{name, fold(name), "\x00" + fold(name)} {
		if i, ok := t.exact[k]; ok && i >= 0 {
			return i, -1
		}
	}
	return -1, t.guess(fold(name))
}

// makeIndex maps what an editor may write for a tag to its index: its
// slug, its name folded and, under a key that starts with a NUL byte so
// that a name comes first, each of its words folded. A folded word two
// tags share (Amal, amal) means neither: -1.
func (t *Taxonomy) makeIndex() {
	t.exact = map[string]int{}
	add := func(k string, i int) {
		if j, ok := t.exact[k]; ok && j != i {
			i = -1
		}
		t.exact[k] = i
	}
	for i, tag := range t.Tags {
		add(tag.Slug, i)
		add(fold(tag.Name), i)
		for _, w := range tag.Words {
			add("\x00"+fold(w), i)
		}
	}
}

// fold is how two spellings of a tag compare: case, and the apostrophes
// and hyphens the matcher treats as one.
func fold(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '’', '‘', '`', 'ʼ':
			return '\''
		case '‐', '‑':
			return '-'
		}
		return unicode.ToLower(r)
	}, strings.Join(strings.Fields(s), " "))
}

// guess returns the tag whose name, slug or a word is within a small edit
// distance of name (folded), the nearest and then the first in the file;
// failing that, the first tag that has name as one of the words of its
// name or words; -1 for none.
func (t *Taxonomy) guess(name string) int {
	n := len([]rune(name))
	if n < 5 {
		return -1 // Iran is not a misspelt Iraq
	}
	limit := 1
	if n > 6 {
		limit = 2
	}
	nameSlug := slug.Make(name)
	best, bestDist := -1, limit+1
	consider := func(i, d int) {
		if d < bestDist {
			best, bestDist = i, d
		}
	}
	for i, tag := range t.Tags {
		consider(i, spell.Distance(name, fold(tag.Name), limit))
		consider(i, spell.Distance(nameSlug, tag.Slug, limit))
		for _, w := range tag.Words {
			consider(i, spell.Distance(name, fold(w), limit))
		}
	}
	if best >= 0 {
		return best
	}
	for i, tag := range t.Tags {
		if hasWord(fold(tag.Name), name) || slices.ContainsFunc(tag.Words, func(w string) bool { return hasWord(fold(w), name) }) {
			return i
		}
	}
	return -1
}

// hasWord reports whether w is one of the words of phrase (split at
// spaces and hyphens).
func hasWord(phrase, w string) bool {
	for _, p := range strings.FieldsFunc(phrase, func(r rune) bool { return r == ' ' || r == '-' }) {
		if p == w {
			return true
		}
	}
	return false
}
