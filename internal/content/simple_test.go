package content

import (
	"reflect"
	"strings"
	"testing"
)

// canonical is a front matter as convert writes it.
const canonical = `id: 372add6b8e47
title: Abbas Araghchi Calls for Calm as Internet Shutdowns Dispute Deepens
date: "2017-09-24"
date_source: caption
caption: Workers repair a power line in Dubai September 24, 2017. REUTERS/Rami Saleh
sources:
  - 003271_78a2aea56888aaa5.txt:46
  - 003272_78a2aea56888aaa6.txt:7
fingerprint: 532a76b89002cfa7f25e
review: 'similar to: other.md'
tags: []
exclude_tags: []
notes: []
summary: ""
draft: false
aliases:
  - old-name
`

// checkSimple decodes fm both ways: whenever decodeSimple takes a text,
// the YAML parser must read it to the very same file. It reports whether
// decodeSimple took it.
func checkSimple(t *testing.T, fm string) bool {
	t.Helper()
	simple := &File{Path: "content/a.md"}
	if !decodeSimple([]byte(fm), simple) {
		return false
	}
	full := &File{Path: "content/a.md"}
	if err := decodeYAML([]byte(fm), full); err != nil {
		t.Fatalf("decodeSimple took a front matter the parser refuses (%v):\n%s", err, fm)
	}
	if !reflect.DeepEqual(simple, full) {
		t.Fatalf("front matter read as\n%#v\nnot as the parser reads it,\n%#v\n:\n%s", simple, full, fm)
	}
	return true
}

func TestSimpleMatchesYAML(t *testing.T) {
	// What convert writes is read without the parser.
	if !checkSimple(t, canonical) {
		t.Fatal("the front matter convert writes was left to the parser")
	}
	for _, title := range []string{
		"Plain words, with commas", "Talks: a new round", "It's here", "“Curly” quotes — and dashes",
		"1984", "2020-01-23", "true", "null", "~", "- a dash", "#hash", "a #hash", "ends with a colon:",
		"0x1F", "1e3", "3 people", "back\\slash", `say "hi"`, "tab\there", "café", " lead", "trail ", "[flow]",
		"a: b", "@at", "%pct", "'quoted'", "\u2028", "\ufeff", "on", "No",
		"0ebb79486e3e", "1_000", "12:30", ".inf", "+1", "Null", "NULL", "True", "<<", "=", "a,b", "x]",
	} {
		var f Front
		f.ID, f.Title, f.Summary, f.Caption = "abc123", title, title, title
		f.Tags, f.Sources, f.Aliases = []string{title}, []string{title}, []string{title}
		data, err := Marshal(f, "body\n")
		if err != nil {
			t.Fatal(err)
		}
		fm, _, _, err := split(data)
		if err != nil {
			t.Fatal(err)
		}
		checkSimple(t, string(fm))
	}
	// Values as an editor may write them, in place of the title, the
	// summary and a source.
	for _, v := range []string{
		"1984", "true", "2020-01-23", "null", "Null", "~", "0x1F", ".inf", "-1", "1_000", "12:30", "y",
		`"a # b"`, `'it''s'`, `'it's'`, `"tab	in"`, `"back\\slash"`, `""`, `''`, "", " ", "a #b", "a#b", "a: b", "a:b",
		`"unclosed`, `'unclosed`, `"a" b`, "[a, b]", "{a: b}", "&x a", "*x", "!!str 1", "|", ">", "café ’", "a\tb",
	} {
		for _, key := range []string{"title: ", "summary: ", "  - "} {
			i := strings.Index(canonical, key)
			end := i + strings.IndexByte(canonical[i:], '\n')
			checkSimple(t, canonical[:i+len(key)]+v+canonical[end:])
			checkSimple(t, canonical[:i+len(key)-1]+v+canonical[end:])
		}
	}
	// Every small change to the text is read the parser's way or left to
	// it: a character put in at each place.
	for _, put := range []string{":", ": ", " #", "#", "\t", "'", "\"", "\\", "- ", "  ", " ", "\n", "\n  ", "\n  - x\n", "[", "{", "&a ", "*", "!", "|", ">", "\r", "\xff", "é", "null", "~", "0", "_"} {
		for i := 0; i <= len(canonical); i++ {
			checkSimple(t, canonical[:i]+put+canonical[i:])
		}
	}
	// Lines taken out, and lines doubled.
	lines := strings.SplitAfter(canonical, "\n")
	for i := range lines {
		checkSimple(t, strings.Join(lines[:i], "")+strings.Join(lines[i+1:], ""))
		checkSimple(t, strings.Join(lines[:i+1], "")+strings.Join(lines[i:], ""))
	}
}

func FuzzSimpleMatchesYAML(f *testing.F) {
	f.Add(canonical)
	f.Add(good[4 : strings.Index(good, "\n---\n")+1])
	f.Fuzz(func(t *testing.T, fm string) { checkSimple(t, fm) })
}
