package content

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/gosimple/slug"
)

// marshalEncoder is how Marshal wrote files before it wrote them by hand:
// the reference it must match byte for byte.
func marshalEncoder(f Front, body string) ([]byte, error) {
	if f.Sources == nil {
		f.Sources = []string{}
	}
	if f.Tags == nil {
		f.Tags = []string{}
	}
	if f.ExcludeTags == nil {
		f.ExcludeTags = []string{}
	}
	if f.Notes == nil {
		f.Notes = []Note{}
	}
	doc, err := encode(f)
	if err != nil {
		return nil, err
	}
	return []byte("---\n" + string(doc) + "---\n" + body), nil
}

// tricky are strings whose YAML form is easy to get wrong.
var tricky = []string{
	"", " ", "  ", "a", "a ", " a", " a ", "a  b",
	// Indicators and comments.
	"a: b", "a:b", "a:", "a :", "a::", ":", ": a", ":a", "a #b", "a#b", "#a", "# a", "a #", "a\t#b",
	"-", "- a", "-a", "--", "---", "--- a", "...", "... a", "..", ".a",
	"?", "? a", "?a", "a?", ",a", "a,b", "[a]", "a[b]", "{a}", "a{b}", "]", "}",
	"&a", "*a", "!a", "!!str a", "|", "|a", ">", ">a", "%a", "@a", "`a`", "a`",
	"'a'", "a'b", "'", "''", `"a"`, `a"b`, `"`, `a\b`, `\`, `\n`, "a\\\"b",
	// Whitespace and line breaks.
	"\t", "a\tb", "\ta", "a\t", "\n", "a\n", "\na", "a\nb", "a\n\nb", "a\n\n", "a\n\n\n",
	" a\nb", "a \nb", "a\n b", "a\nb ", "a\r\nb", "a\rb", "\r", "a\n\tb", "  indented\nlines\n",
	"a\x00b", "a\x07", "a\x7fb", "a\x1b[0m",
	// Unicode.
	"é", "café", "Ελλάδα", "العراق", "日本語", "a\u00a0b", "\u00a0", "a\u00a0", "\ufeffa", "a\ufeff",
	"a\u2028b", "a\u2029b", "a\u0085b", "a\u200bb", "\u3000a", "a\ue000b", "a\ufffdb", "a\uffffb",
	"😀", "a 😀 b", "\xff", "a\xc3", "\xed\xa0\x80", strings.Repeat("invalid \xff ", 20),
	"“quoted”", "‘a’", "it’s", "— a", "a – b", "…", "« a »",
	// Reserved words.
	"yes", "Yes", "YES", "yEs", "no", "No", "NO", "nO", "y", "Y", "n", "N", "on", "On", "ON", "oN",
	"off", "Off", "OFF", "oFF", "true", "True", "TRUE", "tRUE", "false", "False", "FALSE", "fAlse",
	"null", "Null", "NULL", "nULL", "~", "~a", "<<", "<", "<a", "=",
	"yes!", "no way", "nothing", "order", "tr", "Y2K", "NaN", "nan", ".nan", ".NaN", "inf", ".inf", ".Inf", "-.inf", "+.inf", ".INF",
	// Numbers.
	"0", "1", "-1", "+1", "123", "0123", "08", "0.5", ".5", "5.", "-.5", "+.5", "1e3", "1E3", "1e+3", "1e-3", "1.5e3",
	"1e345678", "1e400", "-1e400", "0x1F", "0X1f", "0x", "0xg", "-0x1F", "0o17", "0O17", "0o8", "-0o17", "0b101", "0B101", "0b2", "-0b101",
	"1_000", "1__0", "_1", "1_", "0_x1F", "0b_101", "1,000", "1:20", "1:20:30", "-1:20", "1:20.5", "1:60", "190:20:30",
	"99999999999999999999", "18446744073709551615", "18446744073709551616", "9223372036854775808", strings.Repeat("9", 400),
	"0b1111111111111111111111111111111111111111111111111111111111111111", "0b11111111111111111111111111111111111111111111111111111111111111111",
	"1.2.3", "1-2", "1+2", "12e", "1e", "e3", "0e12345", "0e",
	// Dates and times.
	"2025-01-17", "2025-1-17", "2025-01-7", "2025-13-01", "2025-02-30", "2024-02-29", "2023-02-29", "0000-01-01", "9999-12-31",
	"2025-01-17T10:20:30Z", "2025-01-17t10:20:30Z", "2025-01-17T10:20:30+01:00", "2025-01-17 10:20:30", "2025-01-17 10:20:30.5",
	"2025-01-17 x", "2025-01-17x", "2025-01", "2025-", "20250117", "12345-01-01", "999-01-01", "2025/01/17",
	// Ids, sources, fingerprints.
	"d09d3b33bae3", "0a1b2c3d4e5f", "0a1b2c3d4e5f-2", "123456789012", "123456789012-2", "1e3456789012", "1e345678",
	"0b1010101010", "0b1010101012", "00e123456789", "9be123456789", "0000000000ab", "000000000000", "0123456789ab",
	"000_241ace8e12c80626.txt:32", "000599_9bbe97041cda967c.txt:1", "a.txt:1", "000.txt",
	"9b1f0c2d4e5a6b7c", "1234567890123456", "0e00000000000000",
	// Prose.
	"US Ready for Negotiations with Iraq on American Military Presence",
	"Report: al-Qaeda Expands Presence in Jordan",
	"22 October 2018, Kuwait: Workers repair a damaged power line. (AP)",
	"Iraqi demonstrators block roads … REUTERS/Thaier al-Sudani",
	`He said: "no" <script>`,
	"'Quoted' start", `"Quoted" start`, "5 things; one (two) / three’s “four”",
	"saved without its header: give it a title and caption, then remove draft and this line",
	strings.Repeat("A long caption that goes on and on, ", 20) + "and ends.",
	strings.Repeat("word ", 100),
	strings.Repeat("x", 500),
	strings.Repeat("long line with a: colon ", 30),
	"Checked against *two* reports.\nSecond line.\n",
	"Line one\nline two",
	strings.Repeat("paragraph text ", 20) + "\n\n" + strings.Repeat("more text ", 20) + "\n",
}

// frontsFor builds front matters that put s in every field, and next to
// other values.
func frontsFor(s string) []Front {
	return []Front{
		{ID: s, Title: s, Date: s, DateSource: s, Caption: s, Sources: []string{s}, Fingerprint: s, Review: s,
			Tags: []string{s, s}, ExcludeTags: []string{s}, Notes: []Note{{By: s, Date: s, Text: s}}, Summary: s, Draft: true},
		{ID: "d09d3b33bae3", Title: "Title " + s, Caption: s + " (AFP)", Sources: []string{"a.txt:1", s, "b.txt:2"},
			Notes: []Note{{By: "Dana", Text: s}, {By: s, Date: "2026-11-01", Text: "checked"}}, Summary: s},
		{ID: s, Title: "t", Tags: []string{s}, Notes: []Note{{Text: s}, {Text: s + "\n"}, {Text: s + "\n\n"}}},
	}
}

func TestMarshalMatchesEncoder(t *testing.T) {
	for _, s := range tricky {
		for i, f := range frontsFor(s) {
			checkMarshal(t, f, "Body.\n")
			if t.Failed() {
				t.Fatalf("front %d for %q", i, s)
			}
		}
	}
	checkMarshal(t, Front{}, "")
	checkMarshal(t, Front{ID: "x", Title: "y", Sources: []string{}, Notes: []Note{{}}}, "")
}

// checkMarshal reports where Marshal and the encoder differ for f.
func checkMarshal(t *testing.T, f Front, body string) {
	t.Helper()
	want, err := marshalEncoder(f, body)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Marshal(f, body)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("Marshal(%#v) =\n%s\nwant\n%s", f, got, want)
	}
}

// TestMarshalParses checks that each tricky string comes back as it was
// when it sits in a file that is otherwise valid.
func TestMarshalParses(t *testing.T) {
	for _, s := range tricky {
		f := Front{ID: "0a1b2c3d4e5f-2", Title: "t", Date: "2025-01-17", DateSource: "caption", Caption: s,
			Sources: []string{s, "a.txt:1"}, Fingerprint: s, Review: s, Tags: []string{}, ExcludeTags: []string{},
			Notes: []Note{}, Summary: s}
		if strings.TrimSpace(s) != "" {
			f.Title, f.ID, f.Tags = s, s, []string{s}
			if slug.Make(s) == "" {
				// A tag must make a URL; an excluded one need not.
				f.Tags, f.ExcludeTags = []string{}, []string{s}
			}
			f.Notes = []Note{{By: s, Date: "2026-11-01", Text: s}}
		}
		data, err := Marshal(f, "Body.\n")
		if err != nil {
			t.Fatal(err)
		}
		p, err := Parse("a.md", data)
		if err != nil {
			t.Errorf("Parse(Marshal(%q)): %v\n%s", s, err, data)
			continue
		}
		if !reflect.DeepEqual(p.Front, f) || string(p.Body) != "Body.\n" {
			t.Errorf("round trip of %q:\n%#v\nwant\n%#v\n%s", s, p.Front, f, data)
		}
	}
}

func FuzzMarshal(f *testing.F) {
	for _, s := range tricky {
		f.Add(s, "2025-01-17", "0a1b2c3d4e5f", false)
	}
	f.Add("d09d3b33bae3", "A caption: with (AFP)", "000_241ace8e12c80626.txt:32", true)
	f.Fuzz(func(t *testing.T, a, b, c string, draft bool) {
		for _, front := range []Front{
			{ID: a, Title: b, Date: c, DateSource: a, Caption: b, Sources: []string{a, b, c}, Fingerprint: c,
				Review: a, Tags: []string{b}, Notes: []Note{{By: a, Date: b, Text: c}}, Summary: c, Draft: draft},
			{ID: c, Title: a, Date: b, Caption: c, Sources: []string{c}, Fingerprint: b, Review: c,
				ExcludeTags: []string{a, c}, Notes: []Note{{By: c, Date: a, Text: b}, {By: b, Date: c, Text: a}}, Summary: a},
			{ID: b, Title: c, Date: a, DateSource: b, Caption: a, Fingerprint: a, Tags: []string{c, a}, Summary: b},
		} {
			checkMarshal(t, front, a)
		}
	})
}

func BenchmarkMarshal(b *testing.B) {
	f := Front{
		ID:          "0a1b2c3d4e5f",
		Title:       "Abbas Araghchi Calls for Calm as Budget Deadlock Dispute Deepens in Iraq’s Parliament",
		Date:        "2019-02-28",
		DateSource:  "caption",
		Caption:     "Lawmakers attend a session of parliament in Baghdad, Iraq, February 28, 2019, as the dispute over the budget deadlock deepens and rival blocs trade accusations. REUTERS/Yousef Karimi",
		Sources:     []string{"000599_9bbe97041cda967c.txt:1", "001874_15ad2022df0d1557.txt:42"},
		Fingerprint: "2701d9f65589911d",
	}
	body := strings.Repeat("Residents described long queues at fuel stations and power cuts. ", 40)
	for _, bm := range []struct {
		name    string
		marshal func(Front, string) ([]byte, error)
	}{
		{"hand", Marshal},
		{"encoder", marshalEncoder},
	} {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := bm.marshal(f, body); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestStyleOfCommonValues checks that the values a converted archive is
// made of are written without the encoder.
func TestStyleOfCommonValues(t *testing.T) {
	tests := []struct {
		s    string
		want style
	}{
		{"d09d3b33bae3", stylePlain},
		{"0a1b2c3d4e5f", stylePlain},
		{"0a1b2c3d4e5f-2", stylePlain},
		{"2701d9f65589911d", stylePlain},
		{"000599_9bbe97041cda967c.txt:1", stylePlain},
		{"caption", stylePlain},
		{"US Ready for Negotiations with Iraq on American Military Presence", stylePlain},
		{"Lawmakers attend a session in Turkey’s “parliament” (AFP), 2019; one/two - three.", stylePlain},
		{"Report: al-Qaeda Expands Presence in Jordan", styleSingle},
		{"22 October 2018, Kuwait: Workers repair a damaged power line. (AP)", styleSingle},
		{"'Quoted' title", styleSingle},
		{"2019-02-28", styleDouble},
		{"", styleDouble},
		{"123456789012", styleEncoder},
		{"yes", styleEncoder},
		{"a\nb", styleEncoder},
	}
	for _, tc := range tests {
		if got := styleOf(tc.s); got != tc.want {
			t.Errorf("styleOf(%q) = %d, want %d", tc.s, got, tc.want)
		}
	}
}

// TestMarshalShortStrings tries every string of up to three characters
// (two under -short) over an alphabet of the characters that matter to
// YAML: eleven thousand strings in all.
func TestMarshalShortStrings(t *testing.T) {
	length := 3
	if testing.Short() {
		length = 2
	}
	alphabet := []string{"a", "e", "b", "o", "x", "y", "n", "0", "1", "-", "+", ".", ":", "_", "#", " ", "'", "\"", "~", "\n", "\t", "é"}
	strs, level := []string{""}, []string{""}
	for range length {
		var next []string
		for _, s := range level {
			for _, c := range alphabet {
				next = append(next, s+c)
			}
		}
		strs, level = append(strs, next...), next
	}
	for _, s := range strs {
		checkMarshal(t, Front{Title: s, Sources: []string{s}, Notes: []Note{{Text: s}}}, "")
		if t.Failed() {
			t.Fatalf("for %q", s)
		}
	}
}
