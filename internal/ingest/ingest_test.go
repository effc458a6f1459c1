package ingest

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"briefing/internal/content"
	"briefing/internal/convert"
)

// project copies the real seeds into a temporary project and returns its
// options.
func project(t *testing.T) Options {
	t.Helper()
	dir := t.TempDir()
	opts := Options{Seeds: filepath.Join(dir, "seeds"), Content: filepath.Join(dir, "content")}
	if err := os.MkdirAll(opts.Seeds, 0o755); err != nil {
		t.Fatal(err)
	}
	names, _ := filepath.Glob("../../seeds/*.txt")
	if len(names) != 5 {
		t.Fatalf("want the 5 bundled seeds, found %d", len(names))
	}
	for _, n := range names {
		copyTo(t, n, filepath.Join(opts.Seeds, filepath.Base(n)))
	}
	return opts
}

func copyTo(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func run(t *testing.T, opts Options) Summary {
	t.Helper()
	sum, err := Run(opts)
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

// snapshot maps every file in dir to its bytes and modification time.
type file struct {
	data string
	mod  time.Time
}

func snapshot(t *testing.T, dir string) map[string]file {
	t.Helper()
	out := map[string]file{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		data, _ := os.ReadFile(p)
		info, _ := e.Info()
		out[e.Name()] = file{string(data), info.ModTime()}
	}
	return out
}

func articles(t *testing.T, dir string) map[string]*content.File {
	t.Helper()
	out := map[string]*content.File{}
	for name, f := range snapshot(t, dir) {
		if !strings.HasSuffix(name, ".md") {
			continue
		}
		cf, err := content.Parse(name, []byte(f.data))
		if err != nil {
			t.Fatal(err)
		}
		out[name] = cf
	}
	return out
}

func TestSeeds(t *testing.T) {
	opts := project(t)
	sum := run(t, opts)
	if len(sum.New) != 7 || sum.Duplicates != 3 || len(sum.Undated) != 3 || len(sum.Warnings) != 0 {
		t.Errorf("summary = %v", sum)
	}
	arts := articles(t, opts.Content)
	if len(arts) != 7 {
		t.Fatalf("%d article files, want 7", len(arts))
	}
	us := arts["us-ready-for-negotiations-with-iraq-on-american-military.md"]
	if us == nil {
		t.Fatal("the story saved three times has no file")
	}
	wantSources := []string{"000_241ace8e12c80626.txt:1", "001_ea8d7b236559ee34.txt:1", "004_f49af28e1ccd44b6.txt:1"}
	if !slices.Equal(us.Front.Sources, wantSources) {
		t.Errorf("sources = %v, want %v", us.Front.Sources, wantSources)
	}
	if us.Front.Date != "2020-01-23" || us.Front.DateSource != "caption" || !strings.HasSuffix(us.Front.Caption, "REUTERS/Thaier al-Sudani") {
		t.Errorf("front = %+v", us.Front)
	}
	dates := map[string]bool{}
	for _, a := range arts {
		if a.Front.Date != "" {
			dates[a.Front.Date] = true
		}
		body := string(a.Body)
		for _, furniture := range []string{"\nTT\n", "\n20\n", a.Front.Title, a.Front.Caption} {
			if strings.Contains("\n"+body, furniture) {
				t.Errorf("%s: body holds page furniture %q", a.Path, furniture)
			}
		}
	}
	for _, d := range []string{"2020-01-23", "2025-01-17", "2025-04-14", "2024-02-04"} {
		if !dates[d] {
			t.Errorf("no article dated %s", d)
		}
	}
}

func TestRerunWritesNothing(t *testing.T) {
	opts := project(t)
	run(t, opts)
	before := snapshot(t, opts.Content)
	time.Sleep(10 * time.Millisecond) // so a rewrite would show in mtimes
	sum := run(t, opts)
	if len(sum.New) != 0 || len(sum.Updated) != 0 || sum.Unchanged != 7 {
		t.Errorf("second run: %v", sum)
	}
	after := snapshot(t, opts.Content)
	if len(after) != len(before) {
		t.Fatalf("files: %d before, %d after", len(before), len(after))
	}
	for name, f := range before {
		if after[name] != f {
			t.Errorf("%s was rewritten", name)
		}
	}
}

func TestEditorEditsSurvive(t *testing.T) {
	opts := project(t)
	run(t, opts)
	name := "us-ready-for-negotiations-with-iraq-on-american-military.md"
	p := filepath.Join(opts.Content, name)
	data, _ := os.ReadFile(p)
	edited := strings.Replace(string(data), "title: US Ready for Negotiations with Iraq on American Military Presence", "title: US ready to negotiate with Iraq on troops", 1)
	edited = strings.Replace(edited, "tags: []", "tags: [Diplomacy]\n# checked by the desk", 1)
	edited = strings.Replace(edited, "notes: []", "notes:\n  - by: Dana\n    date: 2026-11-01\n    text: Compare with the *Reuters* wire.", 1)
	edited = strings.Replace(edited, "The United States is prepared", "The US is prepared", 1)
	// The file is also renamed: its id still ties it to the story.
	if err := os.Remove(p); err != nil {
		t.Fatal(err)
	}
	p = filepath.Join(opts.Content, "us-iraq-talks.md")
	if err := os.WriteFile(p, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	// A new dump holds the same story again.
	copyTo(t, filepath.Join(opts.Seeds, "000_241ace8e12c80626.txt"), filepath.Join(opts.Seeds, "005_new.txt"))
	sum := run(t, opts)
	if len(sum.New) != 0 || len(sum.Updated) != 2 {
		t.Errorf("summary = %v; want the two stories of the new dump updated, none new", sum)
	}
	got, _ := os.ReadFile(p)
	want := strings.Replace(edited, "  - 004_f49af28e1ccd44b6.txt:1\n", "  - 004_f49af28e1ccd44b6.txt:1\n  - 005_new.txt:1\n", 1)
	if string(got) != want {
		t.Errorf("re-conversion changed more than sources:\n%s", got)
	}
	if _, err := os.Stat(filepath.Join(opts.Content, name)); err == nil {
		t.Error("the renamed article was written again under its old name")
	}
}

func TestDeletedStaysDeleted(t *testing.T) {
	opts := project(t)
	run(t, opts)
	name := "top-houthi-leaders-flee-sanaa-amid-trump-ordered-us-strikes.md"
	if err := os.Remove(filepath.Join(opts.Content, name)); err != nil {
		t.Fatal(err)
	}
	sum := run(t, opts)
	if sum.Deleted != 1 || len(sum.New) != 0 {
		t.Errorf("summary = %v", sum)
	}
	if _, err := os.Stat(filepath.Join(opts.Content, name)); err == nil {
		t.Error("a deleted article came back")
	}
}

func TestNewStoryAdded(t *testing.T) {
	opts := project(t)
	run(t, opts)
	dump := "Jordan Opens New Border Crossing with Syria\n\nTrucks wait at the crossing on March 3, 2023. (AFP)\nTrucks wait at the crossing on March 3, 2023. (AFP)\nTT\n\nJordan Opens New Border Crossing with Syria\n\nTrucks wait at the crossing on March 3, 2023. (AFP)\nTrucks wait at the crossing on March 3, 2023. (AFP)\n\nJordan opened a new crossing on its northern border with Syria on Friday, officials in Amman said, as trade between the neighbours picks up again.\n\nThe crossing will handle freight first.\n"
	if err := os.WriteFile(filepath.Join(opts.Seeds, "010_jordan.txt"), []byte(dump), 0o644); err != nil {
		t.Fatal(err)
	}
	sum := run(t, opts)
	if len(sum.New) != 1 || sum.Unchanged != 7 {
		t.Errorf("summary = %v", sum)
	}
	a := articles(t, opts.Content)["jordan-opens-new-border-crossing-with-syria.md"]
	if a == nil || a.Front.Date != "2023-03-03" || !slices.Equal(a.Front.Sources, []string{"010_jordan.txt:1"}) {
		t.Errorf("new article = %+v", a)
	}
}

func TestHeaderlessPageIsADraftForReview(t *testing.T) {
	opts := project(t)
	body := "An article body saved without its page header, so it has no title, caption or widget lines above it, and it goes on long enough.\n\nA second paragraph.\n"
	if err := os.WriteFile(filepath.Join(opts.Seeds, "009_bare.txt"), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	sum := run(t, opts)
	if len(sum.Review) != 1 || len(sum.Warnings) == 0 || !strings.HasPrefix(sum.Warnings[0].String(), "009_bare.txt:1: ") {
		t.Fatalf("summary = %v, warnings %v", sum, sum.Warnings)
	}
	a := articles(t, opts.Content)[sum.Review[0].File]
	if !a.Front.Draft || a.Front.Review == "" || !strings.HasPrefix(a.Front.Title, "An article body saved") {
		t.Errorf("front = %+v", a.Front)
	}
}

func TestUnreadableFolder(t *testing.T) {
	_, err := Run(Options{Seeds: filepath.Join(t.TempDir(), "missing"), Content: t.TempDir()})
	if err == nil || !strings.Contains(err.Error(), "missing") {
		t.Errorf("error = %v", err)
	}
}

func TestSlugCollisionsGetSuffixes(t *testing.T) {
	taken := map[string]bool{"same-title": true}
	p := pageWithTitle("Same Title")
	if got := fileName(p, "id1", taken); got != "same-title-2.md" {
		t.Errorf("fileName = %q", got)
	}
	long := pageWithTitle(strings.Repeat("word ", 40))
	if got := fileName(long, "id2", map[string]bool{}); len(got) > maxSlug+3 || strings.HasSuffix(got, "-.md") {
		t.Errorf("long title gives %q", got)
	}
	if got := fileName(pageWithTitle("؟؟؟"), "abc", map[string]bool{}); got != "article-abc.md" {
		t.Errorf("title with nothing to slug gives %q", got)
	}
}

func pageWithTitle(title string) convert.Page { return convert.Page{Title: title, Text: "x"} }

// A file an editor wrote that is not an article (no id) keeps its name:
// the story whose slug it holds gets a suffix instead.
func TestEditorFileKeepsItsName(t *testing.T) {
	opts := project(t)
	if err := os.MkdirAll(opts.Content, 0o755); err != nil {
		t.Fatal(err)
	}
	const mine = "us-ready-for-negotiations-with-iraq-on-american-military.md"
	const text = "my own notes, not an article\n"
	if err := os.WriteFile(filepath.Join(opts.Content, mine), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	sum := run(t, opts)
	if len(sum.New) != 7 {
		t.Errorf("summary = %v", sum)
	}
	if got, _ := os.ReadFile(filepath.Join(opts.Content, mine)); string(got) != text {
		t.Errorf("the editor's file now holds %q", got)
	}
	if _, err := os.Stat(filepath.Join(opts.Content, strings.TrimSuffix(mine, ".md")+"-2.md")); err != nil {
		t.Errorf("the story has no file of its own: %v", err)
	}
}

// An editor on Windows saves with CRLF and comments the sources line; a
// new source keeps both.
func TestNewSourceKeepsCommentAndCRLF(t *testing.T) {
	opts := project(t)
	run(t, opts)
	p := filepath.Join(opts.Content, "us-ready-for-negotiations-with-iraq-on-american-military.md")
	data, _ := os.ReadFile(p)
	edited := strings.Replace(string(data), "sources:\n", "sources: # checked against the wire\n", 1)
	edited = strings.ReplaceAll(edited, "\n", "\r\n")
	if err := os.WriteFile(p, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	copyTo(t, filepath.Join(opts.Seeds, "000_241ace8e12c80626.txt"), filepath.Join(opts.Seeds, "005_new.txt"))
	run(t, opts)
	got, _ := os.ReadFile(p)
	want := strings.Replace(edited, "  - 004_f49af28e1ccd44b6.txt:1\r\n", "  - 004_f49af28e1ccd44b6.txt:1\r\n  - 005_new.txt:1\r\n", 1)
	if string(got) != want {
		t.Errorf("adding a source changed more than the list:\n%q", got)
	}
}
