package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"briefing/internal/check"
	"briefing/internal/config"
	"briefing/internal/testsite"
)

// movedSite has b.md, which lists two old addresses, and renamed.md, whose
// file convert first wrote as first-name.md (the manifest says so).
func movedSite(t *testing.T) string {
	t.Helper()
	dir := testsite.New(t)
	testsite.Write(t, dir, "site.yaml", "title: Moved\nbase_url: https://o.github.io/repo/\n")
	testsite.Write(t, dir, "content/b.md", "---\nid: b0b0b0b0b0b0\ntitle: Bee\ndate: \"2021-02-03\"\nsources: [t.txt:1]\naliases:\n  - /articles/old-bee/\n  - old/bee.html\n---\nText.\n")
	testsite.Write(t, dir, "content/renamed.md", testsite.Article("Renamed", "2021-02-05", "Text."))
	id := strings.Fields(strings.Split(testsite.Article("Renamed", "", ""), "\n")[1])[1]
	testsite.Write(t, dir, "content/imported.json", `{"version": 1, "pages": {}, "sources": {}, "names": {"`+id+`": "first-name", "b0b0b0b0b0b0": "b"}}`)
	return dir
}

// Old addresses answer with a page that sends the reader on, tells search
// engines where the page is now and not to index the old one; the sitemap
// lists only the new address.
func TestRedirectsFromOldAddresses(t *testing.T) {
	out, _ := buildSite(t, movedSite(t), nil)
	for old, to := range map[string]string{
		"articles/old-bee/index.html":    "articles/b/",
		"old/bee.html":                   "articles/b/",
		"articles/first-name/index.html": "articles/renamed/",
	} {
		page := resolved("/repo/", old, read(t, out, old))
		for _, want := range []string{
			`<meta http-equiv="refresh" content="0; url=/repo/` + to + `">`,
			`<link rel="canonical" href="https://o.github.io/repo/` + to + `">`,
			`<meta name="robots" content="noindex">`,
			`<a href="/repo/` + to + `">`,
		} {
			if !strings.Contains(page, want) {
				t.Errorf("%s lacks %s:\n%s", old, want, page)
			}
		}
	}
	sitemap := read(t, out, "sitemap.xml")
	if strings.Contains(sitemap, "old-bee") || strings.Contains(sitemap, "first-name") || strings.Contains(sitemap, "old/bee") {
		t.Errorf("the sitemap lists an old address:\n%s", sitemap)
	}
	for _, want := range []string{"https://o.github.io/repo/articles/b/", "https://o.github.io/repo/articles/renamed/"} {
		if !strings.Contains(sitemap, "<loc>"+want+"</loc>") {
			t.Errorf("the sitemap lacks %s", want)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "articles/b/index.html")); err != nil {
		t.Error("b's own page is missing")
	}
}

// Two things may not claim one address: the error names the alias's
// file and line.
func TestAddressClaimedTwice(t *testing.T) {
	tests := []struct {
		name, file, data, want string
	}{
		{"alias on an article's address", "content/c.md",
			"---\nid: c1\ntitle: Sea\nsources: [t.txt:1]\naliases: [/articles/renamed/]\n---\nText.\n",
			"content/c.md:5: aliases: /articles/renamed/ is the address of content/renamed.md"},
		{"alias on another alias", "content/c.md",
			"---\nid: c1\ntitle: Sea\nsources: [t.txt:1]\naliases:\n  - /articles/x/\n  - /articles/old-bee\n---\nText.\n",
			"content/c.md:7: aliases: /articles/old-bee/ is the address of content/b.md:7 (an alias)"},
		{"alias off the site", "content/c.md",
			"---\nid: c1\ntitle: Sea\nsources: [t.txt:1]\naliases: [\"https://elsewhere.example/x\"]\n---\nText.\n",
			`content/c.md:5: aliases: "https://elsewhere.example/x" is not an address on this site`},
		{"page on the site's own address", "content/pages/tags.md",
			"---\ntitle: Tags\n---\nText.\n",
			"content/pages/tags.md: the address /tags/ belongs to the site itself"},
		{"page alias on a tag", "content/pages/about.md",
			"---\ntitle: About\naliases: [/tags/iraq/]\n---\nIraq and Iraq.\n",
			"content/pages/about.md:3: aliases: /tags/iraq/ is the address of the tag Iraq"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := movedSite(t)
			testsite.Write(t, dir, "content/iraq.md", testsite.Article("Iraq", "2020-01-01", "Iraq and Iraq."))
			testsite.Write(t, dir, tc.file, tc.data)
			_, err := builder(t, dir, nil).Full()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %v\nwant %s", err, tc.want)
			}
		})
	}
}

// The archive's own pages are at the root under their file name, linked
// from every page's footer, and in no list, feed or tag.
func TestOwnPages(t *testing.T) {
	dir := movedSite(t)
	testsite.Write(t, dir, "content/pages/about.md", "---\ntitle: About us\ndescription: Who keeps the archive.\n---\nWe keep it. See [Bee](@/b) and the [tags](/tags/).\n")
	testsite.Write(t, dir, "content/pages/methodology.md", "---\ntitle: Methodology\n---\nIraq and Iraq, counted.\n")
	out, _ := buildSite(t, dir, nil)
	about := resolved("/repo/", "about/index.html", read(t, out, "about/index.html"))
	for _, want := range []string{
		"<h1>About us</h1>",
		`<meta name="description" content="Who keeps the archive.">`,
		`<a href="/repo/articles/b/">Bee</a>`,
		`<a href="/repo/tags/">tags</a>`,
	} {
		if !strings.Contains(about, want) {
			t.Errorf("about/index.html lacks %s", want)
		}
	}
	for _, p := range []string{"index.html", "articles/b/index.html", "tags/index.html", "404.html"} {
		page := resolved("/repo/", p, read(t, out, p))
		if !strings.Contains(page, `<a href="/repo/about/">About us</a>`) || !strings.Contains(page, `<a href="/repo/methodology/">Methodology</a>`) {
			t.Errorf("%s's footer does not link the archive's pages", p)
		}
	}
	if strings.Contains(read(t, out, "feed.xml"), "about") {
		t.Error("the feed holds the about page")
	}
	for _, p := range []string{"index.html", "timeline/index.html", "tags/index.html"} {
		page := resolved("/repo/", p, read(t, out, p))
		main := page[strings.Index(page, "<main"):strings.Index(page, "</main>")]
		if strings.Contains(main, "/about/") || strings.Contains(main, "/methodology/") {
			t.Errorf("%s lists an archive page among articles", p)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "tags/iraq")); err == nil {
		t.Error("a page's words made a tag: pages are not tagged")
	}
	if !strings.Contains(read(t, out, "sitemap.xml"), "<loc>https://o.github.io/repo/about/</loc>") {
		t.Error("the sitemap lacks the about page")
	}
	// The archive's own pages and the redirects at old addresses link
	// relative to themselves too: every link leads to a file of the site.
	rep, err := check.Site(os.DirFS(out), "https://o.github.io/repo/", check.Limit)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range rep.Problems {
		t.Errorf("check: %s", p)
	}
}

// In watch mode, pages, aliases, renames and links reach every page they
// show on, as a full build would write them.
func TestMovesAndPagesInWatch(t *testing.T) {
	dir := movedSite(t)
	testsite.Write(t, dir, "content/a.md", "---\nid: a0a0a0a0a0a0\ntitle: Ay\ndate: \"2021-02-04\"\nsources: [t.txt:9]\n---\nSee [Bee](@/b0b0b0b0b0b0).\n")
	watched := builder(t, dir, nil)
	if _, err := watched.Full(); err != nil {
		t.Fatal(err)
	}
	rename := func(from, to string) {
		if err := os.Rename(filepath.Join(dir, "content", from), filepath.Join(dir, "content", to)); err != nil {
			t.Fatal(err)
		}
	}
	steps := []struct {
		name    string
		do      func()
		changed []string
	}{
		{"a page added", func() { testsite.Write(t, dir, "content/pages/about.md", "---\ntitle: About\n---\nSee [Bee](@/b).\n") }, []string{"pages/about.md"}},
		{"its title changed", func() {
			testsite.Write(t, dir, "content/pages/about.md", "---\ntitle: About us\n---\nSee [Bee](@/b).\n")
		}, []string{"pages/about.md"}},
		{"an alias added", func() {
			testsite.Write(t, dir, "content/a.md", strings.Replace(read(t, dir, "content/a.md"), "---\nSee", "aliases: [/articles/old-ay/]\n---\nSee", 1))
		}, []string{"a.md"}},
		{"the linked file renamed", func() { rename("b.md", "bee.md") }, []string{"b.md", "bee.md"}},
		{"the page linked the old name", func() {
			testsite.Write(t, dir, "content/pages/about.md", "---\ntitle: About us\n---\nSee [Bee](@/bee).\n")
		}, []string{"pages/about.md"}},
		{"a page removed", func() { os.Remove(filepath.Join(dir, "content/pages/about.md")) }, []string{"pages/about.md"}},
	}
	for _, st := range steps {
		st.do()
		if _, err := watched.Update(Change{Content: st.changed}); err != nil {
			if st.name == "the linked file renamed" && strings.Contains(err.Error(), `content/pages/about.md:4: link to @/b`) {
				continue // the page's link by name broke, and says where
			}
			t.Fatalf("%s: %v", st.name, err)
		}
		fresh := builder(t, dir, func(c *config.Config) { c.Public = "fresh" })
		if _, err := fresh.Full(); err != nil {
			t.Fatal(err)
		}
		got, want := readTree(t, watched.Out()), readTree(t, fresh.Out())
		for n, w := range want {
			if got[n] != w {
				t.Errorf("%s: %s is stale after the update", st.name, n)
			}
		}
		for n := range got {
			if _, ok := want[n]; !ok {
				t.Errorf("%s: %s should have been removed", st.name, n)
			}
		}
	}
	if !strings.Contains(read(t, watched.Out(), "articles/b/index.html"), `url=/repo/articles/bee/`) {
		t.Error("the renamed file's first address does not lead to it")
	}
}

// The manifest is read again only when its file changes (firstNames): a
// rebuild after convert records a new first name, or after the manifest
// goes, writes what a full build writes.
func TestManifestChangeReachesUpdate(t *testing.T) {
	dir := movedSite(t)
	watched := builder(t, dir, nil)
	if _, err := watched.Full(); err != nil {
		t.Fatal(err)
	}
	manifest := filepath.Join(dir, "content", "imported.json")
	steps := []struct {
		name string
		do   func()
		page string // a redirect page that must now exist ("" for none)
	}{
		{"an article's text edited", func() {
			testsite.Write(t, dir, "content/b.md", strings.Replace(read(t, dir, "content/b.md"), "Text.", "Text, edited.", 1))
		}, "articles/first-name/index.html"},
		{"convert records another first name", func() {
			data := strings.Replace(read(t, dir, "content/imported.json"), `"first-name"`, `"second-name"`, 1)
			tmp := manifest + ".new"
			if err := os.WriteFile(tmp, []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(tmp, manifest); err != nil {
				t.Fatal(err)
			}
		}, "articles/second-name/index.html"},
		{"the manifest removed", func() {
			if err := os.Remove(manifest); err != nil {
				t.Fatal(err)
			}
		}, ""},
	}
	for _, st := range steps {
		st.do()
		if _, err := watched.Update(Change{Content: []string{"b.md"}}); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		fresh := builder(t, dir, func(c *config.Config) { c.Public = "fresh" })
		if _, err := fresh.Full(); err != nil {
			t.Fatal(err)
		}
		got, want := readTree(t, watched.Out()), readTree(t, fresh.Out())
		if len(want) == 0 {
			t.Fatal("the full build wrote nothing")
		}
		for n, w := range want {
			if got[n] != w {
				t.Errorf("%s: %s is stale after the update", st.name, n)
			}
		}
		for n := range got {
			if _, ok := want[n]; !ok {
				t.Errorf("%s: %s should have been removed", st.name, n)
			}
		}
		if st.page != "" {
			if _, ok := got[st.page]; !ok {
				t.Errorf("%s: no redirect page %s", st.name, st.page)
			}
		}
	}
}
