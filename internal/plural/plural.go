// Package plural words counts for people: "1 warning", "2 warnings".
//
// Every message and page that counts something goes through Count or
// Noun, so a count of one never reads "1 warnings". The plural of a noun
// is made by the English rules for the words this archive counts: a
// consonant and y take -ies ("1 copy", "2 copies"); s, x, z, ch and sh
// take -es ("1 match", "2 matches"); any other ending takes -s. Only the
// last word changes, so "unchanged article" counts as "3 unchanged
// articles". A noun the rules get wrong names its plural itself.
package plural

import (
	"strconv"
	"strings"
)

// Count is n followed by the noun, singular for 1 and plural otherwise:
// Count(1, "file") is "1 file", Count(0, "file") "0 files". An irregular
// plural is given after the noun: Count(2, "editor's note", "editors' notes").
func Count(n int, noun string, many ...string) string {
	return strconv.Itoa(n) + " " + Noun(n, noun, many...)
}

// Noun is the noun alone, singular for n == 1 and plural otherwise, for
// a sentence that puts the number elsewhere.
func Noun(n int, noun string, many ...string) string {
	switch {
	case n == 1 || n == -1:
		return noun
	case len(many) > 0:
		return many[0]
	}
	return of(noun)
}

// of is the regular plural of noun.
func of(noun string) string {
	switch {
	case strings.HasSuffix(noun, "y") && len(noun) > 1 && !strings.ContainsRune("aeiou", rune(noun[len(noun)-2])):
		return noun[:len(noun)-1] + "ies"
	case strings.HasSuffix(noun, "s"), strings.HasSuffix(noun, "x"), strings.HasSuffix(noun, "z"),
		strings.HasSuffix(noun, "ch"), strings.HasSuffix(noun, "sh"):
		return noun + "es"
	}
	return noun + "s"
}
