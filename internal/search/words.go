package search

import (
	"unicode"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/text/unicode/norm"
)

// words calls f with each word of s, in order: the index's and the
// search box's one notion of a word (see the package doc, # Words). The
// bytes f gets are valid only during the call, and f must not change
// them: they may be s's own.
func words(s string, f func(w []byte)) {
	var w []byte
	emit := func(w []byte) []byte {
		if len(w) > 0 {
			f(w)
		}
		return w[:0]
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case lowerOrDigit(c):
				// Most words are a run of these: when the run is the whole
				// word, f gets it where it lies, not a copy.
				j := i + 1
				for j < len(s) && lowerOrDigit(s[j]) {
					j++
				}
				if len(w) == 0 && (j == len(s) || s[j] < utf8.RuneSelf && !('A' <= s[j] && s[j] <= 'Z')) {
					f(unsafe.Slice(unsafe.StringData(s[i:j]), j-i))
				} else {
					w = append(w, s[i:j]...)
				}
				i = j
				continue
			case 'A' <= c && c <= 'Z':
				w = append(w, c+'a'-'A')
			default:
				w = emit(w)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		w = fold(w, r, emit)
	}
	emit(w)
}

// fold adds r, a character beyond ASCII, to the word w and returns it;
// where r ends a word, emit is given the word so far and returns it
// emptied.
func fold(w []byte, r rune, emit func(w []byte) []byte) []byte {
	if !unicode.IsLetter(r) && !unicode.IsNumber(r) && !unicode.IsMark(r) {
		// Punctuation, spaces and symbols, whose decompositions are
		// never letters.
		return emit(w)
	}
	r = unicode.ToLower(r)
	// The letter and its marks apart; the marks that sit on a letter
	// (accents) are dropped, so "Café" is found by "cafe".
	var one [utf8.UTFMax]byte
	dec := norm.NFD.Properties(one[:utf8.EncodeRune(one[:], r)]).Decomposition()
	switch {
	case dec == nil && 0xAC00 <= r && r <= 0xD7A3:
		// Hangul syllables decompose by rule, not by table.
		dec = norm.NFD.AppendString(nil, string(r))
	case dec == nil:
		dec = one[:utf8.RuneLen(r)]
	}
	for _, d := range string(dec) {
		switch {
		case unicode.Is(unicode.Mn, d):
		case d == 'ς':
			w = append(w, "σ"...)
		case unicode.IsLetter(d) || unicode.IsNumber(d) || unicode.IsMark(d):
			w = utf8.AppendRune(w, unicode.ToLower(d))
		default:
			w = emit(w)
		}
	}
	return w
}

func lowerOrDigit(c byte) bool { return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' }
