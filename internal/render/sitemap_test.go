package render

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"briefing/internal/config"
	"briefing/internal/markdown"
	"briefing/internal/site"
	"briefing/internal/sitemap"
	"briefing/internal/taxonomy"
)

// sitemapSite is a site of n articles, dated a day apart from 2020 on but
// those in undated, with edit applied to the article files first.
func sitemapSite(t *testing.T, n int, undated map[int]bool, edit func(fsys fstest.MapFS)) *site.Site {
	t.Helper()
	tax, err := taxonomy.Parse("taxonomy.yaml", []byte("threshold: 2\ntags:\n  - name: Iraq\n    kind: country\n    words: [Iraq]\n"))
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for i := range n {
		date := ""
		if !undated[i] {
			date = fmt.Sprintf("date: \"2020-%02d-%02d\"\n", 1+i/28%12, 1+i%28)
		}
		fsys[fmt.Sprintf("article-%03d.md", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf(
			"---\nid: a%d\ntitle: Article %d\n%ssources: [x.txt:%d]\n---\nWords of article %d.\n", i, i, date, i+1, i))}
	}
	if edit != nil {
		edit(fsys)
	}
	srcs, err := site.NewLoader(markdown.New(), tax.Matcher()).Load(fsys, "content")
	if err != nil {
		t.Fatal(err)
	}
	s, err := site.Build(srcs, tax, &site.Memo{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func sitemapRenderer(t *testing.T) *Renderer {
	t.Helper()
	cfg := config.DefaultConfig()
	cfg.BaseURL = "https://example.org/archive/"
	r, err := New(&cfg, "templates", os.DirFS("../../templates"), map[string]string{"favicon.svg": "1", "css/site.css": "1", "css/print.css": "1", "js/search.js": "1"})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// sitemapFiles plans s and renders its sitemap files: name → signature
// and bytes.
func sitemapFiles(t *testing.T, r *Renderer, s *site.Site) map[string]sitemapFile {
	t.Helper()
	jobs, err := r.Plan(s)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]sitemapFile{}
	for _, j := range jobs {
		if !sitemap.Taken(j.Path) {
			continue
		}
		b, err := j.Render()
		if err != nil {
			t.Fatal(err)
		}
		out[j.Path] = sitemapFile{j.Sig, string(b)}
	}
	return out
}

type sitemapFile struct {
	sig   uint64
	bytes string
}

// lines are a sitemap file's entries, one a line, without the start and
// end of the file.
func lines(t *testing.T, f string) []string {
	t.Helper()
	l := strings.Split(strings.TrimSuffix(f, "\n"), "\n")
	if len(l) < 3 {
		t.Fatalf("a sitemap file of %d lines:\n%s", len(l), f)
	}
	return l[2 : len(l)-1]
}

// TestSitemapPartsWithinBothLimits cuts one site's sitemap by addresses
// and by bytes: every part is within the limit, none could have taken the
// next part's first address, and the parts hold the single sitemap's
// lines, each once, in its order.
func TestSitemapPartsWithinBothLimits(t *testing.T) {
	s := sitemapSite(t, 60, map[int]bool{3: true, 40: true}, nil)
	r := sitemapRenderer(t)
	whole := sitemapFiles(t, r, s)
	if len(whole) != 1 {
		t.Fatalf("%d sitemap files below the limits", len(whole))
	}
	single := lines(t, whole[sitemap.Name].bytes)
	if len(single) < 60 || !strings.Contains(whole[sitemap.Name].bytes, "<lastmod>2020-01-02</lastmod>") {
		t.Fatalf("the single sitemap:\n%s", whole[sitemap.Name].bytes)
	}
	// The head and tail every part has besides its lines.
	frame := len(urlsetOpen) + len(urlsetClose)
	for _, tc := range []struct{ urls, size int }{
		{urls: 7},
		{urls: 1},
		{size: frame + 3*len(single[0]) + 10},
		{size: 1000, urls: 5},
		{size: 20_000, urls: 10}, // every line's bound fits: no line's size worked out
	} {
		t.Run(fmt.Sprintf("%d addresses, %d bytes", tc.urls, tc.size), func(t *testing.T) {
			r.SetSitemapLimits(tc.urls, tc.size)
			defer r.SetSitemapLimits(0, 0)
			files := sitemapFiles(t, r, s)
			index := files[sitemap.Name].bytes
			if !strings.Contains(index, "<sitemapindex") {
				t.Fatalf("sitemap.xml is no index:\n%s", index)
			}
			entries := lines(t, index)
			if len(files) != len(entries)+1 {
				t.Errorf("%d parts listed, %d written", len(entries), len(files)-1)
			}
			var all []string
			for i := range entries {
				name := sitemap.Part(i + 1)
				if !strings.Contains(entries[i], "<loc>https://example.org/archive/"+name+"</loc>") {
					t.Errorf("index entry %d: %s", i+1, entries[i])
				}
				f, ok := files[name]
				if !ok {
					t.Fatalf("no %s", name)
				}
				part := lines(t, f.bytes)
				if tc.urls > 0 && len(part) > tc.urls {
					t.Errorf("%s: %d addresses, over %d", name, len(part), tc.urls)
				}
				if tc.size > 0 && len(f.bytes) > tc.size {
					t.Errorf("%s: %d bytes, over %d", name, len(f.bytes), tc.size)
				}
				if next, ok := files[sitemap.Part(i+2)]; ok {
					first := len(lines(t, next.bytes)[0]) + 1
					if (tc.urls == 0 || len(part) < tc.urls) && (tc.size == 0 || len(f.bytes)+first <= tc.size) {
						t.Errorf("%s: %d addresses in %d bytes, and the next would have fit", name, len(part), len(f.bytes))
					}
				}
				all = append(all, part...)
			}
			if strings.Join(all, "\n") != strings.Join(single, "\n") {
				t.Errorf("the parts hold %d lines, the single sitemap %d, not the same", len(all), len(single))
			}
		})
	}
}

// TestSitemapPartSignatures edits a split site's articles and plans it
// again: a sitemap file's signature changes exactly when its bytes do, so
// an edit rewrites the parts it changes and no other: a new title changes
// none, a new date within its place one part, not every one. A new
// article moves every address after its place: the parts after it change.
func TestSitemapPartSignatures(t *testing.T) {
	r := sitemapRenderer(t)
	r.SetSitemapLimits(10, 0)
	before := sitemapFiles(t, r, sitemapSite(t, 60, nil, nil))
	if len(before) < 6 {
		t.Fatalf("%d sitemap files", len(before))
	}
	retitle := func(fsys fstest.MapFS) {
		f := fsys["article-030.md"]
		f.Data = bytes.Replace(f.Data, []byte("title: Article 30"), []byte("title: Another title"), 1)
	}
	redate := func(fsys fstest.MapFS) {
		// 2020-02-03, day 31, to the day before, still after article 30.
		f := fsys["article-031.md"]
		f.Data = bytes.Replace(f.Data, []byte("2020-02-04"), []byte("2020-02-03"), 1)
	}
	for _, tc := range []struct {
		name    string
		n       int
		edit    func(fsys fstest.MapFS)
		changed int  // sitemap files whose bytes change, at least
		some    bool // and not every one
	}{
		{"a title", 60, retitle, 0, true},
		{"a date within its place", 60, redate, 1, true},
		{"an article added", 61, nil, 2, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			after := sitemapFiles(t, r, sitemapSite(t, tc.n, nil, tc.edit))
			changed := 0
			for name, a := range after {
				b, ok := before[name]
				if !ok {
					continue
				}
				if (a.sig != b.sig) != (a.bytes != b.bytes) {
					t.Errorf("%s: signature changed %v, bytes changed %v", name, a.sig != b.sig, a.bytes != b.bytes)
				}
				if a.bytes != b.bytes {
					changed++
				}
			}
			if tc.changed == 0 && changed != 0 || changed < tc.changed {
				t.Errorf("%d sitemap files changed, want %d", changed, tc.changed)
			}
			if tc.some && changed == len(after) {
				t.Errorf("every sitemap file changed")
			}
			// Plan the first site again, for the next edit.
			sitemapFiles(t, r, sitemapSite(t, 60, nil, nil))
		})
	}
}

// BenchmarkSitemapParts is the sitemap of a site the size of 100,000
// articles (110,000 pages): cut into parts with each part's signature, as
// every plan does, and each part's bytes, as a build that writes them
// does.
func BenchmarkSitemapParts(b *testing.B) {
	cfg := config.DefaultConfig()
	cfg.BaseURL = "https://example.org/archive/"
	r := &Renderer{cfg: &cfg, base: "/archive/"}
	d := &sitemapData{}
	for i := range 110_000 {
		d.Pages = append(d.Pages, fmt.Sprintf("articles/%06d-a-title-of-some-length/index.html", i))
		d.Lastmod = append(d.Lastmod, fmt.Sprintf("20%02d-%02d-%02d", 10+i%15, 1+i%12, 1+i%28))
	}
	b.Run("plan", func(b *testing.B) {
		for b.Loop() {
			for _, part := range r.cutSitemap(d) {
				if _, err := signature("sitemap", part); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("render", func(b *testing.B) {
		parts := r.cutSitemap(d)
		size := 0
		for b.Loop() {
			size = 0
			for _, part := range parts {
				data, err := r.sitemap(part)
				if err != nil {
					b.Fatal(err)
				}
				size += len(data)
			}
		}
		b.ReportMetric(float64(len(parts)), "files")
		b.ReportMetric(float64(size), "bytes")
	})
}
