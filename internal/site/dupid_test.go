package site

import (
	"strings"
	"testing"
)

// Two articles with one id are a warning naming both files and lines.
func TestSameIDTwice(t *testing.T) {
	a, b := source("a", "2024-01-01"), source("b", "2024-01-02")
	b.File.Front.ID = "a"
	a.File.IDLine, b.File.IDLine = 2, 3
	s := build(t, a, b)
	want := "content/b.md:3: id a is also the id of content/a.md:2"
	if len(s.Warnings) != 1 || !strings.HasPrefix(s.Warnings[0], want) {
		t.Errorf("warnings = %q, want one starting %q", s.Warnings, want)
	}
}
