package build

import (
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"briefing/internal/check"
	"briefing/internal/config"
	"briefing/internal/sitemap"
)

// smURL is one entry of a sitemap or sitemap index.
type smURL struct {
	Loc     string `xml:"loc"`
	Lastmod string `xml:"lastmod"`
}

// smFile is a sitemap (URLs) or a sitemap index (Parts), as read.
type smFile struct {
	XMLName xml.Name
	URLs    []smURL `xml:"url"`
	Parts   []smURL `xml:"sitemap"`
}

func readSitemap(t *testing.T, tree map[string]string, name string) smFile {
	t.Helper()
	data, ok := tree[name]
	if !ok {
		t.Fatalf("no %s", name)
	}
	var f smFile
	if err := xml.Unmarshal([]byte(data), &f); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if f.XMLName.Space != sitemap.Namespace {
		t.Fatalf("%s: root <%s> in %q", name, f.XMLName.Local, f.XMLName.Space)
	}
	return f
}

// splitProject is the test site with 40 more articles, some undated, over
// several years: about 60 pages in the sitemap.
func splitProject(t *testing.T) string {
	dir := project(t, "testdata/site.txtar")
	for i := range 40 {
		date := ""
		if i%7 != 3 {
			date = fmt.Sprintf("%d-%02d-%02d", 2019+i%5, 1+i%12, 1+i%28)
		}
		write(t, filepath.Join(dir, "content", fmt.Sprintf("gen-%02d.md", i)),
			fmt.Sprintf("---\nid: gen%02d\ntitle: \"Generated %d\"\n%ssources:\n  - gen.txt:%d\n---\nWords %d.\n",
				i, i, map[bool]string{true: "date: \"" + date + "\"\n"}[date != ""], i+1, i))
	}
	return dir
}

// buildSplit builds dir into public folder out with at most urls
// addresses a sitemap file (0: the protocol's limit).
func buildSplit(t *testing.T, dir, out string, urls int) map[string]string {
	t.Helper()
	b := builder(t, dir, func(c *config.Config) { c.Public = out })
	b.sitemapURLs = urls
	if _, err := b.Full(); err != nil {
		t.Fatal(err)
	}
	return readTree(t, b.Out())
}

// TestSitemapSplitsAboveItsLimit builds one site with the protocol's
// limit and with a limit of 7 addresses a file: the split site's
// sitemap.xml is an index whose parts list every address of the single
// sitemap once, in the same order, with the same dates, none over the
// limit, each part's lastmod its newest; robots.txt still names
// sitemap.xml; and the publish check passes.
func TestSitemapSplitsAboveItsLimit(t *testing.T) {
	dir := splitProject(t)
	whole := buildSplit(t, dir, "whole", 0)
	single := readSitemap(t, whole, "sitemap.xml")
	if single.XMLName.Local != "urlset" || len(single.URLs) < 50 {
		t.Fatalf("the single sitemap is a <%s> of %d addresses, want a <urlset> of over 50", single.XMLName.Local, len(single.URLs))
	}
	for n := range whole {
		if sitemap.IsPart(n) {
			t.Errorf("%s written below the limit", n)
		}
	}

	const limit = 7
	split := buildSplit(t, dir, "split", limit)
	idx := readSitemap(t, split, "sitemap.xml")
	if idx.XMLName.Local != "sitemapindex" || len(idx.URLs) != 0 {
		t.Fatalf("sitemap.xml is a <%s> with %d URLs, want a <sitemapindex>", idx.XMLName.Local, len(idx.URLs))
	}
	if want := (len(single.URLs) + limit - 1) / limit; len(idx.Parts) != want {
		t.Errorf("%d parts for %d addresses at %d a part, want %d", len(idx.Parts), len(single.URLs), limit, want)
	}
	var all []smURL
	for i, p := range idx.Parts {
		name := sitemap.Part(i + 1)
		if p.Loc != "https://example.org/archive/"+name {
			t.Errorf("part %d is at %s, want %s", i+1, p.Loc, name)
		}
		part := readSitemap(t, split, name)
		if part.XMLName.Local != "urlset" || len(part.URLs) == 0 || len(part.URLs) > limit {
			t.Errorf("%s is a <%s> of %d addresses, want a <urlset> of 1 to %d", name, part.XMLName.Local, len(part.URLs), limit)
		}
		newest := ""
		for _, u := range part.URLs {
			newest = max(newest, u.Lastmod)
		}
		if p.Lastmod != newest {
			t.Errorf("%s: lastmod %q in the index, want its newest, %q", name, p.Lastmod, newest)
		}
		all = append(all, part.URLs...)
	}
	if !slices.Equal(all, single.URLs) {
		t.Errorf("the parts list %d addresses, the single sitemap %d: not the same list", len(all), len(single.URLs))
	}
	for n := range split {
		if sitemap.IsPart(n) && !slices.ContainsFunc(idx.Parts, func(p smURL) bool { return strings.HasSuffix(p.Loc, "/"+n) }) {
			t.Errorf("%s is in no index entry", n)
		}
	}
	if !strings.Contains(split["robots.txt"], "Sitemap: https://example.org/archive/sitemap.xml\n") {
		t.Errorf("robots.txt:\n%s", split["robots.txt"])
	}
	for n, data := range whole {
		if n != "sitemap.xml" && split[n] != data {
			t.Errorf("%s differs between the single and the split sitemap", n)
		}
	}

	rep, err := check.Site(os.DirFS(filepath.Join(dir, "split")), "https://example.org/archive/", check.Limit)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range rep.Problems {
		t.Errorf("check: %s", p)
	}

	sameTree(t, split, buildSplit(t, dir, "again", limit))
}

// TestCheckFindsAMissingPart removes a part of a split sitemap: the
// publish check fails, naming the index and the missing file.
func TestCheckFindsAMissingPart(t *testing.T) {
	dir := splitProject(t)
	buildSplit(t, dir, "public", 7)
	if err := os.Remove(filepath.Join(dir, "public", sitemap.Part(2))); err != nil {
		t.Fatal(err)
	}
	rep, err := check.Site(os.DirFS(filepath.Join(dir, "public")), "https://example.org/archive/", check.Limit)
	if err != nil {
		t.Fatal(err)
	}
	want := `sitemap.xml:4: <loc> "https://example.org/archive/sitemap-2.xml": no file sitemap-2.xml`
	if rep.Failures() != 1 || !slices.ContainsFunc(rep.Problems, func(p check.Problem) bool { return p.String() == want }) {
		t.Errorf("problems %v, want one: %s", rep.Problems, want)
	}
}
