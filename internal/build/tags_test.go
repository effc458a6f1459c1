package build

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"briefing/internal/testsite"
)

// The tags index groups tags under their kind's heading, in the
// taxonomy's order of kinds, editors' tags last; each tag page says what
// the tag is and draws its articles over time.
func TestTagsByKind(t *testing.T) {
	dir := testsite.New(t)
	testsite.Write(t, dir, "site.yaml", "title: Kinds\nbase_url: https://o.github.io/repo/\n")
	testsite.Write(t, dir, "taxonomy.yaml", `tags:
  - name: Iraq
    kind: country
    words: [Iraq]
    threshold: 1
    description: Republic on the Tigris and Euphrates.
  - name: Kataib Hezbollah
    kind: armed-group
    words: [Kataib Hezbollah]
    threshold: 1
  - name: Muqtada al-Sadr
    kind: person
    words: [Sadr]
    threshold: 1
`)
	testsite.Write(t, dir, "content/a.md", testsite.Article("Alpha", "2019-05-02", "Iraq and Kataib Hezbollah."))
	testsite.Write(t, dir, "content/b.md", testsite.Article("Beta", "2021-01-09", "Iraq and Sadr."))
	testsite.Write(t, dir, "content/c.md", strings.Replace(testsite.Article("Gamma", "2021-03-01", "Sadr again."), "tags: []", "tags: [Desk picks]", 1))
	out, _ := buildSite(t, dir, nil)

	idx := resolved("/repo/", "tags/index.html", read(t, out, "tags/index.html"))
	headings := regexp.MustCompile(`<h2 id="kind-[^"]+">([^<]+)`).FindAllStringSubmatch(idx, -1)
	var got []string
	for _, h := range headings {
		got = append(got, strings.TrimSpace(h[1]))
	}
	if want := "Countries|Armed groups|People|Editors&#39; tags"; strings.Join(got, "|") != want {
		t.Errorf("tags index headings = %q, want %s", got, want)
	}
	section := idx[strings.Index(idx, `id="kind-person"`):]
	section = section[:strings.Index(section, "</section>")]
	if !strings.Contains(section, `href="/repo/tags/muqtada-al-sadr/"`) || strings.Contains(section, "/tags/iraq/") {
		t.Errorf("the People section does not hold exactly its tags:\n%s", section)
	}

	iraq := read(t, out, "tags/iraq/index.html")
	for _, want := range []string{
		`<p class="lead">Republic on the Tigris and Euphrates.</p>`,
		`Country · 2 articles since May 2019`,
		`<meta name="description" content="Republic on the Tigris and Euphrates.">`,
	} {
		if !strings.Contains(iraq, want) {
			t.Errorf("tags/iraq/ lacks %s", want)
		}
	}
	// The chart runs from May 2019 to January 2021, a bar a month, and
	// shows the two articles.
	bars := regexp.MustCompile(`data-month="(\d{4}-\d\d)" data-count="(\d+)"`).FindAllStringSubmatch(iraq, -1)
	if len(bars) != 21 || bars[0][1] != "2019-05" || bars[20][1] != "2021-01" || bars[0][2] != "1" || bars[20][2] != "1" {
		t.Errorf("tags/iraq/ chart has %d bars (%v … ), want 21 from 2019-05 to 2021-01", len(bars), bars[:min(2, len(bars))])
	}
	if sadr := read(t, out, "tags/muqtada-al-sadr/index.html"); !strings.Contains(sadr, `Person · 2 articles since January 2021`) {
		t.Errorf("the tag with no description does not say what it is")
	}
}

func read(t *testing.T, dir, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
