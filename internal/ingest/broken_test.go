package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A content file convert has no new copy for, broken by an editor, is not
// a clean run: convert names the file and line, says what to do, counts
// it as a warning, and leaves the file as it was.
func TestBrokenFileConvertDidNotTouch(t *testing.T) {
	opts := project(t)
	run(t, opts)
	names, _ := filepath.Glob(filepath.Join(opts.Content, "*.md"))
	if len(names) < 2 {
		t.Fatalf("%d articles", len(names))
	}
	colon, unclosed := names[0], names[1]
	breakFile := func(p string, edit func(string) string) string {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out := edit(string(data))
		if out == string(data) {
			t.Fatalf("%s: the edit changed nothing", p)
		}
		if err := os.WriteFile(p, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
		return out
	}
	colonText := breakFile(colon, func(s string) string {
		lines := strings.Split(s, "\n")
		for i, l := range lines {
			if strings.HasPrefix(l, "title: ") {
				lines[i] = "title: Iraq: talks resume"
			}
		}
		return strings.Join(lines, "\n")
	})
	unclosedText := breakFile(unclosed, func(s string) string { return strings.Replace(s, "\n---\n", "\n", 1) })

	sum := run(t, opts)
	got := map[string]string{}
	for _, w := range sum.Warnings {
		got[w.File] = w.String()
	}
	for p, want := range map[string]string{
		colon:    colon + ":3: front matter: the value of title holds a colon",
		unclosed: unclosed + ":1: ",
	} {
		if !strings.HasPrefix(got[p], want) {
			t.Errorf("warning about %s: %q, want one starting %q", p, got[p], want)
		}
	}
	if !strings.Contains(got[colon], "put the value in quotes") {
		t.Errorf("the warning does not say what to do: %q", got[colon])
	}
	if s := sum.String(); !strings.HasSuffix(s, ", 2 warnings") {
		t.Errorf("summary %q, want it to count the broken files", s)
	}
	for p, want := range map[string]string{colon: colonText, unclosed: unclosedText} {
		if data, _ := os.ReadFile(p); string(data) != want {
			t.Errorf("%s was changed", p)
		}
	}
}

// A clean archive gives no such warning.
func TestNoBrokenFileNoWarning(t *testing.T) {
	opts := project(t)
	run(t, opts)
	if sum := run(t, opts); len(sum.Warnings) != 0 {
		t.Errorf("warnings on a clean re-run: %v", sum.Warnings)
	}
}

// A convert where there are no seeds (run in the wrong folder, say) says
// so in words and leaves no trace.
func TestNoSeedsFolder(t *testing.T) {
	dir := t.TempDir()
	opts := Options{Seeds: filepath.Join(dir, "seeds"), Content: filepath.Join(dir, "content")}
	_, err := Run(opts)
	want := opts.Seeds + ": no such folder; convert reads the scraped dumps (*.txt) from it (-seeds DIR names another)"
	if err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("left behind: %v", entries)
	}
}

// An article whose file is there but whose id convert cannot read (its
// front matter broken) is not "deleted by an editor"; a new copy of its
// story stops the run, naming the file, with content/ as it was.
func TestUnreadableArticleIsNotDeleted(t *testing.T) {
	opts := project(t)
	run(t, opts)
	names, _ := filepath.Glob(filepath.Join(opts.Content, "*.md"))
	for _, p := range names {
		data, _ := os.ReadFile(p)
		if err := os.WriteFile(p, []byte(strings.Replace(string(data), "\n---\n", "\n", 1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sum := run(t, opts)
	if sum.Deleted != 0 || len(sum.Warnings) != len(names) {
		t.Errorf("%d deleted and %d warnings, want none deleted and %d warnings: %s", sum.Deleted, len(sum.Warnings), len(names), sum)
	}
	seeds, _ := filepath.Glob(filepath.Join(opts.Seeds, "*.txt"))
	copyTo(t, seeds[0], filepath.Join(opts.Seeds, "zz-copy.txt"))
	before := snapshot(t, opts.Content)
	_, err := Run(opts)
	if err == nil || !strings.Contains(err.Error(), "a new copy of its story arrived") {
		t.Errorf("a new copy for an unreadable article: %v, want an error", err)
	}
	if after := snapshot(t, opts.Content); len(after) != len(before) {
		t.Errorf("content changed: %d files before, %d after", len(before), len(after))
	} else {
		for n, f := range before {
			if after[n] != f {
				t.Errorf("%s changed", n)
			}
		}
	}
}
