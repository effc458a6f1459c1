package convert

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

func TestCaptionDate(t *testing.T) {
	tests := []struct{ caption, want string }{
		{"Iraqi demonstrators in Baghdad, Iraq January 23, 2020. REUTERS/Thaier al-Sudani", "2020-01-23"},
		{"04 February 2024, Iraq, Baghdad: A member of the PMF. (dpa)", "2024-02-04"},
		{"Taken on 4 February 2024 in Erbil", "2024-02-04"},
		{"Delegates in Riyadh, Sept. 7, 2022. (SPA)", "2022-09-07"},
		{"Delegates in Riyadh, Jan. 7, 2022", "2022-01-07"},
		{"A rally on 7 Oct. 2023", "2023-10-07"},
		{"A rally on March 1st, 2021", "2021-03-01"},
		{"in Damascus, Syria April 14 2025", "2025-04-14"},
		{"JANUARY 17, 2025 in capitals", "2025-01-17"},
		{"March 9, 2019, republished on 2 October 2023", "2023-10-02"},
		{"18 December 2022 and 1 June 2021", "2022-12-18"},
		{"February 29, 2024 is a leap day", "2024-02-29"},
		{"February 29, 2023 is not", ""},
		{"February 30, 2024", ""},
		{"31 April 2024", ""},
		{"Rescuers on Jan. 3 in Aleppo", ""},
		{"In May 2024, a rally", ""},
		{"Released 104 February 2024", ""},
		{"Mayor 5, 2020", ""},
		{"Iraqi Prime Minister Mustafa al-Kadhimi. (Khalid Mohammed/Pool via REUTERS)", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := captionDate(tt.caption); got != tt.want {
			t.Errorf("captionDate(%q) = %q, want %q", tt.caption, got, tt.want)
		}
	}
}

func TestIsPhotoCaption(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{"Top Houthi leaders disappear from Sanaa, communication cut off (Houthi Media)", true},
		{"Member of the committee and the spokesperson for the Ministry of Foreign Affairs (Facebook)", true},
		{"Syria's new leader Ahmed al-Sharaa in Damascus on January 17, 2025. (SANA / AFP)", true},
		{"Iraqi Prime Minister Mustafa al-Kadhimi. (Khalid Mohammed/Pool via REUTERS)", true},
		{"Lebanese Prime Minister Nawaf Salam in Damascus. (Dalati & Nohra/Handout via Reuters)", true},
		{"Mourners at the funeral in Baghdad. (dpa)", true},
		{"A view of Gaza City (AFP)", true},
		{"A fighter in Idlib (Photo by Omar Haj Kadour/AFP)", true},
		{"A fighter in Idlib (Photo: AFP)", true},
		{"The ruling came late (note: after the vote)", false},
		{"Al-Sharaa (L) meets Salam (R)", true},

		// Sentences that happen to end in parentheses.
		{"A statement was read out by the spokesman (Reuters).", false},
		{"The group is led by Abu Mohammed (also known as Ahmed al-Sharaa)", false},
		{"He called it a betrayal (sic)", false},
		{"The law was passed under the previous government (2019)", false},
		{"It is part of the Popular Mobilization Forces (PMF)", false},
		{"The Syrian Arab News Agency (SANA)", false},
		{"He said (and repeated) that the talks (would resume, he hoped)", false},
		{"(AFP)", false},
		{"Nothing in parentheses", false},
		{"Unbalanced)", false},
		{"A quote (\"We will win\")", false},
		{strings.Repeat("A very long line of text ", 13) + "(AFP)", false},
	}
	for _, tt := range tests {
		if got := isPhotoCaption(tt.line); got != tt.want {
			t.Errorf("isPhotoCaption(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"  lead and trail  ", "lead and trail"},
		{"Title\u00a0 ", "Title"},
		{"The\u00a0 Pentagon\u00a0 is", "The Pentagon is"},
		{"a\tb\u2009c\u3000d", "a b c d"},
		{"zero\u200bwidth\ufeff", "zerowidth"},
		{"Iran´s and don´t", "Iran’s and don’t"},
		{"´quoted´ and x ´ y", "´quoted´ and x ´ y"},
		{"ctl\x01x\x7fy", "ctl x y"},
		{"\u00a0\t ", ""},
	}
	for _, tt := range tests {
		if got := clean(tt.in); got != tt.want {
			t.Errorf("clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

const page = "Title\n\nCaption (AFP)\nCaption (AFP)\nTT\n\nTitle\n\nCaption (AFP)\nCaption (AFP)\n\n"

func TestDecode(t *testing.T) {
	utf16le := []byte{0xFF, 0xFE}
	for _, r := range page + "Caf\u00e9 text.\n" {
		utf16le = append(utf16le, byte(r), byte(r>>8))
	}
	utf16be := []byte{0xFE, 0xFF}
	for _, r := range page + "Caf\u00e9 text.\n" {
		utf16be = append(utf16be, byte(r>>8), byte(r))
	}
	tests := []struct {
		name, in string
		body     string
		warns    []string
	}{
		{"utf16le", string(utf16le), "Café text.\n", nil},
		{"utf16be", string(utf16be), "Café text.\n", nil},
		{"cp1252 table", page + "\x80\x82\x83\x84\x85\x86\x87\x88\x89\x8a\x8b\x8c\x8e\x91\x92\x93\x94\x95\x96\x97\x98\x99\x9a\x9b\x9c\x9e\x9f\xa9\xff\n",
			"€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ©ÿ\n",
			[]string{"x:12: not UTF-8 (first bad byte on line 12); read as Windows-1252"}},
		{"undefined cp1252 bytes", page + "a\x81b\x9dc\n", "a\uFFFDb\uFFFDc\n",
			[]string{"x:12: not UTF-8 (first bad byte on line 12); read as Windows-1252"}},
		// A lone lead byte at a line end in a Windows-1252 file is a letter.
		{"cp1252 letter at line end", page + "caf\xe9\n\nna\xefve\n", "café\n\nnaïve\n",
			[]string{"x:12: not UTF-8 (first bad byte on line 12); read as Windows-1252"}},
		{"cut mid-file", page + "Iran\xe2\x80\n\n\n\n" + page + "More.\n", "Iran\n",
			[]string{"x:12: line ends inside a cut UTF-8 character; its bytes were dropped"}},
		{"cut at end", page + "Iran\xe2\x80", "Iran\n",
			[]string{"x:12: line ends inside a cut UTF-8 character; its bytes were dropped"}},
		{"cut before CRLF", page + "Iran\xf0\x9f\r\n", "Iran\n",
			[]string{"x:12: line ends inside a cut UTF-8 character; its bytes were dropped"}},
		{"bad byte before a cut", page + "a\x92b\nIran\xe2\x80", "a’b\n\nIranâ€\n",
			[]string{"x:12: not UTF-8 (first bad byte on line 12); read as Windows-1252"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pages, warns := Parse("x", []byte(tt.in))
			if len(pages) == 0 {
				t.Fatalf("no pages; warnings %v", warns)
			}
			if pages[0].Body != tt.body {
				t.Errorf("body = %q, want %q", pages[0].Body, tt.body)
			}
			var ws []string
			for _, w := range warns {
				ws = append(ws, w.String())
			}
			if !reflect.DeepEqual(ws, tt.warns) {
				t.Errorf("warnings = %q, want %q", ws, tt.warns)
			}
		})
	}
}

// TestCutCopies cuts a real dump at every byte of its first page's body,
// with and without the rest of the dump after the cut, and checks that the
// cut copy's Text is a prefix of the full copy's and that the two group
// as one story once the cut copy holds enough text.
func TestCutCopies(t *testing.T) {
	data := readSeed(t, "001_ea8d7b236559ee34.txt")
	full, _ := Parse("full", data)
	first := full[0]
	start := strings.Index(string(data), "The United States is prepared")
	end := strings.Index(string(data), "\n\n\n\n")
	if start < 0 || end < 0 {
		t.Fatal("seed changed")
	}
	rest := data[end:]
	for cut := start + 1; cut < end; cut++ {
		for _, in := range [][]byte{data[:cut], append(data[:cut:cut], rest...)} {
			pages, _ := Parse("cut", in)
			if len(pages) == 0 {
				t.Fatalf("cut at %d: no pages", cut)
			}
			p := pages[0]
			if !strings.HasPrefix(first.Text, p.Text) {
				t.Fatalf("cut at %d: Text %q is not a prefix of the full Text", cut, p.Text[max(0, len(p.Text)-40):])
			}
			stories := Group([]Page{first, p})
			if long(p.Text) && len(stories) != 1 {
				t.Fatalf("cut at %d: %d stories, want 1", cut, len(stories))
			}
		}
	}
}

// story builds a page for Group tests; its body is its text.
func story(source string, line int, title, text string) Page {
	return Page{Source: source, Line: line, Title: title, Caption: "Shared caption (AFP)", Body: text + "\n", Text: strings.ToLower(text)}
}

var (
	bodyA = "Iraq and the US-led coalition resumed meetings on Sunday on how to draw down troops deployed for years. "
	bodyB = "Lebanon's prime minister led a delegation to Syria on Monday for talks with the Syrian president today. "
)

func TestGroup(t *testing.T) {
	tests := []struct {
		name  string
		pages []Page
		want  [][]string // source:line of each story's pages; best first
	}{
		{"same caption, different bodies", []Page{
			story("a", 1, "Story A", bodyA+"More."),
			story("b", 1, "Story B", bodyB+"More."),
		}, [][]string{{"a:1"}, {"b:1"}}},
		{"same body start, different titles", []Page{
			story("a", 1, "Story A", bodyA+"One ending."),
			story("b", 1, "Story B", bodyA+"Another ending."),
			story("c", 1, "Story C", bodyA),
		}, [][]string{{"a:1"}, {"b:1"}, {"c:1"}}},
		{"equal bodies, different titles", []Page{
			story("a", 1, "Story A", bodyA),
			story("b", 1, "Story B", bodyA),
		}, [][]string{{"a:1"}, {"b:1"}}},
		{"cut copy and number line", []Page{
			story("a", 1, "Story A", bodyA+"The end."),
			story("b", 5, "Story A", bodyA+"The e"),
			story("c", 9, "Story A", bodyA+"The end."),
		}, [][]string{{"a:1", "b:5", "c:9"}}},
		{"titles compared loosely", []Page{
			story("a", 1, "Iran’s “Move”", bodyA),
			story("b", 1, "  iran's   \"MOVE\" ", bodyA+"More."),
		}, [][]string{{"b:1", "a:1"}}},
		{"headerless copy joins its story", []Page{
			story("a", 1, "Story A", bodyA+"The end."),
			story("b", 1, "", bodyA+"The"),
			story("c", 1, "", bodyA+"The end. And more after it."),
		}, [][]string{{"c:1", "a:1", "b:1"}}},
		{"headerless copy two stories extend joins neither", []Page{
			story("a", 1, "Story A", bodyA+"One ending."),
			story("b", 1, "Story B", bodyA+"Another ending."),
			story("h", 1, "", bodyA),
		}, [][]string{{"a:1"}, {"b:1"}, {"h:1"}}},
		{"headerless equal copies of two stories join neither", []Page{
			story("a", 1, "Story A", "Short text."),
			story("b", 1, "Story B", "Short text."),
			story("h", 1, "", "Short text."),
		}, [][]string{{"a:1"}, {"b:1"}, {"h:1"}}},
		{"short copies do not swallow others", []Page{
			story("a", 1, "Story A", "Iraq and the US"),
			story("b", 1, "Story A", bodyA),
			story("c", 1, "", "Iraq and"),
		}, [][]string{{"a:1"}, {"b:1"}, {"c:1"}}},
		{"short equal copies merge", []Page{
			story("a", 1, "Story A", "Iraq and the US"),
			story("b", 1, "Story A", "Iraq and the US"),
		}, [][]string{{"a:1", "b:1"}}},
		{"best prefers a header on a tie", []Page{
			story("a", 1, "", bodyA),
			story("b", 1, "Story A", bodyA),
			story("c", 1, "Story A", bodyA),
		}, [][]string{{"b:1", "a:1", "c:1"}}},
		{"a shorter copy with another title in between", []Page{
			story("a", 1, "Story A", bodyA),
			story("b", 1, "Story B", bodyA+"Story B goes on here."),
			story("c", 1, "Story A", bodyA+"Story B goes on here. Then story A."),
		}, [][]string{{"c:1", "a:1"}, {"b:1"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := describe(Group(tt.pages))
			if !reflect.DeepEqual(want, tt.want) {
				t.Fatalf("Group = %v, want %v", want, tt.want)
			}
			// The result must not depend on the order of the pages.
			r := rand.New(rand.NewPCG(1, 2))
			for range 20 {
				ps := append([]Page(nil), tt.pages...)
				r.Shuffle(len(ps), func(i, j int) { ps[i], ps[j] = ps[j], ps[i] })
				if got := describe(Group(ps)); !reflect.DeepEqual(got, want) {
					t.Fatalf("Group of shuffled pages = %v, want %v", got, want)
				}
			}
		})
	}
}

// describe lists each story's pages as source:line, best first, the rest
// in order.
func describe(stories []Story) [][]string {
	var out [][]string
	for _, s := range stories {
		ids := []string{pageID(s.Pages[s.Best])}
		for i, p := range s.Pages {
			if i != s.Best {
				ids = append(ids, pageID(p))
			}
		}
		out = append(out, ids)
	}
	return out
}

func pageID(p Page) string { return fmtPlace(p.Source, p.Line) }

func TestGroupEmpty(t *testing.T) {
	if got := Group(nil); len(got) != 0 {
		t.Errorf("Group(nil) = %v", got)
	}
}
