package check

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"

	"briefing/internal/sitemap"
)

const atomNS = "http://www.w3.org/2005/Atom"

// xmlURL is a URL found in an XML file, with how it must be checked.
type xmlURL struct {
	line  int
	what  string // `<link href>`, `<loc>`
	value string
	exist bool // it must name a file of the site
}

// scanXML reads a document through to its end and returns its root
// element and the URLs that pick finds in it. pick is called at the end of
// each element that holds no other element, with its text. A document that
// is not well-formed is a problem.
func scanXML(name string, data []byte, pick func(el xml.StartElement, text string, line int) []xmlURL) (root xml.Name, urls []xmlURL, p *Problem) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	var leaf *xml.StartElement // the innermost open element, while it holds only text
	var leafLine int
	var text strings.Builder
	depth := 0
	for {
		line, _ := dec.InputPos()
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			if root.Local == "" {
				return root, nil, &Problem{File: name, Msg: "not well-formed XML: no root element"}
			}
			return root, urls, nil
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return root, nil, &Problem{File: name, Line: se.Line, Msg: "not well-formed XML: " + se.Msg}
			}
			return root, nil, &Problem{File: name, Line: line, Msg: "not well-formed XML: " + err.Error()}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				if root.Local != "" {
					return root, nil, &Problem{File: name, Line: line, Msg: "not well-formed XML: a second root element <" + t.Name.Local + ">"}
				}
				root = t.Name
			}
			depth++
			t = t.Copy()
			leaf, leafLine = &t, line
			text.Reset()
		case xml.CharData:
			if leaf != nil {
				text.Write(t)
			}
		case xml.EndElement:
			depth--
			if leaf != nil {
				urls = append(urls, pick(*leaf, text.String(), leafLine)...)
				leaf = nil
			}
		}
	}
}

// feed checks an Atom feed.
func (s *site) feed(name string, data []byte) result {
	root, urls, p := scanXML(name, data, func(el xml.StartElement, text string, line int) []xmlURL {
		if el.Name.Space != atomNS {
			return nil
		}
		switch el.Name.Local {
		case "link":
			for _, a := range el.Attr {
				if a.Name.Local == "href" && a.Name.Space == "" {
					return []xmlURL{{line: line, what: "<link href>", value: a.Value, exist: true}}
				}
			}
		case "id":
			if u, err := url.Parse(strings.TrimSpace(text)); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
				return []xmlURL{{line: line, what: "<id>", value: text}}
			}
		}
		return nil
	})
	if p != nil {
		return result{problems: []Problem{*p}}
	}
	if root.Space != atomNS || root.Local != "feed" {
		return result{problems: []Problem{{File: name, Msg: fmt.Sprintf("the root element is <%s>, not an Atom <feed>", root.Local)}}}
	}
	return s.urls(name, urls)
}

// sitemap checks a sitemap file: sitemap.xml, a <urlset> or an index of
// parts (<sitemapindex>), or one of those parts, a <urlset>.
func (s *site) sitemap(name string, data []byte) result {
	root, urls, p := scanXML(name, data, func(el xml.StartElement, text string, line int) []xmlURL {
		if el.Name.Space == sitemap.Namespace && el.Name.Local == "loc" {
			return []xmlURL{{line: line, what: "<loc>", value: text, exist: true}}
		}
		return nil
	})
	if p != nil {
		return result{problems: []Problem{*p}}
	}
	index := name == sitemap.Name && root.Space == sitemap.Namespace && root.Local == "sitemapindex"
	if !index && (root.Space != sitemap.Namespace || root.Local != "urlset") {
		want := "a sitemap <urlset>"
		if name == sitemap.Name {
			want += " or <sitemapindex>"
		}
		return result{problems: []Problem{{File: name, Msg: fmt.Sprintf("the root element is <%s>, not %s", root.Local, want)}}}
	}
	r := s.urls(name, urls)
	what, holds := "addresses", "a sitemap"
	if index {
		what, holds = "parts", "a sitemap index"
		r.problems = append(r.problems, s.parts(name, urls)...)
	}
	if len(urls) > sitemap.MaxURLs {
		r.problems = append(r.problems, Problem{File: name, Warning: true, Msg: fmt.Sprintf(
			"%d %s, more than the %d %s may hold; search engines ignore the file", len(urls), what, sitemap.MaxURLs, holds)})
	}
	if len(data) > sitemap.MaxBytes {
		r.problems = append(r.problems, Problem{File: name, Warning: true, Msg: fmt.Sprintf(
			"%s, more than the %s %s may be; search engines ignore the file", bytesize(int64(len(data))), bytesize(sitemap.MaxBytes), holds)})
	}
	return r
}

// parts checks that every file a sitemap index lists is named as a part.
// That the file exists, urls checks; its addresses, the check of the part
// itself.
func (s *site) parts(name string, urls []xmlURL) []Problem {
	var out []Problem
	for _, x := range urls {
		u, err := url.Parse(strings.TrimSpace(x.value))
		if err != nil || !u.IsAbs() || !s.own(u) {
			continue // a problem of the URL already
		}
		rel, ok := s.below(s.base.ResolveReference(u))
		if ok && !sitemap.IsPart(rel) {
			out = append(out, Problem{File: name, Line: x.line, Msg: fmt.Sprintf("%s %q: not a sitemap part; parts are named like %s", x.what, x.value, sitemap.Part(1))})
		}
	}
	return out
}

// robots checks the sitemaps that robots.txt names.
func (s *site) robots(name string, data []byte) result {
	var urls []xmlURL
	sc := bufio.NewScanner(bytes.NewReader(data))
	for line := 1; sc.Scan(); line++ {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.EqualFold(strings.TrimSpace(k), "sitemap") {
			urls = append(urls, xmlURL{line: line, what: "Sitemap:", value: strings.TrimSpace(v), exist: true})
		}
	}
	return s.urls(name, urls)
}

// urls checks that each URL is absolute, below the base URL and, when it
// must, names a file of the site.
func (s *site) urls(name string, urls []xmlURL) result {
	var r result
	for _, x := range urls {
		bad := func(why string) {
			r.problems = append(r.problems, Problem{File: name, Line: x.line, Msg: fmt.Sprintf("%s %q: %s", x.what, x.value, why)})
		}
		u, err := url.Parse(strings.TrimSpace(x.value))
		if err != nil || !u.IsAbs() || u.Host == "" {
			bad("not an absolute URL")
			continue
		}
		r.links++
		u = s.base.ResolveReference(u) // removes dot segments
		rel, ok := s.below(u)
		if !s.own(u) || !ok {
			bad("not below the base URL " + s.base.String())
			continue
		}
		if x.exist && s.file(rel) == "" {
			bad("no file " + rel)
		}
	}
	return r
}
