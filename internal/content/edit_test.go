package content

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// layouts are front matters as editors leave them: comments everywhere,
// lists in both styles, quoting of every kind, keys missing.
var layouts = map[string]string{
	"as convert writes": good,
	"odd": `---
# written by hand
id: 'abc123'   # never change
title: Iraq talks # from the wire
caption: "A caption (AFP)"
sources: # the dumps
- 000.txt:1
- '001.txt:4'
tags: [Iraq, "Baghdad, city"]   # mine
exclude_tags:
    - Kuwait
notes:
- by: Dana
  date: 2026-11-01
  text: >
    Folded
    text.

  # spare
summary: >-
  A summary on
  two lines.
---
Body # not a comment
---
more body
`,
	"sparse": `---
id: x
title: "Only \"these\""
---
`,
	"multi-line title": `---
id: x
title: "A title that
  goes on"
date: 2020-01-02
date_source: caption
review: 'possible duplicate of y'
tags:
  - a
  # dropped b
draft: true
---

Body.
`,
}

func init() {
	for name, src := range layouts {
		if !strings.Contains(name, "CRLF") {
			layouts[name+" CRLF"] = strings.ReplaceAll(src, "\n", "\r\n")
		}
	}
}

func ptr[T any](v T) *T { return &v }

// edits are each field edited alone; keys are the keys it may change.
var edits = []struct {
	name    string
	keys    []string
	changes Changes
}{
	{"title", []string{"title"}, Changes{Title: ptr(`New title: "quoted" # not a comment`)}},
	{"long title", []string{"title"}, Changes{Title: ptr(strings.Repeat("word ", 40) + "end")}},
	{"date", []string{"date", "date_source"}, Changes{Date: ptr("2021-03-04"), DateSource: ptr("editor")}},
	{"no date", []string{"date", "date_source"}, Changes{Date: ptr(""), DateSource: ptr("")}},
	{"summary", []string{"summary"}, Changes{Summary: ptr("Two lines\nof summary.")}},
	{"empty summary", []string{"summary"}, Changes{Summary: ptr("")}},
	{"draft", []string{"draft"}, Changes{Draft: ptr(true)}},
	{"publish", []string{"draft"}, Changes{Draft: ptr(false)}},
	{"reviewed", []string{"review"}, Changes{Review: ptr("")}},
	{"tags", []string{"tags"}, Changes{Tags: ptr([]string{"Iraq", "Mustafa al-Kadhimi", "a: b"})}},
	{"no tags", []string{"tags"}, Changes{Tags: ptr([]string{})}},
	{"exclude tags", []string{"exclude_tags"}, Changes{ExcludeTags: ptr([]string{"Kuwait", "Gulf [region]"})}},
	{"note", []string{"notes"}, Changes{AddNotes: []Note{{By: "Sam <b>", Date: "2026-11-28", Text: "<script>alert(1)</script>\n\nSecond *paragraph*."}}}},
	{"two notes", []string{"notes"}, Changes{AddNotes: []Note{{By: "A", Date: "2026-11-28", Text: "one"}, {By: "B", Date: "2026-11-28", Text: "two: three"}}}},
	{"sources", []string{"sources"}, Changes{Sources: ptr([]string{"000.txt:1", "001.txt:4", "009.txt:2"})}},
	{"caption", []string{"caption"}, Changes{Caption: ptr("A new caption: (AFP) # x")}},
	{"fingerprint", []string{"fingerprint"}, Changes{Fingerprint: ptr("0123456789abcdef")}},
}

func TestEditChangesOnlyTheField(t *testing.T) {
	for lname, src := range layouts {
		before, err := Parse("a.md", []byte(src))
		if err != nil {
			t.Fatalf("%s: %v", lname, err)
		}
		for _, ed := range edits {
			t.Run(lname+"/"+ed.name, func(t *testing.T) {
				out, err := Edit("a.md", []byte(src), ed.changes)
				if err != nil {
					t.Fatal(err)
				}
				after, err := Parse("a.md", out)
				if err != nil {
					t.Fatalf("%v\n%s", err, out)
				}
				if want := intended(before.Front, ed.changes); !sameFront(after.Front, want) {
					t.Errorf("front = %+v\nwant    %+v\n%s", after.Front, want, out)
				}
				if string(after.Body) != string(before.Body) {
					t.Errorf("body changed: %q", after.Body)
				}
				if a, b := withoutKeys(src, ed.keys), withoutKeys(string(out), ed.keys); a != b {
					t.Errorf("other lines changed:\n--- before\n%s--- after\n%s", a, b)
				}
				for _, c := range comments(src) {
					if !strings.Contains(string(out), c) {
						t.Errorf("comment %q lost:\n%s", c, out)
					}
				}
				if strings.Contains(src, "\r\n") && strings.Count(string(out), "\n") != strings.Count(string(out), "\r\n") {
					t.Errorf("a line without CR in a CRLF file:\n%q", out)
				}
			})
		}
	}
}

// intended is f with the changes made, as the editor means them.
func intended(f Front, c Changes) Front {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&f.Title, c.Title)
	set(&f.Date, c.Date)
	set(&f.DateSource, c.DateSource)
	set(&f.Caption, c.Caption)
	set(&f.Fingerprint, c.Fingerprint)
	set(&f.Summary, c.Summary)
	set(&f.Review, c.Review)
	if c.Draft != nil {
		f.Draft = *c.Draft
	}
	for _, l := range []struct{ dst, v *[]string }{{&f.Sources, c.Sources}, {&f.Tags, c.Tags}, {&f.ExcludeTags, c.ExcludeTags}} {
		if l.v != nil {
			*l.dst = *l.v
		}
	}
	f.Notes = append(slices.Clone(f.Notes), c.AddNotes...)
	return f
}

// withoutKeys drops the lines of the named top-level keys from a file,
// and the comments on their lines, which Edit keeps but may move.
func withoutKeys(src string, keys []string) string {
	var b strings.Builder
	skip := false
	for line := range strings.Lines(src) {
		if line != "" && line[0] != ' ' && line[0] != '-' && line[0] != '\r' && line[0] != '\n' && line[0] != '#' {
			key, _, _ := strings.Cut(line, ":")
			skip = slices.Contains(keys, key)
		}
		if strings.TrimSpace(line) == "---" {
			skip = false
		}
		if skip && line[0] != '#' {
			continue
		}
		b.WriteString(line)
	}
	return b.String()
}

var commentRe = regexp.MustCompile(`(?m)(?:^|\s)(#[^\r\n]*)`)

// comments are the front matter's comments.
func comments(src string) []string {
	fm, _, _ := strings.Cut(strings.TrimPrefix(src, "---"), "\n---")
	var out []string
	for _, m := range commentRe.FindAllStringSubmatch(fm, -1) {
		if !strings.Contains(m[1], "dropped") { // a comment inside a list the edit rewrites
			out = append(out, m[1])
		}
	}
	return out
}

func TestEditExact(t *testing.T) {
	tests := []struct {
		name, src string
		changes   Changes
		want      string
	}{
		{
			"a comment on the key line stays",
			"---\nid: x\ntitle: Old # checked\n---\n",
			Changes{Title: ptr("New")},
			"---\nid: x\ntitle: New # checked\n---\n",
		},
		{
			"a list that grows keeps its items and comments",
			"---\nid: x\ntitle: t\nsources: # from the wire\n  - a.txt:1 # first\n  - 'b.txt:2'\ntags: []\n---\nbody\n",
			Changes{Sources: ptr([]string{"a.txt:1", "b.txt:2", "c.txt:3"})},
			"---\nid: x\ntitle: t\nsources: # from the wire\n  - a.txt:1 # first\n  - 'b.txt:2'\n  - c.txt:3\ntags: []\n---\nbody\n",
		},
		{
			"CRLF stays CRLF",
			"---\r\nid: x\r\ntitle: t\r\nsources: # mine\r\n  - a.txt:1\r\n---\r\nbody\r\n",
			Changes{Sources: ptr([]string{"a.txt:1", "c.txt:3"})},
			"---\r\nid: x\r\ntitle: t\r\nsources: # mine\r\n  - a.txt:1\r\n  - c.txt:3\r\n---\r\nbody\r\n",
		},
		{
			"a missing key goes after the one before it",
			"---\nid: x\ntitle: t\n# the caption is wrong\ncaption: c\n---\n",
			Changes{Date: ptr("2020-01-02"), DateSource: ptr("editor")},
			"---\nid: x\ntitle: t\ndate: \"2020-01-02\"\ndate_source: editor\n# the caption is wrong\ncaption: c\n---\n",
		},
		{
			"a flow list stays flow",
			"---\nid: x\ntitle: t\ntags: [a, b] # mine\n---\n",
			Changes{Tags: ptr([]string{"a", "c, d"})},
			"---\nid: x\ntitle: t\ntags: [a, \"c, d\"] # mine\n---\n",
		},
		{
			"an empty list becomes a block",
			"---\nid: x\ntitle: t\ntags: []\nexclude_tags: [] # none yet\n---\n",
			Changes{ExcludeTags: ptr([]string{"Iraq"})},
			"---\nid: x\ntitle: t\ntags: []\nexclude_tags: # none yet\n  - Iraq\n---\n",
		},
		{
			"a note after notes at the margin",
			"---\nid: x\ntitle: t\nnotes:\n- by: A\n  text: one\ndraft: false\n---\n",
			Changes{AddNotes: []Note{{By: "B", Date: "2026-11-28", Text: "two"}}},
			"---\nid: x\ntitle: t\nnotes:\n- by: A\n  text: one\n- by: B\n  date: \"2026-11-28\"\n  text: two\ndraft: false\n---\n",
		},
		{
			"a new body",
			"---\r\nid: x\r\ntitle: t # mine\r\n---\r\nold body\r\n",
			Changes{Title: ptr("u"), Body: ptr("new body\r\n")},
			"---\r\nid: x\r\ntitle: u # mine\r\n---\r\nnew body\r\n",
		},
		{
			"a body after a closing line without a line break",
			"---\nid: x\ntitle: t\n---",
			Changes{Body: ptr("text\n")},
			"---\nid: x\ntitle: t\n---\ntext\n",
		},
		{
			"removing a key keeps the comment above the next",
			"---\nid: x\ntitle: t\nreview: check it\n\n# why\ndraft: true\n---\n",
			Changes{Review: ptr(""), Draft: ptr(false)},
			"---\nid: x\ntitle: t\n\n# why\ndraft: false\n---\n",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, err := Edit("a.md", []byte(tc.src), tc.changes)
			if err != nil {
				t.Fatal(err)
			}
			if string(out) != tc.want {
				t.Errorf("got\n%q\nwant\n%q", out, tc.want)
			}
		})
	}
}

func TestEditRefusesWhatItCannotRead(t *testing.T) {
	for _, src := range []string{"no front matter\n", "---\nid: [x\n---\n", "---\n- a\n---\n"} {
		if _, err := Edit("c/a.md", []byte(src), Changes{Title: ptr("x")}); err == nil || !strings.HasPrefix(err.Error(), "c/a.md:") {
			t.Errorf("Edit(%q) error = %v, want one that names the file", src, err)
		}
	}
}

// TestKeysInMarshalOrder: the order an edit adds keys in is the order a
// new file has them.
func TestKeysInMarshalOrder(t *testing.T) {
	data, err := Marshal(Front{ID: "x", Title: "t", Date: "2020-01-02", DateSource: "caption", Caption: "c", Sources: []string{"s"},
		Fingerprint: "f", Review: "r", Tags: []string{"a"}, ExcludeTags: []string{"b"}, Notes: []Note{{By: "n", Text: "t"}}, Summary: "s", Draft: true}, "")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for line := range strings.Lines(string(data)) {
		if k, _, ok := strings.Cut(line, ":"); ok && line[0] != ' ' {
			got = append(got, k)
		}
	}
	// Keys has the optional keys Marshal leaves out, in their places.
	var want []string
	for _, k := range Keys() {
		if slices.Contains(got, k) {
			want = append(want, k)
		}
	}
	if len(got) < 13 || !slices.Equal(got, want) {
		t.Errorf("Marshal writes %v, Keys are %v", got, Keys())
	}
}
