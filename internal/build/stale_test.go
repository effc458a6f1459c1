package build

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"briefing/internal/config"
	"briefing/internal/sitemap"
)

// spec is one article file, as the editor would write it.
type spec struct {
	title, date, summary, caption string
	sources, tags, exclude        []string
	notes                         []noteSpec
	draft                         bool
	body                          string
}

type noteSpec struct{ by, date, text string }

func quoted(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = fmt.Sprintf("%q", s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

func (a *spec) file(id string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "---\nid: %s\ntitle: %q\n", id, a.title)
	if a.date != "" {
		fmt.Fprintf(&b, "date: %q\n", a.date)
	}
	if a.caption != "" {
		fmt.Fprintf(&b, "caption: %q\n", a.caption)
	}
	fmt.Fprintf(&b, "sources: %s\ntags: %s\nexclude_tags: %s\n", quoted(a.sources), quoted(a.tags), quoted(a.exclude))
	b.WriteString("notes:\n")
	for _, n := range a.notes {
		fmt.Fprintf(&b, "  - by: %q\n", n.by)
		if n.date != "" {
			fmt.Fprintf(&b, "    date: %q\n", n.date)
		}
		fmt.Fprintf(&b, "    text: %q\n", n.text)
	}
	fmt.Fprintf(&b, "summary: %q\ndraft: %v\n---\n%s\n", a.summary, a.draft, a.body)
	return b.String()
}

// archive is 40 articles over seven years with 30 editor tags of
// different sizes and 16 notes: more tags than the home page's top list
// and more notes than its note list, so edits past those places count.
func archive() map[string]*spec {
	arts := map[string]*spec{}
	for i := range 40 {
		a := &spec{
			title:   fmt.Sprintf("Article %02d on the border", i),
			sources: []string{fmt.Sprintf("%03d.txt:%d", i/5, 1+i%5)},
			body:    fmt.Sprintf("Officials met on day %d. Syria and Iraq discussed the border.", i),
		}
		if i%9 != 4 {
			a.date = fmt.Sprintf("%d-%02d-%02d", 2019+i%7, 1+i%12, 1+i%28)
		}
		// Tag k has about 30-k articles: ranks are all different.
		for k := range 30 {
			if (i*7+k*3)%40 < 30-k {
				a.tags = append(a.tags, fmt.Sprintf("Topic %02d", k))
			}
		}
		if i%5 == 0 {
			a.summary = fmt.Sprintf("Summary of article %d.", i)
		}
		if i%7 == 1 {
			a.caption = fmt.Sprintf("Photo %d. (AFP)", i)
		}
		if i%5 != 2 {
			a.notes = append(a.notes, noteSpec{by: fmt.Sprintf("Editor %d", i%3), date: fmt.Sprintf("2026-%02d-%02d", 1+i%10, 1+i%27), text: fmt.Sprintf("Note %d.", i)})
		}
		arts[fmt.Sprintf("art-%02d", i)] = a
	}
	return arts
}

// step is one editor's save: it changes the archive in place. A nil spec
// is a deleted file.
type step struct {
	name string
	edit func(arts map[string]*spec)
}

// after lists, for some steps, a file a full build has and one it has not
// after the step: proof that the step changed what it means to.
var after = map[string][2]string{
	"the timeline splits":       {"timeline/2020/index.html", ""},
	"the timeline joins again":  {"", "timeline/2020/index.html"},
	"a tag past the top twenty": {"tags/zzz-probe-tag/index.html", ""},
	"that tag renamed":          {"tags/zzz-probe-tah/index.html", "tags/zzz-probe-tag/index.html"},
}

func art(arts map[string]*spec, name string) *spec {
	a := arts[name]
	if a == nil {
		panic("no article " + name)
	}
	return a
}

var steps = []step{
	{"title of the newest article", func(m map[string]*spec) { art(m, "art-27").title = "A new title" }},
	{"title of an old article", func(m map[string]*spec) { art(m, "art-07").title = "An older title" }},
	{"summary of an old article", func(m map[string]*spec) { art(m, "art-10").summary = "A changed summary." }},
	{"summary of the newest article", func(m map[string]*spec) { art(m, "art-27").summary = "Newest summary." }},
	{"caption", func(m map[string]*spec) { art(m, "art-08").caption = "Another photo. (dpa)" }},
	{"sources", func(m map[string]*spec) { art(m, "art-11").sources = append(art(m, "art-11").sources, "999.txt:3") }},
	{"body", func(m map[string]*spec) { art(m, "art-12").body += "\n\nA new paragraph." }},
	{"date moved to another year", func(m map[string]*spec) { art(m, "art-15").date = "2018-06-01" }},
	{"date moved within a month", func(m map[string]*spec) { art(m, "art-16").date = "2021-03-28" }},
	{"date removed", func(m map[string]*spec) { art(m, "art-17").date = "" }},
	{"date added", func(m map[string]*spec) { art(m, "art-04").date = "2025-12-31" }},
	{"a tag added", func(m map[string]*spec) { a := art(m, "art-18"); a.tags = append(a.tags, "Topic 29") }},
	{"a tag removed", func(m map[string]*spec) { a := art(m, "art-19"); a.tags = a.tags[1:] }},
	{"a tag past the top twenty", func(m map[string]*spec) { a := art(m, "art-13"); a.tags = append(a.tags, "Zzz Probe Tag") }},
	{"that tag renamed", func(m map[string]*spec) {
		a := art(m, "art-13")
		a.tags[len(a.tags)-1] = "Zzz Probe Tah"
	}},
	{"a top tag's count", func(m map[string]*spec) { a := art(m, "art-20"); a.tags = append(a.tags, "Topic 02") }},
	{"rank twenty-two's count", func(m map[string]*spec) { a := art(m, "art-20"); a.tags = append(a.tags, "Topic 22", "Topic 23") }},
	{"exclude_tags", func(m map[string]*spec) { art(m, "art-21").exclude = []string{"Syria"} }},
	{"a new newest note", func(m map[string]*spec) {
		a := art(m, "art-22")
		a.notes = append(a.notes, noteSpec{by: "Night Desk", date: "2026-12-01", text: "Newest note."})
	}},
	{"the text of an old note", func(m map[string]*spec) { art(m, "art-30").notes[0].text = "Corrected note." }},
	{"the author of an old note", func(m map[string]*spec) { art(m, "art-31").notes[0].by = "Another Editor" }},
	{"the date of an old note", func(m map[string]*spec) { art(m, "art-33").notes[0].date = "2026-01-02" }},
	{"a note removed", func(m map[string]*spec) { art(m, "art-34").notes = nil }},
	{"draft", func(m map[string]*spec) { art(m, "art-24").draft = true }},
	{"draft again published", func(m map[string]*spec) { art(m, "art-24").draft = false }},
	{"file deleted", func(m map[string]*spec) { m["art-25"] = nil }},
	{"file added, undated", func(m map[string]*spec) {
		m["art-50"] = &spec{title: "A new undated article", sources: []string{"050.txt:1"}, tags: []string{"Topic 28"}, body: "Baghdad."}
	}},
	{"file added, dated", func(m map[string]*spec) {
		m["art-51"] = &spec{title: "A new dated article", date: "2026-02-02", sources: []string{"051.txt:1"}, tags: []string{"Topic 01"}, body: "Damascus."}
	}},
	{"the timeline splits", func(m map[string]*spec) {
		m["art-52"] = &spec{title: "The one that splits the timeline", date: "2020-02-02", sources: []string{"052.txt:1"}, body: "Words."}
	}},
	{"the timeline joins again", func(m map[string]*spec) { m["art-52"] = nil }},
}

// TestEveryVisibleEditReachesThePages edits, one at a time, each thing an
// article shows anywhere (title, date, tags, notes, summary, caption,
// sources, draft, the counts and ranks it adds to) through the watch
// path, and compares the output folder with a full build after each: a
// page that shows something its signature does not cover stays stale
// and fails here.
//
// With a sitemap of at most 10 addresses a file, the sitemap is an index
// of parts, and each part must follow the edits that move, add and
// remove its addresses and dates.
func TestEveryVisibleEditReachesThePages(t *testing.T) {
	for _, v := range []struct {
		name        string
		wide        bool
		sitemapURLs int
	}{
		{"default limits", false, 0},
		{"home shows 60 tags and 30 notes", true, 0},
		{"the sitemap in parts of 10 addresses", false, 10},
	} {
		wide := v.wide
		t.Run(v.name, func(t *testing.T) {
			t.Parallel()
			dir := project(t, "testdata/site.txtar")
			content := filepath.Join(dir, "content")
			if err := os.RemoveAll(content); err != nil {
				t.Fatal(err)
			}
			arts := archive()
			files := map[string]string{}
			sync := func() []string {
				var changed []string
				for n, a := range arts {
					text := ""
					if a != nil {
						text = a.file(n)
					}
					if files[n] == text {
						continue
					}
					p := filepath.Join(content, n+".md")
					if a == nil {
						if err := os.Remove(p); err != nil {
							t.Fatal(err)
						}
						delete(arts, n)
						delete(files, n)
					} else {
						write(t, p, text)
						files[n] = text
					}
					changed = append(changed, n+".md")
				}
				slices.Sort(changed)
				return changed
			}
			sync()
			cfg, err := config.Load(filepath.Join(dir, "site.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			// 36 dated articles at the start, 37 when the timeline splits.
			cfg.HomeItems, cfg.FeedItems, cfg.PerPage, cfg.TimelineSplit = 3, 4, 3, 36
			if wide {
				showMore(t, dir, &cfg)
			}
			watched := New(dir, cfg)
			watched.sitemapURLs = v.sitemapURLs
			if _, err := watched.Full(); err != nil {
				t.Fatal(err)
			}
			for _, st := range steps {
				st.edit(arts)
				changed := sync()
				if len(changed) == 0 {
					t.Fatalf("%s: the step changed no file", st.name)
				}
				if _, err := watched.Update(Change{Content: changed}); err != nil {
					t.Fatalf("%s: %v", st.name, err)
				}
				fresh := cfg
				fresh.Public = "fresh"
				freshB := New(dir, fresh)
				freshB.sitemapURLs = v.sitemapURLs
				if _, err := freshB.Full(); err != nil {
					t.Fatal(err)
				}
				got, want := readTree(t, watched.Out()), readTree(t, filepath.Join(dir, "fresh"))
				if len(want) < 100 {
					t.Fatalf("%s: a full build wrote only %d files", st.name, len(want))
				}
				if _, split := want[sitemap.Part(2)]; split != (v.sitemapURLs > 0) {
					t.Fatalf("%s: %s written %v, with at most %d addresses a sitemap file", st.name, sitemap.Part(2), split, v.sitemapURLs)
				}
				has, hasNot := after[st.name][0], after[st.name][1]
				if _, ok := want[has]; has != "" && !ok {
					t.Fatalf("%s: a full build has no %s", st.name, has)
				}
				if _, ok := want[hasNot]; hasNot != "" && ok {
					t.Fatalf("%s: a full build still has %s", st.name, hasNot)
				}
				for _, n := range slices.Sorted(mapKeys(want)) {
					if got[n] != want[n] {
						t.Errorf("%s: %s is stale after the update", st.name, n)
					}
				}
				for n := range got {
					if _, ok := want[n]; !ok {
						t.Errorf("%s: %s should have been removed", st.name, n)
					}
				}
			}
		})
	}
}

func mapKeys(m map[string]string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// showMore makes the home page list up to 60 top tags and 30 notes. On
// the old design the home template carried its limits, and this changed
// them there ("lt $i 20" to "lt $i 60", "lt $i 10" to "lt $i 30"); now
// they are settings that the page data and its signature both read.
func showMore(t *testing.T, dir string, cfg *config.Config) {
	t.Helper()
	cfg.HomeTags, cfg.HomeNotes = 60, 30
}

// TestTemplateCannotReachPastItsData gives the tag pages' list entries an
// article's summary: an entry holds only what lists show, so the build
// fails and says where, instead of writing pages whose signature would
// not cover what they show.
func TestTemplateCannotReachPastItsData(t *testing.T) {
	dir := project(t, "testdata/site.txtar")
	p := filepath.Join(dir, "templates", "partials", "list.html")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	const entry = `{{define "entry" -}}
<li><a href="{{url .URL}}">{{.Title}}</a>`
	if !strings.Contains(string(data), entry) {
		t.Fatal("no entry fragment in list.html")
	}
	write(t, p, strings.Replace(string(data), entry, entry+"{{.Summary}}", 1))
	_, err = builder(t, dir, nil).Full()
	if err == nil || !strings.Contains(err.Error(), "templates/partials/list.html") || !strings.Contains(err.Error(), "Summary") {
		t.Fatalf("error = %v, want one at the template, naming Summary", err)
	}
	t.Log(err)
}
