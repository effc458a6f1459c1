package desk

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"briefing/internal/content"
)

// BenchmarkList is one page of the desk's largest list, counts and all,
// over 100,000 articles.
func BenchmarkList(b *testing.B) {
	x := newIndex(b.TempDir())
	x.once.Do(func() {})
	x.all = map[string]*entry{}
	for i := range 100_000 {
		e := &entry{Name: fmt.Sprintf("article-%06d", i), Title: fmt.Sprintf("Article %d about Baghdad", i)}
		if i%3 == 0 {
			e.Date = "2020-01-02"
		}
		if i%50 == 0 {
			e.Notes = []content.Note{{By: "Dana", Date: "2026-11-01", Text: "checked"}}
		}
		x.all[e.Name] = e
		x.list = append(x.list, e)
	}
	for b.Loop() {
		if l := x.query(showUndated, "", 700); len(l.Rows) != pageSize {
			b.Fatalf("%d rows", len(l.Rows))
		}
	}
}

// BenchmarkLoad reads 10,000 article files, as the desk does once.
func BenchmarkLoad(b *testing.B) {
	dir := b.TempDir()
	for i := range 10_000 {
		data, err := content.Marshal(content.Front{ID: fmt.Sprint(i), Title: fmt.Sprintf("Article %d", i), Sources: []string{"a.txt:1"}}, "Body text.\n")
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("a%05d.md", i)), data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		x := newIndex(dir)
		x.load()
		if len(x.all) != 10_000 {
			b.Fatalf("%d articles", len(x.all))
		}
	}
}
