package build

import (
	"errors"
	"strings"
	"testing"
)

// A count of one reads in the singular.
func TestResultCountsOfOne(t *testing.T) {
	r := Result{Articles: 1, Pages: 1, Written: 1, Bytes: 10, Removed: 1}
	const want = "build: 1 article → 1 file, 1 written (10 B), 1 removed in 0 ms"
	if got := r.String(); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// A template mistake on two pages names one and counts the other in the
// singular.
func TestSummarizeOneOtherPage(t *testing.T) {
	boom := errors.New("templates/tag.html:3: boom")
	err := summarize([]error{&pageError{boom, "tags/b/index.html"}, &pageError{boom, "tags/a/index.html"}})
	const want = "templates/tag.html:3: boom (rendering tags/a/index.html and 1 other page)"
	if err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
}

// The home page counts the editors' notes in the words the pages use for
// them ("Editor notes"), not as "2 editor's notes".
func TestHomeCountsNotes(t *testing.T) {
	out, _ := buildSite(t, project(t, "testdata/site.txtar"), nil)
	home := readTree(t, out)["index.html"]
	const want = `<p class="counts">4 articles, 1 undated · 5 tags · 2 editor notes</p>`
	if !strings.Contains(home, want) {
		t.Errorf("the home page does not say %s", want)
	}
}
