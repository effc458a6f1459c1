package convert

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func readSeed(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "seeds", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func seedPages(t testing.TB) []Page {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "seeds", "*.txt"))
	if err != nil || len(files) != 5 {
		t.Fatalf("want the five seeds, got %v (%v)", files, err)
	}
	var pages []Page
	for _, f := range files {
		ps, warns := Parse(filepath.Base(f), readSeed(t, filepath.Base(f)))
		if len(warns) > 0 {
			t.Errorf("%s: warnings %v", f, warns)
		}
		pages = append(pages, ps...)
	}
	return pages
}

// TestSeeds checks the five real dumps against what the seed format
// document says they hold.
func TestSeeds(t *testing.T) {
	pages := seedPages(t)
	if len(pages) != 10 {
		t.Errorf("%d pages, want 10", len(pages))
	}
	stories := Group(pages)
	if len(stories) != 7 {
		t.Fatalf("%d stories, want 7", len(stories))
	}

	sizes := map[string]int{}
	var dates []string
	undated := 0
	for _, s := range stories {
		best := s.Pages[s.Best]
		sizes[best.Title] = len(s.Pages)
		if best.Date == "" {
			undated++
		} else {
			dates = append(dates, best.Date)
		}
		for _, p := range s.Pages {
			if p.Date != best.Date || p.Title != best.Title || p.Text != best.Text {
				t.Errorf("%s:%d differs from the best copy of its story", p.Source, p.Line)
			}
		}
	}
	us := "US Ready for Negotiations with Iraq on American Military Presence"
	if sizes[us] != 3 {
		t.Errorf("story %q has %d pages, want 3", us, sizes[us])
	}
	icc := "International Criminal Court’s Chief Prosecutor Meets with Syrian Leader in Damascus"
	if sizes[icc] != 2 {
		t.Errorf("story %q has %d pages, want 2", icc, sizes[icc])
	}
	if got, want := fmt.Sprint(dates), "[2020-01-23 2025-01-17 2025-04-14 2024-02-04]"; got != want {
		t.Errorf("dates %s, want %s", got, want)
	}
	if undated != 3 {
		t.Errorf("%d undated stories, want 3", undated)
	}
	for _, s := range stories {
		if s.Pages[0].Source == "000_241ace8e12c80626.txt" && s.Pages[0].Line == 1 {
			var lines []string
			for _, p := range s.Pages {
				lines = append(lines, p.Source)
			}
			// One copy lacks the number line, two have it.
			if got := strings.Join(lines, " "); got != "000_241ace8e12c80626.txt 001_ea8d7b236559ee34.txt 004_f49af28e1ccd44b6.txt" {
				t.Errorf("US story copies: %s", got)
			}
		}
	}

	lone20 := regexp.MustCompile(`(?m)^\d+$`)
	for _, p := range pages {
		at := fmt.Sprintf("%s:%d", p.Source, p.Line)
		switch {
		case p.Title == "" || p.Caption == "":
			t.Errorf("%s: title %q, caption %q", at, p.Title, p.Caption)
		case strings.Contains(p.Body, "TT"):
			t.Errorf("%s: body holds TT", at)
		case lone20.MatchString(p.Body):
			t.Errorf("%s: body holds a number line", at)
		case strings.Contains(p.Body, p.Title):
			t.Errorf("%s: body repeats the title", at)
		case strings.Contains(p.Body, p.Caption):
			t.Errorf("%s: body repeats the caption", at)
		case strings.Contains(p.Body, "\u00a0") || strings.Contains(p.Body, " \n"):
			t.Errorf("%s: body keeps NBSP or trailing spaces", at)
		}
	}
}
