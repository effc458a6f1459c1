package taxonomy

import (
	"os"
	"slices"
	"testing"
)

func TestParse(t *testing.T) {
	src := `# a comment
threshold: 3
ignore: [Thaier al-Sudani]
tags:
  - name: Iraq
    kind: country
    description: Republic on the Tigris.
    words: [Iraq, Iraqi]
  - name: Kataib Hezbollah
    kind: armed-group
    words:
      - Kataib Hezbollah
      - Kata'ib Hezbollah
    threshold: 1
  - name: United States
    slug: us
    kind: country
    words: [US]
`
	tx, err := Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := &Taxonomy{
		Threshold: 3,
		Ignore:    []string{"Thaier al-Sudani"},
		Tags: []Tag{
			{Name: "Iraq", Slug: "iraq", Kind: "country", Words: []string{"Iraq", "Iraqi"}, Threshold: 3, Description: "Republic on the Tigris."},
			{Name: "Kataib Hezbollah", Slug: "kataib-hezbollah", Kind: "armed-group", Words: []string{"Kataib Hezbollah", "Kata'ib Hezbollah"}, Threshold: 1},
			{Name: "United States", Slug: "us", Kind: "country", Words: []string{"US"}, Threshold: 3},
		},
	}
	if !equal(tx, want) {
		t.Errorf("Parse:\n got %+v\nwant %+v", *tx, *want)
	}
}

func TestParseDefaultThreshold(t *testing.T) {
	tx, err := Parse("t.yaml", []byte("tags:\n  - {name: Iraq, kind: country, words: [Iraq]}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if tx.Threshold != 2 || tx.Tags[0].Threshold != 2 {
		t.Errorf("thresholds = %d, %d; want 2, 2", tx.Threshold, tx.Tags[0].Threshold)
	}
}

func equal(a, b *Taxonomy) bool {
	return a.Threshold == b.Threshold && slices.Equal(a.Ignore, b.Ignore) &&
		slices.EqualFunc(a.Tags, b.Tags, func(x, y Tag) bool {
			return x.Name == y.Name && x.Slug == y.Slug && x.Kind == y.Kind &&
				x.Threshold == y.Threshold && slices.Equal(x.Words, y.Words) && x.Description == y.Description
		})
}

func TestParseErrors(t *testing.T) {
	// Each source is followed by the error Parse must give. The tags
	// before the bad one are there to make the line numbers count.
	const head = "threshold: 2\ntags:\n  - name: Iraq\n    kind: country\n    words: [Iraq]\n"
	tests := []struct {
		name, src, want string
	}{
		{"no name", head + "  - kind: country\n    words: [Syria]\n",
			`t.yaml:6: tag has no name`},
		{"empty name", head + "  - name:\n    kind: country\n    words: [Syria]\n",
			`t.yaml:6: tag has no name`},
		{"no words", head + "  - name: Syria\n    kind: country\n",
			`t.yaml:6: tag "Syria" has no words`},
		{"empty words", head + "  - name: Syria\n    kind: country\n    words: []\n",
			`t.yaml:6: tag "Syria" has no words`},
		{"no kind", head + "  - name: Syria\n    words: [Syria]\n",
			`t.yaml:6: tag "Syria" has no kind`},
		{"bad kind", head + "  - name: Syria\n    kind: nation\n    words: [Syria]\n",
			`t.yaml:7: kind "nation" is not one of country, region, city, organisation, armed-group, institution, person`},
		{"unknown tag key", head + "  - name: Syria\n    kind: country\n    wrods: [Syria]\n",
			`t.yaml:8: unknown key "wrods"`},
		{"unknown top key", "threshhold: 2\ntags: []\n",
			`t.yaml:1: unknown key "threshhold"`},
		{"repeated key", head + "  - name: Syria\n    kind: country\n    name: Syrie\n    words: [Syria]\n",
			`t.yaml:8: key "name" is given twice (first at line 6)`},
		{"duplicate name", head + "  - name: Syria\n    kind: country\n    words: [Syria]\n  - name: Syria\n    kind: city\n    words: [Syrian]\n",
			`t.yaml:9: tag "Syria" is listed twice (first at line 6)`},
		{"slug collision", head + "  - name: al-Sharaa\n    kind: person\n    words: [al-Sharaa]\n  - name: Al Sharaa\n    kind: person\n    words: [Sharaa]\n",
			`t.yaml:9: tag "Al Sharaa" has the same slug "al-sharaa" as "al-Sharaa" (line 6)`},
		{"explicit slug collision", head + "  - name: Republic of Iraq\n    slug: iraq\n    kind: country\n    words: [Republic of Iraq]\n",
			`t.yaml:7: tag "Republic of Iraq" has the same slug "iraq" as "Iraq" (line 3)`},
		{"empty slug", head + "  - name: \"???\"\n    kind: person\n    words: [Who]\n",
			`t.yaml:6: tag "???" gives an empty slug; add a slug`},
		{"bad slug", head + "  - name: Syria\n    slug: Syria Arab Republic\n    kind: country\n    words: [Syria]\n",
			`t.yaml:7: tag "Syria": slug "Syria Arab Republic" is not a slug (want lower case letters, digits and dashes)`},
		{"zero threshold", head + "  - name: Syria\n    kind: country\n    words: [Syria]\n    threshold: 0\n",
			`t.yaml:9: threshold "0" is not a whole number of at least 1`},
		{"bad file threshold", "threshold: two\ntags: []\n",
			`t.yaml:1: threshold "two" is not a whole number of at least 1`},
		{"word twice in a tag", head + "  - name: Syria\n    kind: country\n    words:\n      - Syria\n      - Syrian\n      - Syria\n",
			`t.yaml:11: word "Syria" is listed twice (first at line 9)`},
		{"word in two tags", head + "  - name: Baghdad\n    kind: city\n    words: [Baghdad, Iraq]\n",
			`t.yaml:8: word "Iraq" of tag "Baghdad" already selects tag "Iraq" (line 5)`},
		{"same word, other apostrophe", head + "  - name: Kataib Hezbollah\n    kind: armed-group\n    words: [Kata'ib Hezbollah, Kata’ib  Hezbollah]\n",
			`t.yaml:8: word "Kata’ib  Hezbollah" is listed twice (first at line 8)`},
		{"ignored word in a tag", "ignore: [Iraq]\n" + head,
			`t.yaml:6: word "Iraq" of tag "Iraq" is in the ignore list (line 1)`},
		{"word without letters", head + "  - name: Syria\n    kind: country\n    words: [\"--\"]\n",
			`t.yaml:8: word "--" has no letters or digits`},
		{"tags not a list", "tags: Iraq\n",
			`t.yaml:1: tags: want a list`},
		{"tag not a mapping", "tags:\n  - Iraq\n",
			`t.yaml:2: tag: want a mapping with name, kind and words`},
		{"words not a list", head + "  - name: Syria\n    kind: country\n    words: Syria\n",
			`t.yaml:8: words: want a list`},
		{"no tags", "threshold: 2\n",
			`t.yaml:1: no tags`},
		{"empty list", "tags: []\n",
			`t.yaml:1: no tags`},
		{"empty file", "",
			`t.yaml:1: no tags`},
		// For a syntax error the YAML parser names the line where the
		// enclosing block starts, not the bad line.
		{"syntax error", head + "  - name: Syria\n   kind: country\n",
			`t.yaml:2: did not find expected '-' indicator`},
		{"tab", "tags:\n\t- name: Iraq\n",
			`t.yaml:2: found character that cannot start any token`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("t.yaml", []byte(tt.src))
			if err == nil {
				t.Fatalf("Parse succeeded, want error %q", tt.want)
			}
			if err.Error() != tt.want {
				t.Errorf("Parse error:\n got %q\nwant %q", err, tt.want)
			}
		})
	}
}

// TestTaxonomyFile checks the project's own taxonomy.
func TestTaxonomyFile(t *testing.T) {
	tx := loadTaxonomy(t)
	if n := len(tx.Tags); n < 120 {
		t.Errorf("taxonomy.yaml has %d tags, want at least 120", n)
	}
	kinds := map[string]int{}
	for _, tag := range tx.Tags {
		kinds[tag.Kind]++
	}
	for _, k := range Kinds {
		if kinds[k] == 0 {
			t.Errorf("taxonomy.yaml has no tag of kind %s", k)
		}
		if KindName(k, false) == "Tag" || KindName(k, true) == "Tags" {
			t.Errorf("kind %s has no name for readers", k)
		}
	}
}

func loadTaxonomy(t testing.TB) *Taxonomy {
	t.Helper()
	data, err := os.ReadFile("../../taxonomy.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tx, err := Parse("taxonomy.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	return tx
}
