// Package site builds the archive's model from content files: articles in
// time order, tags, the timeline, neighbours and related articles.
//
// # Rules
//
//   - An article's URL is articles/<file name>/: correcting a title does not
//     move the page; renaming the file does.
//   - Articles are ordered newest first; undated ones come after all dated
//     ones. Every sort ends on the file name, so the order is total.
//   - Tags: the taxonomy's matcher runs on title, caption and body at every
//     build, so a taxonomy change retags the whole archive. An editor's tags
//     are added to the automatic ones; exclude_tags removes any tag, automatic
//     or not, from that one article. A tag is named by its display name,
//     its slug or one of its words, in any case; an editor's tag that the
//     taxonomy does not know becomes a tag of its own, with a warning that
//     names the taxonomy tag it is close to (a letter or two apart, or a
//     word of its name), if there is one.
//   - Previous and next follow time among dated articles.
//   - Related articles share the most tags with the article; ties go to the
//     one nearest in time.
//   - Drafts are left out of everything; Site.Drafts holds them for the
//     preview, which gives each a page of its own.
//   - A page claims only what its file bears out: a date is "from the photo
//     caption" only when date_source is caption and the caption states that
//     date (convert.CaptionDate), "set by an editor" for date_source:
//     editor, and of no recorded source otherwise, with a warning at the
//     file's line; the text is "changed since it was imported" when the
//     body's hash is not its fingerprint (content.File.Edited).
//   - Links into the site, in bodies and notes, are checked and resolved
//     here (see linkIndex.resolve): "@/name" or "@/id" names an article,
//     "/articles/name/" and "/tags/slug/" must exist, and every such link
//     ends up under the base path. A broken one is an error placed at its
//     line in the file.
//   - The archive's own pages (content/pages/) are not articles: no list,
//     tag or feed holds them. Old addresses (aliases, and the first name
//     convert gave a file since renamed) become redirects; two claims on
//     one address are an error (see Attach).
package site

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/maphash"
	"html"
	"html/template"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/gosimple/slug"

	"briefing/internal/content"
	"briefing/internal/markdown"
	"briefing/internal/parallel"
	"briefing/internal/taxonomy"
)

// Entry is what a list of articles shows of one: its address, title and
// date. Pages that link to an article without showing it (lists, the
// timeline, neighbours, related articles, notes) hold its Entry, so that
// what they can show is what the Entry's Sig covers.
type Entry struct {
	// Name is the file name without .md; it is the article's URL segment.
	Name  string
	Title string
	Date  time.Time // zero when undated

	sig     uint64
	article *Article
}

// Sig changes whenever anything an entry shows changes.
func (e *Entry) Sig() uint64 { return e.sig }

// Dated reports whether the article has a date.
func (e *Entry) Dated() bool { return !e.Date.IsZero() }

// URL is the article page's path below the site root.
func (e *Entry) URL() string { return articleURL(e.Name) }

// Article is one published article. Everything a template can reach
// through it is covered by its Sig: its own fields, its tags (not their
// articles) and the entries of the articles it links to.
type Article struct {
	Entry
	ID         string
	DateSource string // "caption", "editor" or "" (not recorded, or a claim that does not hold)
	Caption    string
	Summary    string
	Sources    []string
	body       Text
	Notes      []Note
	Tags       []*Tag // by slug
	Review     string
	// Edited is set when an editor has changed the text since it was
	// imported from Sources.
	Edited bool

	// Path is the source file, for messages.
	Path string

	Prev, Next *Entry // older, newer
	Related    []*Entry

	// Links are the addresses, below the site root, of the body's links to
	// the site's own pages: its href="@/N" is Links[N] (markdown.Resolve).
	Links []string

	// own covers what the article's file says (see fill); sig adds its
	// tags and the entries it links to.
	own, sig uint64

	// refs and noteRefs are the links to resolve into Links.
	refs     []markdown.Ref
	noteRefs [][]markdown.Ref
	// aliases are the old addresses the front matter lists.
	aliases []alias

	// rev0 is the hash of the article's file.
	rev0 uint64
	at   int32 // place among the articles in the order of the sources
}

// Sig changes whenever anything a template can reach through the article
// changes.
func (a *Article) Sig() uint64 { return a.sig }

// Body is the article's text, rendered.
func (a *Article) Body() (template.HTML, error) { return a.body.HTML() }

// Text is the article's rendered body, kept where Body reads it from; two
// Texts are equal when they hold the same body from the same read of the
// file, which lets the search index tell an unchanged body cheaply.
func (a *Article) Text() Text { return a.body }

// Lead is the start of the article's text as plain text, at most about
// 300 characters, cut at a word.
func (a *Article) Lead() (string, error) {
	// The lead is nearly always in the text's first few kilobytes: only
	// those are read, and the whole text only if the lead runs past them.
	bp := heads.Get().(*[]byte)
	defer heads.Put(bp)
	head, whole, err := a.body.head(*bp, 4<<10)
	*bp = head
	if err != nil {
		return "", err
	}
	// plainDone keeps nothing of the bytes it reads: the buffer can go
	// back to the pool.
	if lead, done := plainDone(template.HTML(unsafe.String(unsafe.SliceData(head), len(head))), leadSize); done || whole {
		return lead, nil
	}
	body, err := a.Body()
	if err != nil {
		return "", err
	}
	return LeadOf(body), nil
}

// LeadOf is Lead worked out from the whole body, for a caller that has
// read it already.
func LeadOf(body template.HTML) string { return plain(body, leadSize) }

// leadSize is about how many characters a lead has at most.
const leadSize = 300

// heads hold the start of a text while Lead reads it.
var heads = sync.Pool{New: func() any { return new([]byte) }}

// inline are the elements Markdown writes inside a line of text.
var inline = map[string]bool{"a": true, "em": true, "strong": true, "code": true, "del": true}

// plain is the start of h as plain text, at most about n characters, cut
// at a word and marked " …" where it was cut.
func plain(h template.HTML, n int) string {
	text, _ := plainDone(h, n)
	return text
}

// plainDone is plain, and reports whether it had enough of h: whether
// it stopped before h's end, so that any text h starts gives the same.
func plainDone(h template.HTML, n int) (string, bool) {
	var b strings.Builder
	b.Grow(min(len(h), n+n/3+utf8.UTFMax))
	// tag is the text of the last tag, between its < and >; start is
	// where the one being read began, or -1 outside a tag.
	s, tag, start := string(h), "", -1
	done := false
	for i, r := range s {
		switch {
		case r == '<':
			start = i + 1
		case r == '>':
			if start >= 0 {
				tag, start = s[start:i], -1
			}
			// Blocks are apart; inline markup (a link, emphasis) is not.
			if !inline[tagName(tag)] {
				b.WriteByte(' ')
			}
		case start >= 0:
		default:
			b.WriteRune(r)
		}
		if b.Len() > n+n/3 {
			done = true
			break
		}
	}
	text := strings.Join(strings.Fields(html.UnescapeString(b.String())), " ")
	if len(text) <= n {
		return text, done
	}
	cut := strings.LastIndexByte(text[:n], ' ')
	if cut < n*2/3 {
		cut = n
	}
	return strings.ToValidUTF8(text[:cut], "") + " …", done
}

// tagName is the element a tag's text names, without the / of an end
// tag.
func tagName(tag string) string {
	tag = strings.TrimLeftFunc(tag, unicode.IsSpace)
	if end := strings.IndexFunc(tag, unicode.IsSpace); end >= 0 {
		tag = tag[:end]
	}
	return strings.TrimPrefix(tag, "/")
}

// Note is an editor's note, rendered.
type Note struct {
	By   string
	Date time.Time
	Text template.HTML
	// Links are the text's links to the site's own pages, as Article.Links.
	Links []string
	// Article is the article the note is on.
	Article *Entry
}

// Start is the note's first words, as plain text.
func (n *Note) Start() string { return plain(n.Text, 120) }

// Tag is a tag: its name, slug and kind. Its articles are Tagged(t),
// not a field or method, so that a template that reaches a tag through an
// article cannot reach every article through the tag.
type Tag struct {
	Name, Slug, Kind string
	// Description is the taxonomy's line about the tag, or "".
	Description string

	articles []*Article
	entries  []*Entry // of articles
	listSig  uint64   // see TaggedSig
}

// Tagged is the published articles with tag t, newest first.
func Tagged(t *Tag) []*Article { return t.articles }

// TaggedEntries is the entries of Tagged(t).
func TaggedEntries(t *Tag) []*Entry { return t.entries }

// TaggedSig changes whenever the tag's own fields or anything
// TaggedEntries(t) shows changes: what the tag's list pages are made of.
func TaggedSig(t *Tag) uint64 { return t.listSig }

// sign sets the tag's TaggedSig.
func (t *Tag) sign() {
	var h maphash.Hash
	h.SetSeed(seed)
	for _, s := range [...]string{t.Name, t.Slug, t.Kind, t.Description} {
		h.WriteString(s)
		h.WriteByte(0)
	}
	t.listSig = signEntries(&h, t.entries)
}

// signEntries adds the signatures of entries to h and returns its sum.
func signEntries(h *maphash.Hash, entries []*Entry) uint64 {
	// Signatures go in 64 at a time: a write per entry is slow.
	var buf [64 * 8]byte
	n := 0
	for _, e := range entries {
		binary.LittleEndian.PutUint64(buf[n:], e.sig)
		if n += 8; n == len(buf) {
			h.Write(buf[:])
			n = 0
		}
	}
	h.Write(buf[:n])
	maphash.WriteComparable(h, len(entries))
	return h.Sum64()
}

// EntriesSig changes whenever anything Entries shows changes, its order
// included: what the pages that list every article are made of.
func (s *Site) EntriesSig() uint64 { return s.entriesSig }

// signEntries sets the site's EntriesSig.
func (s *Site) signEntries() {
	var h maphash.Hash
	h.SetSeed(seed)
	s.entriesSig = signEntries(&h, s.Entries)
}

// URL is the tag page's path below the site root.
func (t *Tag) URL() string { return tagURL(t.Slug) }

// Month is the articles of one month, newest first.
type Month struct {
	Year     int
	Month    time.Month
	Articles []*Entry
}

// Name is the month's name and year, as "January 2020".
func (m *Month) Name() string { return m.Month.String() + " " + fmt.Sprint(m.Year) }

// Anchor is the month's fragment id on a timeline page.
func (m *Month) Anchor() string { return fmt.Sprintf("m%d-%02d", m.Year, int(m.Month)) }

// Year is the months of one year that have articles, newest first.
type Year struct {
	Year   int
	Months []*Month
	Count  int
}

// Site is the whole archive.
type Site struct {
	// Articles are newest first, undated last.
	Articles []*Article
	// Dated and Undated split Articles.
	Dated, Undated []*Article
	// Entries and UndatedEntries are the entries of Articles and Undated,
	// for pages that only link to them.
	Entries, UndatedEntries []*Entry
	// Tags are by name; TopTags by article count.
	Tags, TopTags []*Tag
	Years         []*Year
	// Notes are every note, newest first.
	Notes []*Note
	// Drafts are the drafts, by file name, with their own fields only: no
	// tags, neighbours or related articles. Nothing above lists them; only
	// the preview shows them, each on a page of its own.
	Drafts []*Article
	// Pages are the archive's own pages, by file name, and Redirects the
	// old addresses that lead to a page, by old address (see Attach).
	Pages     []*Page
	Redirects []*Redirect
	// Warnings are problems that did not stop the build.
	Warnings []string
	// siteWarnings are the warnings assemble finds: editors' tags, ids
	// given twice.
	siteWarnings []string

	links      *linkIndex
	entriesSig uint64 // see EntriesSig
	// renamed is what renamedArticles found last, and the map it read.
	renamed struct {
		of   unsafe.Pointer
		list []renamed
	}
}

// Source is one loaded content file with what is worth keeping between
// builds: its rendered body (kept on disk, see Text) and notes and its
// automatic tags. Its File's Body is dropped once rendered.
type Source struct {
	File *content.File
	Name string
	Body Text
	// Notes are the notes' texts rendered.
	Notes []template.HTML
	// Refs are the body's links to the site's own pages, NoteRefs each
	// note's; their lines count in the whole file.
	Refs     []markdown.Ref
	NoteRefs [][]markdown.Ref
	// Auto are the automatic tags' slugs.
	Auto []string
	// Hash identifies the file's bytes.
	Hash uint64
	// Date is the front matter's date, parsed.
	Date time.Time
	// DateSource is where the date came from, as far as the file shows
	// it: "caption" only when the caption states that date.
	DateSource string
	// Warnings are the file's claims that do not hold.
	Warnings []string
	// Edited is set when the body is known to differ from the one convert
	// imported.
	Edited bool
}

// Build assembles the site from loaded sources. It does not change them.
//
// memo, if not nil, carries work from the last build to this one. When
// only a few articles' words changed (not their dates, tags or drafts),
// Build changes the last build's Site in place and returns it: the caller
// must be done with that Site.
func Build(sources []*Source, tax *taxonomy.Taxonomy, memo *Memo) (*Site, error) {
	if s := memo.patch(sources, tax); s != nil {
		return s, nil
	}
	s, err := assemble(sources, tax, memo)
	memo.keepSite(s, sources, tax, err)
	return s, err
}

func assemble(sources []*Source, tax *taxonomy.Taxonomy, memo *Memo) (*Site, error) {
	s := &Site{}
	bySlug := map[string]*Tag{}
	byName := map[string]*Tag{} // editors' own tags, by name folded
	taxTags := make([]*Tag, len(tax.Tags))
	for i, t := range tax.Tags {
		tag := &Tag{Name: t.Name, Slug: t.Slug, Kind: t.Kind, Description: t.Description}
		bySlug[t.Slug] = tag
		taxTags[i] = tag
	}
	// lookup finds the tag an editor means by name: a taxonomy tag by its
	// name, slug or one of its words, or an editor's tag already made;
	// guess is the taxonomy tag an unknown name is likely to stand for.
	type found struct{ tag, guess int }
	finds := map[string]found{} // an editor's tag is often on many articles
	lookup := func(name string) (tag, guess *Tag) {
		f, ok := finds[name]
		if !ok {
			f.tag, f.guess = tax.Find(name)
			finds[name] = f
		}
		i, g := f.tag, f.guess
		if i >= 0 {
			return taxTags[i], nil
		}
		if g >= 0 {
			guess = taxTags[g]
		}
		if t := bySlug[name]; t != nil {
			return t, guess
		}
		return byName[strings.ToLower(strings.TrimSpace(name))], guess
	}
	warnGuess := func(f *content.File, key, name string, g *Tag) {
		s.siteWarnings = append(s.siteWarnings, fmt.Sprintf("%s: %s: %q is not a taxonomy tag; did you mean %q? (written as it is, it makes a tag of its own)", place(f, key), key, name, g.Name))
	}
	ids := make(map[string]*content.File, len(sources))
	for _, src := range sources {
		f := src.File
		if first, ok := ids[f.Front.ID]; ok {
			s.siteWarnings = append(s.siteWarnings, fmt.Sprintf("%s: id %s is also the id of %s; give one of them a new id (or merge them), or convert cannot tell which gains new sources",
				place(f, "id"), f.Front.ID, place(first, "id")))
		} else {
			ids[f.Front.ID] = f
		}
		if f.Front.Draft {
			d := &Article{}
			d.fill(src)
			s.Drafts = append(s.Drafts, d)
			continue
		}
		a := &Article{}
		a.fill(src)
		// An article has a few tags: lists are quicker than maps here.
		var excluded []*Tag
		for _, name := range f.Front.ExcludeTags {
			t, guess := lookup(name)
			switch {
			case t != nil:
				excluded = append(excluded, t)
			case guess != nil:
				s.siteWarnings = append(s.siteWarnings, fmt.Sprintf("%s: exclude_tags: no tag %q; did you mean %q?", place(f, "exclude_tags"), name, guess.Name))
			default:
				s.siteWarnings = append(s.siteWarnings, fmt.Sprintf("%s: exclude_tags: no tag %q", place(f, "exclude_tags"), name))
			}
		}
		add := func(t *Tag) {
			if !slices.Contains(a.Tags, t) && !slices.Contains(excluded, t) {
				a.Tags = append(a.Tags, t)
			}
		}
		for _, sl := range src.Auto {
			if t := bySlug[sl]; t != nil {
				add(t)
			}
		}
		for _, name := range f.Front.Tags {
			t, guess := lookup(name)
			if guess != nil {
				warnGuess(f, "tags", name, guess)
			}
			if t == nil {
				sl := slug.Make(name)
				if sl == "" {
					return nil, fmt.Errorf("%s: tag %q has no letters or digits to make a URL from", place(f, "tags"), name)
				}
				if other := bySlug[sl]; other != nil {
					return nil, fmt.Errorf("%s: tag %q has the same URL /tags/%s/ as tag %q", place(f, "tags"), name, sl, other.Name)
				}
				t = &Tag{Name: strings.TrimSpace(name), Slug: sl, Kind: "editor"}
				bySlug[sl] = t
				byName[strings.ToLower(t.Name)] = t
			}
			add(t)
		}
		if !slices.IsSortedFunc(a.Tags, slugOrder) {
			slices.SortFunc(a.Tags, slugOrder)
		}
		a.at = int32(len(s.Articles))
		s.Articles = append(s.Articles, a)
	}

	if !memo.order(s.Articles) {
		slices.SortFunc(s.Articles, newestFirst)
		memo.keepOrder(s.Articles)
	}
	for _, a := range s.Articles {
		if a.Dated() {
			s.Dated = append(s.Dated, a)
		} else {
			s.Undated = append(s.Undated, a)
			s.UndatedEntries = append(s.UndatedEntries, &a.Entry)
		}
		s.Entries = append(s.Entries, &a.Entry)
		for _, t := range a.Tags {
			t.articles = append(t.articles, a)
			t.entries = append(t.entries, &a.Entry)
		}
	}
	for i, a := range s.Dated {
		if i > 0 {
			a.Next = &s.Dated[i-1].Entry
		}
		if i+1 < len(s.Dated) {
			a.Prev = &s.Dated[i+1].Entry
		}
	}
	for _, t := range bySlug {
		if len(t.articles) > 0 {
			s.Tags = append(s.Tags, t)
		}
	}
	slices.SortFunc(s.Tags, slugOrder)
	s.links = newLinkIndex(sources, s.Tags)
	var errs []error
	for _, a := range s.Articles {
		if err := s.links.link(a); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	for _, d := range s.Drafts {
		s.links.link(d) // a draft is not published: its broken links stop nothing
	}
	s.TopTags = slices.Clone(s.Tags)
	slices.SortStableFunc(s.TopTags, func(x, y *Tag) int { return cmp.Compare(len(y.articles), len(x.articles)) })

	slices.SortFunc(s.Drafts, func(x, y *Article) int { return cmp.Compare(x.Name, y.Name) })
	s.Years = timeline(s.Dated)
	s.collectNotes()
	s.collectWarnings(sources)
	relate(s, memo)
	revise(s)
	parallel.For(len(s.Tags), func(i int) { s.Tags[i].sign() })
	s.signEntries()
	return s, nil
}

// place is "file:line" for a top-level key of f, or the file alone if the
// line is not known.
func place(f *content.File, key string) string {
	if l := f.Line(key); l > 0 {
		return fmt.Sprintf("%s:%d", f.Path, l)
	}
	return f.Path
}

// fill sets the fields of a that come from its source alone: all but its
// tags, place and links to other articles.
func (a *Article) fill(src *Source) {
	f := src.File
	a.Name, a.ID, a.Title = src.Name, f.Front.ID, f.Front.Title
	a.DateSource, a.Caption, a.Summary = src.DateSource, f.Front.Caption, f.Front.Summary
	a.Sources, a.body, a.Review, a.Path = f.Front.Sources, src.Body, f.Front.Review, f.Path
	a.Edited = src.Edited
	a.rev0 = src.Hash
	a.Date = time.Time{}
	if f.Front.Date != "" {
		a.Date = src.Date
	}
	a.refs, a.noteRefs = src.Refs, src.NoteRefs
	a.aliases = nil
	for i, al := range f.Front.Aliases {
		line := 0
		if i < len(f.AliasLines) {
			line = f.AliasLines[i]
		}
		a.aliases = append(a.aliases, alias{al, line})
	}
	a.Notes = nil
	for i, n := range f.Front.Notes {
		note := Note{By: n.By, Text: src.Notes[i], Article: &a.Entry}
		note.Date, _ = time.Parse(time.DateOnly, n.Date)
		a.Notes = append(a.Notes, note)
	}
	a.article = a
	a.hashOwn()
}

// collectWarnings lists the published files' warnings, then those
// assemble found across files.
func (s *Site) collectWarnings(sources []*Source) {
	s.Warnings = nil
	for _, src := range sources {
		if !src.File.Front.Draft {
			s.Warnings = append(s.Warnings, src.Warnings...)
		}
	}
	s.Warnings = append(s.Warnings, s.siteWarnings...)
}

// collectNotes lists every article's notes, newest first.
func (s *Site) collectNotes() {
	s.Notes = nil
	for _, a := range s.Articles {
		for i := range a.Notes {
			s.Notes = append(s.Notes, &a.Notes[i])
		}
	}
	slices.SortStableFunc(s.Notes, func(x, y *Note) int { return y.Date.Compare(x.Date) })
}

// slugOrder orders tags by slug.
func slugOrder(x, y *Tag) int { return cmp.Compare(x.Slug, y.Slug) }

// newestFirst orders dated articles newest first, then undated ones, each
// group tie-broken by file name.
func newestFirst(x, y *Article) int {
	switch {
	case x.Dated() && !y.Dated():
		return -1
	case !x.Dated() && y.Dated():
		return 1
	}
	if c := y.Date.Compare(x.Date); c != 0 {
		return c
	}
	return cmp.Compare(x.Name, y.Name)
}

func timeline(dated []*Article) []*Year {
	var years []*Year
	for _, a := range dated {
		y, m := a.Date.Year(), a.Date.Month()
		if len(years) == 0 || years[len(years)-1].Year != y {
			years = append(years, &Year{Year: y})
		}
		yr := years[len(years)-1]
		if len(yr.Months) == 0 || yr.Months[len(yr.Months)-1].Month != m {
			yr.Months = append(yr.Months, &Month{Year: y, Month: m})
		}
		mo := yr.Months[len(yr.Months)-1]
		mo.Articles = append(mo.Articles, &a.Entry)
		yr.Count++
	}
	return years
}

// The folders of articles' and tags' pages below the site root. Every
// address of an article or tag page is made, and read back, through these.
const (
	articlesDir = "articles/"
	tagsDir     = "tags/"
)

// articleURL is the address of the article whose file is name.md.
func articleURL(name string) string { return articlesDir + name + "/" }

// tagURL is the address of the first page of the tag with slug.
func tagURL(slug string) string { return tagsDir + slug + "/" }
