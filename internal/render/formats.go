package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"html/template"
	"strings"
	"time"

	"briefing/internal/markdown"
	"briefing/internal/plural"
	"briefing/internal/site"
	"briefing/internal/sitemap"
)

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

type atomText struct {
	Type string `xml:"type,attr,omitempty"`
	Body string `xml:",chardata"`
}

type atomEntry struct {
	Title     string    `xml:"title"`
	ID        string    `xml:"id"`
	Link      atomLink  `xml:"link"`
	Updated   string    `xml:"updated"`
	Published string    `xml:"published,omitempty"`
	Category  []atomCat `xml:"category"`
	Summary   *atomText `xml:"summary,omitempty"`
	Content   *atomText `xml:"content,omitempty"`
}

type atomCat struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr"`
}

type atomFeed struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string   `xml:"title"`
	ID      string   `xml:"id"`
	Updated string   `xml:"updated"`
	Author  struct {
		Name string `xml:"name"`
	} `xml:"author"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

// stamp is the time an article's feed entry gives: its date, or for an
// undated one the feed's newest date, so feeds never carry the build time.
func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// feed makes an Atom feed of list. The site's feed carries whole articles;
// a tag's feed (full false) carries each article's summary, or the start of
// its text, so a hundred tag feeds do not repeat the archive many times.
func (r *Renderer) feed(data any) ([]byte, error) {
	d := data.(*feedData)
	title, page, self, list, full := d.Title, d.Page, d.Self, d.List, d.Full
	var newest time.Time
	for _, a := range list {
		if a.Date.After(newest) {
			newest = a.Date
		}
	}
	if newest.IsZero() {
		newest = time.Unix(0, 0)
	}
	f := atomFeed{Title: title, ID: r.abs(page), Updated: stamp(newest)}
	f.Author.Name = r.cfg.Title
	f.Links = []atomLink{{Href: r.abs(self), Rel: "self", Type: "application/atom+xml"}, {Href: r.abs(page), Rel: "alternate", Type: "text/html"}}
	for _, a := range list {
		when := a.Date
		if when.IsZero() {
			when = newest
		}
		e := atomEntry{
			Title:   a.Title,
			ID:      r.abs(a.URL()),
			Link:    atomLink{Href: r.abs(a.URL()), Rel: "alternate", Type: "text/html"},
			Updated: stamp(when),
		}
		if full {
			body, err := r.feedContent(a)
			if err != nil {
				return nil, err
			}
			e.Content = &atomText{Type: "html", Body: body}
		}
		if a.Dated() {
			e.Published = stamp(a.Date)
		}
		if a.Summary != "" {
			e.Summary = &atomText{Type: "text", Body: a.Summary}
		} else if !full {
			lead, err := a.Lead()
			if err != nil {
				return nil, err
			}
			e.Summary = &atomText{Type: "text", Body: lead}
		}
		for _, t := range a.Tags {
			e.Category = append(e.Category, atomCat{Term: t.Slug, Label: t.Name})
		}
		f.Entries = append(f.Entries, e)
	}
	return encodeXML(f)
}

// feedContent is an entry's HTML: caption, body, then the editors' notes,
// each note marked as theirs.
func (r *Renderer) feedContent(a *site.Article) (string, error) {
	body, err := a.Body()
	if err != nil {
		return "", err
	}
	body = markdown.Resolve(body, r.hrefs(a.Links, r.abs))
	var b strings.Builder
	if a.Caption != "" {
		fmt.Fprintf(&b, "<p><em>%s</em></p>\n", template.HTMLEscapeString(a.Caption))
	}
	b.WriteString(string(body))
	for _, n := range a.Notes {
		fmt.Fprintf(&b, "<blockquote><p><strong>Editor's note by %s</strong></p>%s</blockquote>\n", template.HTMLEscapeString(n.By), markdown.Resolve(n.Text, r.hrefs(n.Links, r.abs)))
	}
	return b.String(), nil
}

// encodeXML writes v as an indented XML document.
func encodeXML(v any) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

// sitemap makes a sitemap file: a <urlset> that lists pages, with the
// article date as lastmod for article pages, or a <sitemapindex> that
// lists the parts. One entry a line, unindented: the file has a line for
// every page of the archive, and indenting each would cost some 15 bytes
// an article.
func (r *Renderer) sitemap(data any) ([]byte, error) {
	var b bytes.Buffer
	switch d := data.(type) {
	case *sitemapData:
		b.WriteString(urlsetOpen)
		for i, p := range d.Pages {
			if err := r.sitemapEntry(&b, "url", p, d.Lastmod[i]); err != nil {
				return nil, err
			}
		}
		b.WriteString(urlsetClose)
	case *sitemapIndex:
		b.WriteString(xml.Header)
		b.WriteString(`<sitemapindex xmlns="` + sitemap.Namespace + `">` + "\n")
		for i, p := range d.Parts {
			if err := r.sitemapEntry(&b, "sitemap", p, d.Lastmod[i]); err != nil {
				return nil, err
			}
		}
		b.WriteString("</sitemapindex>\n")
	default:
		return nil, fmt.Errorf("no sitemap from %T", data)
	}
	return b.Bytes(), nil
}

// The start and end of a sitemap file.
const (
	urlsetOpen  = xml.Header + `<urlset xmlns="` + sitemap.Namespace + `">` + "\n"
	urlsetClose = "</urlset>\n"
)

// sitemapEntry writes one line of a sitemap (el "url") or of an index (el
// "sitemap"): the address of the file at path, a page's "index.html" left
// off, and its lastmod if it has one.
func (r *Renderer) sitemapEntry(b *bytes.Buffer, el, path, lastmod string) error {
	b.WriteString("<" + el + "><loc>")
	if err := xml.EscapeText(b, []byte(r.abs(strings.TrimSuffix(path, "index.html")))); err != nil {
		return err
	}
	b.WriteString("</loc>")
	if lastmod != "" {
		b.WriteString("<lastmod>" + lastmod + "</lastmod>")
	}
	b.WriteString("</" + el + ">\n")
	return nil
}

// SetSitemapLimits makes the sitemap split into parts above urls
// addresses or size bytes a file, where those are below the protocol's
// limits (sitemap.MaxURLs, sitemap.MaxBytes), which hold otherwise: tests
// split a small site with it. Plans made under other limits are dropped.
func (r *Renderer) SetSitemapLimits(urls, size int) {
	if urls == r.sitemapURLs && size == r.sitemapBytes {
		return
	}
	r.sitemapURLs, r.sitemapBytes = urls, size
	for _, m := range r.makers {
		m.memo = nil
	}
}

// sitemapLimits are the most addresses and bytes one sitemap file holds.
func (r *Renderer) sitemapLimits() (urls, size int) {
	urls, size = sitemap.MaxURLs, sitemap.MaxBytes
	if r.sitemapURLs > 0 {
		urls = min(urls, r.sitemapURLs)
	}
	if r.sitemapBytes > 0 {
		size = min(size, r.sitemapBytes)
	}
	return urls, size
}

// cutSitemap cuts a sitemap's pages, in their order, into parts of at
// most the sitemap limits' addresses and bytes each: d itself when it
// fits one file. Each part takes as many pages as fit before the next
// one starts, so the same pages always make the same parts.
func (r *Renderer) cutSitemap(d *sitemapData) []*sitemapData {
	maxURLs, maxBytes := r.sitemapLimits()
	// A line is at most its fixed text and five bytes for each of its
	// address's (xml.EscapeText writes "&#34;" for a quote); its exact
	// size is worked out only when that bound would not fit.
	fixed := len("<url><loc></loc><lastmod></lastmod></url>\n")
	prefix := 5 * len(r.abs(""))
	bound := func(i int) int { return fixed + prefix + 5*len(d.Pages[i]) + len(d.Lastmod[i]) }
	var buf bytes.Buffer
	exact := func(i int) int {
		buf.Reset()
		if r.sitemapEntry(&buf, "url", d.Pages[i], d.Lastmod[i]) != nil {
			return maxBytes // cannot happen: the buffer does not fail
		}
		return buf.Len()
	}
	head := len(urlsetOpen) + len(urlsetClose)
	var parts []*sitemapData
	from, size, sized := 0, head, false // sized: size is exact, not a bound
	for i := range d.Pages {
		n := bound(i)
		if !sized && size+n > maxBytes {
			size, sized = head, true
			for k := from; k < i; k++ {
				size += exact(k)
			}
		}
		if sized {
			n = exact(i)
		}
		if i > from && (i-from == maxURLs || size+n > maxBytes) {
			parts = append(parts, &sitemapData{Pages: d.Pages[from:i:i], Lastmod: d.Lastmod[from:i:i]})
			from, size, sized = i, head, false
			n = bound(i)
		}
		size += n
	}
	if from == 0 {
		return []*sitemapData{d}
	}
	return append(parts, &sitemapData{Pages: d.Pages[from:], Lastmod: d.Lastmod[from:]})
}

// HTML draws articles per month, oldest month on the left, every month
// between the first and the last, empty ones included, Height pixels tall
// (120 if not set). With a URL, each bar links to its month on the
// timeline; every bar says its count. A line and a number at each end mark
// the tallest month, so the scale is in sight whichever end of a long
// chart a reader sees.
func (c *Chart) HTML() template.HTML {
	if len(c.Months) == 0 {
		return ""
	}
	counts := map[[2]int]int{}
	maxN := 0
	for _, m := range c.Months {
		counts[[2]int{m.Year, int(m.Month)}] = m.Count
		maxN = max(maxN, m.Count)
	}
	timelineURL, split := c.URL, c.Split
	first, last := c.Months[len(c.Months)-1], c.Months[0]
	fy, fm := first.Year, int(first.Month)
	ly, lm := last.Year, int(last.Month)
	n := (ly-fy)*12 + lm - fm + 1
	height := c.Height
	if height == 0 {
		height = 120
	}
	const barW, gap, top, bottom, side = 10, 2, 16, 22, 28
	width := max(n*(barW+gap)+gap+2*side, 160)
	var b strings.Builder
	// A chart of links is a group of controls; one without is a picture.
	role := ""
	if timelineURL == "" {
		role = ` role="img"`
	}
	fmt.Fprintf(&b, `<svg class="chart"%s aria-labelledby="chart-title" viewBox="0 0 %d %d" width="%d" height="%d" xmlns="http://www.w3.org/2000/svg">`, role, width, height+top+bottom, width, height+top+bottom)
	fmt.Fprintf(&b, `<title id="chart-title">Articles per month, %d to %d; the tallest bar is %s</title>`, fy, ly, plural.Count(maxN, "article"))
	fmt.Fprintf(&b, `<line class="scale" x1="%d" y1="%d" x2="%d" y2="%d"/>`, side-4, top, width-side+4, top)
	fmt.Fprintf(&b, `<text x="%d" y="%d" class="axis" text-anchor="end">%d</text><text x="%d" y="%d" class="axis">%d</text>`, side-6, top+4, maxN, width-side+6, top+4, maxN)
	fmt.Fprintf(&b, `<text x="%d" y="%d" class="axis" text-anchor="end">0</text><text x="%d" y="%d" class="axis">0</text>`, side-6, top+height, width-side+6, top+height)
	y, m := fy, fm
	for i := range n {
		c := counts[[2]int{y, m}]
		h := 0
		if c > 0 {
			h = max(2, c*height/maxN)
		}
		x := side + gap + i*(barW+gap)
		label := fmt.Sprintf("%s %d: %s", time.Month(m), y, plural.Count(c, "article"))
		anchor := fmt.Sprintf("m%d-%02d", y, m)
		href := timelineURL + "#" + anchor
		if split {
			href = fmt.Sprintf("%s%d/#%s", timelineURL, y, anchor)
		}
		switch {
		case c > 0 && timelineURL != "":
			fmt.Fprintf(&b, `<a href="%s" aria-label="%s"><rect class="bar" x="%d" y="%d" width="%d" height="%d" data-month="%d-%02d" data-count="%d"><title>%s</title></rect></a>`,
				template.HTMLEscapeString(href), label, x, top+height-h, barW, h, y, m, c, label)
		case c > 0:
			// A picture's parts are not read out: its title says it all.
			fmt.Fprintf(&b, `<rect class="bar" x="%d" y="%d" width="%d" height="%d" data-month="%d-%02d" data-count="%d"/>`,
				x, top+height-h, barW, h, y, m, c)
		case timelineURL == "":
			fmt.Fprintf(&b, `<rect class="bar empty" x="%d" y="%d" width="%d" height="1" data-month="%d-%02d" data-count="0"/>`, x, top+height-1, barW, y, m)
		default:
			fmt.Fprintf(&b, `<rect class="bar empty" x="%d" y="%d" width="%d" height="1" data-month="%d-%02d" data-count="0"><title>%s</title></rect>`, x, top+height-1, barW, y, m, label)
		}
		if m == 1 || i == 0 {
			fmt.Fprintf(&b, `<text x="%d" y="%d" class="axis">%d</text>`, x, top+height+16, y)
		}
		m++
		if m > 12 {
			m, y = 1, y+1
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
