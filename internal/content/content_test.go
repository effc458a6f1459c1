package content

import (
	"strings"
	"testing"
)

const good = `---
id: abc123
title: "Iraq talks"
date: 2020-01-23
date_source: caption
caption: A caption (AFP)
sources:
  - 000.txt:1
# an editor's comment
tags: [Iraq]
exclude_tags: []
notes:
  - by: Dana
    date: 2026-11-01
    text: |
      Checked against *two* reports.
summary: ""
draft: false
---
Body line one.

Body line two.
`

func TestParse(t *testing.T) {
	f, err := Parse("content/a.md", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	if f.Front.ID != "abc123" || f.Front.Title != "Iraq talks" || f.Front.Date != "2020-01-23" {
		t.Errorf("front = %+v", f.Front)
	}
	if len(f.Front.Notes) != 1 || f.Front.Notes[0].By != "Dana" || !strings.Contains(f.Front.Notes[0].Text, "*two*") {
		t.Errorf("notes = %+v", f.Front.Notes)
	}
	if f.BodyLine != 20 || !strings.HasPrefix(string(f.Body), "Body line one.") {
		t.Errorf("body starts on line %d: %q", f.BodyLine, f.Body)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, edit, want string
	}{
		{"bad date", "date: 2020-01-23", "content/a.md:4: front matter: date \"2020-13-01\" is not a date"},
		{"unknown key", "summary: \"\"", "content/a.md:17: front matter: unknown key \"sumary\""},
		{"yaml syntax", "caption: A caption (AFP)", "content/a.md:6: front matter:"},
		{"note without author", "  - by: Dana", "content/a.md:13: front matter: note 1 has no by"},
		{"bad date source", "date_source: caption", "content/a.md:5: front matter: date_source \"photo\" is not one of caption, editor"},
		{"missing title", "title: \"Iraq talks\"", "content/a.md:3: front matter: title is missing"},
	}
	repl := map[string]string{
		"bad date":            "date: 2020-13-01",
		"unknown key":         "sumary: \"\"",
		"yaml syntax":         "caption: [unclosed",
		"note without author": "  - by: \"\"",
		"bad date source":     "date_source: photo",
		"missing title":       "title: \"\"",
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := strings.Replace(good, tc.edit, repl[tc.name], 1)
			_, err := Parse("content/a.md", []byte(src))
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("error = %v\nwant prefix %q", err, tc.want)
			}
		})
	}
}

func TestParseNoFrontMatter(t *testing.T) {
	for _, src := range []string{"", "just text\n", "---\nid: x\n"} {
		if _, err := Parse("c/x.md", []byte(src)); err == nil || !strings.HasPrefix(err.Error(), "c/x.md:1: ") {
			t.Errorf("Parse(%q) error = %v, want one at c/x.md:1", src, err)
		}
	}
}

func TestMarshalRoundTrip(t *testing.T) {
	front := Front{ID: "x1", Title: `He said: "no" <script>`, Date: "2024-02-04", DateSource: "caption", Caption: "A: b # c", Sources: []string{"a.txt:1"}}
	data, err := Marshal(front, "Body \\*text\\*\n")
	if err != nil {
		t.Fatal(err)
	}
	f, err := Parse("x.md", data)
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	if f.Front.Title != front.Title || f.Front.Caption != front.Caption || string(f.Body) != "Body \\*text\\*\n" {
		t.Errorf("round trip lost data:\n%s", data)
	}
	for _, key := range []string{"tags: []", "exclude_tags: []", "notes: []", "summary: \"\"", "draft: false"} {
		if !strings.Contains(string(data), "\n"+key+"\n") {
			t.Errorf("new file lacks %q for editors to fill in:\n%s", key, data)
		}
	}
	if got := Skim(data); got != (Summary{ID: "x1", Date: "2024-02-04", IDLine: 2}) {
		t.Errorf("Skim = %+v", got)
	}
}

func TestSetSourcesKeepsEverythingElse(t *testing.T) {
	out, err := SetSources("a.md", []byte(good), []string{"000.txt:1", "004.txt:9"})
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(good, "  - 000.txt:1\n", "  - 000.txt:1\n  - 004.txt:9\n", 1)
	if string(out) != want {
		t.Errorf("SetSources changed more than sources:\n%s", out)
	}
	if _, err := Parse("a.md", out); err != nil {
		t.Error(err)
	}
}
