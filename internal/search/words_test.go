package search

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestWordsFixture checks the Go half of the one notion of a word against
// testdata/words.json; e2e/words.test.mjs checks the browser's half
// against the same file, so the two cannot drift apart unnoticed.
func TestWordsFixture(t *testing.T) {
	data, err := os.ReadFile("testdata/words.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases [][2]json.RawMessage
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	if len(cases) < 10 {
		t.Fatalf("the fixture has %d cases", len(cases))
	}
	for _, c := range cases {
		var in string
		var want []string
		if err := json.Unmarshal(c[0], &in); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(c[1], &want); err != nil {
			t.Fatal(err)
		}
		got := []string{}
		words(in, func(w []byte) { got = append(got, string(w)) })
		if !slices.Equal(got, want) {
			t.Errorf("words(%q) = %q, want %q", in, got, want)
		}
	}
}

// words hands most words over where they lie in the text; wordsByRune,
// which copies every character, says what they must be.
func TestWordsAsByRune(t *testing.T) {
	pieces := []string{"talks", "Iraq", "IRAQ", "2020", "x1", " ", ", ", ".", "’s", "café", "Café", "naïve", "É", "ß", "ς",
		"한국", "e\u0301", "-", "<", "&amp;", "\t", "\n", "ǅ", "Ⅻ", "٣", "a", "Z", "z9Z"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s := b.String()
		var got, want []string
		words(s, func(w []byte) { got = append(got, string(w)) })
		wordsByRune(s, func(w []byte) { want = append(want, string(w)) })
		if !slices.Equal(got, want) {
			t.Fatalf("words(%q) = %q, want %q", s, got, want)
		}
	}
}

// wordsByRune is words one character at a time, each one copied.
func wordsByRune(s string, f func(w []byte)) {
	var w []byte
	emit := func(w []byte) []byte {
		if len(w) > 0 {
			f(w)
		}
		return w[:0]
	}
	for _, r := range s {
		switch {
		case 'a' <= r && r <= 'z' || '0' <= r && r <= '9':
			w = append(w, byte(r))
		case 'A' <= r && r <= 'Z':
			w = append(w, byte(r)+'a'-'A')
		case r < utf8.RuneSelf:
			w = emit(w)
		default:
			w = fold(w, r, emit)
		}
	}
	emit(w)
}
