// Package check proves that a built site is fit to publish on GitHub Pages.
//
// Site reads the output folder as an fs.FS and is told the address the site
// will be published at; it makes no network request and follows no link to
// another host. It returns a Report listing every problem it found. A
// problem fails the check; a warning does not.
//
// # Links
//
// Every reference in every HTML page (*.html) must lead to a file of the
// site. The references read are:
//
//	a, area, link      href
//	img, source        src and srcset
//	script, iframe, embed, audio, video, track   src (and poster on video)
//	form               action
//	object             data
//	base               href, which then stands for the page's own address
//
// A reference is resolved against the page's address, as a browser would:
// a page dir/index.html is at base/dir/, any other file at base/file. It is
// internal when the result is an http or https URL of the site's own host;
// anything else (another host, mailto:, tel:, data:) is external and not
// followed.
//
// An internal reference must stay below the base path. A link to /tags/ on
// a site published at https://org.github.io/archive/ works on a local
// server at the root and breaks on the published project site, so it is a
// problem, and so is a full URL to the site's host outside the base path.
// Below the base path, a path ending in "/" names its index.html, a folder
// named without the trailing slash is accepted (GitHub Pages redirects it),
// and the query string is ignored (static hosts ignore it; asset links carry
// ?v=hash). The named file must exist.
//
// A fragment (#x) must be the id of an element, or the name of an <a>, on
// the target page; a fragment alone looks in the page itself. "#" and "#top"
// need no element: browsers scroll to the top. Fragments of non-HTML files
// are not checked.
//
// GitHub Pages serves 404.html at every missing address, so a relative
// reference on that page would resolve against whatever address was asked
// for. Its references must be root-relative ("/archive/tags/") or full URLs.
//
// # Feeds, the sitemap and robots.txt
//
// feed.xml and every file named feed.xml below it must be well-formed XML
// with an Atom <feed> as its root. Each <link href> must be an absolute URL
// below the base URL naming a file of the site; each <id> that is an http
// or https URL must be below the base URL.
//
// sitemap.xml, when there is one, must be well-formed XML with a sitemap
// <urlset> as its root, and every <loc> an absolute URL below the base URL
// naming a file of the site. So must every Sitemap: line of robots.txt.
// A site too large for one sitemap file has a sitemap index there instead
// (<sitemapindex>), whose every <loc> must name one of its parts at the
// root, sitemap-1.xml, sitemap-2.xml… (package sitemap), that exists; each
// part is checked as a <urlset> is.
// When robots.txt and the sitemap name another base URL than the one
// checked, and only that one, the site was built for another address (a
// watch preview, say): that is then the one problem reported, since every
// link and feed follows from it. Above 50,000 addresses or 50 MiB, the
// most one sitemap file may hold, the check warns: search engines ignore
// such a file.
//
// # Custom domain
//
// A CNAME file names the site's custom domain. When that is not the host of
// the base URL, the check warns: links, feeds and the sitemap would name
// another host than the one the site is served at. (A workflow deploy
// ignores CNAME; the domain is set in the repository's Settings → Pages, and
// the address the workflow builds for follows it.)
//
// # Size
//
// GitHub Pages refuses a site larger than 1 GB, taken here as 10^9 bytes,
// the stricter reading. The check adds up the size of every file: above 80%
// of the limit it warns, above the limit it fails.
// The limit is a parameter of Site; the command passes Limit.
//
// The summary also projects the archive's growth: the site's bytes (lists,
// feeds and search index included) divided by its articles (the pages
// articles/SLUG/index.html, less those left at a moved article's old
// address, which send the reader on with a meta refresh) is what each
// article costs, and the limit divided by that is about how many articles
// fit. It then says what each kind of file costs per article (article
// pages, tag lists, timeline, sitemap, search index…, by path: FileKind),
// and whether 100,000 articles would fit the archive's target of 850 MB,
// which leaves room to grow under the limit (Target, TargetArticles), at
// the same bytes per article: an upper bound, since lists of tags, feeds
// and charts do not grow with every article.
//
// # Problems
//
// Each problem names its file below the site root, with the line when it has
// one, and says what is wrong:
//
//	tags/iran/index.html:32: a href "/tags/": outside the base path /archive/
//	.: warning: the site is 850 MB, 85% of the 1 GB limit of GitHub Pages
//
// "." is the site as a whole. Problems are sorted by file, line and message,
// so the same site always gives the same report. Pages are read and parsed
// on every core.
package check

import (
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"path"
	"slices"
	"strings"

	"briefing/internal/parallel"
	"briefing/internal/plural"
	sitemodel "briefing/internal/site"
	"briefing/internal/sitemap"
)

// Limit is the largest site GitHub Pages publishes: 1 GB.
const Limit = 1_000_000_000

// warnAt is the share of the limit above which the size is worth a warning.
const warnAt = 0.8

// The archive's size target: TargetArticles articles, with everything the
// site holds (search index included), in Target bytes, which leaves room
// to grow under Limit.
const (
	Target         = 850_000_000
	TargetArticles = 100_000
)

// Kinds of file, as FileKind names them, in the order the report lists
// them.
var fileKinds = []string{"article pages", "redirects", "tag list pages", "tag feeds", "tags index",
	"timeline", "home", "feed", "sitemap", "search index", "static files", "other"}

// FileKind names the kind of a site's file by its path below the root; a
// redirect is an HTML page that sends the reader elsewhere.
func FileKind(name string, redirect bool) string {
	top, rest, _ := strings.Cut(name, "/")
	switch {
	case isArticle(name) && redirect:
		return "redirects"
	case isArticle(name):
		return "article pages"
	case name == "tags/index.html":
		return "tags index"
	case top == "tags" && path.Base(rest) == "feed.xml":
		return "tag feeds"
	case top == "tags":
		return "tag list pages"
	case top == "timeline":
		return "timeline"
	case name == "index.html":
		return "home"
	case name == "feed.xml":
		return "feed"
	case sitemap.Taken(name):
		return "sitemap"
	case top == sitemodel.SearchIndex || (top == "search" && rest != "index.html"):
		return "search index"
	case top == "css" || top == "js" || name == "favicon.svg":
		return "static files"
	}
	return "other"
}

// Problem is one thing wrong with the site.
type Problem struct {
	// File is the file's path below the site root; "." is the whole site.
	File string
	// Line is the line in File, or 0 when it has none.
	Line int
	Msg  string
	// Warning is set for a problem that does not fail the check.
	Warning bool
}

func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	b.WriteString(": ")
	if p.Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// Report is what Site found.
type Report struct {
	Pages    int              // HTML files
	Articles int              // article pages, articles/SLUG/index.html, not counting redirects
	Links    int              // internal references checked
	Size     int64            // bytes in all files
	Kinds    map[string]int64 // bytes by kind of file (FileKind)
	Limit    int64
	Problems []Problem
}

// Failures counts the problems that are not warnings.
func (r *Report) Failures() int {
	n := 0
	for _, p := range r.Problems {
		if !p.Warning {
			n++
		}
	}
	return n
}

// Write prints every problem, its file placed in dir (the site's folder),
// then a summary line.
func (r *Report) Write(w io.Writer, dir string) error {
	for _, p := range r.Problems {
		p.File = path.Join(dir, p.File)
		if _, err := fmt.Fprintln(w, p); err != nil {
			return err
		}
	}
	warnings := ""
	if n := len(r.Problems) - r.Failures(); n > 0 {
		warnings = ", " + plural.Count(n, "warning")
	}
	_, err := fmt.Fprintf(w, "check: %s, %s, %s%s, size %s (%s of the %s limit)\n",
		plural.Count(r.Pages, "page"), plural.Count(r.Links, "link"), plural.Count(r.Failures(), "problem"), warnings,
		bytesize(r.Size), percent(r.Size, r.Limit), bytesize(r.Limit))
	if err != nil || r.Articles == 0 {
		return err
	}
	per := r.Size / int64(r.Articles)
	_, err = fmt.Fprintf(w, "check: %s, %s each with their share of lists, feeds and search index: about %s fit the %s limit\n",
		plural.Count(r.Articles, "article"), bytesize(per), plural.Count(int(r.Limit/max(per, 1)), "article"), bytesize(r.Limit))
	if err != nil {
		return err
	}
	var parts []string
	for _, k := range fileKinds {
		if n := (r.Kinds[k] + int64(r.Articles)/2) / int64(r.Articles); n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d B", k, n))
		}
	}
	if _, err := fmt.Fprintf(w, "check: per article: %s\n", strings.Join(parts, ", ")); err != nil {
		return err
	}
	at := r.Size * TargetArticles / int64(r.Articles)
	verdict := "within"
	if at > Target {
		verdict = "over"
	}
	_, err = fmt.Fprintf(w, "check: %s at %s each would take %s, %s the target of %s\n",
		plural.Count(TargetArticles, "article"), bytesize(per), bytesize(at), verdict, bytesize(Target))
	return err
}

// isArticle reports whether the file name is an article's page.
func isArticle(name string) bool {
	rest, ok := strings.CutPrefix(name, "articles/")
	slug, ok2 := strings.CutSuffix(rest, "/index.html")
	return ok && ok2 && slug != "" && !strings.Contains(slug, "/")
}

// bytesize writes n in decimal units, as GitHub states its limits.
func bytesize(n int64) string {
	units := []string{"B", "KB", "MB", "GB", "TB"}
	v, u := float64(n), 0
	for v >= 1000 && u < len(units)-1 {
		v /= 1000
		u++
	}
	if u == 0 {
		return fmt.Sprintf("%d B", n)
	}
	s := fmt.Sprintf("%.1f", v)
	return strings.TrimSuffix(s, ".0") + " " + units[u]
}

func percent(n, of int64) string {
	s := fmt.Sprintf("%.1f", 100*float64(n)/float64(of))
	return strings.TrimSuffix(s, ".0") + "%"
}

// site is what every file's check needs to know about the whole site.
type site struct {
	base  *url.URL        // the base URL; its path starts and ends with "/"
	files map[string]bool // every file, by path below the root
}

// result is what checking one file found.
type result struct {
	size     int64
	problems []Problem
	links    int
	ids      map[string]bool // an HTML page's ids and <a name>s
	frags    []fragment      // references whose fragment needs the target's ids
	redirect bool            // an HTML page that sends the reader elsewhere (meta refresh)
}

// Site checks the site in fsys as it will be published at baseURL, which
// must be an absolute http or https URL. The size limit is limit bytes (the
// command passes Limit). The error is for what stops the check, such as an
// unreadable file; what is wrong with the site is in the Report.
func Site(fsys fs.FS, baseURL string, limit int64) (*Report, error) {
	base, err := url.Parse(baseURL)
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return nil, fmt.Errorf("base URL %q is not an absolute http or https URL", baseURL)
	}
	if limit <= 0 {
		return nil, fmt.Errorf("size limit %d is not positive", limit)
	}
	base.Path = strings.TrimSuffix(base.Path, "/") + "/"
	base.RawPath, base.RawQuery, base.Fragment = "", "", ""
	s := &site{base: base, files: map[string]bool{}}
	rep := &Report{Limit: limit, Kinds: map[string]int64{}}

	var names []string
	err = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		s.files[p] = true
		names = append(names, p)
		return nil
	})
	if err != nil {
		return nil, err
	}

	results, err := s.run(fsys, names)
	if err != nil {
		return nil, err
	}
	pages := map[string]*result{}
	for i, name := range names {
		r := &results[i]
		if kind(name) == "html" {
			rep.Pages++
			pages[name] = r
			if isArticle(name) && !r.redirect { // a moved article's old address is no article
				rep.Articles++
			}
		}
		rep.Size += r.size
		rep.Kinds[FileKind(name, r.redirect)] += r.size
		rep.Links += r.links
		rep.Problems = append(rep.Problems, r.problems...)
	}
	for i := range results {
		for _, f := range results[i].frags {
			if p, ok := pages[f.target]; ok && !p.ids[f.id] {
				rep.Problems = append(rep.Problems, f.problem())
			}
		}
	}

	if p, ok := builtElsewhere(fsys, base); ok {
		// Every link and feed would be a problem of its own.
		rep.Problems = []Problem{p}
	}

	switch share := float64(rep.Size) / float64(limit); {
	case share > 1:
		rep.Problems = append(rep.Problems, Problem{File: ".", Msg: fmt.Sprintf("the site is %s, over the %s limit of GitHub Pages (%s)",
			bytesize(rep.Size), bytesize(limit), percent(rep.Size, limit))})
	case share > warnAt:
		rep.Problems = append(rep.Problems, Problem{File: ".", Warning: true, Msg: fmt.Sprintf("the site is %s, %s of the %s limit of GitHub Pages",
			bytesize(rep.Size), percent(rep.Size, limit), bytesize(limit))})
	}

	slices.SortFunc(rep.Problems, func(a, b Problem) int {
		if c := strings.Compare(a.File, b.File); c != 0 {
			return c
		}
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return strings.Compare(a.Msg, b.Msg)
	})
	rep.Problems = slices.Compact(rep.Problems)
	return rep, nil
}

// builtElsewhere finds the address the site was built for in its
// robots.txt (every Sitemap: line names it) and its sitemap.xml (which
// lists pages below it and none below base), and is the problem to
// report when that is not base: a site built by a watch preview, or for
// another address.
func builtElsewhere(fsys fs.FS, base *url.URL) (Problem, bool) {
	robots, err := fs.ReadFile(fsys, "robots.txt")
	if err != nil {
		return Problem{}, false
	}
	sitemap, err := fs.ReadFile(fsys, "sitemap.xml")
	if err != nil {
		return Problem{}, false
	}
	built, line := "", 0
	for n, l := range strings.Split(string(robots), "\n") {
		v, ok := strings.CutPrefix(strings.TrimSpace(l), "Sitemap:")
		if !ok {
			continue
		}
		u, err := url.Parse(strings.TrimSpace(v))
		if err != nil || u.Host == "" || !strings.HasSuffix(u.Path, "/sitemap.xml") {
			return Problem{}, false
		}
		u.Path = strings.TrimSuffix(u.Path, "sitemap.xml")
		u.RawPath, u.RawQuery, u.Fragment = "", "", ""
		if built != "" && u.String() != built {
			return Problem{}, false
		}
		built, line = u.String(), n+1
	}
	if built == "" || built == base.String() ||
		!strings.Contains(string(sitemap), "<loc>"+built) || strings.Contains(string(sitemap), "<loc>"+base.String()) {
		return Problem{}, false
	}
	return Problem{File: "robots.txt", Line: line, Msg: fmt.Sprintf("the site was built for %s (a watch preview, or a build for another address), not for %s; build it for the address you check, then check again", built, base)}, true
}

// kind says how a file is checked: as an HTML page, a feed, the sitemap,
// robots.txt, or not at all ("").
func kind(name string) string {
	switch {
	case strings.HasSuffix(name, ".html"):
		return "html"
	case path.Base(name) == "feed.xml":
		return "feed"
	case sitemap.Taken(name):
		return "sitemap"
	case name == "robots.txt":
		return "robots"
	case name == "CNAME":
		return "cname"
	}
	return ""
}

// run measures every file named and reads and checks those of a kind that
// is checked, on every core.
func (s *site) run(fsys fs.FS, names []string) ([]result, error) {
	results := make([]result, len(names))
	errs := make([]error, len(names))
	parallel.For(len(names), func(i int) {
		name := names[i]
		k := kind(name)
		if k == "" {
			info, err := fs.Stat(fsys, name)
			if err != nil {
				errs[i] = err
				return
			}
			results[i].size = info.Size()
			return
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			errs[i] = err
			return
		}
		switch k {
		case "html":
			results[i] = s.page(name, data)
		case "feed":
			results[i] = s.feed(name, data)
		case "sitemap":
			results[i] = s.sitemap(name, data)
		case "robots":
			results[i] = s.robots(name, data)
		case "cname":
			results[i] = s.cname(name, data)
		}
		results[i].size = int64(len(data))
	})
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return results, nil
}

// cname warns when the custom domain in CNAME is not the host the site is
// built for: its links, feeds and sitemap would name the other host.
func (s *site) cname(name string, data []byte) result {
	domain := strings.TrimSpace(string(data))
	if strings.EqualFold(domain, s.base.Hostname()) {
		return result{}
	}
	return result{problems: []Problem{{File: name, Warning: true, Msg: fmt.Sprintf(
		"the custom domain is %q, but the site is built for %s; set the domain in the repository's Settings → Pages, or drop cname from the site file",
		domain, s.base.Host)}}}
}

// below maps a URL on the site's host to its path below the base path, a
// path ending in "/" to its index.html. It is false for a URL outside.
func (s *site) below(u *url.URL) (string, bool) {
	p := u.Path
	if p+"/" == s.base.Path {
		p = s.base.Path
	}
	rel, ok := strings.CutPrefix(p, s.base.Path)
	if !ok {
		return "", false
	}
	if rel == "" || strings.HasSuffix(rel, "/") {
		rel += "index.html"
	}
	return rel, true
}

// file returns the file that rel, a path below the base path, names: rel
// itself, or for a folder named without its slash the folder's index.html.
// It is "" when there is none.
func (s *site) file(rel string) string {
	if s.files[rel] {
		return rel
	}
	if dir := path.Join(rel, "index.html"); s.files[dir] {
		return dir
	}
	return ""
}

// own says whether u, already absolute, is on the site's host.
func (s *site) own(u *url.URL) bool {
	return (u.Scheme == "http" || u.Scheme == "https") && strings.EqualFold(u.Host, s.base.Host)
}
