package taxonomy

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// testTaxonomy is small and fixed, so the matching rules are tested apart
// from the project's word lists.
const testTaxonomy = `
threshold: 2
ignore: [Thaier al-Sudani]
tags:
  - name: Iraq
    kind: country
    words: [Iraq, Iraqi, Iraqis]
  - name: United States
    kind: country
    words: [US, U.S., United States]
  - name: Hezbollah
    kind: armed-group
    words: [Hezbollah]
    threshold: 1
  - name: Kataib Hezbollah
    kind: armed-group
    words: [Kataib Hezbollah, Kata'ib Hezbollah]
    threshold: 1
  - name: Amal Movement
    kind: armed-group
    words: [Amal]
    threshold: 1
  - name: PKK
    kind: armed-group
    words: [Kurdistan Workers' Party]
    threshold: 1
  - name: Ahmed al-Sharaa
    kind: person
    words: [Ahmed al-Sharaa, al-Sharaa]
    threshold: 1
  - name: Mohammed Shia al-Sudani
    kind: person
    words: [al-Sudani]
    threshold: 1
  - name: Recep Tayyip Erdogan
    kind: person
    words: [Erdoğan]
    threshold: 1
`

func testMatcher(t testing.TB) *Matcher {
	t.Helper()
	tx, err := Parse("test.yaml", []byte(testTaxonomy))
	if err != nil {
		t.Fatal(err)
	}
	return tx.Matcher()
}

func TestMatch(t *testing.T) {
	m := testMatcher(t)
	tests := []struct {
		name  string
		texts []string
		want  []string
	}{
		{"two mentions tag a country", []string{"Iraq said Iraq will talk."}, []string{"iraq"}},
		{"one passing mention does not", []string{"Troops left Iraq years ago."}, nil},
		{"demonyms count", []string{"Iraqi officials met Iraqis."}, []string{"iraq"}},
		{"counts add up across texts", []string{"In Iraq.", "The Iraqi side."}, []string{"iraq"}},
		{"whole words only", []string{"Iraqistan and PreIraq and Iraq2 and 2Iraq"}, nil},
		{"possessive counts", []string{"Iraq's parliament and Iraq’s government"}, []string{"iraq"}},
		{"hyphenated compound counts", []string{"an Iraq-based group in Iraq"}, []string{"iraq"}},
		{"punctuation around", []string{"(Iraq) and “Iraq”"}, []string{"iraq"}},
		{"case-sensitive US", []string{"Tell us about US troops and the US army."}, []string{"united-states"}},
		{"us is not US", []string{"Let us go, let us stay."}, nil},
		{"dotted US", []string{"U.S. troops and U.S.-led forces"}, []string{"united-states"}},
		{"dots are not optional", []string{"U. S. troops and U S forces"}, nil},
		{"phrase across a line break", []string{"the United\nStates and the United  States"}, []string{"united-states"}},
		{"phrase needs its words in order", []string{"United we stand, States we are"}, nil},
		{"amal is not Amal", []string{"amal means hope"}, nil},
		{"Amal", []string{"Amal said"}, []string{"amal-movement"}},
		{"distinctive name needs one", []string{"Hezbollah fired rockets."}, []string{"hezbollah"}},
		{"longest match wins", []string{"Kataib Hezbollah claimed it."}, []string{"kataib-hezbollah"}},
		{"curly apostrophe", []string{"Kata’ib Hezbollah claimed it."}, []string{"kataib-hezbollah"}},
		{"both groups", []string{"Kataib Hezbollah and Hezbollah"}, []string{"hezbollah", "kataib-hezbollah"}},
		{"apostrophe before a space", []string{"the Kurdistan Workers’ Party"}, []string{"pkk"}},
		{"hyphen variants", []string{"Ahmed al‐Sharaa"}, []string{"ahmed-al-sharaa"}},
		{"full name counts once", []string{"Ahmed al-Sharaa"}, []string{"ahmed-al-sharaa"}},
		{"ignored phrase hides its words", []string{"REUTERS/Thaier al-Sudani"}, nil},
		{"but not elsewhere", []string{"Prime Minister al-Sudani"}, []string{"mohammed-shia-al-sudani"}},
		{"non-ASCII letters", []string{"Erdoğan spoke"}, []string{"recep-tayyip-erdogan"}},
		{"non-ASCII letters bound words", []string{"Erdoğanı and ÉErdoğan"}, nil},
		{"empty", []string{""}, nil},
		{"no texts", nil, nil},
		{"most mentioned first", []string{"Hezbollah, Hezbollah, Iraq, Iraq, Iraq, Amal, Kataib Hezbollah"},
			[]string{"iraq", "hezbollah", "amal-movement", "kataib-hezbollah"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := m.Match(tt.texts...)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Match(%q) = %q, want %q", tt.texts, got, tt.want)
			}
		})
	}
}

func TestHits(t *testing.T) {
	m := testMatcher(t)
	got := m.Hits("Kataib Hezbollah, Kata'ib Hezbollah, Hezbollah and Iraq.", "Iraqi")
	want := []Hit{{"iraq", 2}, {"kataib-hezbollah", 2}, {"hezbollah", 1}}
	if !slices.Equal(got, want) {
		t.Errorf("Hits = %v, want %v", got, want)
	}
}

func TestMatcherDefaultThreshold(t *testing.T) {
	// A Taxonomy built by hand, without thresholds, uses the default 2.
	m := (&Taxonomy{Tags: []Tag{{Name: "Iraq", Slug: "iraq", Words: []string{"Iraq"}}}}).Matcher()
	if got := m.Match("Iraq"); got != nil {
		t.Errorf("one mention: Match = %q, want none", got)
	}
	if got := m.Match("Iraq", "Iraq"); !slices.Equal(got, []string{"iraq"}) {
		t.Errorf("two mentions: Match = %q, want [iraq]", got)
	}
}

func TestMatchConcurrent(t *testing.T) {
	m := testMatcher(t)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 100 {
				if got := m.Match("Kataib Hezbollah in Iraq and Iraq"); len(got) != 2 {
					t.Errorf("Match = %q", got)
					return
				}
			}
		})
	}
	wg.Wait()
}

// TestSeeds tags real articles with the project's taxonomy.
func TestSeeds(t *testing.T) {
	m := loadTaxonomy(t).Matcher()
	tests := []struct {
		name      string
		text      string
		want, not []string
	}{
		{
			name: "Kataib Hezbollah strikes",
			text: `In the weeks since, the US has launched multiple retaliatory strikes in Iraq and Syria including a strike last week that killed a high-ranking commander of the Kataib Hezbollah militia, who the US said is responsible for “directly planning and participating in attacks” on American troops in the region.

The Iraqi government has angrily condemned US airstrikes against Kataib Hezbollah, which is part of the Popular Mobilization Forces.`,
			want: []string{"united-states", "kataib-hezbollah", "popular-mobilization-forces", "iraq"},
			not:  []string{"hezbollah", "syria"},
		},
		{
			name: "photo credit",
			text: `Iraqi demonstrators block roads with burning tires during ongoing anti-government protests, in Baghdad, Iraq January 23, 2020. REUTERS/Thaier al-Sudani`,
			want: []string{"iraq"},
			not:  []string{"mohammed-shia-al-sudani", "baghdad"},
		},
		{
			name: "Kadhimi and Biden",
			text: `Iraqi Prime Minister Mustafa al-Kadhimi will travel to Washington in July and meet with US President Joe Biden.

The two leaders are set to discuss the withdrawal of US troops from Iraq, based on previous talks with former US President Donald Trump.`,
			want: []string{"united-states", "iraq", "mustafa-al-kadhimi", "joe-biden", "donald-trump"},
		},
		{
			name: "Salam in Damascus",
			text: `Lebanese Prime Minister Nawaf Salam led a high-level ministerial delegation to Syria on Monday for talks with Syrian President Ahmed al-Sharaa, marking the most significant diplomatic visit between the two countries since the fall of Bashar al-Assad’s government in December.`,
			want: []string{"syria", "nawaf-salam", "ahmed-al-sharaa", "bashar-al-assad"},
			not:  []string{"lebanon"},
		},
		{
			name: "Houthi leaders",
			text: `However, sources say several leaders not belonging to the ruling family of Houthi leader Abdulmalik al-Houthi are still believed to be in Sanaa.`,
			want: []string{"houthis", "abdul-malik-al-houthi"},
			not:  []string{"sanaa"},
		},
		{
			name: "ICC in Damascus",
			text: `The International Criminal Court’s chief prosecutor Karim Khan made an unannounced visit Friday to Damascus to confer with the leader of Syria’s de facto government.`,
			want: []string{"icc", "karim-khan"},
			not:  []string{"syria", "damascus"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := m.Match(tt.text)
			for _, s := range tt.want {
				if !slices.Contains(got, s) {
					t.Errorf("Match = %q, want %s in it", got, s)
				}
			}
			for _, s := range tt.not {
				if slices.Contains(got, s) {
					t.Errorf("Match = %q, want no %s", got, s)
				}
			}
		})
	}
}

// TestSeedFile tags a whole seed dump: the Kataib Hezbollah article.
func TestSeedFile(t *testing.T) {
	files, err := filepath.Glob("../../seeds/003_*.txt")
	if err != nil || len(files) != 1 {
		t.Fatalf("seeds/003_*.txt: found %q, %v", files, err)
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	got := loadTaxonomy(t).Matcher().Match(string(data))
	for _, s := range []string{"iraq", "united-states", "kataib-hezbollah", "popular-mobilization-forces", "isis", "iran"} {
		if !slices.Contains(got, s) {
			t.Errorf("Match = %q, want %s in it", got, s)
		}
	}
	if slices.Contains(got, "hezbollah") {
		t.Errorf("Match = %q, want no hezbollah", got)
	}
	if got[0] != "iraq" {
		t.Errorf("Match = %q, want iraq first", got)
	}
}

// benchArticle is a synthetic article of about 5 KB in the archive's style.
func benchArticle() string {
	paras := []string{
		"Iraq and the US-led military coalition resumed meetings Sunday on how to draw down troops who have been deployed there for years combating the ISIS extremist group.",
		"The first long-awaited meeting took place Jan. 27, but had since been put on pause after Iran-backed militants struck a US outpost near the Syrian-Jordanian border.",
		"Lebanese Prime Minister Nawaf Salam led a high-level ministerial delegation to Damascus on Monday for talks with Syrian President Ahmed al-Sharaa.",
		"Senior Houthi leaders have disappeared from public life in Sanaa, gripped by fear of airstrikes ordered by President Donald Trump, sources in Yemen said.",
		"The Popular Mobilization Forces, or PMF, are state-sanctioned, mainly Shiite militias, which have grown into a powerful political faction in the Iraqi parliament.",
		"Rights groups estimate at least 150,000 people went missing after anti-government protests began in 2011, most vanishing into Assad’s prison network.",
		"The International Criminal Court’s chief prosecutor made an unannounced visit Friday to confer with the leader of Syria’s de facto government on accountability.",
		"Lebanese government officials estimate the country hosts about 1.5 million Syrian refugees, of whom about 755,000 are registered with the UN refugee agency.",
	}
	var b strings.Builder
	for i := 0; b.Len() < 5000; i++ {
		b.WriteString(paras[i%len(paras)])
		b.WriteString("\n\n")
	}
	return b.String()
}

func BenchmarkMatch(b *testing.B) {
	m := loadTaxonomy(b).Matcher()
	text := benchArticle()
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		m.Match(text)
	}
}
