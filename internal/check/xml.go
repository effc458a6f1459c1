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
)

const (
	atomNS    = "http://www.w3.org/2005/Atom"
	sitemapNS = "http://www.sitemaps.org/schemas/sitemap/0.9"
)

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

// sitemap checks the sitemap.
func (s *site) sitemap(name string, data []byte) result {
	root, urls, p := scanXML(name, data, func(el xml.StartElement, text string, line int) []xmlURL {
		if el.Name.Space == sitemapNS && el.Name.Local == "loc" {
			return []xmlURL{{line: line, what: "<loc>", value: text, exist: true}}
		}
		return nil
	})
	if p != nil {
		return result{problems: []Problem{*p}}
	}
	if root.Space != sitemapNS || root.Local != "urlset" {
		return result{problems: []Problem{{File: name, Msg: fmt.Sprintf("the root element is <%s>, not a sitemap <urlset>", root.Local)}}}
	}
	r := s.urls(name, urls)
	if len(urls) > sitemapMax {
		r.problems = append(r.problems, Problem{File: name, Warning: true, Msg: fmt.Sprintf(
			"%d addresses, more than the %d a sitemap may hold; search engines ignore the file", len(urls), sitemapMax)})
	}
	return r
}

// sitemapMax is the most addresses one sitemap file may list
// (sitemaps.org); a larger site needs a sitemap index.
const sitemapMax = 50_000

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
