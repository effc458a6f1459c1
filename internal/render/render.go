// Package render turns the site model into the bytes of every output file.
//
// Pages are html/template files in the templates folder:
//
//	base.html          the layout; defines "base", which calls "title" and "main"
//	partials/*.html    pieces shared by pages (article lists, tag lists, pager)
//	home.html          the home page
//	article.html       one article
//	tags.html          the list of tags
//	tag.html           one tag's articles, a page at a time
//	timeline.html      the timeline (or one year of it)
//	search.html        the search page
//	404.html           the page for missing addresses
//
// Each page template defines "title" and "main" and gets a *Page. Templates
// are parsed once per build; the header and footer (partials/header.html,
// partials/footer.html) are rendered once and reused by every page.
//
// Template functions:
//
//	url "tags/"    a path below the site root, with the base path: /archive/tags/
//	abs "tags/"    the same as a full URL: https://example.org/archive/tags/
//	date t         2 January 2006
//	isodate t      2006-01-02
//	plural n "article"   "1 article", "2 articles"
//	linked html links    a body or note with its links into the site resolved
//	ld page              the page's JSON-LD (schema.org) value, or nil
//	source "a.txt:12"    a source entry's dump file and line (Line "" if none)
//
// Feeds (Atom), the sitemap, robots.txt and the timeline chart (SVG) are made
// in Go: they are formats, not designs.
package render

import (
	"bytes"
	"fmt"
	"hash/maphash"
	"html/template"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"briefing/internal/config"
	"briefing/internal/markdown"
	"briefing/internal/site"
)

// Page is what a page template gets.
type Page struct {
	Config *config.Config
	Site   *site.Site
	// Kind is home, article, tags, tag, timeline or 404.
	Kind string
	// URL is the page's path below the site root ("" for the home page).
	URL   string
	Title string
	// Header and Footer are rendered once per build.
	Header, Footer template.HTML
	// Feed is the path of the page's Atom feed, if it has one.
	Feed string

	Article *site.Article
	Tag     *site.Tag
	// List is the articles on this page of a list.
	List  []*site.Article
	Pager *Pager
	// Years are the timeline years shown on this page; AllYears every
	// year, for navigation.
	Years, AllYears []*site.Year
	// Undated are the undated articles this page lists.
	Undated []*site.Article
	// UndatedURL, on a split timeline, is the page listing undated articles.
	UndatedURL string
	// Chart is the timeline's SVG chart.
	Chart template.HTML
}

// Pager links the pages of a long list.
type Pager struct {
	Number, Total int
	Prev, Next    string
	Pages         []PageLink
}

// PageLink is one numbered link of a pager; Number 0 stands for a gap.
type PageLink struct {
	Number  int
	URL     string
	Current bool
}

// Renderer renders one build's pages. It is safe for concurrent use.
type Renderer struct {
	cfg    *config.Config
	base   string // base path, "/" or "/archive/"
	pages  map[string]*template.Template
	header template.HTML
	footer template.HTML
	assets map[string]string // static file → its URL with a version
	dir    string            // the templates' folder, for messages

	common   *template.Template // base and partials, for fragments
	partials map[string]bool    // base names of the partials' files
	frags    *sync.Map          // fragKey → template.HTML
	plans    int                // Plan calls, to sweep frags now and then
}

// fragKey names one rendered fragment of one version of an article.
type fragKey struct {
	name string
	card uint64
}

var pageNames = []string{"home", "article", "tags", "tag", "timeline", "search", "404"}

// New parses the templates in tfs, the folder dir. assets maps each static file's path to a
// short hash of its bytes, so links to it change when it does.
func New(cfg *config.Config, dir string, tfs fs.FS, assets map[string]string) (*Renderer, error) {
	r := &Renderer{cfg: cfg, base: cfg.BasePath(), pages: map[string]*template.Template{}, assets: assets, dir: dir, frags: &sync.Map{}}
	common := template.New("").Funcs(template.FuncMap{
		"fragment": r.fragment,
		"url":      r.url,
		"abs":      r.abs,
		"asset":    r.asset,
		"date":     func(t time.Time) string { return t.Format("2 January 2006") },
		"isodate":  func(t time.Time) string { return t.Format(time.DateOnly) },
		"plural":   plural,
		"linked":   r.linked,
		"ld":       r.linkedData,
		"source":   source,
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
	for _, name := range pageNames {
		t, err := template.Must(common.Clone()).ParseFS(tfs, name+".html")
		if err != nil {
			return nil, r.placed(err)
		}
		r.pages[name] = t
	}
	r.common = common
	shared := &Page{Config: cfg, Kind: "shared"}
	for _, p := range []struct {
		name string
		out  *template.HTML
	}{{"header", &r.header}, {"footer", &r.footer}} {
		var b bytes.Buffer
		if err := common.ExecuteTemplate(&b, p.name, shared); err != nil {
			return nil, r.placed(err)
		}
		*p.out = template.HTML(b.String())
	}
	return r, nil
}

// fragment renders the partial name for one article, once per version of
// the article (its Card), however many pages show it.
func (r *Renderer) fragment(name string, a *site.Article) (template.HTML, error) {
	k := fragKey{name, a.Card}
	if h, ok := r.frags.Load(k); ok {
		return h.(template.HTML), nil
	}
	var b strings.Builder
	if err := r.common.ExecuteTemplate(&b, name, a); err != nil {
		return "", err
	}
	h := template.HTML(b.String())
	r.frags.Store(k, h)
	return h, nil
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

func (r *Renderer) asset(p string) (string, error) {
	v, ok := r.assets[p]
	if !ok {
		return "", fmt.Errorf("asset %q is not in the static folder", p)
	}
	return r.url(p) + "?v=" + v, nil
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

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// Job is one output file: where it goes, a signature of everything it
// shows, and how to make it.
type Job struct {
	// Path is the file's path below the output folder.
	Path string
	// Sig changes whenever the file's bytes can change.
	Sig  uint64
	make func() ([]byte, error)
}

// Render makes the job's bytes.
func (j Job) Render() ([]byte, error) { return j.make() }

func (r *Renderer) page(name string, p *Page) func() ([]byte, error) {
	return func() ([]byte, error) {
		p.Config, p.Header, p.Footer = r.cfg, r.header, r.footer
		var b bytes.Buffer
		b.Grow(16 << 10)
		if err := r.pages[name].ExecuteTemplate(&b, "base", p); err != nil {
			return nil, r.placed(err)
		}
		return b.Bytes(), nil
	}
}

// sig hashes the parts of a signature.
type sig struct{ h maphash.Hash }

var seed = maphash.MakeSeed()

func newSig(kind string) *sig {
	s := &sig{}
	s.h.SetSeed(seed)
	s.h.WriteString(kind)
	return s
}

func (s *sig) str(v string) *sig { s.h.WriteString(v); s.h.WriteByte(0); return s }
func (s *sig) num(v int) *sig    { maphash.WriteComparable(&s.h, v); return s }
func (s *sig) cards(as []*site.Article) *sig {
	for _, a := range as {
		maphash.WriteComparable(&s.h, a.Card)
	}
	return s.num(len(as))
}
func (s *sig) heads(as []*site.Article) *sig {
	for _, a := range as {
		maphash.WriteComparable(&s.h, a.Head)
	}
	return s.num(len(as))
}
func (s *sig) sum() uint64 { return s.h.Sum64() }

const articleKind = 0x9e3779b97f4a7c15

// Plan lists every file the site is made of, with no two jobs for one path.
func (r *Renderer) Plan(s *site.Site) ([]Job, error) {
	if r.plans++; r.plans%64 == 0 {
		r.sweep(s)
	}
	var jobs []Job
	add := func(p string, sg uint64, make func() ([]byte, error)) {
		jobs = append(jobs, Job{Path: p, Sig: sg, make: make})
	}
	topTags := s.TopTags[:min(20, len(s.TopTags))]
	latest := s.Articles[:min(r.cfg.HomeItems, len(s.Articles))]
	notes := s.Notes[:min(10, len(s.Notes))]
	noteArticles := make([]*site.Article, len(notes))
	for i, n := range notes {
		noteArticles[i] = n.Article
	}
	hs := newSig("home").cards(latest).cards(noteArticles).num(len(s.Articles)).num(len(s.Undated)).num(len(s.Tags)).num(len(s.Notes))
	for _, t := range topTags {
		hs.str(t.Slug).num(len(t.Articles))
	}
	for _, y := range s.Years {
		hs.num(y.Year).num(y.Count)
	}
	add("index.html", hs.sum(), r.page("home", &Page{Site: s, Kind: "home", Title: r.cfg.Title, List: latest, Feed: "feed.xml"}))

	for _, a := range s.Articles {
		// An article page shows only what its Rev covers, so Rev is its
		// signature, told apart from other kinds' by a constant.
		// The page is made only if the job is run: most are not, in watch
		// mode.
		add(a.URL()+"index.html", a.Rev^articleKind, func() ([]byte, error) {
			return r.page("article", &Page{Site: s, Kind: "article", URL: a.URL(), Title: a.Title, Article: a})()
		})
	}

	ts := newSig("tags")
	for _, t := range s.Tags {
		ts.str(t.Slug).str(t.Name).str(t.Kind).num(len(t.Articles))
	}
	add("tags/index.html", ts.sum(), r.page("tags", &Page{Site: s, Kind: "tags", URL: "tags/", Title: "Tags"}))
	for _, t := range s.Tags {
		// Each page of a tag shows its chart and first date: all its
		// articles' dates.
		dates := newSig("tagdates")
		for _, a := range t.Articles {
			maphash.WriteComparable(&dates.h, a.Date)
		}
		all := dates.sum()
		tagChart := sync.OnceValue(func() template.HTML { return chart(site.Timeline(t.Articles), 40, nil) })
		r.paginate(t.URL(), len(t.Articles), func(n, total int, url string, pager func() *Pager) {
			from := (n - 1) * r.cfg.PerPage
			list := t.Articles[from:min(from+r.cfg.PerPage, len(t.Articles))]
			sg := newSig("tag").str(t.Slug).str(t.Name).num(n).num(total).num(len(t.Articles)).heads(list).num(int(all)).sum()
			add(url+"index.html", sg, func() ([]byte, error) {
				return r.page("tag", &Page{Site: s, Kind: "tag", URL: url, Title: t.Name, Tag: t, List: list, Pager: pager(), Feed: t.URL() + "feed.xml",
					Chart: tagChart()})()
			})
		})
		feed := t.Articles[:min(r.cfg.FeedItems, len(t.Articles))]
		add(t.URL()+"feed.xml", newSig("tagfeed").str(t.Slug).str(t.Name).cards(feed).sum(), r.feed(t.Name+" — "+r.cfg.Title, t.URL(), t.URL()+"feed.xml", feed, false))
	}

	r.timelineJobs(s, add)

	feed := s.Articles[:min(r.cfg.FeedItems, len(s.Articles))]
	add("feed.xml", newSig("feed").cards(feed).sum(), r.feed(r.cfg.Title, "", "feed.xml", feed, true))
	sm := newSig("sitemap").heads(s.Articles)
	for _, j := range jobs {
		sm.str(j.Path)
	}
	add("sitemap.xml", sm.sum(), r.sitemap(s, &jobs))
	add("robots.txt", newSig("robots").sum(), func() ([]byte, error) {
		return []byte("User-agent: *\nAllow: /\nSitemap: " + r.abs("sitemap.xml") + "\n"), nil
	})
	add("search/index.html", newSig("search").sum(), r.page("search", &Page{Site: s, Kind: "search", URL: "search/", Title: "Search"}))
	add("404.html", newSig("404").sum(), r.page("404", &Page{Site: s, Kind: "404", URL: "404.html", Title: "Page not found"}))
	add(".nojekyll", newSig("nojekyll").sum(), func() ([]byte, error) { return nil, nil })
	if r.cfg.CNAME != "" {
		add("CNAME", newSig("cname").sum(), func() ([]byte, error) { return []byte(r.cfg.CNAME + "\n"), nil })
	}

	seen := make(map[string]bool, len(jobs))
	for _, j := range jobs {
		if seen[j.Path] {
			return nil, fmt.Errorf("two pages would be written to %s", j.Path)
		}
		seen[j.Path] = true
	}
	return jobs, nil
}

// sweep forgets the fragments of article versions the site no longer has,
// so watch mode does not keep every version it ever rendered. Plan calls it
// every 64th time: a stale fragment costs only memory.
func (r *Renderer) sweep(s *site.Site) {
	live := make(map[uint64]bool, len(s.Articles))
	for _, a := range s.Articles {
		live[a.Card] = true
	}
	r.frags.Range(func(k, _ any) bool {
		if !live[k.(fragKey).card] {
			r.frags.Delete(k)
		}
		return true
	})
}

// paginate calls page for each page of a list of n items that starts at
// url: url itself, then url/page/2/ and on.
func (r *Renderer) paginate(url string, n int, page func(n, total int, url string, pager func() *Pager)) {
	total := max(1, (n+r.cfg.PerPage-1)/r.cfg.PerPage)
	pageURL := func(i int) string {
		if i == 1 {
			return url
		}
		return url + "page/" + strconv.Itoa(i) + "/"
	}
	for i := 1; i <= total; i++ {
		// The pager is made when the page is rendered, not for every page
		// at every plan.
		pager := func() *Pager {
			pg := &Pager{Number: i, Total: total}
			if i > 1 {
				pg.Prev = pageURL(i - 1)
			}
			if i < total {
				pg.Next = pageURL(i + 1)
			}
			for _, k := range window(i, total) {
				if k == 0 {
					pg.Pages = append(pg.Pages, PageLink{})
					continue
				}
				pg.Pages = append(pg.Pages, PageLink{Number: k, URL: pageURL(k), Current: k == i})
			}
			return pg
		}
		page(i, total, pageURL(i), pager)
	}
}

// window is the page numbers a pager shows on page i of total: the first,
// the last, and two either side of i, with 0 for each gap. A pager that
// listed every page would make a long tag's pages grow with the square of
// its length.
func window(i, total int) []int {
	var out []int
	last := 0
	for k := 1; k <= total; k++ {
		if k != 1 && k != total && (k < i-2 || k > i+2) {
			continue
		}
		if k > last+1 {
			out = append(out, 0)
		}
		out = append(out, k)
		last = k
	}
	return out
}

func (r *Renderer) timelineJobs(s *site.Site, add func(string, uint64, func() ([]byte, error))) {
	all := newSig("timeline").heads(s.Dated).heads(s.Undated).sum()
	split := len(s.Dated) > r.cfg.TimelineSplit
	chart := func() template.HTML {
		return chart(s.Years, 120, func(y, m int) string {
			if split {
				return fmt.Sprintf("%s%d/#m%d-%02d", r.url("timeline/"), y, y, m)
			}
			return fmt.Sprintf("%s#m%d-%02d", r.url("timeline/"), y, m)
		})
	}
	if !split {
		add("timeline/index.html", all, func() ([]byte, error) {
			return r.page("timeline", &Page{Site: s, Kind: "timeline", URL: "timeline/", Title: "Timeline",
				Years: s.Years, AllYears: s.Years, Undated: s.Undated, Chart: chart()})()
		})
		return
	}
	add("timeline/index.html", all, func() ([]byte, error) {
		return r.page("timeline", &Page{Site: s, Kind: "timeline", URL: "timeline/", Title: "Timeline",
			AllYears: s.Years, UndatedURL: "timeline/undated/", Chart: chart()})()
	})
	for _, y := range s.Years {
		url := fmt.Sprintf("timeline/%d/", y.Year)
		var arts []*site.Article
		for _, m := range y.Months {
			arts = append(arts, m.Articles...)
		}
		sg := newSig("year").num(y.Year).heads(arts)
		for _, o := range s.Years {
			sg.num(o.Year).num(o.Count)
		}
		add(url+"index.html", sg.sum(), r.page("timeline", &Page{Site: s, Kind: "timeline", URL: url,
			Title: fmt.Sprintf("Timeline: %d", y.Year), Years: []*site.Year{y}, AllYears: s.Years}))
	}
	us := newSig("undated").heads(s.Undated)
	for _, y := range s.Years {
		us.num(y.Year).num(y.Count)
	}
	add("timeline/undated/index.html", us.sum(), r.page("timeline", &Page{Site: s, Kind: "timeline",
		URL: "timeline/undated/", Title: "Timeline: undated", AllYears: s.Years, Undated: s.Undated}))
}
