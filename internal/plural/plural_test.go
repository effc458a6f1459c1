package plural

import "testing"

func TestCount(t *testing.T) {
	for _, c := range []struct {
		n    int
		noun string
		many []string
		want string
	}{
		{0, "warning", nil, "0 warnings"},
		{1, "warning", nil, "1 warning"},
		{2, "warning", nil, "2 warnings"},
		{1, "unchanged article", nil, "1 unchanged article"},
		{3, "unchanged article", nil, "3 unchanged articles"},
		{1, "copy", nil, "1 copy"},
		{2, "copy", nil, "2 copies"},
		{2, "day", nil, "2 days"},
		{2, "match", nil, "2 matches"},
		{2, "class", nil, "2 classes"},
		{1, "editor's note", []string{"editors' notes"}, "1 editor's note"},
		{2, "editor's note", []string{"editors' notes"}, "2 editors' notes"},
	} {
		if got := Count(c.n, c.noun, c.many...); got != c.want {
			t.Errorf("Count(%d, %q) = %q, want %q", c.n, c.noun, got, c.want)
		}
	}
}

func TestNoun(t *testing.T) {
	if got := Noun(1, "problem"); got != "problem" {
		t.Errorf("Noun(1) = %q", got)
	}
	if got := Noun(5, "problem"); got != "problems" {
		t.Errorf("Noun(5) = %q", got)
	}
}
