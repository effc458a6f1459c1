package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// role is what part an entity can play in a sentence.
type role int

const (
	place  role = iota // country, region, city
	actor              // organisation, armed group, institution
	person             // person
)

// entity is one taxonomy tag as the articles name it.
type entity struct {
	role    role
	country bool
	city    bool
	name    string // the full name, used first
	short   string // later mentions: a surname, an acronym, or name
	adj     string // a demonym ("Iraqi"), or ""
}

func newEntity(kind string, words []string) entity {
	e := entity{name: words[0], short: words[0]}
	switch kind {
	case "person":
		e.role = person
		for _, w := range words[1:] {
			if strings.HasSuffix(e.name, " "+w) {
				e.short = w
				break
			}
		}
	case "organisation", "armed-group", "institution":
		e.role = actor
		for _, w := range words[1:] {
			if len(w) <= 5 && w == strings.ToUpper(w) {
				e.short = w
				break
			}
		}
	default:
		e.role, e.country, e.city = place, kind == "country", kind == "city"
		for _, w := range words[1:] {
			if !strings.ContainsAny(w, " -") && !strings.HasSuffix(w, "s") &&
				(strings.HasSuffix(w, "i") || strings.HasSuffix(w, "n") || strings.HasSuffix(w, "ese") || strings.HasSuffix(w, "ish")) {
				e.adj = w
				break
			}
		}
	}
	return e
}

// article is one unique story.
type article struct {
	title   string
	caption string
	paras   []string
	dated   bool
	number  bool // the header has the number line
	indent  bool // the first copy of the caption starts with spaces
	trail   bool // the title line ends in a space
}

// page is one saved copy of an article.
type page struct {
	art    int
	number bool
	cut    int // bytes missing at the end
}

// file is one dump: its name and the pages in it.
type file struct {
	name    string
	pages   []page
	newline bool // the file ends in a newline
}

type corpus struct {
	articles []article
	files    []file
	pages    int // article pages in all files
}

// dump renders file i.
func (c *corpus) dump(i int) []byte {
	var b bytes.Buffer
	f := c.files[i]
	for k, p := range f.pages {
		if k > 0 {
			b.WriteString("\n\n\n\n")
		}
		c.articles[p.art].render(&b, p.number, p.cut)
	}
	if f.newline {
		b.WriteByte('\n')
	}
	return b.Bytes()
}

const (
	dupShare   = 0.30
	datedShare = 0.70
)

var (
	firstDay = time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	lastDay  = time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
)

// span is a count drawn evenly from min to max, both included.
type span struct{ min, max int }

// draw draws a count from s.
func (s span) draw(r *rand.Rand) int { return s.min + r.IntN(s.max-s.min+1) }

// defaultParas is how many paragraphs an article's text has, unless the
// -paragraphs flag says otherwise.
var defaultParas = span{6, 18}

// generate makes the corpus of n articles for seed, each with paras
// paragraphs. It is deterministic.
func generate(n int, seed uint64, ents []entity, paras span) corpus {
	r := rand.New(rand.NewPCG(seed, 0x6272696566696e67))
	var countries []int
	for i, e := range ents {
		if e.country {
			countries = append(countries, i)
		}
	}
	if len(countries) == 0 {
		for i := range ents {
			countries = append(countries, i)
		}
	}
	c := corpus{articles: make([]article, n)}
	titles := make(map[string]bool, n)
	for i := range c.articles {
		c.articles[i] = newArticle(r, ents, countries, titles, paras)
	}

	// Every article once, and 30% of them once more in some variant.
	pages := make([]page, 0, n+n/2)
	for i, a := range c.articles {
		pages = append(pages, page{art: i, number: a.number})
	}
	for i, a := range c.articles {
		if r.Float64() >= dupShare {
			continue
		}
		p := page{art: i, number: a.number}
		switch r.IntN(3) {
		case 1:
			p.cut = 1 + r.IntN(40)
		case 2:
			p.number = !p.number
		}
		pages = append(pages, p)
	}
	r.Shuffle(len(pages), func(i, j int) { pages[i], pages[j] = pages[j], pages[i] })
	chunks := chunk(r, pages)
	separate(r, chunks)
	for i, ps := range chunks {
		newline := r.IntN(5) == 0
		name := fmt.Sprintf("%06d_%016x.txt", i, r.Uint64())
		c.files = append(c.files, file{name: name, pages: ps, newline: newline})
	}
	c.pages = len(pages)
	return c
}

// chunk cuts pages into files of 3–5.
func chunk(r *rand.Rand, pages []page) [][]page {
	var files [][]page
	for len(pages) > 0 {
		k := min(3+r.IntN(3), len(pages))
		files = append(files, pages[:k:k])
		pages = pages[k:]
	}
	return files
}

// separate swaps pages around until no file holds two copies of one
// article, so that every duplicate is across dumps.
func separate(r *rand.Rand, files [][]page) {
	if len(files) < 2 {
		return
	}
	has := func(f []page, art, skip int) bool {
		for k, p := range f {
			if k != skip && p.art == art {
				return true
			}
		}
		return false
	}
	for i, f := range files {
		for k := 0; k < len(f); k++ {
			if !has(f, f[k].art, k) {
				continue
			}
			for try := 0; try < 1000; try++ {
				j := r.IntN(len(files))
				if j == i {
					continue
				}
				m := r.IntN(len(files[j]))
				if has(files[j], f[k].art, -1) || has(f, files[j][m].art, k) {
					continue
				}
				f[k], files[j][m] = files[j][m], f[k]
				break
			}
		}
	}
}

// render writes one copy of the article in the dump format, cut bytes
// short of its end.
func (a *article) render(b *bytes.Buffer, number bool, cut int) {
	start := b.Len()
	title := a.title
	if a.trail {
		title += " "
	}
	captions := func() {
		if a.indent {
			b.WriteString("  ")
		}
		b.WriteString(a.caption)
		b.WriteByte('\n')
		b.WriteString(a.caption)
		b.WriteByte('\n')
	}
	b.WriteString(title)
	b.WriteString("\n\n")
	captions()
	b.WriteString("TT\n")
	if number {
		b.WriteString("20\n")
	}
	b.WriteString("\n")
	b.WriteString(title)
	b.WriteString("\n\n")
	captions()
	for i, p := range a.paras {
		b.WriteString("\n")
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(p)
	}
	if cut > 0 {
		end := b.Len() - cut
		for end > start && !utf8.RuneStart(b.Bytes()[end]) {
			end--
		}
		b.Truncate(end)
	}
}

// newArticle makes an article whose title is not yet in titles.
func newArticle(r *rand.Rand, ents []entity, countries []int, titles map[string]bool, paras span) article {
	g := &writer{r: r, ents: ents, count: map[int]int{}}
	// A country first, then entities of any kind.
	g.cast = append(g.cast, countries[r.IntN(len(countries))])
	for want := 2 + r.IntN(5); len(g.cast) < want; {
		i := r.IntN(len(ents))
		if !g.inCast(i) {
			g.cast = append(g.cast, i)
		}
	}
	g.topic = topics[r.IntN(len(topics))]

	a := article{
		number: r.IntN(5) < 3,
		indent: r.IntN(5) == 0,
		trail:  r.IntN(10) == 0,
	}
	for try := 0; ; try++ {
		t, ok := g.fill(titleTemplates[r.IntN(len(titleTemplates))], true)
		if !ok {
			continue
		}
		if try > 200 {
			t += fmt.Sprintf(", Part %d", len(titles)+1)
		}
		if key := strings.ToLower(t); !titles[key] {
			titles[key] = true
			a.title = t
			break
		}
		g.topic = topics[r.IntN(len(topics))]
	}
	a.caption, a.dated = g.caption()
	for range paras.draw(r) {
		a.paras = append(a.paras, g.paragraph())
	}
	return a
}

// writer fills templates with one article's entities.
type writer struct {
	r     *rand.Rand
	ents  []entity
	cast  []int       // the article's entities
	count map[int]int // mentions so far in the body
	topic string
	deck  []int // sentences not yet used in this round
}

// sentence returns the next body sentence, drawing the templates like
// cards so that an article repeats itself as little as possible.
func (g *writer) sentence() string {
	for {
		if len(g.deck) == 0 {
			g.deck = g.r.Perm(len(sentences))
		}
		t := sentences[g.deck[0]]
		g.deck = g.deck[1:]
		if s, ok := g.fill(t, false); ok {
			return s
		}
	}
}

func (g *writer) inCast(i int) bool {
	for _, c := range g.cast {
		if c == i {
			return true
		}
	}
	return false
}

// pick chooses the least-mentioned entity of the role not in used, ties
// broken at random.
func (g *writer) pick(ro role, used []int, adj bool) (int, bool) {
	best, n := -1, 0
	for _, i := range g.cast {
		e := g.ents[i]
		if e.role != ro || (adj && e.adj == "") || contains(used, i) {
			continue
		}
		switch {
		case best < 0 || g.count[i] < g.count[best]:
			best, n = i, 1
		case g.count[i] == g.count[best]:
			n++
			if g.r.IntN(n) == 0 {
				best = i
			}
		}
	}
	return best, best >= 0
}

func contains(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// fill replaces the placeholders of t; ok is false when the article has
// no entity for one of them. In a title, names are given in full and
// topics in title case.
func (g *writer) fill(t string, title bool) (string, bool) {
	var out strings.Builder
	var used []int
	for {
		i := strings.IndexByte(t, '{')
		if i < 0 {
			out.WriteString(t)
			break
		}
		j := strings.IndexByte(t[i:], '}') + i
		out.WriteString(t[:i])
		key := t[i+1 : j]
		t = t[j+1:]
		switch key {
		case "T":
			if title {
				out.WriteString(g.topic)
			} else {
				out.WriteString(strings.ToLower(g.topic))
			}
		case "N":
			out.WriteString(strconv.Itoa(2 + g.r.IntN(60)))
		case "DAY":
			out.WriteString(weekdays[g.r.IntN(len(weekdays))])
		default:
			ro := map[string]role{"P": place, "P2": place, "A": actor, "H": person, "H2": person, "ADJ": place}[key]
			e, ok := g.pick(ro, used, key == "ADJ")
			if !ok {
				return "", false
			}
			used = append(used, e)
			out.WriteString(g.mention(e, key == "ADJ", title, out.Len() == 0))
		}
	}
	return out.String(), true
}

// mention names entity i, in full the first time in the body and
// wherever the short form would start a sentence in lower case.
func (g *writer) mention(i int, adj, title, start bool) string {
	e := g.ents[i]
	if title {
		if adj {
			return e.adj
		}
		return e.name
	}
	g.count[i]++
	switch {
	case adj:
		return e.adj
	case g.count[i] > 1 && g.r.IntN(3) > 0 && !(start && unicode.IsLower([]rune(e.short)[0])):
		return e.short
	}
	return e.name
}

// paragraph writes 40–90 words of sentences.
func (g *writer) paragraph() string {
	target := 40 + g.r.IntN(51)
	var parts []string
	words, last := 0, 0
	for words < target {
		s := g.sentence()
		parts = append(parts, s)
		last = len(strings.Fields(s))
		words += last
	}
	if words > 90 && words-last >= 40 {
		parts = parts[:len(parts)-1]
	}
	p := strings.Join(parts, " ")
	switch g.r.IntN(40) {
	case 0: // scraped pages keep the odd non-breaking space
		if i := strings.IndexByte(p, ' '); i > 0 {
			p = p[:i] + "\u00a0" + p[i+1:]
		}
	case 1:
		p += " "
	}
	return p
}

// caption writes the lead photo's caption, with a date or without.
func (g *writer) caption() (string, bool) {
	var subject string
	for {
		s, ok := g.fill(captionSubjects[g.r.IntN(len(captionSubjects))], true)
		if ok {
			subject = s
			break
		}
	}
	country := g.ents[g.cast[0]].name
	where := country
	for _, i := range g.cast[1:] {
		if e := g.ents[i]; e.city {
			where = e.name + ", " + country
			break
		}
	}
	credit := g.credit()
	if g.r.Float64() >= datedShare {
		return strings.TrimSpace(subject + " in " + where + ". " + credit), false
	}
	day := firstDay.AddDate(0, 0, g.r.IntN(int(lastDay.Sub(firstDay).Hours()/24)+1))
	if g.r.IntN(3) == 0 {
		return strings.TrimSpace(day.Format("02 January 2006") + ", " + where + ": " + subject + ". " + credit), true
	}
	return strings.TrimSpace(subject + " in " + where + " " + day.Format("January 2, 2006") + ". " + credit), true
}

// credit is a photo credit in one of the forms the site uses, or none.
func (g *writer) credit() string {
	name := photographers[g.r.IntN(len(photographers))]
	switch n := g.r.IntN(20); {
	case n < 8:
		return agencies[g.r.IntN(len(agencies))]
	case n < 13:
		return "REUTERS/" + name
	case n < 14:
		return "REUTERS/REUTERS/" + name
	case n < 16:
		return "(" + name + "/Pool via REUTERS)"
	case n < 18:
		return "- " + name
	}
	return ""
}
