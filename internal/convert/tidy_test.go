package convert

import (
	"testing"
	"unicode/utf8"
)

// TestTidyAgreesWithClean checks the fast path against clean for every
// rune: tidy must only say yes when clean would change nothing.
func TestTidyAgreesWithClean(t *testing.T) {
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		s := "a" + string(r) + "b"
		if got, want := tidy(s), clean(s) == s; got != want {
			t.Errorf("tidy(%q) = %v, clean changes it: %v", s, got, !want)
		}
	}
}

func TestFoldAgreesWithAppendFold(t *testing.T) {
	for r := rune(0); r < 0x3000; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		if got, want := string(appendFold(nil, string(r))), string(fold(r)); got != want {
			t.Errorf("appendFold(%q) = %q, want %q", r, got, want)
		}
	}
}
