package markdown

import (
	"reflect"
	"strings"
	"testing"
)

// prose is a text as convert writes one: paragraphs of plain prose.
const prose = `Security was tightened around government buildings ahead of the meeting.
Prices have risen 12% since May, and “many” families depend on aid.

Officials said "the measures" would take effect within 45 days (or 1.5 months).
It's a 2017 plan: 3 steps, #2 first; a+b = c - d! Ask? Yes.


Last words, no line end`

// checkPlain renders src both ways: whenever appendPlain takes a text,
// goldmark must render it to the very same HTML. It reports whether
// appendPlain took it.
func checkPlain(t *testing.T, r *Renderer, src string) bool {
	t.Helper()
	b, ok := appendPlain([]byte("before"), []byte(src))
	if !ok {
		return false
	}
	got, found := strings.CutPrefix(string(b), "before")
	want, refs := r.render([]byte(src))
	if !found || got != string(want) || refs != nil {
		t.Fatalf("%q renders as\n%q\nnot as goldmark renders it,\n%q", src, got, want)
	}
	return true
}

func TestPlainMatchesGoldmark(t *testing.T) {
	r := New()
	// Prose is rendered without goldmark.
	for _, src := range []string{prose, prose + "\n", "\n\n" + prose + "\n\n\n", "One line.", "“Quoted” — 1984 was a year.\n"} {
		if !checkPlain(t, r, src) {
			t.Fatalf("plain prose was left to goldmark: %q", src)
		}
	}
	// Every small change to it is rendered goldmark's way or left to
	// goldmark: a piece put in at each place.
	for _, put := range []string{
		"\\", "`", "*", "_", "[", "]", "<", ">", "&", "&amp;", "!", "![x]()", "#", "# ", "-", "- ", "+ ", "* ", "=", "===", "---", "___",
		"~~~", "```", "1.", "1. ", "2) ", "10.", " ", "  ", "    ", "\t", "\n", "\n\n", "\n ", "\n    ", "\r", "\r\n", "\x00", "\x7f", "\xff",
		"_x_", "*x*", "**x**", "`x`", "<b>", "[a](b)", "[a]", "&copy;", "&#65;", "\\*", "<http://x.y>", "~~x~~",
		"\u00a0", "\u2028", "\ufeff", "\u3000", "\"", "'", "|", "| a |", ":", ": ", "  \n", "\\\n", "é", "\u0301", "@/x", "http://x.y",
	} {
		for i := 0; i <= len(prose); i++ {
			checkPlain(t, r, prose[:i]+put+prose[i:])
		}
	}
}

func FuzzPlainMatchesGoldmark(f *testing.F) {
	f.Add(prose)
	for _, s := range strings.Split(prose, "\n") {
		f.Add(s)
	}
	r := New()
	f.Fuzz(func(t *testing.T, src string) { checkPlain(t, r, src) })
}

// Append writes what Render returns, after what the buffer held.
func TestAppendIsRender(t *testing.T) {
	r := New()
	for _, src := range []string{prose, "See [the talks](@/talks) and *more*.\n", "![A photo]()\n", ""} {
		want, wantRefs := r.Render([]byte(src))
		got, refs := r.Append([]byte("kept"), []byte(src))
		if string(got) != "kept"+string(want) || !reflect.DeepEqual(refs, wantRefs) {
			t.Errorf("Append(%q) = %q, %v; want %q, %v", src, got, refs, "kept"+want, wantRefs)
		}
	}
}
