// Command bytes says where a built site's bytes go, per article: which
// kinds of file (article pages, tag lists, feeds, search index…) and, inside
// the article pages, which parts of the page (head, navigation, date, tags,
// body text, related list…).
//
// Usage, on a folder a build made:
//
//	go run ./bench/bytes -dir public
//	go run ./bench/bytes -dir /tmp/site -scale 100000   # also project to 100,000 articles
//
// It prints two Markdown tables. Every figure is bytes divided by the
// number of articles (article pages that are not redirects). Kinds of file
// are check's (check.FileKind), so the two tell the same story; the parts of
// the article page add up to the page's bytes exactly, and the kinds of
// file to the site's. A part is an element of the page, found by its tag
// and class (rules below); bytes outside every part (the doctype, <html>,
// <body>, line breaks between parts) are "skeleton".
package main

import (
	"bytes"
	"cmp"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"
	"sync"

	"golang.org/x/net/html"

	"briefing/internal/check"
	"briefing/internal/parallel"
)

func main() {
	dir := flag.String("dir", "public", "the built site's folder")
	scale := flag.Int("scale", 0, "also print the site's size at this many articles, at the same bytes per article")
	flag.Parse()
	m, err := measure(os.DirFS(*dir))
	if err != nil {
		fmt.Fprintln(os.Stderr, "bytes:", err)
		os.Exit(1)
	}
	m.write(os.Stdout, *scale)
}

// measurement is what measure found.
type measurement struct {
	articles int
	files    map[string]*tally // by kind of file
	parts    map[string]*tally // by part of the article page
	tagParts map[string]*tally // by part of the tag list pages
	total    int64
}

type tally struct {
	bytes int64
	files int
}

// measure reads every file of the site.
func measure(fsys fs.FS) (*measurement, error) {
	var names []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, p)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	m := &measurement{files: map[string]*tally{}, parts: map[string]*tally{}, tagParts: map[string]*tally{}}
	var mu sync.Mutex
	errs := make([]error, len(names))
	parallel.For(len(names), func(i int) {
		name := names[i]
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			errs[i] = err
			return
		}
		kind := check.FileKind(name, bytes.Contains(data, []byte(`http-equiv="refresh"`)))
		var parts map[string]int64
		if kind == "article pages" || kind == "tag list pages" {
			parts = pageParts(data, kind == "tag list pages")
		}
		mu.Lock()
		defer mu.Unlock()
		add(m.files, kind, int64(len(data)))
		m.total += int64(len(data))
		switch kind {
		case "article pages":
			m.articles++
			for p, n := range parts {
				add(m.parts, p, n)
			}
		case "tag list pages":
			for p, n := range parts {
				add(m.tagParts, p, n)
			}
		}
	})
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	if m.articles == 0 {
		return nil, fmt.Errorf("no article pages (articles/SLUG/index.html) in the folder")
	}
	return m, nil
}

func add(t map[string]*tally, k string, n int64) {
	if t[k] == nil {
		t[k] = &tally{}
	}
	t[k].bytes += n
	t[k].files++
}

// rule names the part of the article page an element starts.
type rule struct {
	tag, class, attr, value string // the element: its tag, and a class or an attribute's value
	part                    string
}

// rules are tried in order on every start tag outside every part but
// the head's; the first that matches starts a part, which runs to the
// element's end tag. Keep them in step with templates/ only as far as
// naming goes: an element no rule matches is counted in the part around
// it, so nothing is lost when a class changes, only less finely told.
var rules = []rule{
	{tag: "title", part: "head: title"},
	{tag: "meta", attr: "name", value: "description", part: "head: description"},
	{tag: "meta", attr: "property", value: "og:", part: "head: Open Graph, Twitter"},
	{tag: "meta", attr: "name", value: "twitter:", part: "head: Open Graph, Twitter"},
	{tag: "link", attr: "rel", value: "canonical", part: "head: canonical"},
	{tag: "link", part: "head: icon, styles, feed links"},
	{tag: "script", attr: "type", value: "application/ld+json", part: "head: JSON-LD"},
	{tag: "head", part: "head: other"},
	{tag: "a", class: "skip", part: "skip link"},
	{tag: "header", class: "site-header", part: "site header and navigation"},
	{tag: "footer", class: "site-footer", part: "site footer"},
	{tag: "h1", part: "title"},
	{tag: "p", class: "meta", part: "date and tags"},
	{tag: "figure", class: "lead-photo", part: "caption"},
	{tag: "p", class: "summary", part: "summary"},
	{tag: "div", class: "body", part: "body text"},
	{tag: "section", class: "notes", part: "editor notes"},
	{tag: "footer", class: "provenance", part: "provenance"},
	{tag: "nav", class: "prevnext", part: "previous/next"},
	{tag: "section", class: "related", part: "related list"},
	{tag: "p", class: "lead", part: "description"},
	{tag: "figure", class: "chart-box", part: "chart"},
	{tag: "ol", class: "entries", part: "list entries"},
	{tag: "nav", class: "pager", part: "pager"},
}

const skeleton = "skeleton (doctype, html, body, main, line breaks)"

// voids are the elements that have no end tag.
var voids = map[string]bool{"meta": true, "link": true, "br": true, "img": true, "input": true, "hr": true, "source": true, "wbr": true}

// pageParts splits an article page's bytes among its parts, or a tag list
// page's.
func pageParts(data []byte, tagPage bool) map[string]int64 {
	out := map[string]int64{}
	type open struct {
		tag, part string
	}
	var stack []open
	metas := 0
	cur := func() string {
		for i := len(stack) - 1; i >= 0; i-- {
			if stack[i].part != "" {
				return stack[i].part
			}
		}
		return skeleton
	}
	z := html.NewTokenizer(bytes.NewReader(data))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		raw := z.Raw()
		n := int64(len(raw))
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			tag := string(name)
			part := match(z, tag)
			if c := cur(); c != skeleton && c != "head: other" {
				part = "" // parts do not nest, but in the head
			}
			if part == "date and tags" {
				// The article's header has two such lines: the date's,
				// then the tags'.
				part = "date line"
				if metas++; tagPage {
					part = "count line and feed link"
				} else if metas > 1 {
					part = "tags"
				}
			}
			where := part
			if where == "" {
				where = cur()
			}
			out[where] += n
			if tt == html.StartTagToken && !voids[tag] {
				stack = append(stack, open{tag, part})
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			tag := string(name)
			out[cur()] += n
			for i := len(stack) - 1; i >= 0; i-- {
				if stack[i].tag == tag {
					stack = stack[:i]
					break
				}
			}
		default:
			out[cur()] += n
		}
	}
	return out
}

// match is the part the element starts, or "".
func match(z *html.Tokenizer, tag string) string {
	var attrs [][2]string
	for {
		k, v, more := z.TagAttr()
		if k != nil {
			attrs = append(attrs, [2]string{string(k), string(v)})
		}
		if !more {
			break
		}
	}
	has := func(k, prefix string) bool {
		for _, a := range attrs {
			if a[0] == k && strings.HasPrefix(a[1], prefix) {
				return true
			}
		}
		return false
	}
	class := func(c string) bool {
		for _, a := range attrs {
			if a[0] == "class" && slices.Contains(strings.Fields(a[1]), c) {
				return true
			}
		}
		return false
	}
	for _, r := range rules {
		if r.tag != tag || (r.class != "" && !class(r.class)) || (r.attr != "" && !has(r.attr, r.value)) {
			continue
		}
		return r.part
	}
	return ""
}

// write prints the two tables.
func (m *measurement) write(w io.Writer, scale int) {
	per := func(n int64) string { return thousands((n + int64(m.articles)/2) / int64(m.articles)) }
	var pages int64
	if t := m.files["article pages"]; t != nil {
		pages = t.bytes
	}
	fmt.Fprintf(w, "%s articles, %s bytes in %s files: %s bytes per article\n\n",
		thousands(int64(m.articles)), thousands(m.total), thousands(int64(count(m.files))), per(m.total))
	fmt.Fprintln(w, "| kind of file | files | bytes per article |")
	fmt.Fprintln(w, "|---|---|---|")
	for _, k := range sorted(m.files) {
		fmt.Fprintf(w, "| %s | %s | %s |\n", k, thousands(int64(m.files[k].files)), per(m.files[k].bytes))
	}
	fmt.Fprintf(w, "| **total** | %s | **%s** |\n\n", thousands(int64(count(m.files))), per(m.total))
	fmt.Fprintln(w, "| part of the article page | bytes per article |")
	fmt.Fprintln(w, "|---|---|")
	for _, k := range sorted(m.parts) {
		fmt.Fprintf(w, "| %s | %s |\n", k, per(m.parts[k].bytes))
	}
	fmt.Fprintf(w, "| **article page** | **%s** |\n", per(pages))
	if t := m.files["tag list pages"]; t != nil {
		fmt.Fprintln(w, "\n| part of the tag list pages | bytes per article |")
		fmt.Fprintln(w, "|---|---|")
		for _, k := range sorted(m.tagParts) {
			fmt.Fprintf(w, "| %s | %s |\n", k, per(m.tagParts[k].bytes))
		}
		fmt.Fprintf(w, "| **tag list pages** | **%s** |\n", per(t.bytes))
	}
	if scale > 0 {
		at := m.total * int64(scale) / int64(m.articles)
		fmt.Fprintf(w, "\nat %s articles: %s MB\n", thousands(int64(scale)), thousands(at/1_000_000))
	}
}

func count(t map[string]*tally) int {
	n := 0
	for _, v := range t {
		n += v.files
	}
	return n
}

// sorted lists a tally's keys, largest first, then by name.
func sorted(t map[string]*tally) []string {
	keys := make([]string, 0, len(t))
	for k := range t {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		return cmp.Or(cmp.Compare(t[b].bytes, t[a].bytes), strings.Compare(a, b))
	})
	return keys
}

// thousands writes n with commas: 12,345.
func thousands(n int64) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 && c != '-' && s[i-1] != '-' {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
