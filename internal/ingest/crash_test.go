package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const jordanDump = "Jordan Opens New Border Crossing with Syria\n\nTrucks wait at the crossing on March 3, 2023. (AFP)\nTrucks wait at the crossing on March 3, 2023. (AFP)\nTT\n\nJordan Opens New Border Crossing with Syria\n\nTrucks wait at the crossing on March 3, 2023. (AFP)\nTrucks wait at the crossing on March 3, 2023. (AFP)\n\nJordan opened a new crossing on its northern border with Syria on Friday, officials in Amman said, as trade between the neighbours picks up again.\n\nThe crossing will handle freight first.\n"

// A typo in an article that a new dump adds a source to stops convert
// before it writes anything; once the typo is fixed, the next run imports
// the new story once.
func TestInputErrorWritesNothing(t *testing.T) {
	opts := project(t)
	run(t, opts)
	const name = "us-ready-for-negotiations-with-iraq-on-american-military.md"
	p := filepath.Join(opts.Content, name)
	good, _ := os.ReadFile(p)
	bad := strings.Replace(string(good), `summary: ""`, "summary: [unclosed", 1)
	if err := os.WriteFile(p, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	// A new dump: a copy of the typo'd article's story plus a new story.
	seed, _ := os.ReadFile(filepath.Join(opts.Seeds, "000_241ace8e12c80626.txt"))
	first := strings.SplitN(string(seed), "\n\n\n\n", 2)[0]
	dump := first + "\n\n\n\n" + jordanDump
	if err := os.WriteFile(filepath.Join(opts.Seeds, "011_mixed.txt"), []byte(dump), 0o644); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, opts.Content)
	_, err := Run(opts)
	if err == nil || !strings.Contains(err.Error(), name) {
		t.Fatalf("error = %v, want one naming %s", err, name)
	}
	after := snapshot(t, opts.Content)
	for n := range after {
		if _, ok := before[n]; !ok {
			t.Errorf("the failed run wrote %s", n)
		}
	}
	for n, f := range before {
		if after[n].data != f.data {
			t.Errorf("the failed run changed %s", n)
		}
	}
	if err := os.WriteFile(p, good, 0o644); err != nil {
		t.Fatal(err)
	}
	sum := run(t, opts)
	if len(sum.New) != 1 {
		t.Errorf("summary = %v, want 1 new", sum)
	}
	assertNoDuplicates(t, opts)
}

// A run that stopped after writing its article files but before the
// manifest leaves files the next run recognises as its own.
func TestInterruptedRunIsFinished(t *testing.T) {
	opts := project(t)
	run(t, opts)
	if err := os.WriteFile(filepath.Join(opts.Seeds, "010_jordan.txt"), []byte(jordanDump), 0o644); err != nil {
		t.Fatal(err)
	}
	man := filepath.Join(opts.Content, ManifestName)
	old, _ := os.ReadFile(man)
	run(t, opts)
	// Put back the manifest as it was before the run: the state a kill
	// between the article files and the manifest leaves.
	if err := os.WriteFile(man, old, 0o644); err != nil {
		t.Fatal(err)
	}
	sum := run(t, opts)
	if len(sum.New) != 0 {
		t.Errorf("summary = %v, want nothing new", sum)
	}
	assertNoDuplicates(t, opts)
	// And the manifest now knows the story: deleting it keeps it deleted.
	if err := os.Remove(filepath.Join(opts.Content, "jordan-opens-new-border-crossing-with-syria.md")); err != nil {
		t.Fatal(err)
	}
	if sum := run(t, opts); len(sum.New) != 0 || sum.Deleted != 1 {
		t.Errorf("after deleting the story: %v", sum)
	}
}

// assertNoDuplicates checks that no two article files share an id or a
// title and that no name carries a -2 suffix.
func assertNoDuplicates(t *testing.T, opts Options) {
	t.Helper()
	ids, titles := map[string]string{}, map[string]string{}
	for name, a := range articles(t, opts.Content) {
		if strings.HasPrefix(name, ".") {
			continue
		}
		if other, ok := ids[a.Front.ID]; ok {
			t.Errorf("%s and %s share id %s", other, name, a.Front.ID)
		}
		ids[a.Front.ID] = name
		if other, ok := titles[a.Front.Title]; ok {
			t.Errorf("%s and %s share title %q", other, name, a.Front.Title)
		}
		titles[a.Front.Title] = name
	}
}

// Two files with the same id stop convert, naming both files and lines:
// which of them should gain the story's new sources is the editors' call.
func TestSameIDTwiceIsAnError(t *testing.T) {
	opts := project(t)
	run(t, opts)
	const name = "us-ready-for-negotiations-with-iraq-on-american-military.md"
	copyTo(t, filepath.Join(opts.Content, name), filepath.Join(opts.Content, "copy.md"))
	_, err := Run(opts)
	if err == nil {
		t.Fatal("no error for two files with one id")
	}
	for _, want := range []string{"copy.md:2", name + ":2", "id "} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not hold %q", err, want)
		}
	}
}

// A run stopped while it replaced a file leaves the new bytes in a
// hidden temporary file beside it; the next run passes over it.
func TestLeftoverTemporaryFileIsNoArticle(t *testing.T) {
	opts := project(t)
	run(t, opts)
	const name = "us-ready-for-negotiations-with-iraq-on-american-military.md"
	copyTo(t, filepath.Join(opts.Content, name), filepath.Join(opts.Content, ".tmp-"+name))
	if err := os.WriteFile(filepath.Join(opts.Seeds, "010_jordan.txt"), []byte(jordanDump), 0o644); err != nil {
		t.Fatal(err)
	}
	if sum := run(t, opts); len(sum.New) != 1 {
		t.Errorf("summary = %v, want 1 new", sum)
	}
	assertNoDuplicates(t, opts)
}
