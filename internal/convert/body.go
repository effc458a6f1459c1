package convert

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

const (
	// maxHeading is the longest "- Something" line read as a subheading;
	// a longer one is a paragraph that happens to start with a dash.
	maxHeading = 200
	// maxCaption is the longest line read as a mid-body photo caption.
	maxCaption = 300
	// maxCredit and maxCreditWords bound a parenthesised credit, in bytes
	// and in words.
	maxCredit, maxCreditWords = 60, 6
)

// render writes a page's paragraphs as a Markdown body and as the page's
// comparison Text. Text is taken from the tidied lines, not from the
// blocks they become, so that a copy cut inside its last line, which may
// no longer look like a caption or subheading, still gives a prefix of the
// full copy's Text.
func render(paras []string) (body, text string) {
	size := 0
	for _, l := range paras {
		size += len(l) + 2
	}
	var b, t strings.Builder
	b.Grow(size + size/32)
	t.Grow(size)
	var folded []byte
	prev := ""
	for _, l := range paras {
		if l == prev {
			continue
		}
		prev = l
		if b.Len() > 0 {
			b.WriteString("\n\n")
			t.WriteByte(' ')
		}
		switch {
		case strings.HasPrefix(l, "- ") && len(l) > 2 && utf8.RuneCountInString(l) <= maxHeading:
			b.WriteString("## ")
			escape(&b, l[2:], inHeading)
		case isPhotoCaption(l):
			b.WriteString("![")
			escape(&b, l, inLine)
			b.WriteString("]()")
		default:
			escape(&b, l, inParagraph)
		}
		folded = appendFold(folded[:0], l)
		t.Write(folded)
	}
	b.WriteByte('\n')
	return b.String(), t.String()
}

// place says where escaped text goes; block markers only matter at the
// start of a paragraph, and '#' only in a heading, where a trailing run of
// them would be read as the heading's closing sequence.
type place int

const (
	inParagraph place = iota
	inHeading
	inLine
)

// escape writes s so that CommonMark renders it as the same words. Every
// ASCII character that can start inline syntax is escaped (emphasis, code,
// links, raw HTML, entities, backslashes); '!' only before '[' where it
// would start an image. At the start of a paragraph so is any character
// that would open a block: heading, quote, list, thematic break, setext
// underline, table row, code fence, or the '.' or ')' of an ordered list
// marker. The lines are tidied, so no leading spaces can make a code block.
func escape(b *strings.Builder, s string, where place) {
	lead := -1
	if where == inParagraph {
		lead = blockMarker(s)
	}
	last := 0 // s[last:i] is still to be written
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !special[c] && i != lead {
			continue
		}
		if i == lead || c != '#' && c != '!' || c == '#' && where == inHeading || c == '!' && i+1 < len(s) && s[i+1] == '[' {
			b.WriteString(s[last:i])
			b.WriteByte('\\')
			last = i
		}
	}
	b.WriteString(s[last:])
}

// special marks the bytes escape may have to escape.
var special = func() (t [256]bool) {
	for _, c := range []byte("\\*_[]<>&`#!") {
		t[c] = true
	}
	return t
}()

// blockMarker returns the index of the byte that would make paragraph s
// open another kind of block, or -1.
func blockMarker(s string) int {
	if s == "" {
		return -1
	}
	if strings.IndexByte("#>-+=|~", s[0]) >= 0 {
		return 0
	}
	n := 0
	for n < len(s) && n < 10 && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	if n >= 1 && n <= 9 && n < len(s) && (s[n] == '.' || s[n] == ')') && (n+1 == len(s) || s[n+1] == ' ') {
		return n
	}
	return -1
}

// isPhotoCaption reports whether a body line is a photo caption: a short
// line that ends in a parenthesised credit with text before it, as in
// "Smoke rises over Gaza City (AFP)".
//
// Ordinary paragraphs end in a full stop, so one ending "(...)." is never a
// caption. What remains are lines whose last word is in parentheses, and
// the credit must look like a name: a few words, each capitalised (AFP,
// Houthi Media, SANA / AFP, Khalid Mohammed/Pool via REUTERS), except
// linking words (via, and, for…), Arabic name particles (al-, el-) and the
// lower-case agencies dpa and epa. That keeps out asides such as "(sic)",
// "(2019)" or "(also known as Abu Mohammed)". A lone upper-case word that
// spells the initials of the words before it is an abbreviation being
// introduced, "Popular Mobilization Forces (PMF)", not a credit.
func isPhotoCaption(s string) bool {
	if !strings.HasSuffix(s, ")") || utf8.RuneCountInString(s) > maxCaption {
		return false
	}
	depth := 0
	open := -1
	for i := len(s) - 1; i >= 0 && open < 0; i-- {
		switch s[i] {
		case ')':
			depth++
		case '(':
			if depth--; depth == 0 {
				open = i
			}
		}
	}
	if open < 0 {
		return false
	}
	before, credit := strings.TrimSpace(s[:open]), strings.TrimSpace(s[open+1:len(s)-1])
	return before != "" && isCredit(credit) && !abbreviates(credit, before)
}

// creditLinks are the lower-case words a credit may hold besides names.
var creditLinks = map[string]bool{
	"via": true, "and": true, "&": true, "for": true, "of": true, "the": true,
	"by": true, "de": true, "-": true,
}

// isCredit reports whether c, the text inside the parentheses, reads as a
// photo credit.
func isCredit(c string) bool {
	if c == "" || len(c) > maxCredit || strings.ContainsAny(c, ".,;!?\"“”") {
		return false
	}
	words := strings.FieldsFunc(c, func(r rune) bool { return r == ' ' || r == '/' })
	if len(words) == 0 || len(words) > maxCreditWords {
		return false
	}
	named := false
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		switch {
		case unicode.IsUpper(r):
			named = true
		case w == "dpa" || w == "epa":
			named = true
		case creditLinks[w], strings.HasPrefix(w, "al-"), strings.HasPrefix(w, "el-"):
		default:
			return false
		}
	}
	return named
}

// abbreviates reports whether credit is one upper-case word made of the
// initials of the capitalised words just before it.
func abbreviates(credit, before string) bool {
	if len(credit) < 2 || strings.ToUpper(credit) != credit || strings.ContainsAny(credit, " /") {
		return false
	}
	words := strings.FieldsFunc(before, func(r rune) bool { return r == ' ' || r == '-' })
	if len(words) > 2*len(credit)+2 {
		words = words[len(words)-2*len(credit)-2:]
	}
	var initials []rune
	for _, w := range words {
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) {
			initials = append(initials, r)
		}
	}
	return strings.HasSuffix(string(initials), credit)
}
