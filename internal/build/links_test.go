package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"briefing/internal/testsite"
)

// linkSite is a project with two articles; a.md links b.md by file name,
// by id and by its root-absolute address, in its body and in a note.
func linkSite(t *testing.T, body string) string {
	t.Helper()
	dir := testsite.New(t)
	testsite.Write(t, dir, "site.yaml", "title: Links\nbase_url: https://o.github.io/repo/\n")
	testsite.Write(t, dir, "content/b.md", "---\nid: b0b0b0b0b0b0\ntitle: Bee\ndate: \"2021-02-03\"\nsources: [t.txt:1]\n---\nAbout Iraq and Iraq.\n\n## Part two\n")
	testsite.Write(t, dir, "content/a.md", "---\nid: a0a0a0a0a0a0\ntitle: Ay\ndate: \"2021-02-04\"\nsources: [t.txt:9]\nnotes:\n  - by: Desk\n    date: \"2021-02-05\"\n    text: |\n      See\n      [the earlier one](/articles/b/) too.\n---\n"+body)
	return dir
}

func TestLinksResolveUnderBasePath(t *testing.T) {
	dir := linkSite(t, "By name: [one](@/b), [with .md](@/b.md#part-two).\n\nBy id: [two](@/b0b0b0b0b0b0).\nThe [timeline](/timeline/).\n")
	out, _ := buildSite(t, dir, nil)
	page, err := os.ReadFile(filepath.Join(out, "articles/a/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	html := resolved("/repo/", "articles/a/index.html", string(page))
	for _, want := range []string{
		`<a href="/repo/articles/b/">one</a>`,
		`<a href="/repo/articles/b/#part-two">with .md</a>`,
		`<a href="/repo/articles/b/">two</a>`,
		`<a href="/repo/timeline/">timeline</a>`,
		`<a href="/repo/articles/b/">the earlier one</a>`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("articles/a/index.html lacks %s", want)
		}
	}
	if strings.Contains(html, `"@/`) {
		t.Errorf("a link placeholder reached the page")
	}
	feed, err := os.ReadFile(filepath.Join(out, "feed.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(feed), `href=&#34;https://o.github.io/repo/articles/b/&#34;`) {
		t.Errorf("the feed's copy of the article does not link b by its full address:\n%s", feed)
	}
}

// A link to a missing article stops the build with the line of the file
// it is on, counting the front matter: body and note alike.
func TestBrokenLinksNameTheirLine(t *testing.T) {
	dir := linkSite(t, "Fine: [b](@/b).\n\nGone: [x](@/no-such-story).\n")
	testsite.Write(t, dir, "content/c.md", "---\nid: c0c0c0c0c0c0\ntitle: Sea\nsources: [t.txt:5]\nnotes:\n  - by: Desk\n    date: \"2021-02-05\"\n    text: \"[old](/articles/old-name/)\"\n---\nText.\n\nA [tag](/tags/no-such-tag/).\n")
	_, err := builder(t, dir, nil).Full()
	if err == nil {
		t.Fatal("the build succeeded with broken links")
	}
	for _, want := range []string{
		`content/a.md:15: link to @/no-such-story: no article has the file name or id "no-such-story"`,
		`content/c.md:8: link to /articles/old-name/: no article has the file name "old-name"`,
		`content/c.md:12: link to /tags/no-such-tag/: no tag has the address /tags/no-such-tag/`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if _, serr := os.Stat(filepath.Join(dir, "public")); serr == nil {
		t.Error("a failed build wrote public/")
	}
}

// Renaming the linked file in watch mode fixes a link by id without a
// full rebuild, and breaks a link by name.
func TestLinkByIDFollowsRename(t *testing.T) {
	dir := linkSite(t, "By id: [two](@/b0b0b0b0b0b0).\n")
	b := builder(t, dir, nil)
	if _, err := b.Full(); err != nil {
		t.Fatal(err)
	}
	// The note links /articles/b/: it must follow too, or the build fails.
	a, err := os.ReadFile(filepath.Join(dir, "content/a.md"))
	if err != nil {
		t.Fatal(err)
	}
	testsite.Write(t, dir, "content/a.md", strings.Replace(string(a), "/articles/b/", "@/b0b0b0b0b0b0", 1))
	if err := os.Rename(filepath.Join(dir, "content/b.md"), filepath.Join(dir, "content/bee.md")); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Update(Change{Content: []string{"a.md", "b.md", "bee.md"}}); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(b.Out(), "articles/a/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<a href="/repo/articles/bee/">two</a>`, `<a href="/repo/articles/bee/">the earlier one</a>`} {
		if !strings.Contains(resolved("/repo/", "articles/a/index.html", string(page)), want) {
			t.Errorf("after the rename, articles/a/index.html lacks %s", want)
		}
	}
}
