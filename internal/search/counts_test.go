package search

import (
	"strings"
	"testing"
)

// A count of one reads in the singular.
func TestResultCountsOfOne(t *testing.T) {
	r := Result{Pages: 1, Parts: 1, Indexed: 1, Files: 1}
	const want = "index: 1 page in 1 part (1 indexed), 1 file, "
	if got := r.String(); !strings.HasPrefix(got, want) {
		t.Errorf("got  %s\nwant %s…", got, want)
	}
}
