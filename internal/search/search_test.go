package search_test

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"briefing/internal/build"
	"briefing/internal/config"
	"briefing/internal/search"
	"briefing/internal/testsite"
)

// index is a built index as read back by the test's own reader of the
// format the package documents.
type index struct {
	docs, undated, prefix, block int
	years                        [][3]int
	words                        map[string]map[int]int // word → document → rank
	tags                         map[string][]int       // tag → documents
	tagCount                     map[string]int
	rows                         [][4]any // address, title, date, tag numbers
	tagNames                     []string
	shards                       int
	files                        map[string][]byte // every file of the folder
}

func readIndex(t *testing.T, dir string) *index {
	t.Helper()
	ix := &index{words: map[string]map[int]int{}, tags: map[string][]int{}, tagCount: map[string]int{}, files: map[string][]byte{}}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		ix.files[e.Name()] = data
	}
	var man struct {
		Docs, Undated, Prefix, Block int
		Years                        [][3]int
		Tags                         [][3]any
		Words, Shards, Blocks        []string
	}
	if err := json.Unmarshal(ix.files["manifest.json"], &man); err != nil {
		t.Fatalf("manifest: %v", err)
	}
	ix.docs, ix.undated, ix.prefix, ix.block, ix.years = man.Docs, man.Undated, man.Prefix, man.Block, man.Years
	ix.shards = len(man.Shards)
	named := map[string]bool{"manifest.json": true}
	file := func(name string) []byte {
		named[name] = true
		data, ok := ix.files[name]
		if !ok {
			t.Fatalf("the manifest names %s, which is not there", name)
		}
		return data
	}
	for i, h := range man.Shards {
		got := readShard(t, file(fmt.Sprintf("w%d-%s.bin", i, h)), man.Docs)
		first := slices.Sorted(maps.Keys(got))
		if len(first) == 0 || first[0] != man.Words[i] {
			t.Fatalf("shard %d starts with %q, the manifest says %q", i, first, man.Words[i])
		}
		for w, docs := range got {
			if ix.words[w] != nil {
				t.Fatalf("%q is in two shards", w)
			}
			ix.words[w] = docs
		}
	}
	for i, tag := range man.Tags {
		name := tag[0].(string)
		ix.tagNames = append(ix.tagNames, name)
		ix.tagCount[name] = int(tag[1].(float64))
		got := readShard(t, file(fmt.Sprintf("t%d-%s.bin", i, tag[2].(string))), man.Docs)
		ix.tags[name] = slices.Sorted(maps.Keys(got[""]))
	}
	for i, h := range man.Blocks {
		var rows [][4]any
		if err := json.Unmarshal(file(fmt.Sprintf("d%d-%s.json", i, h)), &rows); err != nil {
			t.Fatal(err)
		}
		ix.rows = append(ix.rows, rows...)
	}
	if len(ix.rows) != ix.docs {
		t.Fatalf("blocks hold %d documents, the manifest says %d", len(ix.rows), ix.docs)
	}
	for name := range ix.files {
		if !named[name] && !strings.HasPrefix(name, ".") {
			t.Errorf("%s is in the index's folder but not in its manifest", name)
		}
	}
	return ix
}

// readShard reads a shard: each word's documents and their ranks.
func readShard(t *testing.T, b []byte, docs int) map[string]map[int]int {
	t.Helper()
	next := func() int {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			t.Fatal("a shard ends inside a number")
		}
		b = b[n:]
		return int(v)
	}
	type entry struct {
		word   string
		len    int
		bitmap bool
	}
	var entries []entry
	last := ""
	for range next() {
		shared, more := next(), next()
		w := last[:shared] + string(b[:more])
		b = b[more:]
		if len(entries) > 0 && w <= last {
			t.Fatalf("shard words out of order: %q after %q", w, last)
		}
		v := next()
		entries = append(entries, entry{w, v >> 1, v&1 == 1})
		last = w
	}
	out := map[string]map[int]int{}
	for _, e := range entries {
		p := b[:e.len]
		b = b[e.len:]
		got := map[int]int{}
		if e.bitmap {
			for d := range len(p) * 8 {
				if p[d/8]&(1<<(d%8)) != 0 {
					if d >= docs {
						t.Fatalf("%q: bitmap names document %d of %d", e.word, d, docs)
					}
					got[d] = 0
				}
			}
		} else {
			d := -1
			for len(p) > 0 {
				v, n := binary.Uvarint(p)
				p = p[n:]
				d += int(v>>2) + 1
				if d >= docs {
					t.Fatalf("%q: list names document %d of %d", e.word, d, docs)
				}
				got[d] = int(v & 3)
			}
		}
		if len(got) == 0 {
			t.Fatalf("%q has no documents", e.word)
		}
		out[e.word] = got
	}
	if len(b) > 0 {
		t.Fatalf("a shard has %d bytes after its last postings", len(b))
	}
	return out
}

// find is the documents' addresses with word w.
func (ix *index) find(w string) []string {
	var urls []string
	for d := range ix.words[w] {
		urls = append(urls, ix.rows[d][0].(string))
	}
	slices.Sort(urls)
	return urls
}

func (ix *index) doc(url string) int {
	for d, r := range ix.rows {
		if r[0] == url {
			return d
		}
	}
	return -1
}

// project is a small archive over three years, with a draft, notes,
// captions, tags and an undated article.
func project(t *testing.T) (string, config.Config) {
	t.Helper()
	dir := testsite.New(t)
	testsite.Write(t, dir, "site.yaml", "title: Test Archive\nbase_url: https://example.org/archive/\n")
	testsite.Write(t, dir, "content/baghdad-talks.md", testsite.Article("Talks in Baghdad", "2020-01-23", "Officials met in Baghdad to discuss Iraq. Oil, oil and oil again and again, oil."))
	testsite.Write(t, dir, "content/beirut-vote.md", "---\nid: b1\ntitle: A vote in Beirut\ndate: \"2021-03-02\"\ncaption: Voters queue in Tyre at dawn\nsources:\n  - t.txt:1\ntags: [Water]\nnotes:\n  - by: Dana\n    date: \"2026-11-02\"\n    text: Compare with the *Reuters* wire on &lt;elections&gt;.\n---\nHezbollah and its allies lost seats in Lebanon's election.\n")
	testsite.Write(t, dir, "content/sanaa-strikes.md", testsite.Article("Strikes near Sanaa", "2025-03-16", "Yemen's Houthis said strikes hit Sanaa; elections were delayed."))
	testsite.Write(t, dir, "content/sanaa-later.md", testsite.Article("Sanaa after the strikes", "2025-06-01", "Café owners in Sanaa reopened."))
	testsite.Write(t, dir, "content/undated-note.md", testsite.Article("An undated piece on Iraq", "", "Iraq and Syria, no date given."))
	testsite.Write(t, dir, "content/secret-draft.md", "---\nid: d1\ntitle: Unpublished draft\ndate: \"2024-01-01\"\nsources:\n  - t.txt:2\ndraft: true\n---\nZanzibarian plans stay hidden.\n")
	cfg, err := config.Load(filepath.Join(dir, "site.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return dir, cfg
}

func fullBuild(t *testing.T, dir string, cfg config.Config, out string, shard int) *build.Builder {
	t.Helper()
	cfg.Public = out
	b := build.New(dir, cfg)
	b.SetShardBytes(shard)
	if _, err := b.Full(); err != nil {
		t.Fatal(err)
	}
	return b
}

func TestIndexRoundTrip(t *testing.T) {
	dir, cfg := project(t)
	fullBuild(t, dir, cfg, "public", 60)
	ix := readIndex(t, filepath.Join(dir, "public", search.Folder))

	if ix.docs != 5 || ix.undated != 1 {
		t.Fatalf("%d documents, %d undated; want 5 and 1 (the draft left out)", ix.docs, ix.undated)
	}
	if ix.shards < 3 {
		t.Errorf("%d shards of 60 bytes; want several", ix.shards)
	}
	// Date order: the undated first, then oldest to newest.
	var order []string
	for _, r := range ix.rows {
		order = append(order, r[0].(string))
	}
	want := []string{"articles/undated-note/", "articles/baghdad-talks/", "articles/beirut-vote/", "articles/sanaa-strikes/", "articles/sanaa-later/"}
	if !slices.Equal(order, want) {
		t.Errorf("documents in order %q, want %q", order, want)
	}
	if got := fmt.Sprint(ix.years); got != "[[2020 1 1] [2021 2 1] [2025 3 2]]" {
		t.Errorf("years %s, want 2020 from 1, 2021 from 2, 2025 from 3 (two)", got)
	}
	beirut := ix.rows[ix.doc("articles/beirut-vote/")]
	if beirut[1] != "A vote in Beirut" || beirut[2] != "2021-03-02" {
		t.Errorf("row %v, want its title and date", beirut)
	}
	if ix.rows[0][2] != "" {
		t.Errorf("the undated article's date is %q", ix.rows[0][2])
	}

	for _, c := range []struct {
		word string
		want []string
	}{
		{"baghdad", []string{"articles/baghdad-talks/"}},
		{"iraq", []string{"articles/baghdad-talks/", "articles/undated-note/"}},
		{"sanaa", []string{"articles/sanaa-later/", "articles/sanaa-strikes/"}},
		{"tyre", []string{"articles/beirut-vote/"}},                                 // the caption
		{"reuters", []string{"articles/beirut-vote/"}},                              // a note, Markdown read
		{"elections", []string{"articles/beirut-vote/", "articles/sanaa-strikes/"}}, // a note's escaped text
		{"water", []string{"articles/beirut-vote/"}},                                // a tag
		{"cafe", []string{"articles/sanaa-later/"}},                                 // accents dropped
		{"zanzibarian", nil}, // only in a draft
		{"unpublished", nil},
		{"em", nil}, // markup is not text
	} {
		if got := ix.find(c.word); !slices.Equal(got, c.want) {
			t.Errorf("%q finds %q, want %q", c.word, got, c.want)
		}
	}
	for _, row := range ix.rows {
		if strings.Contains(row[0].(string), "draft") {
			t.Errorf("the draft is listed: %v", row)
		}
	}

	// Ranks: in the title 3; in the text once 0, twice or three times 1,
	// four times or more 2 (words of one document, whose postings are a
	// list, not a bitmap).
	b := ix.doc("articles/baghdad-talks/")
	for w, r := range map[string]int{"baghdad": 3, "oil": 2, "again": 1, "officials": 0} {
		if got := ix.words[w][b]; got != r {
			t.Errorf("%q in the Baghdad article has rank %d, want %d", w, got, r)
		}
	}

	// Tags: each tag's documents and count.
	for name, docs := range ix.tags {
		if len(docs) != ix.tagCount[name] || len(docs) == 0 {
			t.Errorf("tag %s: %d documents, count %d", name, len(docs), ix.tagCount[name])
		}
		for _, d := range docs {
			found := false
			for _, n := range ix.rows[d][3].([]any) {
				found = found || ix.tagNames[int(n.(float64))] == name
			}
			if !found {
				t.Errorf("tag %s lists %s, whose row does not name it", name, ix.rows[d][0])
			}
		}
	}
	if docs := ix.tags["Water"]; len(docs) != 1 || docs[0] != ix.doc("articles/beirut-vote/") {
		t.Errorf("tag Water lists %v", docs)
	}
}

// TestIndexDeterministic: the same content gives the same bytes, in any
// folder, with an index kept between builds or a fresh one.
func TestIndexDeterministic(t *testing.T) {
	dir, cfg := project(t)
	b := fullBuild(t, dir, cfg, "one", 60)
	fullBuild(t, dir, cfg, "two", 60)
	if _, err := b.Full(); err != nil {
		t.Fatal(err)
	}
	one := readIndex(t, filepath.Join(dir, "one", search.Folder)).files
	two := readIndex(t, filepath.Join(dir, "two", search.Folder)).files
	if !maps.EqualFunc(one, two, func(a, b []byte) bool { return string(a) == string(b) }) {
		t.Errorf("two builds of the same content differ: %d and %d files", len(one), len(two))
	}
}

// TestUpdateEqualsFullIndex edits, adds, re-dates and removes articles in
// watch mode (the index updated in the background) and checks after each
// that the index folder is byte for byte what a full build writes, and
// that the files whose bytes did not change were not written again.
func TestUpdateEqualsFullIndex(t *testing.T) {
	dir, cfg := project(t)
	watched := fullBuild(t, dir, cfg, "public", 60)
	watched.IndexInBackground(nil)
	folder := filepath.Join(dir, "public", search.Folder)
	steps := []struct {
		what, file, text string
		// shards is, when set, the most shard files the step may change:
		// for each word it adds, its shard and the one a cut after it
		// splits off.
		shards int
	}{
		{"two words added", "sanaa-later.md", testsite.Article("Sanaa after the strikes", "2025-06-01", "Café owners in Sanaa reopened their doors."), 4},
		{"a date changed, the order not", "sanaa-later.md", testsite.Article("Sanaa after the strikes", "2026-01-02", "Café owners in Sanaa reopened their doors."), 0},
		{"a new article", "mosul-dam.md", testsite.Article("Mosul dam repairs", "2022-05-05", "Engineers inspected the Mosul dam."), 0},
		{"a date changed", "baghdad-talks.md", testsite.Article("Talks in Baghdad", "2023-01-23", "Officials met in Baghdad to discuss Iraq."), 0},
		{"made a draft", "sanaa-strikes.md", "---\nid: s1\ntitle: Strikes near Sanaa\ndate: \"2025-03-16\"\nsources:\n  - t.txt:3\ndraft: true\n---\nHidden now.\n", 0},
		{"removed", "mosul-dam.md", "", 0},
	}
	for _, s := range steps {
		before := inodes(t, folder)
		p := filepath.Join(dir, "content", s.file)
		if s.text == "" {
			if err := os.Remove(p); err != nil {
				t.Fatal(err)
			}
		} else {
			testsite.Write(t, dir, "content/"+s.file, s.text)
		}
		if _, err := watched.Update(build.Change{Content: []string{s.file}}); err != nil {
			t.Fatalf("%s: %v", s.what, err)
		}
		watched.WaitIndex()
		got := readIndex(t, folder).files
		fresh := filepath.Join(t.TempDir(), "fresh")
		fullBuild(t, dir, cfg, fresh, 60)
		want := readIndex(t, filepath.Join(fresh, search.Folder)).files
		for name, data := range want {
			if string(got[name]) != string(data) {
				t.Fatalf("%s: %s differs from a full build's", s.what, name)
			}
		}
		for name := range got {
			if _, ok := want[name]; !ok {
				t.Fatalf("%s: %s is left over", s.what, name)
			}
		}
		after := inodes(t, folder)
		rewritten := 0
		for name, ino := range after {
			if old, ok := before[name]; ok && old != ino && name != "manifest.json" {
				rewritten++
			}
		}
		if rewritten > 0 {
			t.Errorf("%s: %d files whose bytes did not change were written again", s.what, rewritten)
		}
		if s.shards > 0 {
			changed := 0
			for name := range after {
				if _, ok := before[name]; !ok && strings.HasPrefix(name, "w") {
					changed++
				}
			}
			if changed == 0 || changed > s.shards {
				t.Errorf("%s: %d shard files changed, want 1 to %d: the shards after a grown one should keep their cuts", s.what, changed, s.shards)
			}
		}
	}
	if ix := readIndex(t, folder); len(ix.find("sanaa")) != 1 || len(ix.find("hidden")) != 0 {
		t.Errorf("after the steps: sanaa finds %q, hidden %q", ix.find("sanaa"), ix.find("hidden"))
	}
}

// inodes maps each file of dir to its inode: a file written again (a new
// file renamed into place) gets a new one.
func inodes(t *testing.T, dir string) map[string]uint64 {
	t.Helper()
	out := map[string]uint64{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		info, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		if st, ok := info.Sys().(*syscall.Stat_t); ok {
			out[e.Name()] = st.Ino
		}
	}
	return out
}
