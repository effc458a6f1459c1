package build

import (
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/tools/txtar"

	"briefing/internal/check"
	"briefing/internal/config"
	"briefing/internal/search"
)

var update = flag.Bool("update", false, "rewrite golden files")

// project writes a txtar archive into a temporary project, with the real
// templates, and returns its folder.
func project(t *testing.T, archive string) string {
	t.Helper()
	ar, err := txtar.ParseFile(archive)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range ar.Files {
		write(t, filepath.Join(dir, f.Name), string(f.Data))
	}
	if err := os.CopyFS(filepath.Join(dir, "templates"), os.DirFS("../../templates")); err != nil {
		t.Fatal(err)
	}
	return dir
}

func write(t *testing.T, p, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func builder(t *testing.T, dir string, edit func(*config.Config)) *Builder {
	t.Helper()
	cfg, err := config.Load(filepath.Join(dir, "site.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(&cfg)
		if err := cfg.Check("test"); err != nil {
			t.Fatal(err)
		}
	}
	return New(dir, cfg)
}

func buildSite(t *testing.T, dir string, edit func(*config.Config)) (string, Result) {
	t.Helper()
	b := builder(t, dir, edit)
	res, err := b.Full()
	if err != nil {
		t.Fatal(err)
	}
	return b.Out(), res
}

// readTree reads every file below dir.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// sameTree reports each way the files of second differ from those of
// first, two builds' outputs as readTree read them.
func sameTree(t *testing.T, first, second map[string]string) {
	t.Helper()
	if len(first) != len(second) {
		t.Errorf("%d files, then %d", len(first), len(second))
	}
	for n, data := range first {
		if second[n] != data {
			t.Errorf("%s differs between two builds", n)
		}
	}
}

func TestGoldenSite(t *testing.T) {
	out, _ := buildSite(t, project(t, "testdata/site.txtar"), nil)
	got := readTree(t, out)
	names := make([]string, 0, len(got))
	for n := range got {
		// The search index is binary and has tests of its own
		// (internal/search); its manifest stands for it here.
		if strings.HasPrefix(n, search.Folder+"/") && n != search.Folder+"/manifest.json" {
			continue
		}
		names = append(names, n)
	}
	slices.Sort(names)
	ar := &txtar.Archive{Comment: []byte("The site built from site.txtar. Regenerate with go test -update, then review the diff.\n")}
	for _, n := range names {
		ar.Files = append(ar.Files, txtar.File{Name: n, Data: []byte(got[n])})
	}
	const golden = "testdata/site.golden.txtar"
	if *update {
		if err := os.WriteFile(golden, txtar.Format(ar), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := txtar.ParseFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	wantFiles := map[string]string{}
	for _, f := range want.Files {
		wantFiles[f.Name] = string(f.Data)
		if _, ok := got[f.Name]; !ok {
			t.Errorf("%s: missing from the build", f.Name)
		}
	}
	for _, n := range names {
		w, ok := wantFiles[n]
		switch {
		case !ok:
			t.Errorf("%s: built but not in %s", n, golden)
		case w != got[n]:
			t.Errorf("%s differs from %s:\n%s", n, golden, firstDiff(w, got[n]))
		}
	}
}

func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range max(len(wl), len(gl)) {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("line %d:\nwant %q\n got %q", i+1, w, g)
		}
	}
	return ""
}

func TestEveryPageKind(t *testing.T) {
	out, res := buildSite(t, project(t, "testdata/site.txtar"), nil)
	got := readTree(t, out)
	for _, p := range []string{
		"index.html", "articles/baghdad-talks/index.html", "tags/index.html", "tags/iraq/index.html",
		"tags/iraq/feed.xml", "timeline/index.html", "feed.xml", "sitemap.xml", "robots.txt", "404.html",
		".nojekyll", "css/site.css",
	} {
		if _, ok := got[p]; !ok {
			t.Errorf("no %s", p)
		}
	}
	if res.Articles != 4 || res.Written+res.Index.Written != len(got) {
		t.Errorf("result = %+v for %d files", res, len(got))
	}
	for p, data := range got {
		if strings.HasSuffix(p, ".html") {
			checkHTML(t, p, data)
		}
		if strings.HasSuffix(p, ".xml") {
			checkXML(t, p, data)
		}
	}
}

// checkHTML parses a page and checks its elements are balanced, as a
// browser would need no repair to read it.
func checkHTML(t *testing.T, name, data string) {
	t.Helper()
	if _, err := html.Parse(strings.NewReader(data)); err != nil {
		t.Errorf("%s: %v", name, err)
	}
	void := map[string]bool{"meta": true, "link": true, "br": true, "img": true, "hr": true, "input": true, "source": true, "rect": false}
	z := html.NewTokenizer(strings.NewReader(data))
	var stack []string
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if z.Err() != io.EOF {
				t.Errorf("%s: %v", name, z.Err())
			}
			if len(stack) > 0 {
				t.Errorf("%s: unclosed elements %v", name, stack)
			}
			return
		case html.StartTagToken:
			n, _ := z.TagName()
			if !void[string(n)] {
				stack = append(stack, string(n))
			}
		case html.EndTagToken:
			n, _ := z.TagName()
			if len(stack) == 0 || stack[len(stack)-1] != string(n) {
				t.Errorf("%s: </%s> closes %v", name, n, stack)
				return
			}
			stack = stack[:len(stack)-1]
		}
	}
}

func checkXML(t *testing.T, name, data string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(data))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Errorf("%s: %v", name, err)
			return
		}
	}
}

func TestTagging(t *testing.T) {
	out, _ := buildSite(t, project(t, "testdata/site.txtar"), nil)
	got := resolvedTree(readTree(t, out), "/archive/")
	tests := []struct {
		page     string
		has, not []string
	}{
		// Iraq three times: tagged; Kataib Hezbollah once, threshold 1.
		{"articles/baghdad-talks/index.html", []string{`href="/archive/tags/iraq/"`, `href="/archive/tags/kataib-hezbollah/"`}, []string{`href="/archive/tags/syria/"`}},
		// An editor's tag unknown to the taxonomy becomes its own tag.
		{"articles/damascus-meeting/index.html", []string{`href="/archive/tags/syria/"`, `href="/archive/tags/justice/"`}, []string{`href="/archive/tags/iraq/"`}},
		// exclude_tags removes an automatic tag.
		{"articles/border/index.html", []string{`href="/archive/tags/iraq/"`}, []string{`tags/syria/">Syria`}},
	}
	for _, tc := range tests {
		t.Run(tc.page, func(t *testing.T) {
			page := got[tc.page]
			tagPart := page[strings.Index(page, "<main"):strings.Index(page, `class="provenance"`)]
			for _, s := range tc.has {
				if !strings.Contains(tagPart, s) {
					t.Errorf("missing %s", s)
				}
			}
			for _, s := range tc.not {
				if strings.Contains(tagPart, s) {
					t.Errorf("unexpected %s", s)
				}
			}
		})
	}
	if _, ok := got["tags/justice/index.html"]; !ok {
		t.Error("the editor's tag has no page")
	}
}

func TestDates(t *testing.T) {
	out, _ := buildSite(t, project(t, "testdata/site.txtar"), nil)
	got := readTree(t, out)
	if p := got["articles/baghdad-talks/index.html"]; !strings.Contains(p, `<time datetime="2024-02-04">4 February 2024</time> <span class="date-source">(date from the photo caption)</span>`) {
		t.Error("a caption date does not say where it came from")
	}
	if p := got["articles/border/index.html"]; strings.Contains(p, "photo caption") || !strings.Contains(p, "3 January 2025") {
		t.Error("an editor's date is shown wrong")
	}
	tl := got["timeline/index.html"]
	for _, s := range []string{`id="m2025-01"`, `id="m2024-02"`, `id="undated"`, `data-month="2024-06" data-count="0"`, `data-month="2025-01" data-count="2"`} {
		if !strings.Contains(tl, s) {
			t.Errorf("timeline lacks %s", s)
		}
	}
	if strings.Index(tl, `id="m2025-01"`) > strings.Index(tl, `id="m2024-02"`) {
		t.Error("timeline is not newest first")
	}
}

func TestPagination(t *testing.T) {
	out, _ := buildSite(t, project(t, "testdata/site.txtar"), nil)
	got := readTree(t, out)
	got = resolvedTree(got, "/archive/")
	// Iraq has three articles at two per page.
	p1, p2 := got["tags/iraq/index.html"], got["tags/iraq/page/2/index.html"]
	if p1 == "" || p2 == "" {
		t.Fatal("tag pages missing")
	}
	if _, ok := got["tags/iraq/page/3/index.html"]; ok {
		t.Error("a third page for three articles at two per page")
	}
	if !strings.Contains(p1, `rel="next" href="/archive/tags/iraq/page/2/"`) || !strings.Contains(p2, `rel="prev" href="/archive/tags/iraq/"`) {
		t.Error("pages do not link each other")
	}
	if strings.Count(p1, `<li><a href="/archive/articles/`) != 2 || strings.Count(p2, `<li><a href="/archive/articles/`) != 1 {
		t.Error("wrong number of articles per page")
	}
}

func TestBasePath(t *testing.T) {
	for _, base := range []string{"https://example.org/archive/", "https://example.org/"} {
		t.Run(base, func(t *testing.T) {
			out, _ := buildSite(t, project(t, "testdata/site.txtar"), func(c *config.Config) { c.BaseURL = base })
			path := strings.TrimPrefix(base, "https://example.org")
			got := resolvedTree(readTree(t, out), path)
			canon := `<link rel="canonical" href="` + base + `articles/border/">`
			if !strings.Contains(got["articles/border/index.html"], canon) {
				t.Errorf("article page lacks %s", canon)
			}
			if !strings.Contains(got["feed.xml"], "<id>"+base+"articles/border/</id>") || !strings.Contains(got["sitemap.xml"], "<loc>"+base+"tags/</loc>") {
				t.Errorf("feed or sitemap URLs are not under %s", base)
			}
			for name, data := range got {
				if !strings.HasSuffix(name, ".html") {
					continue
				}
				doc, _ := html.Parse(strings.NewReader(data))
				for n := range doc.Descendants() {
					for _, a := range n.Attr {
						if a.Key != "href" && a.Key != "src" {
							continue
						}
						v := a.Val
						if strings.HasPrefix(v, "#") || strings.HasPrefix(v, "https://example.org"+path) {
							continue
						}
						if !strings.HasPrefix(v, path) {
							t.Errorf("%s: link %q is outside %s", name, v, path)
						}
					}
				}
			}
			// Links are written relative to their page where that is
			// shorter: every one of every page kind must still lead to a
			// file of the site, as the publish check follows them.
			rep, err := check.Site(os.DirFS(out), base, check.Limit)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range rep.Problems {
				t.Errorf("check: %s", p)
			}
			if rep.Links < 100 {
				t.Errorf("check followed %d links, want the site's every link", rep.Links)
			}
		})
	}
}

func TestDraftsAreNowhere(t *testing.T) {
	out, _ := buildSite(t, project(t, "testdata/site.txtar"), nil)
	for name, data := range readTree(t, out) {
		if strings.Contains(data, "draft nobody") || strings.Contains(data, "Secret draft") || strings.Contains(data, "articles/hidden") {
			t.Errorf("%s shows the draft", name)
		}
	}
}

func TestEscaping(t *testing.T) {
	out, _ := buildSite(t, project(t, "testdata/site.txtar"), nil)
	for name, data := range readTree(t, out) {
		if strings.Contains(data, "<script>alert") || strings.Contains(data, "<script>x") || strings.Contains(data, "<b>tags") || strings.Contains(data, "<i>odd") {
			t.Errorf("%s: markup from content reached the page unescaped", name)
		}
	}
	page := readTree(t, out)["articles/undated/index.html"]
	for _, s := range []string{
		"Quotes &#34;and&#34; &lt;script&gt;alert(1)&lt;/script&gt; in a title",
		"A caption with &lt;b&gt;tags&lt;/b&gt; &amp; ampersands",
		"A note with &lt;script&gt;alert(2)&lt;/script&gt; in it.",
		"1. an escaped list marker and a &lt;tag&gt;, from Baghdad, Iraq.",
	} {
		if !strings.Contains(page, s) {
			t.Errorf("page lacks the escaped text %q", s)
		}
	}
}

func TestDeterministic(t *testing.T) {
	dir := project(t, "testdata/site.txtar")
	a, _ := buildSite(t, dir, nil)
	first := readTree(t, a)
	b, _ := buildSite(t, dir, func(c *config.Config) { c.Public = "public2" })
	sameTree(t, first, readTree(t, b))
}

func TestFailedBuildLeavesOutputAlone(t *testing.T) {
	tests := []struct {
		name, file, data, want string
	}{
		{"broken template", "templates/article.html", `{{define "main"}}{{.Nope}}{{end}}`, "can't evaluate field Nope"},
		{"template syntax", "templates/tag.html", `{{define "main"}}{{if}}{{end}}`, "templates/tag.html:1:"},
		{"bad front matter", "content/border.md", "---\nid: c3\ntitle: x\ndate: 2025-13-01\n---\nbody\n", "content/border.md:4: front matter: date \"2025-13-01\" is not a date"},
		{"missing front matter", "content/new.md", "no front matter\n", "content/new.md:1: front matter"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := project(t, "testdata/site.txtar")
			out, _ := buildSite(t, dir, nil)
			before := readTree(t, out)
			write(t, filepath.Join(dir, tc.file), tc.data)
			_, err := builder(t, dir, nil).Full()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error = %v, want %q", err, tc.want)
			}
			after := readTree(t, out)
			if len(after) != len(before) {
				t.Fatalf("%d files before, %d after", len(before), len(after))
			}
			for n, data := range before {
				if after[n] != data {
					t.Errorf("%s changed", n)
				}
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if strings.HasPrefix(e.Name(), ".public-") {
					t.Errorf("left %s behind", e.Name())
				}
			}
		})
	}
}

func TestRemovedArticleDisappears(t *testing.T) {
	dir := project(t, "testdata/site.txtar")
	out, _ := buildSite(t, dir, nil)
	if err := os.Remove(filepath.Join(dir, "content/border.md")); err != nil {
		t.Fatal(err)
	}
	if _, err := builder(t, dir, nil).Full(); err != nil {
		t.Fatal(err)
	}
	got := readTree(t, out)
	if _, ok := got["articles/border/index.html"]; ok {
		t.Error("the removed article's page is still there")
	}
	for n, data := range got {
		if strings.Contains(data, "articles/border/") {
			t.Errorf("%s still links to the removed article", n)
		}
	}
}

func TestTimelineSplitsByYear(t *testing.T) {
	out, _ := buildSite(t, project(t, "testdata/site.txtar"), func(c *config.Config) { c.TimelineSplit = 1 })
	got := resolvedTree(readTree(t, out), "/archive/")
	idx := got["timeline/index.html"]
	for _, s := range []string{`href="/archive/timeline/2025/"`, `href="/archive/timeline/2024/"`, `href="/archive/timeline/undated/"`, `href="/archive/timeline/2025/#m2025-01"`} {
		if !strings.Contains(idx, s) {
			t.Errorf("timeline index lacks %s", s)
		}
	}
	if strings.Contains(idx, `timeline-list`) {
		t.Error("a split timeline's index lists articles")
	}
	y := got["timeline/2025/index.html"]
	if !strings.Contains(y, `id="m2025-01"`) || strings.Count(y, `<li><a href="/archive/articles/`) != 2 || strings.Contains(y, "Baghdad talks") {
		t.Error("the 2025 page does not list exactly 2025's articles")
	}
	if u := got["timeline/undated/index.html"]; !strings.Contains(u, "articles/undated/") {
		t.Error("the undated page does not list the undated article")
	}
	if home := got["index.html"]; !strings.Contains(home, `href="/archive/timeline/2024/"`) {
		t.Error("the home page's year links do not follow the split")
	}
}

func TestPartialErrorNamesItsFile(t *testing.T) {
	dir := project(t, "testdata/site.txtar")
	p := filepath.Join(dir, "templates/partials/list.html")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	write(t, p, strings.Replace(string(data), `{{define "entries" -}}`, `{{define "entries" -}}{{.Nope}}`, 1))
	_, err = builder(t, dir, nil).Full()
	if err == nil || !strings.HasPrefix(err.Error(), "templates/partials/list.html:") || !strings.Contains(err.Error(), "can't evaluate field Nope") {
		t.Errorf("error = %v", err)
	}
}
