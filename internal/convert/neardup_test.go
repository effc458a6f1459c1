package convert

import (
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// seedStory returns the best copy of the seed story whose title starts
// with prefix.
func seedStory(t *testing.T, prefix string) Page {
	t.Helper()
	for _, s := range Group(seedPages(t)) {
		if p := s.Pages[s.Best]; strings.HasPrefix(p.Title, prefix) {
			return p
		}
	}
	t.Fatalf("no seed story %q", prefix)
	return Page{}
}

// paras returns a page's Text cut into its paragraphs' worth of words:
// the body's paragraphs, tidied back to text.
func paras(p Page) []string {
	return strings.Split(strings.TrimSuffix(p.Body, "\n"), "\n\n")
}

// TestSignBodyMatchesText checks that a body read back from a content
// file signs the same as the page it was written from, for every seed
// page and every golden case, escapes, subheadings and figures included.
func TestSignBodyMatchesText(t *testing.T) {
	pages := seedPages(t)
	files, _ := filepath.Glob("testdata/*.txtar")
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range ar.Files {
			in := f.Data
			switch f.Name {
			case "input.quoted":
				in = unquoteLines(t, f.Data)
			case "input":
			default:
				continue
			}
			ps, _ := Parse(file, in)
			pages = append(pages, ps...)
		}
	}
	if len(pages) < 30 {
		t.Fatalf("only %d pages", len(pages))
	}
	for _, p := range pages {
		a, b := Sign(p.Title, p.Text), Sign(p.Title, p.Body)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s:%d: body signs %d shingles, text %d", p.Source, p.Line, len(b.shingles), len(a.shingles))
		}
		if m := Compare(a, b); p.Title != "" && m.Verdict != Same && a.size >= minShingles {
			t.Errorf("%s:%d: body and text compare %v", p.Source, p.Line, m)
		}
	}
}

func TestCompare(t *testing.T) {
	icc := seedStory(t, "International Criminal Court")
	lebanon := seedStory(t, "Lebanon")
	iraq := seedStory(t, "Iraq Says")
	kadhimi := seedStory(t, "Kadhimi")
	icpParas := paras(icc)
	cut := func(p Page, n int) string { return strings.Join(paras(p)[:n], "\n\n") }

	corrected := strings.NewReplacer(
		"unannounced visit Friday", "unannounced visit Saturday",
		"at least 150,000 people", "at least 130,000 people",
		"oppressive campaign", "brutal campaign",
		"last month", "in December",
	).Replace(icc.Body)
	straight := strings.NewReplacer("’", "'", "“", "\"", "”", "\"").Replace(icc.Body)
	// A different story the same day about the same people, opening
	// with the same photo caption and closing with the same background
	// paragraph, as wire copy does.
	sibling := "![" + icc.Caption + "]()\n\n" +
		"Syria's new leader Ahmed al-Sharaa told the visiting International Criminal Court prosecutor Karim Khan on Friday that Damascus would open its archives of the former government's prisons to investigators within weeks.\n\n" +
		"Sharaa said a national commission for the missing would be formed by decree and that families would be able to register their relatives online, according to a statement from his office.\n\n" +
		"Khan did not take questions from reporters after the meeting, which lasted about two hours, and left for Beirut in the evening.\n\n" +
		"Activists in Damascus welcomed the promise but said mass graves near the capital were still being dug up without forensic teams present.\n\n" +
		icpParas[3] + "\n"

	tests := []struct {
		name       string
		aTitle, a  string
		bTitle, b  string
		want       Verdict
		minS, maxS float64
	}{
		{"the same copy", icc.Title, icc.Body, icc.Title, icc.Text, Same, 1, 1},
		{"a corrected wire copy", icc.Title, icc.Body, icc.Title, corrected, Same, 0.85, 0.99},
		{"straight quotes and a recapitalised title", icc.Title, icc.Body, strings.ToUpper(icc.Title), straight, Same, 1, 1},
		{"cut at two places", icc.Title, cut(icc, 4), icc.Title, cut(icc, 7), Same, 0.95, 1},
		{"cut and corrected", icc.Title, cut(icc, 5), icc.Title, corrected, Same, 0.8, 1},
		{"a copy without its header", "", cut(icc, 3), icc.Title, icc.Body, Same, 0.95, 1},
		{"the same text under a new headline", icc.Title, icc.Body, "ICC Prosecutor Karim Khan Visits Damascus", corrected, Possible, 0.85, 1},
		{"two stories about the same man", icc.Title, icc.Body, lebanon.Title, lebanon.Body, Different, 0, 0.1},
		{"same people, same day, shared caption and background", icc.Title, icc.Body, "Sharaa Promises ICC Access to Prison Archives", sibling, Different, 0, 0.3},
		{"two stories on US troops in Iraq", iraq.Title, iraq.Body, kadhimi.Title, kadhimi.Body, Different, 0, 0.1},
		{"one title, two stories", icc.Title, icc.Body, icc.Title, lebanon.Body, Possible, 0, 0.1},
		{"one title in other case and quotes, two stories", "Iraq’s “Move”", iraq.Body, "IRAQ'S \"MOVE\"", kadhimi.Body, Possible, 0, 0.1},
		{"short texts say too little", "A", "The talks will resume on Sunday in Baghdad.", "B", "The talks will resume on Sunday in Baghdad.", Different, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, swap := range []bool{false, true} {
				a, b := Sign(tt.aTitle, tt.a), Sign(tt.bTitle, tt.b)
				if swap {
					a, b = b, a
				}
				m := Compare(a, b)
				if m.Verdict != tt.want || m.Score < tt.minS || m.Score > tt.maxS {
					t.Errorf("Compare = %v %.3f, want %v in [%.2f, %.2f]", m.Verdict, m.Score, tt.want, tt.minS, tt.maxS)
				}
			}
		})
	}
}

func TestIndexBest(t *testing.T) {
	stories := Group(seedPages(t))
	var sigs []Signature
	for _, s := range stories {
		p := s.Pages[s.Best]
		sigs = append(sigs, Sign(p.Title, p.Body))
	}
	x := NewIndex(sigs)
	for i, s := range stories {
		p := s.Pages[s.Best]
		words := strings.Fields(p.Body)
		// A corrected copy: one word in forty changed.
		for j := 10; j < len(words); j += 40 {
			words[j] = "changed"
		}
		got, m := x.Best(Sign(strings.ToLower(p.Title), strings.Join(words, " ")))
		if got != i || m.Verdict != Same {
			t.Errorf("%q: Best = %d %v, want %d same", p.Title, got, m, i)
		}
	}
	if got, m := x.Best(Sign("Weather", strings.Repeat("Sunny spells and light winds are expected across the coast on Tuesday. ", 3))); got != -1 || m.Verdict != Different {
		t.Errorf("an unrelated story: Best = %d %v, want -1 different", got, m)
	}
	title := stories[0].Pages[stories[0].Best].Title
	if got, m := x.Best(Sign(title, "A different text entirely.")); got != 0 || m.Verdict != Possible {
		t.Errorf("a known title over new text: Best = %d %v, want 0 possible", got, m)
	}
}

// seedDump returns a seed dump with its text edited by the replacer's
// pairs, failing if any of them is not found.
func seedDump(t *testing.T, name string, pairs ...string) []byte {
	t.Helper()
	s := string(readSeed(t, name))
	for i := 0; i < len(pairs); i += 2 {
		if !strings.Contains(s, pairs[i]) {
			t.Fatalf("%s has no %q", name, pairs[i])
		}
		s = strings.ReplaceAll(s, pairs[i], pairs[i+1])
	}
	return []byte(s)
}

// TestGroupNearDuplicates runs Group over real dumps holding edited
// copies of seed stories.
func TestGroupNearDuplicates(t *testing.T) {
	const seed = "002_55e29585faa66fca.txt" // Kadhimi, then the ICC story
	tests := []struct {
		name  string
		dumps map[string][]byte
		want  []string // each story: source:line of its pages; "~N" is a doubt about story N
	}{
		{"a word-changed copy merges", map[string][]byte{
			"a.txt": readSeed(t, seed),
			"b.txt": seedDump(t, seed, "in July", "in late July", "airstrikes targeting", "air strikes targeting", "has enough forces", "has sufficient forces"),
		}, []string{"a.txt:1 b.txt:1", "a.txt:40 b.txt:40"}},
		{"a recapitalised title and straight quotes merge", map[string][]byte{
			"a.txt": readSeed(t, seed),
			"b.txt": seedDump(t, seed, "Kadhimi, Biden to Meet Soon, Discuss Withdrawal of US Troop", "Kadhimi, Biden to meet soon, discuss withdrawal of US troop", "“", "\"", "”", "\"", "’", "'"),
		}, []string{"a.txt:1 b.txt:1", "a.txt:40 b.txt:40"}},
		{"copies cut at other places, one corrected, merge", map[string][]byte{
			"a.txt": seedDump(t, seed, "Kadhimi also ordered the formation of a committee that would hold technical talks with the US side to approve “mechanisms and timings” related to the redeployment.", "Kadhimi also ordered the formation of a comm", "Al-Jazeera quoted Araji", "Al Jazeera quoted Araji"),
			"b.txt": seedDump(t, seed, "Earlier in April, the US and Iraq agreed on the withdrawal of all remaining US and coalition combat troops deployed to fight ISIS in the Middle Eastern country.\n\n", ""),
		}, []string{"a.txt:1 b.txt:1", "a.txt:40 b.txt:38"}},
		{"one title over another story is flagged, not merged", map[string][]byte{
			"a.txt": readSeed(t, seed),
			"b.txt": seedDump(t, "003_36df64212589cb87.txt", "Iraq Says US Troop Drawdown Talks Will Go on ‘As Long as Nothing Disturbs the Peace of the Talks’", "Kadhimi, Biden to Meet Soon, Discuss Withdrawal of US Troop"),
		}, []string{"a.txt:1 ~2", "a.txt:40", "b.txt:1 ~0", "b.txt:37"}},
		{"stories sharing a caption and credit stay apart", map[string][]byte{
			"a.txt": readSeed(t, seed),
			"b.txt": seedDump(t, "004_f49af28e1ccd44b6.txt", "Top Houthi leaders disappear from Sanaa, communication cut off (Houthi Media)", "Iraqi Prime Minister Mustafa al-Kadhimi. (Khalid Mohammed/Pool via REUTERS)"),
		}, []string{"a.txt:1", "a.txt:40", "b.txt:1", "b.txt:33"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var pages []Page
			for _, name := range []string{"a.txt", "b.txt"} {
				ps, _ := Parse(name, tt.dumps[name])
				pages = append(pages, ps...)
			}
			want := describeNear(Group(pages))
			if !reflect.DeepEqual(want, tt.want) {
				t.Fatalf("Group = %q, want %q", want, tt.want)
			}
			r := rand.New(rand.NewPCG(3, 4))
			for range 10 {
				ps := append([]Page(nil), pages...)
				r.Shuffle(len(ps), func(i, j int) { ps[i], ps[j] = ps[j], ps[i] })
				if got := describeNear(Group(ps)); !reflect.DeepEqual(got, want) {
					t.Fatalf("Group of shuffled pages = %q, want %q", got, want)
				}
			}
		})
	}
}

// describeNear lists each story's pages as source:line, in place order,
// then its doubts.
func describeNear(stories []Story) []string {
	var out []string
	for _, s := range stories {
		var ids []string
		for _, p := range s.Pages {
			ids = append(ids, pageID(p))
		}
		for _, n := range s.Near {
			ids = append(ids, "~"+string(rune('0'+n.Story)))
		}
		out = append(out, strings.Join(ids, " "))
	}
	return out
}

// TestShinglesFastPath checks that words read on the fast path (lower
// case ASCII, hashed while read) hash as the same words read on the slow
// path (capitals, apostrophes: read again, then hashed).
func TestShinglesFastPath(t *testing.T) {
	for _, p := range seedPages(t) {
		words := strings.Fields(p.Text)
		for i, w := range words {
			if w[0] >= 'a' && w[0] <= 'z' {
				words[i] = strings.ToUpper(w[:1]) + w[1:]
			}
			if i%3 == 0 {
				words[i] += "'"
			}
		}
		slow := strings.Join(words, " ")
		if a, b := shingles(p.Text, nil), shingles(slow, nil); !reflect.DeepEqual(a, b) {
			t.Fatalf("%s:%d: %d shingles read fast, %d read slowly, or they differ", p.Source, p.Line, len(a), len(b))
		}
	}
	if a, b := shingles("one two three", nil), shingles("One TWO thr'ee", nil); len(a) != 1 || !reflect.DeepEqual(a, b) {
		t.Errorf("short texts: %v, %v", a, b)
	}
	if got := titleWords("  Iraq’s “Move” — on HOLD… "); got != "iraqs move on hold" {
		t.Errorf("titleWords = %q", got)
	}
}

func TestSortHashes(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{0, 1, 63, 64, 65, 1000} {
		hs := make([]uint32, n)
		for i := range hs {
			hs[i] = r.Uint32()
			if i%7 == 0 && i > 0 {
				hs[i] = hs[i-1]
			}
		}
		want := slices.Clone(hs)
		slices.Sort(want)
		if sortHashes(hs, new([]uint32)); !slices.Equal(hs, want) {
			t.Errorf("%d hashes not sorted", n)
		}
	}
}

// TestCandidatesAgreeWithBest checks that Group's way of finding
// near-duplicates, all pairs at once from the index, finds what querying
// the index one article at a time finds, over every page of the
// labelled set.
func TestCandidatesAgreeWithBest(t *testing.T) {
	var sigs []Signature
	for _, p := range readEval(t) {
		for _, d := range [][]byte{p.a, p.b} {
			pages, _ := Parse("x.txt", d)
			for _, pg := range pages {
				sigs = append(sigs, Sign(pg.Title, pg.Text))
			}
		}
	}
	x := NewIndex(sigs)
	want := map[[2]int32]Match{}
	for i, s := range sigs {
		x.each(s, func(j int, m Match) {
			if i != j {
				want[[2]int32{int32(min(i, j)), int32(max(i, j))}] = m
			}
		})
	}
	got := map[[2]int32]Match{}
	for _, c := range x.candidates() {
		if m := Compare(sigs[c[0]], sigs[c[1]]); m.Verdict != Different {
			got[c] = m
		}
	}
	if len(want) < 100 || !reflect.DeepEqual(got, want) {
		t.Errorf("candidates found %d near pairs, one query at a time %d", len(got), len(want))
	}
}

// FuzzSign checks that any text signs without failing, and that a text
// is the same story as itself and as its upper-case copy.
func FuzzSign(f *testing.F) {
	f.Add("Title", "Iraq’s “move” — a word, don´t; 1.5 million\u00a0people (AFP)")
	f.Add("", "\xff\xfe bad bytes ' `` ’’ é\u0301 ß")
	f.Fuzz(func(t *testing.T, title, text string) {
		a := Sign(title, text)
		if m := Compare(a, a); len(a.shingles) > 0 && m.Score != 1 {
			t.Errorf("a text against itself scores %v", m.Score)
		}
		if b := Sign(title, asciiUpper(text)); !reflect.DeepEqual(a, b) {
			t.Errorf("upper case changes the signature")
		}
	})
}

func asciiUpper(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' {
			return r - 'a' + 'A'
		}
		return r
	}, s)
}
