package check

import (
	"bytes"
	"fmt"
	"net/url"
	"path"
	"strings"

	"golang.org/x/net/html"
)

// refAttrs lists, for each element, the attributes that hold a reference.
var refAttrs = map[string][]string{
	"a":      {"href"},
	"area":   {"href"},
	"link":   {"href"},
	"img":    {"src", "srcset"},
	"source": {"src", "srcset"},
	"script": {"src"},
	"iframe": {"src"},
	"embed":  {"src"},
	"audio":  {"src"},
	"video":  {"src", "poster"},
	"track":  {"src"},
	"form":   {"action"},
	"object": {"data"},
}

// fragment is an internal reference whose #id must be on its target page.
type fragment struct {
	from   string // the page with the reference
	line   int
	what   string // element and attribute: `a href`
	ref    string // as written
	target string // the file it names
	id     string
}

func (f fragment) problem() Problem {
	where := "on this page"
	if f.target != f.from {
		where = "in " + f.target
	}
	return Problem{File: f.from, Line: f.line, Msg: fmt.Sprintf("%s %q: no id %q %s", f.what, f.ref, f.id, where)}
}

// page checks one HTML page's references and collects its ids.
func (s *site) page(name string, data []byte) result {
	r := result{ids: map[string]bool{}}
	self := *s.base
	if path.Base(name) == "index.html" {
		self.Path += strings.TrimSuffix(name, "index.html")
	} else {
		self.Path += name
	}
	doc := &self
	notFound := name == "404.html"

	z := html.NewTokenizer(bytes.NewReader(data))
	line := 1
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break // io.EOF: the tokenizer reads from memory
		}
		at := line
		line += bytes.Count(z.Raw(), []byte{'\n'})
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tag, more := z.TagName()
		el := string(tag)
		names := refAttrs[el]
		for more {
			var k, v []byte
			k, v, more = z.TagAttr()
			key := string(k)
			switch {
			case key == "id" || (key == "name" && el == "a"):
				r.ids[string(v)] = true
				continue
			case el == "meta" && key == "http-equiv" && strings.EqualFold(string(v), "refresh"):
				r.redirect = true
				continue
			case el == "base" && key == "href":
				if u, err := url.Parse(strings.TrimSpace(string(v))); err == nil {
					doc = doc.ResolveReference(u)
				}
				continue
			}
			for _, n := range names {
				if n != key {
					continue
				}
				refs := []string{string(v)}
				if key == "srcset" {
					refs = srcset(string(v))
				}
				for _, ref := range refs {
					s.ref(&r, name, at, el+" "+key, ref, doc, notFound)
				}
			}
		}
	}
	return r
}

// ref checks one reference written on page name at line.
func (s *site) ref(r *result, name string, line int, what, ref string, doc *url.URL, notFound bool) {
	bad := func(why string) {
		r.problems = append(r.problems, Problem{File: name, Line: line, Msg: fmt.Sprintf("%s %q: %s", what, ref, why)})
	}
	u, err := url.Parse(strings.TrimSpace(ref))
	if err != nil {
		bad("not a URL")
		return
	}
	t := doc.ResolveReference(u)
	if !s.own(t) {
		return
	}
	r.links++
	if notFound && u.Scheme == "" && u.Host == "" && u.Path != "" && !strings.HasPrefix(u.Path, "/") {
		bad("a relative link on the page served for every missing address; make it root-relative")
		return
	}
	rel, ok := s.below(t)
	if !ok {
		bad("outside the base path " + s.base.Path)
		return
	}
	file := s.file(rel)
	if file == "" {
		bad("no file " + rel)
		return
	}
	if t.Fragment != "" && !strings.EqualFold(t.Fragment, "top") && strings.HasSuffix(file, ".html") {
		r.frags = append(r.frags, fragment{from: name, line: line, what: what, ref: ref, target: file, id: t.Fragment})
	}
}

// srcset returns the URLs of a srcset attribute's candidates. A URL runs
// to the next white space; a comma ends the candidate only outside the URL
// and outside parentheses, so data: URLs keep their commas.
func srcset(v string) []string {
	var urls []string
	for {
		v = strings.TrimLeft(v, " \t\n\r\f,")
		if v == "" {
			return urls
		}
		end := strings.IndexAny(v, " \t\n\r\f")
		if end < 0 {
			end = len(v)
		}
		u := v[:end]
		v = v[end:]
		if strings.HasSuffix(u, ",") {
			urls = append(urls, strings.TrimRight(u, ","))
			continue
		}
		urls = append(urls, u)
		depth, i := 0, 0
	descriptors:
		for ; i < len(v); i++ {
			switch v[i] {
			case '(':
				depth++
			case ')':
				depth = max(0, depth-1)
			case ',':
				if depth == 0 {
					break descriptors
				}
			}
		}
		v = v[i:]
	}
}
