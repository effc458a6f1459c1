package site

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"briefing/internal/files"
	"briefing/internal/markdown"
	"briefing/internal/taxonomy"
)

// loaded is what a source holds, copied out of it: nothing in it shares
// memory with the loader's buffers.
func loaded(t *testing.T, s *Source) string {
	t.Helper()
	body, err := s.Body.HTML()
	if err != nil {
		t.Fatal(err)
	}
	lead, err := (&Article{body: s.Body}).Lead()
	if err != nil {
		t.Fatal(err)
	}
	return strings.Clone(fmt.Sprintf("%s %#v %q %#v %#v %#v %q %q %q %q", s.Name, s.File.Front, body, s.Notes, s.Refs, s.NoteRefs, s.Auto, s.Warnings, s.DateSource, lead))
}

// reuseArticle is article i of a folder, in its version v: the front
// matter in every layout a file may have, prose, markup and links.
func reuseArticle(i, v int) string {
	word := strings.Repeat(string(rune('a'+v%26)), 3+i%5)
	var b strings.Builder
	fmt.Fprintf(&b, "---\nid: id%02d%s\n", i, word)
	switch i % 3 {
	case 0:
		fmt.Fprintf(&b, "title: Plain %s title %d\n", word, i)
	case 1:
		fmt.Fprintf(&b, "title: \"Quoted: %s %d\"\n", word, i)
	case 2:
		fmt.Fprintf(&b, "title: 'It''s %s %d'\n", word, i)
	}
	fmt.Fprintf(&b, "date: \"2020-01-%02d\"\ndate_source: caption\ncaption: A %s photo, January %d, 2020.\n", 1+i%28, word, 2+i%27)
	fmt.Fprintf(&b, "sources:\n  - %s.txt:%d\n", word, i)
	fmt.Fprintf(&b, "tags:\n  - Tag %s\n  - Iran\nsummary: Summary %s\n", word, word)
	if i%4 == 0 {
		fmt.Fprintf(&b, "notes:\n  - by: Editor %s\n    date: \"2026-01-02\"\n    text: See [the other](@/%s-%d).\n", word, word, i)
	}
	fmt.Fprintf(&b, "aliases:\n  - old-%s-%d\n---\n", word, i)
	for p := range 2 + i%4 {
		if i%2 == 1 && p == 1 {
			fmt.Fprintf(&b, "Some *%s* markup and [a link](@/%s-%d) about Iraq.\n\n", word, word, p)
			continue
		}
		fmt.Fprintf(&b, "Paragraph %d of %s about Syria, \"quoted\" %s.\n%s goes on.\n\n", p, word, strings.Repeat(word+" ", 40*(i%3)), word)
	}
	return b.String()
}

// Files are read, and bodies rendered, in buffers that serve file after
// file: what a loaded source holds must stay as it was loaded however
// many files are read after it, and be what reading each file on its own
// gives.
func TestLoadedSourcesOutliveTheBuffers(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	tx, err := taxonomy.Parse("taxonomy.yaml", []byte(tax))
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	dir := filepath.Join(root, "content")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	const n = 48
	var names []string
	write := func(v int) {
		for i := range n {
			name := fmt.Sprintf("a%02d.md", i)
			if err := os.WriteFile(filepath.Join(dir, name), []byte(reuseArticle(i, v)), 0o644); err != nil {
				t.Fatal(err)
			}
			if v == 0 {
				names = append(names, name)
			}
		}
	}
	write(0)
	fsys := files.InputFS(root, dir, nil)
	l := NewLoader(markdown.New(), tx.Matcher())
	first, err := l.Load(fsys, "content")
	if err != nil {
		t.Fatal(err)
	}
	if len(first) != n {
		t.Fatalf("%d sources, want %d", len(first), n)
	}
	kept := make([]string, len(first))
	for i, s := range first {
		kept[i] = loaded(t, s)
	}
	for v := 1; v <= 3; v++ {
		write(v)
		var got []*Source
		if v == 2 {
			got, err = l.Reload(fsys, "content", names) // one file after another
		} else {
			got, err = l.Load(fsys, "content") // files at once
		}
		if err != nil {
			t.Fatal(err)
		}
		for i, s := range first {
			if now := loaded(t, s); now != kept[i] {
				t.Fatalf("version %d: %s changed after other files were read:\n%s\nnot\n%s", v, s.Name, now, kept[i])
			}
		}
		// Each file read alone, in a buffer of its own, gives the same.
		alone, err := NewLoader(markdown.New(), tx.Matcher()).Load(os.DirFS(dir), "content")
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(alone) {
			t.Fatalf("version %d: %d sources, read alone %d", v, len(got), len(alone))
		}
		for i := range got {
			if g, w := loaded(t, got[i]), loaded(t, alone[i]); g != w {
				t.Fatalf("version %d: %s loaded as\n%s\nread alone\n%s", v, got[i].Name, g, w)
			}
		}
	}
}
