package watch

import (
	"testing"

	"briefing/internal/build"
)

// A count of one reads in the singular.
func TestReportCountsOfOne(t *testing.T) {
	r := Report{Changed: []string{"content/a.md"}, Built: true, Result: build.Result{Written: 1, Removed: 1, Pages: 1}}
	const want = "content/a.md: 1 page written, 1 removed of 1, 0 ms"
	if got := r.String(); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
