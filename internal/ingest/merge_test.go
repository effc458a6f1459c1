package ingest

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"briefing/internal/convert"
)

// page is a dump holding one article page.
func page(title, caption string, paras ...string) string {
	head := title + "\n\n" + caption + "\n" + caption + "\nTT\n\n" + title + "\n\n" + caption + "\n" + caption + "\n\n"
	return head + strings.Join(paras, "\n\n") + "\n"
}

var story = []string{
	"Lebanon's parliament met on Tuesday to elect a speaker after months of deadlock between the main blocs, officials said.",
	"The session opened with a minute of silence for the victims of the port blast, and the vote followed in the afternoon.",
	"Observers said the result would shape the talks on a new government, which have stalled since the spring.",
	"A second round is planned if no candidate wins a majority in the first, the parliament's secretary said.",
}

const caption = "Members of parliament arrive in Beirut on March 7, 2023. (AFP)"

// emptyProject is a project with no seeds yet.
func emptyProject(t *testing.T) Options {
	t.Helper()
	dir := t.TempDir()
	opts := Options{Seeds: filepath.Join(dir, "seeds"), Content: filepath.Join(dir, "content")}
	if err := os.MkdirAll(opts.Seeds, 0o755); err != nil {
		t.Fatal(err)
	}
	return opts
}

func addDump(t *testing.T, opts Options, name, text string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(opts.Seeds, name), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

const lebanon = "lebanons-parliament-meets-to-elect-a-speaker.md"

// The first scrape was cut short; a later dump holds the whole story. The
// article gets the whole text, and a later run writes nothing.
func TestLongerCopyLaterReplacesBody(t *testing.T) {
	opts := emptyProject(t)
	addDump(t, opts, "001.txt", page("Lebanon's Parliament Meets to Elect a Speaker", caption, story[:2]...))
	run(t, opts)
	addDump(t, opts, "002.txt", page("Lebanon's Parliament Meets to Elect a Speaker", caption, story...))
	sum := run(t, opts)
	if !slices.Equal(sum.Updated, []string{lebanon}) || len(sum.Changes) != 1 || sum.Changes[0].String() != lebanon+": body, sources" {
		t.Errorf("summary = %v, changes %v", sum, sum.Changes)
	}
	a := articles(t, opts.Content)[lebanon]
	for _, p := range story {
		if !strings.Contains(string(a.Body), p) {
			t.Errorf("the article lacks %q:\n%s", p, a.Body)
		}
	}
	if a.Front.Fingerprint != bodyPrint(string(a.Body)) {
		t.Errorf("fingerprint %s is not the body's", a.Front.Fingerprint)
	}
	if !slices.Equal(a.Front.Sources, []string{"001.txt:1", "002.txt:1"}) {
		t.Errorf("sources = %v", a.Front.Sources)
	}
	before := snapshot(t, opts.Content)
	if sum := run(t, opts); len(sum.Updated) != 0 || len(sum.New) != 0 {
		t.Errorf("third run: %v", sum)
	}
	if after := snapshot(t, opts.Content); !equalFiles(before, after) {
		t.Error("a run with nothing new wrote files")
	}
}

func equalFiles(a, b map[string]file) bool {
	if len(a) != len(b) {
		return false
	}
	for n, f := range a {
		if b[n] != f {
			return false
		}
	}
	return true
}

// When the editor has changed the body, a longer copy does not touch the
// file: it waits beside it in .incoming/, listed for review, and no word of
// either is lost.
func TestEditedBodyKeepsIncomingCopyBeside(t *testing.T) {
	opts := emptyProject(t)
	addDump(t, opts, "001.txt", page("Lebanon's Parliament Meets to Elect a Speaker", caption, story[:2]...))
	run(t, opts)
	p := filepath.Join(opts.Content, lebanon)
	edited := strings.Replace(read(t, p), "after months of deadlock", "after eleven months of deadlock", 1)
	edited = strings.Replace(edited, "tags: []", "tags: [Lebanon]", 1)
	if err := os.WriteFile(p, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	addDump(t, opts, "002.txt", page("Lebanon's Parliament Meets to Elect a Speaker", caption, story...))
	sum := run(t, opts)
	if len(sum.Updated) != 0 || len(sum.Review) != 1 || sum.Review[0].File != ".incoming/"+lebanon {
		t.Fatalf("summary = %v, review %v", sum, sum.Review)
	}
	if !strings.Contains(sum.Review[0].Why, "it has 3 paragraphs the article lacks, and lacks 1 paragraph of the article's") {
		t.Errorf("review says %q", sum.Review[0].Why)
	}
	if got := read(t, p); got != edited {
		t.Errorf("the edited article was changed:\n%s", got)
	}
	in := read(t, filepath.Join(opts.Content, IncomingDir, lebanon))
	for _, para := range story {
		if !strings.Contains(in, para) {
			t.Errorf("the incoming copy lacks %q", para)
		}
	}
	if !strings.Contains(in, "  - 002.txt:1\n") || !strings.Contains(in, "review: ") {
		t.Errorf("the incoming copy does not say where it came from and why it is there:\n%s", in)
	}
	list, err := List(opts.Content, "review")
	if err != nil || len(list) != 1 || !strings.HasPrefix(list[0], filepath.Join(opts.Content, IncomingDir, lebanon)+": a new copy of "+lebanon) {
		t.Errorf("review list = %q, %v", list, err)
	}
	// Dealt with: the next run neither rewrites nor brings it back.
	if err := os.Remove(filepath.Join(opts.Content, IncomingDir, lebanon)); err != nil {
		t.Fatal(err)
	}
	if sum := run(t, opts); len(sum.Review) != 0 || len(sum.Updated) != 0 {
		t.Errorf("after review: %v", sum)
	}
	if _, err := os.Stat(filepath.Join(opts.Content, IncomingDir, lebanon)); err == nil {
		t.Error("the copy the editor dealt with came back")
	}
}

// An editor's title and date stay; the body, which they left alone, takes
// the longer copy.
func TestEditorFieldsStayWhenBodyIsReplaced(t *testing.T) {
	opts := emptyProject(t)
	addDump(t, opts, "001.txt", page("Lebanon's Parliament Meets to Elect a Speaker", caption, story[:2]...))
	run(t, opts)
	p := filepath.Join(opts.Content, lebanon)
	edited := strings.Replace(read(t, p), "title: Lebanon's Parliament Meets to Elect a Speaker", "title: Lebanon's parliament meets", 1)
	edited = strings.Replace(edited, "date: \"2023-03-07\"\ndate_source: caption", "date: \"2023-03-08\"\ndate_source: editor", 1)
	if err := os.WriteFile(p, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	addDump(t, opts, "002.txt", page("LEBANON'S PARLIAMENT MEETS TO ELECT A SPEAKER", "Members arrive in Beirut on March 9, 2023. (AFP)", story...))
	run(t, opts)
	a := articles(t, opts.Content)[lebanon]
	if a.Front.Title != "Lebanon's parliament meets" || a.Front.Date != "2023-03-08" || a.Front.DateSource != "editor" {
		t.Errorf("the editor's fields changed: %+v", a.Front)
	}
	if a.Front.Caption != "Members arrive in Beirut on March 9, 2023. (AFP)" || !strings.Contains(string(a.Body), story[3]) {
		t.Errorf("convert's fields did not follow the longer copy: %+v\n%s", a.Front, a.Body)
	}
}

// Whatever order the dumps arrive in, with a run after each, the archive
// ends the same: the same files with the same bytes as one run over all of
// them.
func TestDumpOrderDoesNotMatter(t *testing.T) {
	dumps := []struct{ name, text string }{
		{"a.txt", page("Lebanon's Parliament Meets to Elect a Speaker", caption, story[:2]...)},
		{"b.txt", page("Lebanon’s parliament meets to elect a speaker", caption, story...)},
		{"c.txt", page("Lebanon's Parliament Meets to Elect a Speaker", "Members of parliament arrive. (AFP)", story[:3]...)},
		{"d.txt", page("Jordan Opens New Border Crossing with Syria", "Trucks wait at the crossing on March 3, 2023. (AFP)",
			"Jordan opened a new crossing on its northern border with Syria on Friday, officials in Amman said, as trade picks up again.",
			"The crossing will handle freight first.")},
		{"e.txt", page("Jordan Opens New Border Crossing with Syria", "Trucks wait at the crossing on March 3, 2023. (AFP)",
			"Jordan opened a new crossing on its northern border with Syria on Friday, officials in Amman said, as trade picks up again.")},
	}
	all := emptyProject(t)
	for _, d := range dumps {
		addDump(t, all, d.name, d.text)
	}
	run(t, all)
	want := mdFilesOf(t, all.Content)
	if len(want) != 2 {
		t.Fatalf("one run over all dumps made %d articles, want 2", len(want))
	}
	for _, order := range permutations(len(dumps)) {
		t.Run(fmt.Sprint(order), func(t *testing.T) {
			opts := emptyProject(t)
			for _, i := range order {
				addDump(t, opts, dumps[i].name, dumps[i].text)
				run(t, opts)
			}
			got := mdFilesOf(t, opts.Content)
			for name, data := range want {
				if got[name] != data {
					t.Errorf("%s:\n%s\nwant\n%s", name, got[name], data)
				}
			}
			if len(got) != len(want) {
				t.Errorf("%d files, want %d", len(got), len(want))
			}
		})
	}
}

func mdFilesOf(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for name, f := range snapshot(t, dir) {
		if strings.HasSuffix(name, ".md") {
			out[name] = f.data
		}
	}
	return out
}

// permutations lists every order of 0..n-1.
func permutations(n int) [][]int {
	if n == 0 {
		return [][]int{{}}
	}
	var out [][]int
	for _, p := range permutations(n - 1) {
		for i := 0; i <= len(p); i++ {
			q := slices.Insert(slices.Clone(p), i, n-1)
			out = append(out, q)
		}
	}
	return out
}

// A file written before fingerprints covered the body (its fingerprint is
// the hash of the page's Text) still counts as convert's.
func TestOldFingerprintStillConvertsBody(t *testing.T) {
	opts := emptyProject(t)
	addDump(t, opts, "001.txt", page("Lebanon's Parliament Meets to Elect a Speaker", caption, story[:2]...))
	run(t, opts)
	p := filepath.Join(opts.Content, lebanon)
	a := articles(t, opts.Content)[lebanon]
	text := strings.ToLower(strings.Join(story[:2], " "))
	old := strings.Replace(read(t, p), "fingerprint: "+a.Front.Fingerprint, "fingerprint: "+textPrint(text), 1)
	if err := os.WriteFile(p, []byte(old), 0o644); err != nil {
		t.Fatal(err)
	}
	addDump(t, opts, "002.txt", page("Lebanon's Parliament Meets to Elect a Speaker", caption, story...))
	run(t, opts)
	if a := articles(t, opts.Content)[lebanon]; !strings.Contains(string(a.Body), story[3]) {
		t.Errorf("the longer copy did not reach a file with an old fingerprint:\n%s", a.Body)
	}
}

// -refresh brings what convert owns up to today's rules in every article
// the editors left as convert wrote it, and only there; with DryRun it
// says so and writes nothing.
func TestRefresh(t *testing.T) {
	opts := emptyProject(t)
	addDump(t, opts, "001.txt", page("Lebanon's Parliament Meets to Elect a Speaker", caption, story...))
	addDump(t, opts, "002.txt", page("Jordan Opens New Border Crossing with Syria", "Trucks wait at the crossing on March 3, 2023. (AFP)",
		"Jordan opened a new crossing on its northern border with Syria on Friday, officials in Amman said, as trade picks up again."))
	run(t, opts)
	// What older rules wrote: another title and body, recorded as
	// convert's own.
	const jordan = "jordan-opens-new-border-crossing-with-syria.md"
	old := "Jordan opened a new crossing \\(AFP\\)\n"
	p := filepath.Join(opts.Content, lebanon)
	a := articles(t, opts.Content)[lebanon]
	stale := strings.Replace(read(t, p), "title: Lebanon's Parliament Meets to Elect a Speaker", "title: Lebanon's Parliament Meets", 1)
	stale = strings.Replace(stale, a.Front.Fingerprint, bodyPrint(old), 1)
	stale = stale[:strings.Index(stale, "---\nLebanon")+4] + old
	if err := os.WriteFile(p, []byte(stale), 0o644); err != nil {
		t.Fatal(err)
	}
	man, err := readManifest(filepath.Join(opts.Content, ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	o := man.Owned[a.Front.ID]
	o.Title = short("Lebanon's Parliament Meets")
	man.Owned[a.Front.ID] = o
	if err := writeManifest(filepath.Join(opts.Content, ManifestName), man); err != nil {
		t.Fatal(err)
	}
	// The other article's body is an editor's.
	jp := filepath.Join(opts.Content, jordan)
	edited := strings.Replace(read(t, jp), "as trade picks up again", "as trade between the neighbours picks up again", 1)
	if err := os.WriteFile(jp, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}

	before := snapshot(t, opts.Content)
	opts.Refresh, opts.DryRun = true, true
	sum := run(t, opts)
	if len(sum.Changes) != 1 || sum.Changes[0].String() != lebanon+": body, title" {
		t.Errorf("dry run: changes %v", sum.Changes)
	}
	if !equalFiles(before, snapshot(t, opts.Content)) {
		t.Error("a dry run wrote files")
	}
	opts.DryRun = false
	sum = run(t, opts)
	if !slices.Equal(sum.Updated, []string{lebanon}) || len(sum.Review) != 0 {
		t.Errorf("refresh: %v", sum)
	}
	a = articles(t, opts.Content)[lebanon]
	if a.Front.Title != "Lebanon's Parliament Meets to Elect a Speaker" || !strings.Contains(string(a.Body), story[3]) || a.Front.Fingerprint != bodyPrint(string(a.Body)) {
		t.Errorf("refreshed article: %+v\n%s", a.Front, a.Body)
	}
	if read(t, jp) != edited {
		t.Error("refresh changed an article whose body an editor changed")
	}
	if _, err := os.Stat(filepath.Join(opts.Content, IncomingDir)); err == nil {
		t.Error("refresh offered a copy of a story with no new copies")
	}
}

// A corrected copy (a few words changed mid-text) arriving later is the
// same story: no second article with the same title.
func TestWordChangedCopyJoinsItsStory(t *testing.T) {
	opts := emptyProject(t)
	addDump(t, opts, "001.txt", page("Lebanon's Parliament Meets to Elect a Speaker", caption, story...))
	run(t, opts)
	changed := slices.Clone(story)
	changed[1] = strings.Replace(changed[1], "in the afternoon", "in the early evening", 1)
	addDump(t, opts, "002.txt", page("Lebanon’s parliament meets to elect a speaker", caption, changed...))
	sum := run(t, opts)
	if len(sum.New) != 0 || len(sum.Review) != 0 {
		t.Errorf("summary = %v", sum)
	}
	arts := articles(t, opts.Content)
	if len(arts) != 1 || !slices.Equal(arts[lebanon].Front.Sources, []string{"001.txt:1", "002.txt:1"}) {
		t.Errorf("%d articles; sources %v", len(arts), arts[lebanon].Front.Sources)
	}
}

// Two different stories under one title are both imported, and the new one
// says which file it may copy, for an editor to judge.
func TestSameTitleOtherTextIsFlagged(t *testing.T) {
	opts := emptyProject(t)
	addDump(t, opts, "001.txt", page("Lebanon's Parliament Meets to Elect a Speaker", caption, story...))
	run(t, opts)
	addDump(t, opts, "002.txt", page("Lebanon's Parliament Meets to Elect a Speaker", "The chamber in Beirut. (AFP)",
		"Lawmakers failed for the twelfth time to choose a president on Wednesday, as rival camps boycotted the second round of voting in the chamber.",
		"The speaker adjourned the session without setting a date for the next one, saying consultations would go on between the blocs and the caretaker cabinet."))
	sum := run(t, opts)
	if len(sum.New) != 1 || len(sum.Review) != 1 {
		t.Fatalf("summary = %v", sum)
	}
	a := articles(t, opts.Content)[sum.New[0]]
	if !strings.HasPrefix(a.Front.Review, "possibly a copy of "+lebanon+" (similarity ") || a.Front.Draft {
		t.Errorf("the new article's front: %+v", a.Front)
	}
}

// A copy of an article whose dump has left seeds/ is still recognised,
// from the article's own text, and the article takes the longer copy.
func TestCopyOfArticleWhoseDumpIsGone(t *testing.T) {
	opts := emptyProject(t)
	addDump(t, opts, "001.txt", page("Lebanon's Parliament Meets to Elect a Speaker", caption, story[:3]...))
	run(t, opts)
	if err := os.Remove(filepath.Join(opts.Seeds, "001.txt")); err != nil {
		t.Fatal(err)
	}
	addDump(t, opts, "002.txt", page("Lebanon's Parliament Meets to Elect a Speaker", caption, story...))
	sum := run(t, opts)
	if len(sum.New) != 0 || !slices.Equal(sum.Updated, []string{lebanon}) {
		t.Fatalf("summary = %v", sum)
	}
	a := articles(t, opts.Content)[lebanon]
	if !strings.Contains(string(a.Body), story[3]) || !slices.Equal(a.Front.Sources, []string{"001.txt:1", "002.txt:1"}) {
		t.Errorf("article: %+v\n%s", a.Front, a.Body)
	}
}

// The summary names a handful of files and counts the rest; the undated
// and review lists are counts with the command that prints them.
func TestSummaryNamesFiles(t *testing.T) {
	s := Summary{Files: 2, Pages: 9,
		New:     []string{"a.md", "b.md", "c.md", "d.md", "e.md", "f.md", "g.md"},
		Updated: []string{"x.md"},
		Undated: []string{"a.md", "b.md"},
		Review:  []Flag{{".incoming/x.md", "a new copy"}},
	}
	want := "convert: 2 files, 9 pages → 7 new (a.md, b.md, c.md, d.md, e.md and 2 more), 1 updated (x.md), 0 unchanged articles; " +
		"0 duplicates merged, 0 left out (deleted by an editor), 2 undated (convert -list undated), 1 for review (.incoming/x.md) (convert -list review), 0 warnings"
	if got := s.String(); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// A re-run whose pages were all imported takes its stories from the
// manifest instead of grouping the pages again: the same stories Group
// finds.
func TestStoriesOfKnownPagesAreGroups(t *testing.T) {
	opts := project(t)
	seeds := os.DirFS(opts.Seeds)
	names, err := seedNames(seeds, opts.Seeds)
	if err != nil {
		t.Fatal(err)
	}
	pages, sums, _, err := parseAll(seeds, names, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	groups := convert.Group(pages)
	known := map[string]string{}
	for n, st := range groups {
		for _, pg := range st.Pages {
			known[sums[at(pg)].key] = fmt.Sprint("id", n)
		}
	}
	fast, ok := storiesOf(pages, sums, known)
	if !ok {
		t.Fatal("every page is known, but storiesOf says not")
	}
	if len(fast) != len(groups) {
		t.Fatalf("%d stories, Group found %d", len(fast), len(groups))
	}
	for n := range groups {
		g, f := groups[n], fast[n]
		if !slices.EqualFunc(g.Pages, f.Pages, func(a, b convert.Page) bool { return at(a) == at(b) }) || at(g.Pages[g.Best]) != at(f.Pages[f.Best]) {
			t.Errorf("story %d: %v best %d, Group: %v best %d", n, f.Pages, f.Best, g.Pages, g.Best)
		}
	}
	delete(known, sums[at(pages[0])].key)
	if _, ok := storiesOf(pages, sums, known); ok {
		t.Error("a page not imported yet, but storiesOf took the fast way")
	}
}

// A run stopped after it rewrote an article but before its manifest is
// finished by the next run: the same files and the same manifest as a run
// that was not stopped.
func TestUpdateStoppedBeforeManifest(t *testing.T) {
	opts := emptyProject(t)
	addDump(t, opts, "001.txt", page("Lebanon's Parliament Meets to Elect a Speaker", "Members arrive. (AFP)", story[:2]...))
	run(t, opts)
	manPath := filepath.Join(opts.Content, ManifestName)
	before := read(t, manPath)
	addDump(t, opts, "002.txt", page("LEBANON'S PARLIAMENT MEETS TO ELECT A SPEAKER", caption, story...))
	run(t, opts)
	want := snapshot(t, opts.Content)
	// As if the run had stopped before writing the manifest.
	if err := os.WriteFile(manPath, []byte(before), 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, opts)
	got := snapshot(t, opts.Content)
	for name, f := range want {
		if got[name].data != f.data {
			t.Errorf("%s:\n%s\nwant\n%s", name, got[name].data, f.data)
		}
	}
}

// A count of one reads in the singular.
func TestSummaryCountsOfOne(t *testing.T) {
	s := Summary{Files: 1, Pages: 1, Unchanged: 1, Duplicates: 1,
		Warnings: []convert.Warning{{File: "a.txt", Line: 1, Msg: "odd"}}}
	want := "convert: 1 file, 1 page → 0 new, 0 updated, 1 unchanged article; " +
		"1 duplicate merged, 0 left out (deleted by an editor), 0 undated, 0 for review, 1 warning"
	if got := s.String(); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
