package render

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// Every rewritten address leads where the root-relative one did, from
// pages at every depth, for targets at every depth, with queries and
// fragments.
func TestRelativeToLeadsToTheSamePlace(t *testing.T) {
	dirs := []string{"", "tags/", "articles/a/", "tags/iraq/page/2/", "timeline/2024/", "about/"}
	targets := []string{"", "tags/", "tags/iraq/", "tags/iraq/page/2/", "articles/a/", "articles/b/",
		"articles/a/#notes", "css/site.css?v=12", "feed.xml", "tags/iraq/feed.xml", "timeline/2024/#m2024-01", "about/", "a:b/"}
	for _, base := range []string{"/", "/briefing-archive/"} {
		root, _ := url.Parse("https://example.org" + base)
		for _, d := range dirs {
			page := root.ResolveReference(&url.URL{Path: d})
			for _, target := range targets {
				want := mustURL(t, root.String()+target)
				rel := relativeTo(d, target)
				got := page.ResolveReference(mustURL(t, rel))
				if got.String() != want.String() {
					t.Errorf("from %s to %q: %q leads to %s, want %s", page, target, rel, got, want)
				}
			}
		}
	}
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatalf("%q: %v", s, err)
	}
	return u
}

// A page's links are rewritten in href, src and action only, where that is
// shorter, and never on the 404 page.
func TestRelativeRewritesLinksOnly(t *testing.T) {
	r := &Renderer{base: "/news-archive/"}
	in := `<a href="/news-archive/tags/iraq/">Iraq</a> <img src="/news-archive/x.png"> <form action="/news-archive/search/"></form> <p data-url="/news-archive/tags/">/news-archive/tags/</p> <a href="//cdn.example/news-archive/">x</a> <a href="/news-archive/articles/a/">self</a>`
	want := `<a href="../../tags/iraq/">Iraq</a> <img src="../../x.png"> <form action="../../search/"></form> <p data-url="/news-archive/tags/">/news-archive/tags/</p> <a href="//cdn.example/news-archive/">x</a> <a href="./">self</a>`
	if got := string(r.relative("articles/a/index.html", []byte(in))); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if got := string(r.relative("404.html", []byte(in))); got != in {
		t.Errorf("the 404 page was rewritten:\n%s", got)
	}
	// At the root, a link from deep down stays root-relative: "/tags/" is
	// shorter than "../../tags/".
	r = &Renderer{base: "/"}
	in = `<a href="/tags/">Tags</a><a href="/articles/b/">B</a><a href="//cdn.example/x">x</a>`
	want = `<a href="/tags/">Tags</a><a href="../b/">B</a><a href="//cdn.example/x">x</a>`
	if got := string(r.relative("articles/a/index.html", []byte(in))); got != want {
		t.Errorf("at the root: got\n%s\nwant\n%s", got, want)
	}
}

// BenchmarkRelative rewrites the links of a page like a generated
// article's: 30 links to the site and 6 KB of text, at a project site's
// base path.
func BenchmarkRelative(b *testing.B) {
	var page strings.Builder
	for i := range 30 {
		fmt.Fprintf(&page, "<li><a href=\"/briefing-archive/articles/an-article-with-a-long-slug-like-the-others-%d/\">A title</a></li>\n", i)
		if i == 10 {
			page.WriteString(strings.Repeat("<p>Words of the article, escaped &amp; plain.</p>\n", 120))
		}
	}
	src := []byte(page.String())
	r := &Renderer{base: "/briefing-archive/"}
	buf := make([]byte, len(src))
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		copy(buf, src)
		r.relative("articles/a-generated-article/index.html", buf)
	}
}
