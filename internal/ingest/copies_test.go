package ingest

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"briefing/internal/content"
)

// The review line of a possible copy names the other files, and
// PossibleCopies reads them back; other lines name none.
func TestPossibleCopies(t *testing.T) {
	for review, want := range map[string][]string{
		copyOf + "a-b.md (similarity 0.62)" + copyAdvice:                                          {"a-b.md"},
		copyOf + "a.md (similarity 0.62), b c.md (similarity 0.50)" + copyAdvice:                  {"a.md", "b c.md"},
		"saved without its header: fix it; also " + copyOf + "x.md (similarity 0.7)" + copyAdvice: {"x.md"},
		"a new copy of x.md, whose body an editor has changed":                                    nil,
		copyOf + "x.md (similarity 0.7)":                                                          nil,
		"":                                                                                        nil,
	} {
		if got := PossibleCopies(review); !slices.Equal(got, want) {
			t.Errorf("PossibleCopies(%q) = %q, want %q", review, got, want)
		}
	}
}

// WithoutCopy takes one file off the list, and the list's part off the
// line when it was the last.
func TestWithoutCopy(t *testing.T) {
	two := copyOf + "a.md (similarity 0.62), b.md (similarity 0.50)" + copyAdvice
	head := "saved without its header: fix it"
	for _, c := range []struct{ review, name, want string }{
		{two, "a.md", copyOf + "b.md (similarity 0.50)" + copyAdvice},
		{two, "b.md", copyOf + "a.md (similarity 0.62)" + copyAdvice},
		{copyOf + "a.md (similarity 0.62)" + copyAdvice, "a.md", ""},
		{head + "; also " + copyOf + "a.md (similarity 0.62)" + copyAdvice, "a.md", head},
		{two, "c.md", two},
		{head, "a.md", head},
	} {
		if got := WithoutCopy(c.review, c.name); got != c.want {
			t.Errorf("WithoutCopy(%q, %q) = %q, want %q", c.review, c.name, got, c.want)
		}
	}
}

// Once an editor has cleared a possible copy's review line ("not a
// duplicate"), later runs, with more copies of both stories, do not flag
// the pair again.
func TestClearedCopyFlagStaysCleared(t *testing.T) {
	opts := emptyProject(t)
	addDump(t, opts, "001.txt", page("Lebanon's Parliament Meets to Elect a Speaker", caption, story...))
	run(t, opts)
	other := page("Lebanon's Parliament Meets to Elect a Speaker", "The chamber in Beirut. (AFP)",
		"Lawmakers failed for the twelfth time to choose a president on Wednesday, as rival camps boycotted the second round of voting in the chamber.",
		"The speaker adjourned the session without setting a date for the next one, saying consultations would go on between the blocs and the caretaker cabinet.")
	addDump(t, opts, "002.txt", other)
	sum := run(t, opts)
	if len(sum.New) != 1 {
		t.Fatalf("summary = %v", sum)
	}
	flagged := filepath.Join(opts.Content, sum.New[0])
	a := articles(t, opts.Content)[sum.New[0]]
	if got := PossibleCopies(a.Front.Review); !slices.Equal(got, []string{lebanon}) {
		t.Fatalf("PossibleCopies(%q) = %q", a.Front.Review, got)
	}
	data, _ := os.ReadFile(flagged)
	none := ""
	cleared, err := content.Edit(flagged, data, content.Changes{Review: &none})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(flagged, cleared, 0o644); err != nil {
		t.Fatal(err)
	}
	addDump(t, opts, "003.txt", other+"\n"+page("Lebanon's Parliament Meets to Elect a Speaker", caption, story...))
	sum = run(t, opts)
	if len(sum.Review) != 0 || len(sum.New) != 0 {
		t.Errorf("a run after the decision: %v", sum)
	}
	for name, f := range articles(t, opts.Content) {
		if f.Front.Review != "" {
			t.Errorf("%s: review: %s", name, f.Front.Review)
		}
	}
}
