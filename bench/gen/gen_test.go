package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const testN = 200

// dump is one generated file's name and bytes.
type dump struct {
	name string
	data []byte
}

func dumps(c corpus) []dump {
	out := make([]dump, len(c.files))
	for i, f := range c.files {
		out[i] = dump{f.name, c.dump(i)}
	}
	return out
}

// readPage is one article page as read back from a dump.
type readPage struct {
	title, caption string
	number         bool
	paras          []string
}

// readDump splits a dump the way the seed format describes it. It fails
// the test on anything the format does not allow.
func readDump(t *testing.T, d dump) []readPage {
	t.Helper()
	var out []readPage
	for k, text := range strings.Split(string(d.data), "\n\n\n\n") {
		text = strings.TrimSuffix(text, "\n")
		lines := strings.Split(text, "\n")
		at := func(i int) string {
			if i < len(lines) {
				return lines[i]
			}
			return ""
		}
		var p readPage
		p.title = strings.TrimRight(at(0), " ")
		p.caption = strings.TrimLeft(at(2), " ")
		p.number = at(5) == "20"
		head := []string{at(0), "", at(2), p.caption, "TT"}
		if p.number {
			head = append(head, "20")
		}
		head = append(head, "", at(0), "", at(2), p.caption, "")
		for j, want := range head {
			if got := at(j); got != want {
				t.Fatalf("%s: page %d: line %d is %q, want %q", d.name, k+1, j+1, got, want)
			}
		}
		if p.title == "" || p.caption == "" {
			t.Fatalf("%s: page %d: empty title or caption", d.name, k+1)
		}
		body := strings.Join(lines[len(head):], "\n")
		p.paras = strings.Split(body, "\n\n")
		out = append(out, p)
	}
	return out
}

func testCorpus(t *testing.T, seed uint64) corpus {
	t.Helper()
	return generate(testN, seed, builtinEntities(), defaultParas)
}

func TestDeterministic(t *testing.T) {
	a, b := dumps(testCorpus(t, 1)), dumps(testCorpus(t, 1))
	if len(a) != len(b) {
		t.Fatalf("%d dumps, then %d", len(a), len(b))
	}
	for i := range a {
		if a[i].name != b[i].name || !bytes.Equal(a[i].data, b[i].data) {
			t.Fatalf("dump %d differs between two runs with the same seed", i)
		}
	}
	c := dumps(testCorpus(t, 2))
	if bytes.Equal(a[0].data, c[0].data) {
		t.Error("seeds 1 and 2 gave the same first dump")
	}
}

func TestFormat(t *testing.T) {
	c := testCorpus(t, 1)
	name := regexp.MustCompile(`^[0-9]{6}_[0-9a-f]{16}\.txt$`)
	pages := 0
	ds := dumps(c)
	for i, d := range ds {
		if !name.MatchString(d.name) {
			t.Errorf("file name %q is not like the scraper's", d.name)
		}
		ps := readDump(t, d)
		// The last file takes what is left.
		if (len(ps) < 3 && i < len(ds)-1) || len(ps) > 5 {
			t.Errorf("%s: %d articles, want 3–5", d.name, len(ps))
		}
		seen := map[string]bool{}
		for _, p := range ps {
			if seen[p.title] {
				t.Errorf("%s: %q twice in one dump; copies belong in other dumps", d.name, p.title)
			}
			seen[p.title] = true
			if len(p.paras) < 6 || len(p.paras) > 18 {
				t.Errorf("%s: %q has %d paragraphs, want 6–18", d.name, p.title, len(p.paras))
			}
			for i, para := range p.paras {
				n := len(strings.Fields(para))
				// A copy cut short may lose a few words of its last paragraph.
				if n > 90 || n < 40 && (i < len(p.paras)-1 || n < 30) {
					t.Errorf("%s: %q paragraph %d has %d words, want 40–90", d.name, p.title, i+1, n)
				}
			}
		}
		pages += len(ps)
	}
	if pages != c.pages {
		t.Errorf("read %d pages, generated %d", pages, c.pages)
	}
}

func TestUniqueTitles(t *testing.T) {
	c := testCorpus(t, 1)
	titles := map[string]bool{}
	for _, d := range dumps(c) {
		for _, p := range readDump(t, d) {
			titles[strings.ToLower(p.title)] = true
		}
	}
	if len(titles) != testN {
		t.Errorf("%d distinct titles, want %d", len(titles), testN)
	}
}

func TestDuplicates(t *testing.T) {
	c := testCorpus(t, 1)
	copies := map[string]int{}
	variants := map[string]map[string]bool{}
	for _, d := range dumps(c) {
		for _, p := range readDump(t, d) {
			copies[p.title]++
			if variants[p.title] == nil {
				variants[p.title] = map[string]bool{}
			}
			last := p.paras[len(p.paras)-1]
			variants[p.title][last+map[bool]string{true: "|20"}[p.number]] = true
		}
	}
	dup, differ := 0, 0
	for title, n := range copies {
		if n > 1 {
			dup++
			if len(variants[title]) > 1 {
				differ++
			}
		}
	}
	share := float64(dup) / testN
	if share < 0.2 || share > 0.4 {
		t.Errorf("%.0f%% of articles have copies, want about 30%%", share*100)
	}
	// About two in three copies are cut short or differ in the number line.
	if differ == 0 || differ == dup {
		t.Errorf("%d of %d duplicated articles have differing copies; want some but not all", differ, dup)
	}
}

var captionDate = regexp.MustCompile(`\b(January|February|March|April|May|June|July|August|September|October|November|December) [0-9]{1,2}, (20[0-9]{2})\b|\b[0-9]{2} (January|February|March|April|May|June|July|August|September|October|November|December) (20[0-9]{2})\b`)

func TestDates(t *testing.T) {
	c := testCorpus(t, 1)
	dated := map[string]bool{}
	for _, d := range dumps(c) {
		for _, p := range readDump(t, d) {
			m := captionDate.FindStringSubmatch(p.caption)
			dated[p.title] = m != nil
			if m == nil {
				continue
			}
			year := m[2] + m[4]
			if year < "2015" || year > "2025" {
				t.Errorf("%q: year %s outside 2015–2025", p.caption, year)
			}
		}
	}
	n := 0
	for _, ok := range dated {
		if ok {
			n++
		}
	}
	share := float64(n) / testN
	if share < 0.6 || share > 0.8 {
		t.Errorf("%.0f%% of articles have a caption date, want about 70%%", share*100)
	}
}

func TestEntities(t *testing.T) {
	path := filepath.Join("..", "..", "taxonomy.yaml")
	if _, err := os.Stat(path); err != nil {
		t.Skip("no taxonomy.yaml yet")
	}
	ents, fallback, err := loadEntities(path)
	if err != nil || fallback || len(ents) < 10 {
		t.Fatalf("loadEntities(%s) = %d entities, fallback %v, %v", path, len(ents), fallback, err)
	}
	if _, fallback, err := loadEntities(filepath.Join(t.TempDir(), "none.yaml")); !fallback || err != nil {
		t.Errorf("a missing taxonomy gives fallback %v, %v; want the built-in list", fallback, err)
	}
	c := generate(testN, 1, ents, defaultParas)
	// Every article names its entities; the first is a country named at
	// least twice in the body.
	for _, a := range c.articles {
		body := strings.Join(a.paras, "\n")
		found := 0
		for _, e := range ents {
			if e.country && strings.Count(body, e.name) >= 2 {
				found++
			}
		}
		if found == 0 {
			t.Errorf("%q names no country twice", a.title)
		}
	}
}

func TestParagraphs(t *testing.T) {
	for _, s := range []string{"6-18", "3-9", "1-1"} {
		if _, err := parseSpan(s); err != nil {
			t.Errorf("parseSpan(%q): %v", s, err)
		}
	}
	for _, s := range []string{"", "6", "9-3", "0-4", "a-b", "-3", "3-"} {
		if _, err := parseSpan(s); err == nil {
			t.Errorf("parseSpan(%q) took it", s)
		}
	}
	c := generate(testN, 1, builtinEntities(), span{2, 3})
	for _, a := range c.articles {
		if n := len(a.paras); n < 2 || n > 3 {
			t.Fatalf("%q has %d paragraphs, want 2–3", a.title, n)
		}
	}
}
