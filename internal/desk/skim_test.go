package desk

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"briefing/internal/content"
)

// TestSkimMatchesParse: whatever skim reads of a file is what the parser
// reads; files it cannot read exactly it leaves to the parser.
func TestSkimMatchesParse(t *testing.T) {
	var files []string
	names, _ := filepath.Glob("../../content/*.md")
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, string(data))
	}
	if len(files) < 5 {
		t.Fatalf("only %d content files", len(files))
	}
	titles := []string{"plain", "a: b", "a #b", "a#b", "'quoted'", `"double"`, `a\b`, "it's", "yes", "null", "NULL", "~", "123", "1e3",
		"2020-01-02", "- dash", "[x]", "{x}", "| bar", "> gt", "& amp", "* star", "! bang", "%", "@", "`tick`", "a\tb", "é “x”",
		"trailing ", " leading", "a\nb", "#hash", ": colon", "?", "a:", strings.Repeat("long ", 50)}
	for _, title := range titles {
		for _, f := range []content.Front{
			{ID: "x", Title: title, Sources: []string{"a:1"}},
			{ID: "x", Title: "t", Review: title, Date: "2020-01-02", Draft: true},
			{ID: "x", Title: title, Notes: []content.Note{{By: "a", Text: "b"}}},
		} {
			data, err := content.Marshal(f, "Body.\n")
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, string(data))
		}
	}
	files = append(files,
		"---\nid: x\ntitle: A # comment\ndate: 2020-01-02 # checked\ndraft: true\n---\n",
		"---\nid: x\ntitle: 'It''s' # c\nreview: \"possible duplicate of y\"\nnotes: [] # none\n---\n",
		"---\nid: x\ntitle: A title\n  goes on\n---\n",
		"---\nid: x\ntitle: \"A title\n  goes on\"\n---\n",
		"---\nid: x\ntitle: t\ntitle: u\n---\n",
		"---\nid: x\ntitle: t\ntxt: u\n---\n",
		"---\nid: x\ntitle: t\ndraft: yes\n---\n",
		"---\nid: x\ntitle: t\ndate: 2020-13-01\n---\n",
		"---\nid: x\ntitle: t\nreview: |\n  why\n---\n",
		"---\nid: x\ntitle: t\r\n---\r\n",
		"---\nid: x\ntitle:\n---\n",
		"---\ntitle: t\n---\n",
	)
	skimmed := 0
	for _, data := range files {
		e, ok := skim([]byte(data))
		if !ok {
			continue
		}
		skimmed++
		f, err := content.Parse("a.md", []byte(data))
		if err != nil {
			t.Errorf("skim read a file the parser refuses (%v):\n%s", err, data)
			continue
		}
		fr := f.Front
		want := entry{Title: fr.Title, Date: fr.Date, Draft: fr.Draft, Review: fr.Review}
		if len(fr.Notes) > 0 || e.Title != want.Title || e.Date != want.Date || e.Draft != want.Draft || e.Review != want.Review {
			t.Errorf("skim read %+v, the parser %+v (notes %d):\n%s", e, want, len(fr.Notes), data)
		}
	}
	if skimmed < len(files)/3 {
		t.Errorf("skim read only %d of %d files", skimmed, len(files))
	}
}
