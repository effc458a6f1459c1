package site

import (
	"fmt"
	"html/template"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

func TestTextStore(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	for _, disk := range []bool{true, false} {
		s := newTextStore()
		if !disk {
			s = &textStore{}
		} else if s.f == nil {
			t.Fatal("no temporary file")
		}
		// Many writers and readers at once, each body read back whole.
		texts := make([]Text, 200)
		var wg sync.WaitGroup
		for i := range texts {
			wg.Go(func() {
				var err error
				if texts[i], err = s.put(fmt.Appendf(nil, "<p>body %d: %0*d</p>", i, i*7, 0)); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		for i, tx := range texts {
			got, err := tx.HTML()
			want := template.HTML(fmt.Sprintf("<p>body %d: %0*d</p>", i, i*7, 0))
			if err != nil || got != want {
				t.Fatalf("disk %v: body %d read back as %q, %v", disk, i, got, err)
			}
		}
		// The store keeps its own copy: the caller's buffer serves again.
		buf := []byte("<p>first</p>")
		first, err := s.put(buf)
		copy(buf, "<p>other</p>")
		if got, _ := first.HTML(); err != nil || got != "<p>first</p>" {
			t.Errorf("disk %v: a body whose buffer was used again reads %q, %v", disk, got, err)
		}
		if got, err := first.AppendTo([]byte("<hr>")); err != nil || string(got) != "<hr><p>first</p>" {
			t.Errorf("disk %v: AppendTo gave %q, %v", disk, got, err)
		}
		if empty, err := (Text{}).HTML(); err != nil || empty != "" {
			t.Errorf("the zero Text reads as %q, %v", empty, err)
		}
	}
	if runtime.GOOS != "windows" {
		// The file has no name from the start, so nothing is left behind.
		if left, _ := filepath.Glob(filepath.Join(tmp, "*")); len(left) > 0 {
			t.Errorf("left in the temporary folder: %v", left)
		}
	}
}

// Where no temporary file can be made, bodies stay in memory.
func TestTextStoreWithoutTempFolder(t *testing.T) {
	t.Setenv("TMPDIR", filepath.Join(t.TempDir(), "missing"))
	s := newTextStore()
	if s.f != nil {
		t.Fatal("a temporary file in a missing folder")
	}
	tx, err := s.put([]byte("<p>kept</p>"))
	if got, _ := tx.HTML(); err != nil || got != "<p>kept</p>" {
		t.Errorf("read back %q, %v", got, err)
	}
}

func TestPlain(t *testing.T) {
	tests := []struct{ in, want string }{
		{"<p>See <a href=\"@/0\">the report</a>; then <em>this</em>.</p>\n<p>Next &amp; last.</p>", "See the report; then this. Next & last."},
		{"<h2>Talks</h2><ul><li>one</li><li>two</li></ul>", "Talks one two"},
		{"<p>" + strings.Repeat("word ", 40) + "</p>", strings.TrimSpace(strings.Repeat("word ", 24)) + " …"},
	}
	for _, tc := range tests {
		if got := plain(template.HTML(tc.in), 120); got != tc.want {
			t.Errorf("plain(%q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
}

// An article's lead, read from the first few kilobytes of its text, is
// the lead of the whole text: whatever the markup, characters or length,
// and wherever the cut falls; LeadOf gives it from the whole text.
func TestLeadFromTheStartOfTheText(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	s := newTextStore()
	pieces := []string{"<p>", "</p>\n", "word ", "Ünïcødé ", "&amp; ", "<em>", "</em>", "—", " ",
		`<a href="` + strings.Repeat("x", 300) + `">`, "</a>", "<!-- " + strings.Repeat("y", 900) + " -->"}
	rng := rand.New(rand.NewPCG(3, 5))
	for i := range 400 {
		var b strings.Builder
		// Some texts start with kilobytes of markup and no words.
		for range rng.IntN(8) {
			b.WriteString(pieces[len(pieces)-1])
		}
		for b.Len() < rng.IntN(12<<10) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		whole := template.HTML(b.String())
		tx, err := s.put([]byte(whole))
		if err != nil {
			t.Fatal(err)
		}
		a := &Article{body: tx}
		got, err := a.Lead()
		if want := LeadOf(whole); err != nil || got != want {
			t.Fatalf("text %d (%d bytes): lead %q, %v; from the whole text %q", i, len(whole), got, err, want)
		}
	}
}
