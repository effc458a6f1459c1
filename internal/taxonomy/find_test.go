package taxonomy

import "testing"

const findTax = `tags:
  - name: Mustafa al-Kadhimi
    kind: person
    words: [Mustafa al-Kadhimi, al-Kadhimi, Kadhimi]
  - name: Popular Mobilization Forces
    slug: pmf
    kind: armed-group
    words: [Popular Mobilization Forces, PMF, Hashd]
  - name: Iraq
    kind: country
    words: [Iraq, Iraqi]
  - name: Amal
    kind: organisation
    words: [Amal]
  - name: Amal Clooney
    kind: person
    words: [amal]
`

// An editor names a tag by its name, slug or any of its words, in any
// case; a near miss gets the tag it is close to as a guess, never as the
// tag.
func TestFind(t *testing.T) {
	tx, err := Parse("taxonomy.yaml", []byte(findTax))
	if err != nil {
		t.Fatal(err)
	}
	name := func(i int) string {
		if i < 0 {
			return ""
		}
		return tx.Tags[i].Name
	}
	tests := []struct{ in, tag, guess string }{
		{"Kadhimi", "Mustafa al-Kadhimi", ""},
		{"kadhimi", "Mustafa al-Kadhimi", ""},
		{"mustafa al-kadhimi", "Mustafa al-Kadhimi", ""},
		{"Mustafa al‑Kadhimi", "Mustafa al-Kadhimi", ""}, // a non-breaking hyphen
		{"pmf", "Popular Mobilization Forces", ""},
		{"Hashd", "Popular Mobilization Forces", ""},
		{"  Iraq ", "Iraq", ""},
		{"IRAQI", "Iraq", ""},
		{"Amal", "Amal", ""},                                               // the name wins over another tag's word
		{"Kadhimy", "", "Mustafa al-Kadhimi"},                              // a letter off
		{"Kadihmi", "", "Mustafa al-Kadhimi"},                              // two letters swapped
		{"Popular Mobilisation Forces", "", "Popular Mobilization Forces"}, // British spelling
		{"Mobilization", "", "Popular Mobilization Forces"},                // a word of its name
		{"Irak", "", ""},                                                   // too short to guess
		{"Water Rights", "", ""},
		{"Iran", "", ""},
	}
	for _, tt := range tests {
		tag, guess := tx.Find(tt.in)
		if name(tag) != tt.tag || name(guess) != tt.guess {
			t.Errorf("Find(%q) = %q, guess %q; want %q, guess %q", tt.in, name(tag), name(guess), tt.tag, tt.guess)
		}
	}
}
