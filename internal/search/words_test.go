package search

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
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

// wordsByRune is words one character at a time.
func wordsByRune(s string, f func(w []byte)) {
	var w []byte
	flush := func() {
		if len(w) > 0 {
			f(w)
			w = w[:0]
		}
	}
	var one [utf8.UTFMax]byte
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
				w = append(w, c)
			case 'A' <= c && c <= 'Z':
				w = append(w, c+'a'-'A')
			default:
				flush()
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if !unicode.IsLetter(r) && !unicode.IsNumber(r) && !unicode.IsMark(r) {
			// Punctuation, spaces and symbols, whose decompositions are
			// never letters.
			flush()
			continue
		}
		r = unicode.ToLower(r)
		// The letter and its marks apart; the marks that sit on a letter
		// (accents) are dropped, so "Café" is found by "cafe".
		dec := norm.NFD.Properties(one[:utf8.EncodeRune(one[:], r)]).Decomposition()
		switch {
		case dec == nil && 0xAC00 <= r && r <= 0xD7A3:
			// Hangul syllables decompose by rule, not by table.
			dec = norm.NFD.AppendString(nil, string(r))
		case dec == nil:
			dec = one[:utf8.RuneLen(r)]
		}
		for _, d := range string(dec) {
			switch {
			case unicode.Is(unicode.Mn, d):
			case d == 'ς':
				w = append(w, "σ"...)
			case unicode.IsLetter(d) || unicode.IsNumber(d) || unicode.IsMark(d):
				w = utf8.AppendRune(w, unicode.ToLower(d))
			default:
				flush()
			}
		}
	}
	flush()
}
