package search

import (
	"strings"
	"testing"
)

// A count of one reads in the singular.
func TestResultCountsOfOne(t *testing.T) {
	r := Result{Docs: 1, Words: 1, Shards: 1, Files: 1}
	const want = "search: 1 article, 1 word in 1 shard, 1 file, "
	if got := r.String(); !strings.HasPrefix(got, want) {
		t.Errorf("got  %s\nwant %s…", got, want)
	}
}
