package check

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"briefing/internal/sitemap"
)

var update = flag.Bool("update", false, "rewrite the want section of each testdata case")

// TestCases checks each site in testdata/*.txtar. A case's comment says
// what it shows and sets the base URL ("base: URL") and, if it needs one, a
// size limit ("limit: N"); its "want" file lists the problems, one a line;
// every other file is the site.
func TestCases(t *testing.T) {
	cases, err := filepath.Glob("testdata/*.txtar")
	if err != nil || len(cases) == 0 {
		t.Fatal("no cases in testdata", err)
	}
	for _, file := range cases {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			base, limit := "", int64(Limit)
			for _, line := range strings.Split(string(ar.Comment), "\n") {
				if v, ok := strings.CutPrefix(line, "base: "); ok {
					base = v
				}
				if v, ok := strings.CutPrefix(line, "limit: "); ok {
					if limit, err = strconv.ParseInt(v, 10, 64); err != nil {
						t.Fatal(err)
					}
				}
			}
			fsys := fstest.MapFS{}
			want := -1
			for i, f := range ar.Files {
				if f.Name == "want" {
					want = i
					continue
				}
				fsys[f.Name] = &fstest.MapFile{Data: f.Data}
			}
			if base == "" || want < 0 {
				t.Fatal("the case needs a base: line and a want file")
			}

			rep, err := Site(fsys, base, limit)
			if err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			for _, p := range rep.Problems {
				got.WriteString(p.String() + "\n")
			}
			if *update {
				ar.Files[want].Data = got.Bytes()
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if g, w := got.String(), string(ar.Files[want].Data); g != w {
				t.Errorf("problems:\n%s\nwant:\n%s", g, w)
			}
		})
	}
}

func TestReport(t *testing.T) {
	fsys := fstest.MapFS{
		"index.html":      {Data: []byte(`<a href="a/">A</a> <a href="b/">B</a> <a href="https://elsewhere.example/">C</a>`)},
		"a/index.html":    {Data: []byte(`<a href="../">Home</a>`)},
		"extra/data.json": {Data: make([]byte, 700)},
	}
	rep, err := Site(fsys, "https://example.org/", 1000)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := rep.Write(&out, "public"); err != nil {
		t.Fatal(err)
	}
	want := `public: warning: the site is 802 B, 80.2% of the 1 KB limit of GitHub Pages
public/index.html:1: a href "b/": no file b/index.html
check: 2 pages, 3 links, 1 problem, 1 warning, size 802 B (80.2% of the 1 KB limit)
`
	if out.String() != want {
		t.Errorf("report:\n%s\nwant:\n%s", out.String(), want)
	}
	if rep.Failures() != 1 {
		t.Errorf("%d failures, want 1", rep.Failures())
	}
}

func TestBadArguments(t *testing.T) {
	for _, tc := range []struct {
		base  string
		limit int64
	}{
		{"/archive/", Limit},
		{"example.org/archive/", Limit},
		{"ftp://example.org/", Limit},
		{"https://example.org/", 0},
	} {
		if _, err := Site(fstest.MapFS{}, tc.base, tc.limit); err == nil {
			t.Errorf("Site(%q, %d) gave no error", tc.base, tc.limit)
		}
	}
}

func TestSrcset(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"a.png", []string{"a.png"}},
		{"a.png 1x, b.png 2x", []string{"a.png", "b.png"}},
		{"a.png 480w,b.png 800w", []string{"a.png", "b.png"}},
		{"a.png,b.png 2x", []string{"a.png,b.png"}}, // a URL runs to white space
		{" data:image/gif;base64,R0l= 1x , c.png (x,y) 2x, d.png", []string{"data:image/gif;base64,R0l=", "c.png", "d.png"}},
		{"", nil},
	} {
		got := srcset(tc.in)
		if strings.Join(got, "|") != strings.Join(tc.want, "|") || len(got) != len(tc.want) {
			t.Errorf("srcset(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestMovedArticleIsNoArticle: the page left at a moved article's old
// address is not counted as an article of its own.
func TestMovedArticleIsNoArticle(t *testing.T) {
	fsys := fstest.MapFS{
		"index.html":              {Data: []byte(`<!DOCTYPE html><title>home</title><a href="/articles/new/">new</a>`)},
		"articles/new/index.html": {Data: []byte("<!DOCTYPE html><title>new</title>")},
		"articles/old/index.html": {Data: []byte(`<!DOCTYPE html><title>Moved</title><meta http-equiv="refresh" content="0; url=/articles/new/"><a href="/articles/new/">new</a>`)},
	}
	rep, err := Site(fsys, "https://example.org/", 1_000_000)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Articles != 1 || rep.Pages != 3 || len(rep.Problems) != 0 {
		t.Errorf("articles = %d, pages = %d, problems %v; want 1 article of 3 pages, no problem", rep.Articles, rep.Pages, rep.Problems)
	}
}

func TestProjection(t *testing.T) {
	fsys := fstest.MapFS{
		"index.html":            {Data: []byte("<!DOCTYPE html><title>home</title>" + strings.Repeat(" ", 966))},
		"articles/a/index.html": {Data: []byte("<!DOCTYPE html><title>a</title>" + strings.Repeat(" ", 469))},
		"articles/b/index.html": {Data: []byte("<!DOCTYPE html><title>b</title>" + strings.Repeat(" ", 469))},
		"articles/index.html":   {Data: []byte("<!DOCTYPE html><title>list</title>" + strings.Repeat(" ", 966))},
	}
	rep, err := Site(fsys, "https://example.org/", 1_000_000)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Articles != 2 {
		t.Errorf("articles = %d, want 2 (a list of articles is not one)", rep.Articles)
	}
	var out strings.Builder
	if err := rep.Write(&out, "public"); err != nil {
		t.Fatal(err)
	}
	// 3,000 bytes for 2 articles: 1,500 bytes each, 666 in 1 MB; 150 MB
	// at 100,000, within 850 MB.
	if want := "check: 2 articles, 1.5 KB each with their share of lists, feeds and search index: about 666 articles fit the 1 MB limit\n" +
		"check: per article: article pages 500 B, home 500 B, other 500 B\n" +
		"check: 100000 articles at 1.5 KB each would take 150 MB, within the target of 850 MB\n"; !strings.HasSuffix(out.String(), want) {
		t.Errorf("report ends %q, want %q", out.String(), want)
	}
}

// Every file counts toward the projection, the search index and hidden
// files too, and a site that would not hold 100,000 articles in 850 MB
// says so.
func TestProjectionCountsEveryFile(t *testing.T) {
	fsys := fstest.MapFS{
		"articles/a/index.html":        {Data: []byte("<!DOCTYPE html><title>a</title>" + strings.Repeat(" ", 969))},
		"tags/iraq/index.html":         {Data: []byte("<!DOCTYPE html><title>Iraq</title>" + strings.Repeat(" ", 966))},
		"search-index/w0-abcdefgh.bin": {Data: make([]byte, 4000)},
		"search/index/words-0001.bin":  {Data: make([]byte, 3000)},
		".nojekyll":                    {Data: make([]byte, 0)},
		"sitemap.xml":                  {Data: []byte(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>` + strings.Repeat(" ", 931))},
	}
	rep, err := Site(fsys, "https://example.org/", Limit)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Size != 10_000 {
		t.Errorf("size = %d, want 10000: every file", rep.Size)
	}
	var out strings.Builder
	if err := rep.Write(&out, "public"); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"check: per article: article pages 1000 B, tag list pages 1000 B, sitemap 1000 B, search index 7000 B\n",
		"check: 100000 articles at 10 KB each would take 1 GB, over the target of 850 MB\n",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
}

// A sitemap may list 50,000 addresses; one more and search engines
// ignore it, which the check says.
func TestSitemapOverItsLimit(t *testing.T) {
	for _, n := range []int{sitemap.MaxURLs, sitemap.MaxURLs + 1} {
		var b strings.Builder
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
		for range n {
			b.WriteString("<url><loc>https://example.org/</loc></url>\n")
		}
		b.WriteString("</urlset>\n")
		fsys := fstest.MapFS{
			"index.html":  {Data: []byte("<!DOCTYPE html><title>home</title>")},
			"sitemap.xml": {Data: []byte(b.String())},
		}
		rep, err := Site(fsys, "https://example.org/", Limit)
		if err != nil {
			t.Fatal(err)
		}
		var warned []Problem
		for _, p := range rep.Problems {
			if p.Warning && strings.Contains(p.Msg, "more than the 50000 a sitemap may hold") {
				warned = append(warned, p)
			}
		}
		if got := len(warned) == 1; got != (n > sitemap.MaxURLs) || rep.Failures() != 0 {
			t.Errorf("%d addresses: problems %v", n, rep.Problems)
		}
	}
}

// TestSplitSitemapIsNotOverItsLimit lists 60,000 addresses in two parts
// of 30,000 that a sitemap index names: no file is over the limit, and
// the check neither warns nor fails.
func TestSplitSitemapIsNotOverItsLimit(t *testing.T) {
	part := func(n int) []byte {
		var b strings.Builder
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
		for range n {
			b.WriteString("<url><loc>https://example.org/</loc></url>\n")
		}
		b.WriteString("</urlset>\n")
		return []byte(b.String())
	}
	fsys := fstest.MapFS{
		"index.html": {Data: []byte("<!DOCTYPE html><title>home</title>")},
		"sitemap.xml": {Data: []byte(`<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://example.org/sitemap-1.xml</loc></sitemap>
<sitemap><loc>https://example.org/sitemap-2.xml</loc></sitemap>
</sitemapindex>
`)},
		"sitemap-1.xml": {Data: part(30_000)},
		"sitemap-2.xml": {Data: part(30_000)},
	}
	rep, err := Site(fsys, "https://example.org/", Limit)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Problems) != 0 {
		t.Errorf("problems %v", rep.Problems)
	}
	if rep.Links < 60_002 {
		t.Errorf("the check followed %d links, want the index's 2 and the parts' 60,000", rep.Links)
	}
}
