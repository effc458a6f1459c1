package convert

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParse checks what must hold for any input: Parse does not panic,
// every page it returns has text and a line inside the file, warnings
// carry their place, and Group keeps every page exactly once.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "seeds", "*.txt"))
	for _, file := range files {
		if data, err := os.ReadFile(file); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		pages, warns := Parse("f", data)
		lines := 1 + bytes.Count(data, []byte("\n")) + bytes.Count(data, []byte("\r")) - bytes.Count(data, []byte("\r\n"))
		for _, w := range warns {
			if w.File != "f" || w.Line < 1 || w.Line > lines || w.Msg == "" {
				t.Errorf("bad warning %q", w)
			}
		}
		seen := map[int]bool{}
		for _, p := range pages {
			switch {
			case p.Source != "f":
				t.Errorf("page source %q", p.Source)
			case p.Line < 1 || p.Line > lines:
				t.Errorf("page line %d outside 1..%d", p.Line, lines)
			case seen[p.Line]:
				t.Errorf("two pages at line %d", p.Line)
			case p.Body == "" || !strings.HasSuffix(p.Body, "\n") || p.Text == "":
				t.Errorf("page at line %d has body %q, text %q", p.Line, p.Body, p.Text)
			case strings.Contains(p.Title, "\n") || strings.Contains(p.Caption, "\n"):
				t.Errorf("page at line %d has a title or caption on many lines", p.Line)
			case !utf8.ValidString(p.Body) || !utf8.ValidString(p.Title) || !utf8.ValidString(p.Caption):
				t.Errorf("page at line %d is not valid UTF-8", p.Line)
			case strings.Contains(p.Body, "\n\n\n") || strings.HasPrefix(p.Body, "\n"):
				t.Errorf("page at line %d has stray blank lines in its body", p.Line)
			}
			seen[p.Line] = true
		}
		grouped := 0
		stories := Group(pages)
		for i, s := range stories {
			if len(s.Pages) == 0 || s.Best < 0 || s.Best >= len(s.Pages) {
				t.Fatalf("bad story %+v", s)
			}
			for _, n := range s.Near {
				if n.Story < 0 || n.Story >= len(stories) || n.Story == i {
					t.Fatalf("story %d names story %d as a possible duplicate", i, n.Story)
				}
			}
			for _, p := range s.Pages {
				if !seen[p.Line] {
					t.Errorf("story holds unknown or repeated page at line %d", p.Line)
				}
				delete(seen, p.Line)
				grouped++
			}
		}
		if grouped != len(pages) {
			t.Errorf("stories hold %d pages, Parse gave %d", grouped, len(pages))
		}
	})
}
