package check

import (
	"bytes"
	"testing"
)

// A count of one reads in the singular.
func TestReportCountsOfOne(t *testing.T) {
	r := Report{Pages: 1, Articles: 1, Links: 1, Size: 1000, Limit: 1 << 30,
		Problems: []Problem{{File: "a.html", Msg: "broken"}, {File: "b.html", Msg: "odd", Warning: true}}}
	var b bytes.Buffer
	if err := r.Write(&b, "public"); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"check: 1 page, 1 link, 1 problem, 1 warning, ", "check: 1 article, "} {
		if !bytes.Contains(b.Bytes(), []byte(want)) {
			t.Errorf("no %q in\n%s", want, b.String())
		}
	}
}
