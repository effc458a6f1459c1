package render

import (
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"time"

	"briefing/internal/config"
	"briefing/internal/site"
	"briefing/internal/sitemap"
)

// kinds are the sorts of file the site is made of, each one entry: its
// name, how its files' bytes are made (templates/<name>.html, or a format
// made in Go), and its pages: where each goes and the data it shows. A
// file's signature is a hash of exactly the data its template or format
// is given, so it cannot miss anything the file shows. Kinds plan in this
// order; the sitemap comes after every page it lists.
var kinds = []kind{
	{name: "home", pages: homePages},
	{name: "article", pages: articlePages},
	{name: "draft", template: "article", pages: draftPages},
	{name: "tags", pages: tagsPages},
	{name: "tag", pages: tagPages},
	{name: "timeline", pages: timelinePages},
	{name: "page", pages: ownPages},
	{name: "redirect", pages: redirectPages},
	{name: "search", pages: fixedPage("search/", "Search")},
	{name: "404", pages: fixedPage("404.html", "Page not found")},
	{name: "feed", format: (*Renderer).feed, pages: feedPages},
	{name: "sitemap", format: (*Renderer).sitemap, pages: sitemapPages},
	{name: "robots", format: (*Renderer).robots, pages: fixedFile("robots.txt")},
	{name: "nojekyll", format: nothing, pages: fixedFile(".nojekyll")},
	{name: "cname", format: (*Renderer).cname, pages: cnamePages},
}

// kind is one sort of file.
type kind struct {
	name string
	// format makes a file's bytes from its data; without one, the page
	// template templates/<name>.html draws it, or templates/<template>.html
	// when template is set.
	format   func(r *Renderer, data any) ([]byte, error)
	template string
	// pages lists the kind's files.
	pages func(p *planner)
}

// planner is one Plan's state, handed to each kind's pages.
type planner struct {
	r    *Renderer
	s    *site.Site
	by   *maker // of the kind planning
	jobs []Job
	err  error
	// same says whether every path planned so far is one the last plan
	// had, in the same place; parted whether the kind planning uses parts.
	same, parted bool
}

// add plans a file at path showing data.
func (p *planner) add(path string, data any) {
	sig, err := signature(p.by.name, data)
	if err != nil && p.err == nil {
		p.err = fmt.Errorf("%s: %w", path, err)
	}
	p.jobs = append(p.jobs, Job{Path: path, Sig: sig, by: p.by, data: data})
}

// perArticle plans, for each article, the files each lists for that
// article alone. While an article's signature and what every page shares
// (the settings, header and footer) stay the same, so does everything
// made from them, and the last plan's jobs for it are reused: watch mode
// does not work out 10,000 article pages' data and signatures after each
// save. each must read nothing but the article and the shared parts.
func (p *planner) perArticle(each func(p *planner, a *site.Article)) {
	as := p.s.Articles
	p.parts(len(as), func(i int) part { return part{as[i], as[i].Sig()} }, func(p *planner, i int) { each(p, as[i]) })
}

// perTag plans, for each tag, the files that list its articles, as
// perArticle does for articles: the last plan's jobs for a tag are reused
// while site.TaggedSig and the shared parts stay the same. each must read
// nothing but the tag, its list and the shared parts.
func (p *planner) perTag(each func(p *planner, t *site.Tag)) {
	ts := p.s.Tags
	p.parts(len(ts), func(i int) part { return part{ts[i], site.TaggedSig(ts[i])} }, func(p *planner, i int) { each(p, ts[i]) })
}

// parts plans n parts of the site, part i with each(p, i), and reuses the
// last plan's jobs for a part whose key (what it is and a signature of
// everything its files are made from) and shared parts are the same.
func (p *planner) parts(n int, key func(i int) part, each func(p *planner, i int)) {
	// The memo is in the site's order, which an edit of an article's
	// words keeps; a part found elsewhere is planned again.
	p.parted = true
	last := p.by.memo
	memo := last
	if len(memo) != n {
		memo = make([]partJobs, n)
		p.same = false
	}
	for i := range n {
		k := key(i)
		if i < len(last) && last[i].part == k && last[i].shared == p.r.shared {
			memo[i] = last[i]
			p.jobs = append(p.jobs, last[i].jobs...)
			continue
		}
		start := len(p.jobs)
		each(p, i)
		made := p.jobs[start:]
		if i >= len(last) || !slices.EqualFunc(made, last[i].jobs, samePath) {
			p.same = false
		}
		// A copy, marked as reused for the next plan: a part of p.jobs
		// would keep the whole plan alive.
		kept := slices.Clone(made)
		for j := range kept {
			kept[j].reused = true
		}
		memo[i] = partJobs{k, p.r.shared, kept}
	}
	p.by.memo = memo
}

func samePath(x, y Job) bool { return x.Path == y.Path }

// part names one version of a part of the site: an article or a tag,
// and the signature of what its files are made from.
type part struct {
	of  any
	sig uint64
}

// partJobs are the jobs planned for one version of a part.
type partJobs struct {
	part
	shared *Shared
	jobs   []Job
}

// page makes the head of a page at url.
func (p *planner) page(url, title, feed string) *Page {
	return &Page{Shared: p.r.shared, Kind: p.by.name, URL: url, Title: title, Description: p.r.cfg.Description, Feed: feed}
}

// Page is the part of every page template's data that base.html shows.
// Each kind's data embeds it.
type Page struct {
	*Shared
	// Kind is the page's kind: home, article, draft, tags, tag, timeline, search
	// or 404.
	Kind string
	// URL is the page's path below the site root ("" for the home page).
	URL   string
	Title string
	// Description is the page's meta description, if it has one; an
	// article page without a summary gets the start of its text when it
	// is drawn (drawArticle).
	Description string
	// Feed is the path of the page's Atom feed, if it has one.
	Feed string
}

// Shared is what every page of a build shows alike: the settings, and the
// header, footer and links to static files, rendered once.
type Shared struct {
	Config *config.Config
	// Pages are the archive's own pages, which the footer links.
	Pages          []Link
	Header, Footer template.HTML
	// Assets are the links to the static files every page's head has.
	Assets template.HTML
	sig    uint64 // of all the above
}

// Pager links the pages of a long list.
type Pager struct {
	Number, Total int
	Prev, Next    string
	Pages         []PageLink

	base string // the first page's URL
}

// PageLink is one numbered link of a pager; Number 0 stands for a gap.
type PageLink struct {
	Number  int
	URL     string
	Current bool
}

// TagCount is a tag and how many articles have it.
type TagCount struct {
	*site.Tag
	Count int
}

// YearCount is a year of the timeline and how many articles it has.
type YearCount struct {
	Year, Count int
	// URL is where the year's articles are listed.
	URL string
}

// HomePage is the home page's data.
type HomePage struct {
	*Page
	// Latest are the newest articles, at most home_items.
	Latest []*site.Entry
	// Notes are the newest editors' notes, at most home_notes.
	Notes []*site.Note
	// TopTags are the tags with most articles, at most home_tags.
	TopTags []TagCount
	// Years lists the timeline's years; Undated is the count of undated
	// articles and UndatedURL where they are listed.
	Years      []YearCount
	Undated    int
	UndatedURL string
	// Articles, Tags and AllNotes count the whole site.
	Articles, Tags, AllNotes int
}

func homePages(p *planner) {
	s, cfg := p.s, p.r.cfg
	d := &HomePage{
		Page:     p.page("", cfg.Title, "feed.xml"),
		Notes:    s.Notes[:min(cfg.HomeNotes, len(s.Notes))],
		Years:    p.r.years(s),
		Undated:  len(s.Undated),
		Articles: len(s.Articles), Tags: len(s.Tags), AllNotes: len(s.Notes),
	}
	for _, a := range s.Articles[:min(cfg.HomeItems, len(s.Articles))] {
		d.Latest = append(d.Latest, &a.Entry)
	}
	d.UndatedURL = "timeline/#undated"
	if p.r.split(s) {
		d.UndatedURL = "timeline/undated/"
	}
	for _, t := range s.TopTags[:min(cfg.HomeTags, len(s.TopTags))] {
		d.TopTags = append(d.TopTags, TagCount{t, len(site.Tagged(t))})
	}
	p.add("index.html", d)
}

// ArticlePage is an article page's data.
type ArticlePage struct {
	*Page
	Article *site.Article

	text template.HTML // see Text
}

// Text is the article's body with its links resolved, read when the page
// is drawn.
func (d *ArticlePage) Text() template.HTML { return d.text }

// drawArticle is what an article page's template is given: its data, with
// the article's body read once and made into Text and, without a
// summary, the page's description. The body waits on disk (site.Text):
// reading it for each is a copy of it for each.
func (r *Renderer) drawArticle(d *ArticlePage) (*ArticlePage, error) {
	a := d.Article
	body, err := a.Body()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", a.Path, err)
	}
	v, pg := *d, *d.Page
	if pg.Description == "" {
		pg.Description = cut(site.LeadOf(body), 160)
	}
	v.Page, v.text = &pg, r.linked(body, a.Links)
	return &v, nil
}

func articlePages(p *planner) {
	p.perArticle(func(p *planner, a *site.Article) {
		pg := p.page(a.URL(), a.Title, "")
		pg.Description = a.Summary
		p.add(a.URL()+"index.html", &ArticlePage{Page: pg, Article: a})
	})
}

// draftPages gives each draft, in the preview only (Config.Drafts), a page
// drawn by the article template; its Kind, "draft", puts the banner on it
// and keeps it out of the search index.
func draftPages(p *planner) {
	if !p.r.cfg.Drafts {
		return
	}
	for _, a := range p.s.Drafts {
		pg := p.page(a.URL(), a.Title, "")
		p.add(a.URL()+"index.html", &ArticlePage{Page: pg, Article: a})
	}
}

// TagsPage is the list of tags' data.
type TagsPage struct {
	*Page
	Tags []TagCount
	// Groups are the tags by kind.
	Groups []TagGroup
}

func tagsPages(p *planner) {
	d := &TagsPage{Page: p.page("tags/", "Tags", "")}
	for _, t := range p.s.Tags {
		d.Tags = append(d.Tags, TagCount{t, len(site.Tagged(t))})
	}
	d.Groups = tagGroups(d.Tags)
	p.add("tags/index.html", d)
}

// TagPage is the data of one page of a tag's articles.
type TagPage struct {
	*Page
	Tag *site.Tag
	// Count is how many articles have the tag; List is those on this page.
	Count int
	List  []*site.Entry
	Pager *Pager
	// Line says what the tag is, how many articles it has, since when.
	Line string
	// Chart is the tag's articles per month.
	Chart *Chart
}

func tagPages(p *planner) {
	p.perTag(func(p *planner, t *site.Tag) {
		list := site.TaggedEntries(t)
		line := tagLine(t, list)
		// The chart is on the tag's first page only: on the others it
		// would repeat itself, a few kilobytes a page.
		chart := &Chart{Months: tagMonths(list), Height: 40}
		p.r.paginate(t.URL(), len(list), func(from, to int, pager *Pager) {
			url := pager.url(pager.Number)
			pg := p.page(url, t.Name, t.URL()+"feed.xml")
			pg.Description = line
			if t.Description != "" {
				pg.Description = t.Description
			}
			d := &TagPage{Page: pg, Tag: t, Count: len(list), Pager: pager, Line: line, List: list[from:to:to]}
			if pager.Number == 1 {
				d.Chart = chart
			}
			p.add(url+"index.html", d)
		})
	})
}

// TimelinePage is the data of the timeline, or of one part of it when it
// is split.
type TimelinePage struct {
	*Page
	Chart *Chart
	// Years are the years whose articles this page lists.
	Years []*site.Year
	// AllYears lists every year, when this page links to them.
	AllYears []YearCount
	// Undated are the undated articles this page lists.
	Undated []*site.Entry
	// UndatedCount and UndatedURL, on a split timeline's first page, link
	// to the page of undated articles.
	UndatedCount int
	UndatedURL   string
}

func timelinePages(p *planner) {
	s := p.s
	undated := s.UndatedEntries
	split := p.r.split(s)
	d := &TimelinePage{Page: p.page("timeline/", "Timeline", ""), Chart: p.r.chart(s, split)}
	if !split {
		d.Years, d.Undated = s.Years, undated
		p.add("timeline/index.html", d)
		return
	}
	d.AllYears = p.r.years(s)
	if len(s.Undated) > 0 {
		d.UndatedCount, d.UndatedURL = len(s.Undated), "timeline/undated/"
	}
	p.add("timeline/index.html", d)
	for _, y := range s.Years {
		url := fmt.Sprintf("timeline/%d/", y.Year)
		p.add(url+"index.html", &TimelinePage{Page: p.page(url, fmt.Sprintf("Timeline: %d", y.Year), ""), Years: []*site.Year{y}})
	}
	p.add("timeline/undated/index.html", &TimelinePage{Page: p.page("timeline/undated/", "Timeline: undated", ""), AllYears: d.AllYears, Undated: undated})
}

// split reports whether the timeline has a page per year.
func (r *Renderer) split(s *site.Site) bool { return len(s.Dated) > r.cfg.TimelineSplit }

// years lists the timeline's years, each linked to where its articles are.
func (r *Renderer) years(s *site.Site) []YearCount {
	split := r.split(s)
	out := make([]YearCount, len(s.Years))
	for i, y := range s.Years {
		out[i] = YearCount{Year: y.Year, Count: y.Count, URL: fmt.Sprintf("timeline/#y%d", y.Year)}
		if split {
			out[i].URL = fmt.Sprintf("timeline/%d/", y.Year)
		}
	}
	return out
}

// OwnPage is the data of one of the archive's own pages (about,
// methodology).
type OwnPage struct {
	*Page
	Doc *site.Page
}

func ownPages(p *planner) {
	for _, d := range p.s.Pages {
		pg := p.page(d.URL(), d.Title, "")
		if d.Description != "" {
			pg.Description = d.Description
		}
		p.add(d.URL()+"index.html", &OwnPage{Page: pg, Doc: d})
	}
}

// RedirectPage is the data of an old address: it sends the reader to To,
// the page's address now, and asks search engines to index that one.
type RedirectPage struct {
	*Page
	To string
}

func redirectPages(p *planner) {
	for _, r := range p.s.Redirects {
		path := r.From
		if strings.HasSuffix(path, "/") {
			path += "index.html"
		}
		p.add(path, &RedirectPage{Page: p.page(r.From, r.Title, ""), To: r.To})
	}
}

// StaticPage is the data of a page that shows nothing from the site.
type StaticPage struct{ *Page }

func fixedPage(url, title string) func(p *planner) {
	return func(p *planner) {
		path := url
		if path == "" || path[len(path)-1] == '/' {
			path += "index.html"
		}
		p.add(path, &StaticPage{p.page(url, title, "")})
	}
}

// feedData is an Atom feed's data.
type feedData struct {
	Title, Page, Self string
	List              []*site.Article
	// Full feeds carry whole articles, others summaries.
	Full bool
}

func feedPages(p *planner) {
	s, cfg := p.s, p.r.cfg
	for _, t := range s.Tags {
		arts := site.Tagged(t)
		p.add(t.URL()+"feed.xml", &feedData{Title: t.Name + " — " + cfg.Title, Page: t.URL(), Self: t.URL() + "feed.xml", List: arts[:min(cfg.FeedItems, len(arts))]})
	}
	p.add("feed.xml", &feedData{Title: cfg.Title, Page: "", Self: "feed.xml", List: s.Articles[:min(cfg.FeedItems, len(s.Articles))], Full: true})
}

// sitemapData is the data of a sitemap file, the one sitemap or a part:
// the HTML pages it lists, and beside each its lastmod, an article's date
// or "" for none. It holds nothing else, so an edit that leaves a part's
// addresses and dates as they were leaves the part as it was.
type sitemapData struct {
	Pages   []string
	Lastmod []string
}

// sitemapIndex is the data of a sitemap index: its parts' file names and
// beside each the newest lastmod in it, or "".
type sitemapIndex struct {
	Parts   []string
	Lastmod []string
}

// sitemapPages lists every HTML page planned before it in one sitemap,
// or, above what one file may hold, in parts that sitemap.xml indexes.
func sitemapPages(p *planner) {
	// One part, made from every path planned before it and every entry.
	if !p.same {
		p.by.memo = nil
	}
	p.parts(1, func(int) part { return part{p.s, p.s.EntriesSig()} }, planSitemap)
}

func planSitemap(p *planner, _ int) {
	d := &sitemapData{}
	for _, j := range p.jobs {
		// An old address is listed only at its new one; a draft nowhere.
		if j.by.name == "redirect" || j.by.name == "draft" {
			continue
		}
		if !strings.HasSuffix(j.Path, "index.html") {
			continue
		}
		lastmod := ""
		if a, ok := j.data.(*ArticlePage); ok && a.Article.Dated() {
			lastmod = isoDate(a.Article.Date)
		}
		d.Pages = append(d.Pages, j.Path)
		d.Lastmod = append(d.Lastmod, lastmod)
	}
	parts := p.r.cutSitemap(d)
	if len(parts) == 1 {
		p.add(sitemap.Name, d)
		return
	}
	idx := &sitemapIndex{}
	for i, part := range parts {
		name := sitemap.Part(i + 1)
		p.add(name, part)
		idx.Parts = append(idx.Parts, name)
		idx.Lastmod = append(idx.Lastmod, slices.Max(part.Lastmod))
	}
	p.add(sitemap.Name, idx)
}

// isoDate writes t's date as 2006-01-02.
func isoDate(t time.Time) string {
	y, m, d := t.Date()
	if y < 0 || y > 9999 {
		return t.Format(time.DateOnly)
	}
	b := [10]byte{byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10), '-',
		byte('0' + m/10), byte('0' + m%10), '-', byte('0' + d/10), byte('0' + d%10)}
	return string(b[:])
}

// fileData is the data of a file that depends on the settings alone.
type fileData struct{}

func fixedFile(path string) func(p *planner) {
	return func(p *planner) { p.add(path, fileData{}) }
}

func cnamePages(p *planner) {
	if p.r.cfg.CNAME != "" {
		p.add("CNAME", fileData{})
	}
}

func nothing(*Renderer, any) ([]byte, error) { return nil, nil }

func (r *Renderer) robots(any) ([]byte, error) {
	return []byte("User-agent: *\nAllow: /\nSitemap: " + r.abs(sitemap.Name) + "\n"), nil
}

func (r *Renderer) cname(any) ([]byte, error) { return []byte(r.cfg.CNAME + "\n"), nil }

// paginate calls page for each page of a list of n items that starts at
// url (url itself, then url/page/2/ and on) with the range of items it
// shows.
func (r *Renderer) paginate(url string, n int, page func(from, to int, pager *Pager)) {
	total := max(1, (n+r.cfg.PerPage-1)/r.cfg.PerPage)
	for i := 1; i <= total; i++ {
		pg := &Pager{Number: i, Total: total, base: url}
		if i > 1 {
			pg.Prev = pg.url(i - 1)
		}
		if i < total {
			pg.Next = pg.url(i + 1)
		}
		for _, k := range window(i, total) {
			if k == 0 {
				pg.Pages = append(pg.Pages, PageLink{})
				continue
			}
			pg.Pages = append(pg.Pages, PageLink{Number: k, URL: pg.url(k), Current: k == i})
		}
		from := (i - 1) * r.cfg.PerPage
		page(from, min(from+r.cfg.PerPage, n), pg)
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

// Chart is the data of the timeline's chart: articles per month.
type Chart struct {
	Months []MonthCount
	// URL is the timeline's, for bars that link to their month; Split says
	// whether each year has a page.
	URL   string
	Split bool
	// Height is the tallest bar's, in pixels; 0 is the timeline's 120.
	Height int
}

// MonthCount is how many articles a month has.
type MonthCount struct {
	Year  int
	Month time.Month
	Count int
}

func (r *Renderer) chart(s *site.Site, split bool) *Chart {
	if len(s.Years) == 0 {
		return nil
	}
	c := &Chart{URL: r.url("timeline/"), Split: split}
	for _, y := range s.Years {
		for _, m := range y.Months {
			c.Months = append(c.Months, MonthCount{y.Year, m.Month, len(m.Articles)})
		}
	}
	return c
}

func (pg *Pager) url(i int) string {
	if i == 1 {
		return pg.base
	}
	return pg.base + "page/" + strconv.Itoa(i) + "/"
}
