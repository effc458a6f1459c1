package site

import (
	"strings"
	"testing"

	"briefing/internal/content"
)

// Two articles with one id are a warning naming both files and lines.
func TestSameIDTwice(t *testing.T) {
	parse := func(name, front string) *Source {
		f, err := content.Parse("content/"+name+".md", []byte(front))
		if err != nil {
			t.Fatal(err)
		}
		return &Source{Name: name, File: f}
	}
	a := parse("a", "---\nid: a\ntitle: A\n---\n")
	b := parse("b", "---\ntitle: B\nid: a\n---\n")
	s := build(t, a, b)
	want := "content/b.md:3: id a is also the id of content/a.md:2"
	if len(s.Warnings) != 1 || !strings.HasPrefix(s.Warnings[0], want) {
		t.Errorf("warnings = %q, want one starting %q", s.Warnings, want)
	}
}
