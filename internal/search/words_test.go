package search

import (
	"encoding/json"
	"os"
	"slices"
	"testing"
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
