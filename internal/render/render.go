// Package render turns the site model into the bytes of every output file.
//
// # Kinds of file
//
// Every file the site is made of belongs to one kind, and each kind is one
// entry of the table kinds (pages.go): its name, how its bytes are made,
// and a function that lists its files, each with a path and the data it
// shows. A kind without a format is drawn by the page template
// templates/<name>.html; New fails, naming the file, if one is missing.
//
//	home        index.html: latest articles, notes, top tags, years (HomePage)
//	article     articles/<name>/index.html, one per article (ArticlePage)
//	tags        tags/index.html, every tag with its count (TagsPage)
//	tag         tags/<slug>/ and its page/N/, per_page at a time (TagPage)
//	timeline    timeline/, or split into timeline/<year>/ and
//	            timeline/undated/ above timeline_split articles (TimelinePage)
//	page        <name>/index.html, the archive's own pages from
//	            content/pages/ (OwnPage)
//	redirect    an old address of a page: aliases, renamed files
//	            (RedirectPage); its template defines its own "base"
//	search      search/index.html (StaticPage)
//	404         404.html (StaticPage)
//	feed        feed.xml and tags/<slug>/feed.xml, Atom, made in Go
//	sitemap     sitemap.xml, made in Go; above the protocol's limits of one
//	            file, an index of sitemap-1.xml, sitemap-2.xml… (package
//	            sitemap), each part's data only the addresses and dates it
//	            lists, so an edit rewrites only the parts it changes
//	robots, nojekyll, cname   robots.txt, .nojekyll, CNAME
//
// A new kind is one entry in the table, a data type and a template.
//
// # Signatures
//
// Watch mode re-renders a file only when its signature (Job.Sig) changes.
// A signature is a hash of the data the file is made from, the same value
// the template gets, walked by reflection (sig.go): it cannot leave out
// something the file shows. To keep that cheap and true, page data holds
// only what the page shows: lists are cut to their limits (home_items,
// home_tags, home_notes, feed_items, per_page) before the template sees
// them, and pages that only link to articles hold site.Entry values
// (title, date, address), not whole articles. Articles and entries carry
// their own signature, worked out by the site when they change, and an
// article's page is planned again only when its article's signature or
// what every page shares changes (planner.perArticle); a tag's pages only
// when its list's signature (site.TaggedSig) or the shared parts change
// (planner.perTag), and the sitemap only when its paths or the site's
// entries (Site.EntriesSig) change. A job taken unchanged from the last
// plan says so (Job.Reused), so watch mode need not look at it again.
//
// # Templates
//
// base.html is the layout; it defines "base", which calls "title" and
// "main". Each page template defines "main" (and "title" if the page's
// title is not enough) and gets its kind's data, which embeds *Page (the
// settings, header, footer, kind, URL, title, description and feed);
// base.html reaches those as .Page and .Page.Shared, by name, since a
// field promoted from an embedded struct is found by a slower search on
// every use. An article page's data also has Text, the article's body
// with its links resolved, read once when the page is drawn, which also
// gives the description of an article without a summary.
// partials/*.html are pieces shared by pages (article lists, tag lists,
// pager); the header and footer (partials/header.html,
// partials/footer.html) and the links to the static files every page's
// head has ("assets" in base.html) are rendered once and reused by every
// page.
// Templates are parsed once per build.
//
// Template functions:
//
//	url "tags/"    a path below the site root, with the base path: /archive/tags/;
//	               a rendered page's links are then made relative to the page
//	               where that is shorter (relative.go), ../../tags/ from an
//	               article, but on the 404 page
//	abs "tags/"    the same as a full URL: https://example.org/archive/tags/
//	asset "css/site.css"   a static file's URL with a hash of its bytes
//	date t         2 January 2006
//	isodate t      2006-01-02
//	plural n "article"   "1 article", "2 articles"
//	plural n "copy" "copies"   the plural named where the rules miss (package plural)
//	fragment "card" a    the partial "card" for article (or entry, or tag) a,
//	               rendered once per version of an entry or tag however many
//	               pages show it (an article is shown by its own page only)
//	fragments "card" list   the fragment "card" of each entry or tag of
//	               list, for a range: a list costs one call, not one an item
//	linked html links    a body or note with its links into the site resolved
//	ld data              the page's JSON-LD (schema.org) value, or nil
//	source "a.txt:12"    a source entry's dump file and line (Line "" if none)
//
// Feeds (Atom), the sitemap, robots.txt and the timeline chart (SVG) are made
// in Go: they are formats, not designs.
package render

import (
	"bytes"
	"cmp"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"briefing/internal/config"
	"briefing/internal/markdown"
	"briefing/internal/plural"
	"briefing/internal/site"
)

// Renderer renders one build's pages. Jobs may render concurrently; Plan
// must not be called by two goroutines at once (it keeps a memo).
type Renderer struct {
	cfg    *config.Config
	base   string   // base path, "/" or "/archive/"
	makers []*maker // one per kind, in the order of kinds
	shared *Shared
	assets map[string]string // static file → its URL with a version
	dir    string            // the templates' folder, for messages
	// sitemapURLs and sitemapBytes, when set, are lower limits of one
	// sitemap file than the protocol's (SetSitemapLimits).
	sitemapURLs, sitemapBytes int

	common   *template.Template // base and partials, for fragments
	partials map[string]bool    // base names of the partials' files
	frags    *frags
	plans    int // Plan calls, to sweep frags now and then
	// planned says that the last Plan succeeded: its paths were checked;
	// jobs is how many it planned.
	planned bool
	jobs    int
}

// maker makes one kind's files for one Renderer.
type maker struct {
	*kind
	r    *Renderer
	page *template.Template // the kind's template, unless it has a format
	memo []partJobs         // see parts
	// paths are the paths of the last plan's files, for a kind that
	// does not plan in parts.
	paths []string
}

// frags are rendered fragments, which jobs rendering at once share. A
// list looks one up per item; a map under a lock does that without the
// allocation a sync.Map's boxed key costs.
type frags struct {
	mu sync.RWMutex
	m  map[fragKey]template.HTML
}

func (f *frags) load(k fragKey) (template.HTML, bool) {
	f.mu.RLock()
	h, ok := f.m[k]
	f.mu.RUnlock()
	return h, ok
}

func (f *frags) store(k fragKey, h template.HTML) {
	f.mu.Lock()
	f.m[k] = h
	f.mu.Unlock()
}

// fragKey names one rendered fragment of one version of an article,
// entry or tag.
type fragKey struct {
	name string
	sig  uint64
}

// New parses the templates in tfs, the folder dir. assets maps each static file's path to a
// short hash of its bytes, so links to it change when it does.
func New(cfg *config.Config, dir string, tfs fs.FS, assets map[string]string) (*Renderer, error) {
	r := &Renderer{cfg: cfg, base: cfg.BasePath(), assets: assets, dir: dir, frags: &frags{m: map[fragKey]template.HTML{}}}
	common := template.New("").Funcs(template.FuncMap{
		"fragment":  r.fragment,
		"fragments": r.fragments,
		"url":       r.url,
		"abs":       r.abs,
		"asset":     r.asset,
		// The search index's folder, which the build writes.
		"searchIndex": func() string { return r.url(site.SearchIndex + "/") },
		"date":        func(t time.Time) string { return t.Format("2 January 2006") },
		"isodate":     func(t time.Time) string { return t.Format(time.DateOnly) },
		"plural":      plural.Count,
		"linked":      r.linked,
		"ld":          r.linkedData,
		"source":      source,
	})
	if _, err := common.ParseFS(tfs, "base.html"); err != nil {
		return nil, r.placed(err)
	}
	parts, _ := fs.Glob(tfs, "partials/*.html")
	r.partials = map[string]bool{}
	for _, p := range parts {
		r.partials[path.Base(p)] = true
	}
	if len(parts) > 0 {
		if _, err := common.ParseFS(tfs, parts...); err != nil {
			return nil, r.placed(err)
		}
	}
	for i := range kinds {
		k := &kinds[i]
		m := &maker{kind: k, r: r}
		r.makers = append(r.makers, m)
		if k.format != nil {
			continue
		}
		c, err := common.Clone()
		if err != nil {
			return nil, err
		}
		name := cmp.Or(k.template, k.name) + ".html"
		if _, err := fs.Stat(tfs, name); err != nil {
			return nil, fmt.Errorf("%s/%s: the template of the %s pages is missing", dir, name, k.name)
		}
		t, err := c.ParseFS(tfs, name)
		if err != nil {
			return nil, r.placed(err)
		}
		m.page = t
	}
	r.common = common
	if err := r.share(nil); err != nil {
		return nil, err
	}
	return r, nil
}

// share renders the header and footer every page shows, with links to
// the archive's own pages, and the links to the static files in every
// page's head, and signs them.
func (r *Renderer) share(pages []Link) error {
	sh := &Shared{Config: r.cfg, Pages: pages}
	for _, p := range []struct {
		name string
		out  *template.HTML
	}{{"header", &sh.Header}, {"footer", &sh.Footer}, {"assets", &sh.Assets}} {
		var b bytes.Buffer
		if err := r.common.ExecuteTemplate(&b, p.name, &Page{Shared: sh, Kind: "shared"}); err != nil {
			return r.placed(err)
		}
		*p.out = template.HTML(b.String())
	}
	// What every page shows alike: the signature of a page of one
	// Renderer covers it through this.
	sig, err := signature("shared", *sh)
	if err != nil {
		return err
	}
	sh.sig = sig
	r.shared = sh
	return nil
}

// Link is a link to a page: its title and address below the site root.
type Link struct{ Title, URL string }

// fragment renders the partial name for one article, entry or tag, once
// per version of it (its Sig, a tag's site.TaggedSig), however many pages
// show it.
func (r *Renderer) fragment(name string, v any) (template.HTML, error) {
	var sig uint64
	switch a := v.(type) {
	case *site.Tag:
		sig = site.TaggedSig(a)
	case Signed:
		sig = a.Sig()
	default:
		return "", fmt.Errorf("fragment %q of a %T, which has no signature", name, v)
	}
	// A whole article is shown on its own page only (lists hold entries),
	// so its fragments are not kept: they would be used once, and at
	// 100,000 articles they are 60 MB the collector must go through.
	_, once := v.(*site.Article)
	k := fragKey{name, sig}
	if !once {
		if h, ok := r.frags.load(k); ok {
			return h, nil
		}
	}
	var b strings.Builder
	if err := r.common.ExecuteTemplate(&b, name, v); err != nil {
		return "", r.placed(err)
	}
	h := template.HTML(b.String())
	if !once {
		r.frags.store(k, h)
	}
	return h, nil
}

// fragments is the fragment name of each entry or tag of list.
func (r *Renderer) fragments(name string, list any) ([]template.HTML, error) {
	switch l := list.(type) {
	case []*site.Entry:
		return eachFragment(r, name, l)
	case []*site.Tag:
		return eachFragment(r, name, l)
	}
	return nil, fmt.Errorf("fragments %q of a %T, which is not a list of entries or tags", name, list)
}

func eachFragment[T any](r *Renderer, name string, list []T) ([]template.HTML, error) {
	out := make([]template.HTML, len(list))
	for i, x := range list {
		h, err := r.fragment(name, x)
		if err != nil {
			return nil, err
		}
		out[i] = h
	}
	return out, nil
}

// placed rewrites a template error to start with the template's file,
// "templates/article.html:12:5: …", as every other error does.
func (r *Renderer) placed(err error) error {
	msg, ok := strings.CutPrefix(err.Error(), "template: ")
	if !ok {
		if msg, ok = strings.CutPrefix(err.Error(), "html/template:"); !ok {
			return err
		}
	}
	// Templates are named by their base name; partials live one folder down.
	if name, _, ok := strings.Cut(msg, ":"); ok && r.partials[name] {
		msg = "partials/" + msg
	}
	return fmt.Errorf("%s/%s", r.dir, msg)
}

func (r *Renderer) url(p string) string { return r.base + strings.TrimPrefix(p, "/") }

func (r *Renderer) abs(p string) string {
	return strings.TrimSuffix(r.cfg.BaseURL, r.base) + r.url(p)
}

// linked puts the addresses of a text's links to the site's own pages
// (site.Article.Links) into its HTML, under the base path.
func (r *Renderer) linked(h template.HTML, links []string) template.HTML {
	return markdown.Resolve(h, r.hrefs(links, r.url))
}

func (r *Renderer) hrefs(links []string, at func(string) string) []string {
	out := make([]string, len(links))
	for i, l := range links {
		out[i] = at(l)
	}
	return out
}

// Source is one entry of an article's sources: a dump file and the line
// the text was found on.
type Source struct{ File, Line string }

func source(s string) Source {
	if i := strings.LastIndexByte(s, ':'); i > 0 {
		if _, err := strconv.Atoi(s[i+1:]); err == nil {
			return Source{File: s[:i], Line: s[i+1:]}
		}
	}
	return Source{File: s}
}

func (r *Renderer) asset(p string) (string, error) {
	v, ok := r.assets[p]
	if !ok {
		return "", fmt.Errorf("asset %q is not in the static folder", p)
	}
	return r.url(p) + "?v=" + v, nil
}

// Job is one output file: where it goes, a signature of everything it
// shows, and how to make it.
type Job struct {
	// Path is the file's path below the output folder.
	Path string
	// Sig changes whenever the file's bytes can change: it is a hash of
	// the data the file is made from.
	Sig  uint64
	by   *maker
	data any
	// reused is set when the job is the last plan's, unchanged.
	reused bool
}

// Reused reports whether the job is one the last successful Plan of the
// same Renderer made too, with the same path and signature. A caller
// that wrote every file of that plan need not look at it again.
func (j Job) Reused() bool { return j.reused }

// Render makes the job's bytes from its data.
func (j Job) Render() ([]byte, error) {
	var b bytes.Buffer
	if err := j.RenderTo(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// RenderTo adds the job's bytes to b. A caller that renders many jobs
// with one buffer makes no new one per file.
func (j Job) RenderTo(b *bytes.Buffer) error {
	m := j.by
	if m.format != nil {
		data, err := m.format(m.r, j.data)
		b.Write(data)
		return err
	}
	data := j.data
	if d, ok := data.(*ArticlePage); ok {
		v, err := m.r.drawArticle(d)
		if err != nil {
			return err
		}
		data = v
	}
	start := b.Len()
	if err := m.page.ExecuteTemplate(b, "base", data); err != nil {
		return m.r.placed(err)
	}
	// Links are made relative in place, so the page only gets shorter.
	b.Truncate(start + len(m.r.relative(j.Path, b.Bytes()[start:])))
	return nil
}

// Plan lists every file the site is made of, with no two jobs for one path.
func (r *Renderer) Plan(s *site.Site) ([]Job, error) {
	if r.plans++; r.plans%64 == 0 {
		r.sweep(s)
	}
	// The footer links the archive's own pages: when they change, every
	// page does.
	var links []Link
	for _, pg := range s.Pages {
		links = append(links, Link{pg.Title, pg.URL()})
	}
	if !slices.Equal(links, r.shared.Pages) {
		if err := r.share(links); err != nil {
			return nil, err
		}
	}
	// A plan that fails leaves the next one to check every path.
	// As many jobs as the last plan had, or a guess: a list grown on the
	// way is megabytes of garbage at every save.
	size := max(r.jobs, len(s.Articles)+2*len(s.Tags)+64)
	p := &planner{r: r, s: s, jobs: make([]Job, 0, size), same: r.planned}
	r.planned = false
	for _, m := range r.makers {
		p.by, p.parted = m, false
		start := len(p.jobs)
		m.pages(p)
		if !p.parted {
			made := p.jobs[start:]
			if !slices.EqualFunc(made, m.paths, func(j Job, path string) bool { return j.Path == path }) {
				p.same = false
				m.paths = m.paths[:0]
				for _, j := range made {
					m.paths = append(m.paths, j.Path)
				}
			}
		}
	}
	if p.err != nil {
		return nil, p.err
	}
	// The same paths in the same places as a plan that passed this check
	// pass it too: an edit is not held up by 100,000 paths.
	if !p.same {
		seen := make(map[string]bool, len(p.jobs))
		for _, j := range p.jobs {
			if seen[j.Path] {
				return nil, fmt.Errorf("two pages would be written to %s", j.Path)
			}
			seen[j.Path] = true
		}
	}
	r.planned, r.jobs = true, len(p.jobs)
	return p.jobs, nil
}

// sweep forgets the fragments of article and tag versions the site no
// longer has, so watch mode does not keep every version it ever rendered.
// Plan calls it every 64th time: a stale fragment costs only memory.
func (r *Renderer) sweep(s *site.Site) {
	live := make(map[uint64]bool, 2*len(s.Articles))
	for _, a := range s.Articles {
		live[a.Sig()] = true
		live[a.Entry.Sig()] = true
	}
	for _, t := range s.Tags {
		live[site.TaggedSig(t)] = true
	}
	r.frags.mu.Lock()
	defer r.frags.mu.Unlock()
	for k := range r.frags.m {
		if !live[k.sig] {
			delete(r.frags.m, k)
		}
	}
}
