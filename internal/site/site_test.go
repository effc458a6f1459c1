package site

import (
	"fmt"
	"html/template"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"briefing/internal/content"
	"briefing/internal/taxonomy"
)

const tax = `threshold: 1
tags:
  - name: Iraq
    kind: country
    words: [Iraq]
  - name: Syria
    kind: country
    words: [Syria]
  - name: Iran
    kind: country
    words: [Iran]
`

func source(name, date string, tags ...string) *Source {
	d, _ := time.Parse(time.DateOnly, date)
	return &Source{
		Name: name,
		File: &content.File{Path: "content/" + name + ".md", Front: content.Front{ID: name, Title: strings.ToUpper(name), Date: date}},
		Auto: tags,
		Date: d,
	}
}

func build(t *testing.T, srcs ...*Source) *Site {
	t.Helper()
	tx, err := taxonomy.Parse("taxonomy.yaml", []byte(tax))
	if err != nil {
		t.Fatal(err)
	}
	s, err := Build(srcs, tx, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func names[T interface{ *Article | *Entry }](as []T) string {
	var b []string
	for _, a := range as {
		switch a := any(a).(type) {
		case *Article:
			b = append(b, a.Name)
		case *Entry:
			b = append(b, a.Name)
		}
	}
	return strings.Join(b, " ")
}

func TestOrder(t *testing.T) {
	s := build(t,
		source("b", "2024-01-01"), source("a", "2024-01-01"), source("old", "2020-05-05"),
		source("z-undated", ""), source("new", "2025-02-02"), source("a-undated", ""),
	)
	if got := names(s.Articles); got != "new a b old a-undated z-undated" {
		t.Errorf("order = %s", got)
	}
	a := s.Articles[1]
	if a.Next.Name != "new" || a.Prev.Name != "b" {
		t.Errorf("a: prev %v next %v", a.Prev, a.Next)
	}
	if s.Articles[0].Next != nil || s.Articles[3].Prev != nil || s.Articles[4].Prev != nil {
		t.Error("ends of the dated list or undated articles have neighbours")
	}
	if len(s.Years) != 3 || s.Years[0].Year != 2025 || s.Years[1].Months[0].Name() != "January 2024" || len(s.Years[1].Months[0].Articles) != 2 {
		t.Errorf("timeline = %+v", s.Years)
	}
}

func TestRelated(t *testing.T) {
	srcs := []*Source{source("x", "2024-06-01", "iraq", "syria", "iran")}
	// Two articles share all three tags; the nearer in time comes first.
	srcs = append(srcs, source("far3", "2020-01-01", "iraq", "syria", "iran"), source("near3", "2024-05-01", "iraq", "syria", "iran"))
	for i := range 8 {
		srcs = append(srcs, source(fmt.Sprintf("one%d", i), fmt.Sprintf("2024-06-%02d", i+2), "iraq"))
	}
	srcs = append(srcs, source("none", "2024-06-01"))
	s := build(t, srcs...)
	var x *Article
	for _, a := range s.Articles {
		if a.Name == "x" {
			x = a
		}
	}
	got := names(x.Related)
	if !strings.HasPrefix(got, "near3 far3 ") || len(x.Related) != relatedCount || strings.Contains(got, "none") {
		t.Errorf("related = %s", got)
	}
}

func TestEditorTags(t *testing.T) {
	a := source("a", "2024-01-01", "iraq", "syria")
	a.File.Front.Tags = []string{"iran", "Syria", "Water Rights"}
	a.File.Front.ExcludeTags = []string{"IRAQ"}
	s := build(t, a)
	var got []string
	for _, tg := range s.Articles[0].Tags {
		got = append(got, tg.Slug)
	}
	if strings.Join(got, " ") != "iran syria water-rights" {
		t.Errorf("tags = %v", got)
	}
	if len(s.Warnings) != 0 {
		t.Errorf("warnings: %v", s.Warnings)
	}
}

func TestTagErrors(t *testing.T) {
	tests := []struct{ tag, want string }{
		{"!!!", `content/a.md: tag "!!!" has no letters or digits to make a URL from`},
		{"Iraq!", ""}, // the same tag by name after folding: no error
	}
	for _, tc := range tests {
		a := source("a", "")
		a.File.Front.Tags = []string{tc.tag}
		tx, _ := taxonomy.Parse("taxonomy.yaml", []byte(tax))
		_, err := Build([]*Source{a}, tx, nil)
		if tc.want == "" {
			if err != nil && !strings.Contains(err.Error(), "same URL") {
				t.Errorf("%q: %v", tc.tag, err)
			}
			continue
		}
		if err == nil || err.Error() != tc.want {
			t.Errorf("%q: error = %v, want %q", tc.tag, err, tc.want)
		}
	}
}

func TestDraftsLeftOut(t *testing.T) {
	d := source("d", "2024-01-01", "iraq")
	d.File.Front.Draft = true
	s := build(t, source("a", "2024-02-01", "iraq"), d)
	if len(s.Articles) != 1 || len(s.Tags) != 1 || len(Tagged(s.Tags[0])) != 1 {
		t.Errorf("draft counted: %d articles", len(s.Articles))
	}
}

// With a memo, the order, every related list, revision, the tags' and
// the site's list signatures, the notes and the warnings after any sequence of edits are
// those a build from nothing finds.
func TestMemoMatchesFreshBuild(t *testing.T) {
	tx, slugs := numberedTags(t, 12)
	rng := rand.New(rand.NewPCG(1, 2))
	randomTags := func() []string {
		var tags []string
		for _, sl := range slugs {
			if rng.IntN(4) == 0 {
				tags = append(tags, sl)
			}
		}
		return tags
	}
	var srcs []*Source
	for i := range 1500 {
		date := ""
		if i%10 != 0 {
			date = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(900)).Format(time.DateOnly)
		}
		srcs = append(srcs, source(fmt.Sprintf("a%04d", i), date, randomTags()...))
	}
	// model is what a build made of each article, and the notes list.
	model := func(s *Site) map[string]string {
		out := map[string]string{}
		for _, a := range s.Articles {
			var tags []string
			for _, t := range a.Tags {
				tags = append(tags, t.Slug)
			}
			out[a.Name] = fmt.Sprintf("title %q, tags %v, %d notes, sig %x entry %x, related %s",
				a.Title, tags, len(a.Notes), a.Sig(), a.Entry.Sig(), names(a.Related))
		}
		var notes []string
		for _, n := range s.Notes {
			notes = append(notes, n.Article.Name+":"+string(n.Text))
		}
		out["(notes)"] = strings.Join(notes, " ")
		var tags []string
		for _, t := range s.Tags {
			tags = append(tags, fmt.Sprintf("%s %x", t.Slug, TaggedSig(t)))
		}
		out["(tags)"] = strings.Join(tags, " ")
		out["(entries)"] = fmt.Sprintf("%x", s.EntriesSig())
		out["(warnings)"] = strings.Join(s.Warnings, "\n")
		return out
	}
	var memo Memo
	rounds := 150
	if testing.Short() {
		rounds = 40
	}
	for round := range rounds {
		// Edits: retag a few articles (many, now and then); fix a title,
		// a body or add a note to one or a few (which patches the last
		// site); hide or show one; move one in time.
		k := rng.IntN(12)
		switch {
		case k < 5:
			n := 1 + rng.IntN(4)
			if k == 0 {
				n = maxRetagged + 10
			}
			for range n {
				i := rng.IntN(len(srcs))
				c := *srcs[i]
				c.Auto = randomTags()
				srcs[i] = &c
			}
		case k < 10:
			for range 1 + rng.IntN(3) {
				i := rng.IntN(len(srcs))
				c := *srcs[i]
				f := *c.File
				switch k {
				case 5:
					f.Front.Title += " (corrected)"
				case 6:
					c.Hash++ // the body changed
				case 7:
					f.Front.Notes = append(slices.Clone(f.Front.Notes), content.Note{By: "Desk", Date: fmt.Sprintf("2024-02-%02d", 1+rng.IntN(28)), Text: "x"})
					c.Notes = append(slices.Clone(c.Notes), template.HTML(fmt.Sprintf("<p>note %d</p>", round)))
				case 8:
					f.Front.Draft = !f.Front.Draft
				case 9:
					f.Front.Tags = append(slices.Clone(f.Front.Tags), "Tag1")
				}
				c.File = &f
				srcs[i] = &c
			}
		default:
			i := rng.IntN(len(srcs))
			srcs[i] = source(srcs[i].Name, "2021-03-04", randomTags()...)
		}
		got, err := Build(srcs, tx, &memo)
		if err != nil {
			t.Fatal(err)
		}
		want, err := Build(srcs, tx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if g, w := names(got.Articles), names(want.Articles); g != w {
			t.Fatalf("round %d: the order with the memo differs from the order without", round)
		}
		g, w := model(got), model(want)
		for name := range w {
			if g[name] != w[name] {
				t.Fatalf("round %d: %s: %s with the memo, %s without", round, name, g[name], w[name])
			}
		}
		if len(g) != len(w) {
			t.Fatalf("round %d: %d articles with the memo, %d without", round, len(g), len(w))
		}
	}
}

// numberedTags is a taxonomy of n tags, Tag0 … Tag<n-1>, and their slugs.
func numberedTags(t testing.TB, n int) (*taxonomy.Taxonomy, []string) {
	t.Helper()
	var yaml strings.Builder
	yaml.WriteString("threshold: 1\ntags:\n")
	var slugs []string
	for i := range n {
		fmt.Fprintf(&yaml, "  - name: Tag%d\n    kind: organisation\n    words: [Tag%d]\n", i, i)
		slugs = append(slugs, fmt.Sprintf("tag%d", i))
	}
	tx, err := taxonomy.Parse("taxonomy.yaml", []byte(yaml.String()))
	if err != nil {
		t.Fatal(err)
	}
	return tx, slugs
}

// An editor's tag that is a word of a taxonomy tag is that tag; one a
// letter off gets a warning naming the tag it is likely to mean.
func TestEditorTagsThroughTaxonomyWords(t *testing.T) {
	const words = `threshold: 1
tags:
  - name: Mustafa al-Kadhimi
    kind: person
    words: [Mustafa al-Kadhimi, Kadhimi]
`
	tx, err := taxonomy.Parse("taxonomy.yaml", []byte(words))
	if err != nil {
		t.Fatal(err)
	}
	a := source("a", "2024-01-01")
	a.File.Front.Tags = []string{"Kadhimi"}
	b := source("b", "2024-01-02")
	b.File.Front.Tags = []string{"Kadhimy"}
	s, err := Build([]*Source{a, b}, tx, nil)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string][]string{}
	for _, art := range s.Articles {
		for _, tg := range art.Tags {
			byName[art.Name] = append(byName[art.Name], tg.Name)
		}
	}
	if got := byName["a"]; len(got) != 1 || got[0] != "Mustafa al-Kadhimi" {
		t.Errorf("tags: [Kadhimi] gives %q", got)
	}
	if len(s.Warnings) != 1 || s.Warnings[0] != `content/b.md: tags: "Kadhimy" is not a taxonomy tag; did you mean "Mustafa al-Kadhimi"? (written as it is, it makes a tag of its own)` {
		t.Errorf("warnings: %q", s.Warnings)
	}
}
