package build

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"briefing/internal/config"
)

// TestUpdateEqualsFullBuild makes random editor changes to an archive and,
// after each, checks that an update leaves exactly the files a full build
// of the same content writes. It is the guard on page signatures: a page
// whose signature misses something it shows is left stale and fails here.
func TestUpdateEqualsFullBuild(t *testing.T) {
	dir := project(t, "testdata/site.txtar")
	content := filepath.Join(dir, "content")
	r := rand.New(rand.NewPCG(7, 11))
	words := []string{"Iraq", "Baghdad", "Iraqi", "Syria", "Damascus", "Syrian", "Kataib Hezbollah", "talks", "border", "officials"}
	article := func(i int) string {
		var b strings.Builder
		fmt.Fprintf(&b, "---\nid: gen%d\ntitle: Generated article %d about %s\n", i, i, words[r.IntN(len(words))])
		if r.IntN(4) > 0 {
			fmt.Fprintf(&b, "date: \"20%02d-%02d-%02d\"\n", 20+r.IntN(6), 1+r.IntN(12), 1+r.IntN(28))
		}
		b.WriteString("sources:\n  - gen.txt:1\n")
		if r.IntN(3) == 0 {
			fmt.Fprintf(&b, "tags: [%s]\n", []string{"Justice", "Water", "Iraq"}[r.IntN(3)])
		}
		if r.IntN(4) == 0 {
			fmt.Fprintf(&b, "notes:\n  - by: Editor %d\n    date: \"2026-0%d-01\"\n    text: Note %d.\n", r.IntN(3), 1+r.IntN(9), r.IntN(100))
		}
		if r.IntN(8) == 0 {
			b.WriteString("draft: true\n")
		}
		b.WriteString("---\n")
		for range 1 + r.IntN(3) {
			for range 6 {
				b.WriteString(words[r.IntN(len(words))] + " ")
			}
			b.WriteString("\n\n")
		}
		return b.String()
	}
	for i := range 30 {
		write(t, filepath.Join(content, fmt.Sprintf("gen-%02d.md", i)), article(i))
	}
	cfg, err := config.Load(filepath.Join(dir, "site.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	cfg.TimelineSplit = 12 // so years get pages of their own, and can lose them
	watched := New(dir, cfg)
	if _, err := watched.Full(); err != nil {
		t.Fatal(err)
	}
	steps := 60
	if testing.Short() {
		steps = 15
	}
	for step := range steps {
		i := r.IntN(40)
		name := fmt.Sprintf("gen-%02d.md", i)
		p := filepath.Join(content, name)
		what := "edit"
		if _, err := os.Stat(p); err == nil && r.IntN(6) == 0 {
			what = "delete"
			if err := os.Remove(p); err != nil {
				t.Fatal(err)
			}
		} else {
			write(t, p, article(i))
		}
		if _, err := watched.Update(Change{Content: []string{name}}); err != nil {
			t.Fatalf("step %d (%s %s): %v", step, what, name, err)
		}
		fresh := cfg
		fresh.Public = "fresh"
		if _, err := New(dir, fresh).Full(); err != nil {
			t.Fatal(err)
		}
		got, want := readTree(t, watched.Out()), readTree(t, filepath.Join(dir, "fresh"))
		for n, data := range want {
			if got[n] != data {
				t.Fatalf("step %d (%s %s): %s is stale after the update", step, what, name, n)
			}
		}
		for n := range got {
			if _, ok := want[n]; !ok {
				t.Fatalf("step %d (%s %s): %s should have been removed", step, what, name, n)
			}
		}
	}
}
