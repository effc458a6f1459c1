package convert

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the want sections of testdata/*.txtar")

// TestGolden parses the dump in each testdata/*.txtar archive and compares
// the pages, warnings and stories with the archive's want section.
//
// An archive holds the dump as input, taken byte for byte, or as
// input.quoted, Go string literals one per line that are joined: the way to
// write CR, NUL, stray bytes or a missing final newline. An optional source
// section names the dump; by default it is the archive's name with .txt.
// When the source names one of the project's seeds, the seed itself is
// parsed, and the input must still match it.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no testdata/*.txtar")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			source := strings.TrimSuffix(filepath.Base(file), ".txtar") + ".txt"
			var input []byte
			want := -1
			for i, f := range ar.Files {
				switch f.Name {
				case "source":
					source = strings.TrimSpace(string(f.Data))
				case "input":
					input = f.Data
				case "input.quoted":
					input = unquoteLines(t, f.Data)
				case "want":
					want = i
				default:
					t.Fatalf("unknown section %q", f.Name)
				}
			}
			if input == nil {
				t.Fatal("no input section")
			}
			if seed, err := os.ReadFile(filepath.Join("..", "..", "seeds", source)); err == nil {
				// txtar ends every section in a newline; the seeds have none.
				if !bytes.Equal(seed, input) && !bytes.Equal(append(seed, '\n'), input) {
					t.Errorf("input differs from seeds/%s", source)
				}
				input = seed
			}
			pages, warns := Parse(source, input)
			got := dump(pages, warns, Group(pages))
			if *update {
				if want < 0 {
					ar.Files = append(ar.Files, txtar.File{Name: "want"})
					want = len(ar.Files) - 1
				}
				ar.Files[want].Data = []byte(got)
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if want < 0 {
				t.Fatal("no want section; run go test -update")
			}
			if w := string(ar.Files[want].Data); got != w {
				t.Errorf("output differs (run go test -update to accept)\n--- got\n%s--- want\n%s", got, w)
			}
		})
	}
}

func unquoteLines(t *testing.T, data []byte) []byte {
	t.Helper()
	b := []byte{}
	for i, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		s, err := strconv.Unquote(line)
		if err != nil {
			t.Fatalf("input.quoted line %d: %v", i+1, err)
		}
		b = append(b, s...)
	}
	return b
}

// dump writes the result of a parse in a form that is easy to review.
func dump(pages []Page, warns []Warning, stories []Story) string {
	var b strings.Builder
	for _, w := range warns {
		fmt.Fprintf(&b, "warning %s\n", w)
	}
	for _, p := range pages {
		fmt.Fprintf(&b, "page %s:%d\n", p.Source, p.Line)
		if p.Headerless() {
			b.WriteString("  headerless\n")
		} else {
			fmt.Fprintf(&b, "  title: %s\n", p.Title)
		}
		if p.Caption != "" {
			fmt.Fprintf(&b, "  caption: %s\n", p.Caption)
		}
		if p.Date != "" {
			fmt.Fprintf(&b, "  date: %s\n", p.Date)
		}
		b.WriteString("  body:\n")
		for _, l := range strings.Split(strings.TrimSuffix(p.Body, "\n"), "\n") {
			if l == "" {
				b.WriteString("    |\n")
			} else {
				fmt.Fprintf(&b, "    | %s\n", l)
			}
		}
	}
	if len(pages) > 1 {
		for _, s := range stories {
			b.WriteString("story")
			for i, p := range s.Pages {
				fmt.Fprintf(&b, " %s:%d", p.Source, p.Line)
				if i == s.Best && len(s.Pages) > 1 {
					b.WriteString(" (best)")
				}
			}
			for _, n := range s.Near {
				fmt.Fprintf(&b, " (may duplicate story %d, %.2f)", n.Story+1, n.Score)
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}
