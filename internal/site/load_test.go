package site

import (
	"strings"
	"testing"
	"testing/fstest"

	"briefing/internal/markdown"
	"briefing/internal/taxonomy"
)

func article(title string) *fstest.MapFile {
	return &fstest.MapFile{Data: []byte("---\nid: " + strings.ToLower(title) + "\ntitle: " + title + "\n---\nText about Iraq.\n")}
}

func sourceNames(srcs []*Source) string {
	var b []string
	for _, s := range srcs {
		b = append(b, s.Name+"("+s.File.Front.Title+")")
	}
	return strings.Join(b, " ")
}

// After any reloads, the loader returns what a fresh load of the same
// files does, in the same (file-name) order.
func TestReloadMatchesLoad(t *testing.T) {
	tx, err := taxonomy.Parse("taxonomy.yaml", []byte(tax))
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{"a.md": article("A"), "a-b.md": article("AB"), "b.md": article("B"), "notes.txt": {Data: []byte("x")}}
	l := NewLoader(markdown.New(), tx.Matcher())
	if _, err := l.Load(fsys, "content"); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		change  func()
		changed []string
	}{
		{func() { fsys["a-c.md"] = article("AC") }, []string{"a-c.md"}},
		{func() { delete(fsys, "b.md") }, []string{"b.md"}},
		{func() { fsys["a.md"] = article("A corrected") }, []string{"a.md"}},
		{func() { fsys["0.md"] = article("Zero"); fsys["z.md"] = article("Z") }, []string{"z.md", "0.md"}},
		{func() { delete(fsys, "missing.md") }, []string{"missing.md"}},
	}
	for i, st := range steps {
		st.change()
		got, err := l.Reload(fsys, "content", st.changed)
		if err != nil {
			t.Fatal(err)
		}
		want, err := NewLoader(markdown.New(), tx.Matcher()).Load(fsys, "content")
		if err != nil {
			t.Fatal(err)
		}
		if g, w := sourceNames(got), sourceNames(want); g != w {
			t.Errorf("step %d: reload gives %s, a fresh load %s", i+1, g, w)
		}
	}
}
