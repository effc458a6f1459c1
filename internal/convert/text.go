package convert

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// clean tidies one line of scraped text as the package doc describes.
func clean(s string) string {
	if tidy(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false // a space is owed before the next rune
	var prev rune
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case zeroWidth(r):
			continue
		case unicode.IsSpace(r) || unicode.IsControl(r):
			space = b.Len() > 0
			continue
		case r == '´' && !space && unicode.IsLetter(prev):
			if next, _ := utf8.DecodeRuneInString(s[i:]); unicode.IsLetter(next) {
				r = '’'
			}
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}

// tidy reports whether clean would leave s as it is, so that the common
// line costs no copy. Text here is valid UTF-8, and the runes clean changes
// are few, so it looks at lead bytes instead of decoding every rune.
func tidy(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if plain[c] || c == ' ' && s[i+1] != ' ' {
			continue
		}
		if c < 0x80 || i+1 >= len(s) {
			return false // control byte, double space or a broken rune
		}
		c1, c2 := s[i+1], byte(0)
		if i+2 < len(s) {
			c2 = s[i+2]
		}
		switch {
		case c == 0xC2 && (c1 <= 0xA0 || c1 == 0xB4): // C1 controls, NBSP, ´
			return false
		case c == 0xE1 && c1 == 0x9A && c2 == 0x80: // U+1680
			return false
		case c == 0xE2 && c1 == 0x80 && (c2 <= 0x8B || c2 == 0xA8 || c2 == 0xA9 || c2 == 0xAF): // U+2000–U+200B, U+2028, U+2029, U+202F
			return false
		case c == 0xE2 && c1 == 0x81 && c2 == 0x9F: // U+205F
			return false
		case c == 0xE3 && c1 == 0x80 && c2 == 0x80: // U+3000
			return false
		case c == 0xEF && c1 == 0xBB && c2 == 0xBF: // U+FEFF
			return false
		}
	}
	return true
}

// plain marks the bytes tidy can pass over at once: printable ASCII but
// the space, continuation bytes, and the lead bytes of runes clean keeps.
var plain = func() (t [256]bool) {
	for c := '!'; c < 0x7F; c++ {
		t[c] = true
	}
	for c := 0x80; c < 0x100; c++ {
		t[c] = true
	}
	for _, c := range []byte{0xC2, 0xE1, 0xE2, 0xE3, 0xEF} {
		t[c] = false
	}
	return t
}()

func zeroWidth(r rune) bool { return r == '\uFEFF' || r == '\u200B' }

// fold maps a rune of tidied text to its comparison form: lower case, with
// curly quotes, primes and the acute accent read as straight quotes, so
// that copies differing only in typography still compare equal.
func fold(r rune) rune {
	switch r {
	case '‘', '’', '‚', '‛', '´', '`', '′', 'ʼ':
		return '\''
	case '“', '”', '„', '‟', '″':
		return '"'
	}
	return unicode.ToLower(r)
}

// key is the form of a tidied title or caption used to compare copies.
func key(s string) string { return strings.Map(fold, s) }

// TitleKey is a title as Group compares it: case, white space and quotes
// folded. Copies of one story have the same TitleKey.
func TitleKey(title string) string { return key(clean(title)) }

// sameKey reports whether key(a) == key(b) without building either.
func sameKey(a, b string) bool {
	if a == b {
		return true
	}
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if ra != rb && fold(ra) != fold(rb) {
			return false
		}
		a, b = a[na:], b[nb:]
	}
	return a == b
}

// lower maps each ASCII byte fold leaves alone or lower-cases to its
// folded form, and every other byte to 0.
var lower = func() (t [256]byte) {
	for c := range byte(utf8.RuneSelf) {
		t[c] = c
	}
	for c := byte('A'); c <= 'Z'; c++ {
		t[c] = c + 'a' - 'A'
	}
	t['`'], t[0] = 0, 0
	return t
}()

// appendFold appends the comparison form of tidied text s to t.
func appendFold(t []byte, s string) []byte {
	for i := 0; i < len(s); {
		if c := lower[s[i]]; c != 0 {
			t = append(t, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		t = utf8.AppendRune(t, fold(r))
		i += n
	}
	return t
}

// isNumber reports whether s is the header's number line: a few digits.
func isNumber(s string) bool {
	if s == "" || len(s) > 4 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
