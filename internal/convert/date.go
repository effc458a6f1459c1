package convert

import (
	"fmt"
	"strings"
	"time"
)

// CaptionDate returns the date a caption states, as convert reads it for
// a page's date: YYYY-MM-DD, or "" if it states none.
func CaptionDate(caption string) string { return captionDate(caption) }

// captionDate returns the latest valid date a caption states, as
// YYYY-MM-DD, or "". It reads "January 23, 2020", "Jan. 23 2020",
// "23rd January, 2020" and "04 February 2024", in any case.
func captionDate(caption string) string {
	if !hasYear(caption) {
		return ""
	}
	var buf [64]string
	toks := dateTokens(buf[:0], caption)
	var latest time.Time
	for i := range toks {
		if i > 0 && alnum(toks[i-1]) {
			continue // not the start of a word
		}
		var m time.Month
		var d string
		j := i
		if m = monthNumber(toks[i]); m != 0 {
			// Month D, YYYY
			j = space(toks, skip(toks, i+1, "."))
			d, j = day(toks, j)
			j = space(toks, skip(toks, j, ","))
		} else if d, j = day(toks, i); d != "" {
			// D Month, YYYY
			if j = space(toks, j); j < 0 || j >= len(toks) {
				continue
			}
			m = monthNumber(toks[j])
			j = space(toks, skip(toks, skip(toks, j+1, "."), ","))
		}
		if m == 0 || d == "" || j < 0 {
			continue
		}
		if t, ok := makeDate(m, d, year(toks, j)); ok && t.After(latest) {
			latest = t
		}
	}
	if latest.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", latest.Year(), latest.Month(), latest.Day())
}

// hasYear reports whether s holds four digits in a row, which every date
// read here needs; most captions have none and cost no more than this.
func hasYear(s string) bool {
	run := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			if run++; run == 4 {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

// dateTokens appends to toks the tokens of s: runs of ASCII letters, runs
// of digits, runs of spaces (as one " ") and single other bytes.
func dateTokens(toks []string, s string) []string {
	for i := 0; i < len(s); {
		j := i + 1
		switch c := s[i]; {
		case c == ' ':
			for j < len(s) && s[j] == ' ' {
				j++
			}
			toks = append(toks, " ")
			i = j
			continue
		case isLetter(c):
			for j < len(s) && isLetter(s[j]) {
				j++
			}
		case isDigit(c):
			for j < len(s) && isDigit(s[j]) {
				j++
			}
		}
		toks = append(toks, s[i:j])
		i = j
	}
	return toks
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func alnum(tok string) bool { return isLetter(tok[0]) || isDigit(tok[0]) }

// skip steps over toks[i] if it is punct.
func skip(toks []string, i int, punct string) int {
	if i >= 0 && i < len(toks) && toks[i] == punct {
		return i + 1
	}
	return i
}

// space steps over the space that must be at toks[i], or returns -1.
func space(toks []string, i int) int {
	if i >= 0 && i < len(toks) && toks[i] == " " {
		return i + 1
	}
	return -1
}

// day returns the day at toks[i], one or two digits with an optional
// ordinal suffix, and the index after it.
func day(toks []string, i int) (string, int) {
	if i < 0 || i >= len(toks) || !isDigit(toks[i][0]) || len(toks[i]) > 2 {
		return "", -1
	}
	d := toks[i]
	if i+1 < len(toks) {
		switch strings.ToLower(toks[i+1]) {
		case "st", "nd", "rd", "th":
			i++
		}
	}
	return d, i + 1
}

// year returns the four-digit year at toks[i] that ends a word, or "".
func year(toks []string, i int) string {
	if i < len(toks) && isDigit(toks[i][0]) && len(toks[i]) == 4 && (i+1 == len(toks) || !alnum(toks[i+1])) {
		return toks[i]
	}
	return ""
}

// makeDate builds a date, rejecting days the month does not have and
// years no news caption states.
func makeDate(m time.Month, day, year string) (time.Time, bool) {
	if day == "" || year == "" {
		return time.Time{}, false
	}
	d := int(day[0] - '0')
	if len(day) == 2 {
		d = d*10 + int(day[1]-'0')
	}
	y := 0
	for i := 0; i < len(year); i++ {
		y = y*10 + int(year[i]-'0')
	}
	if y < 1900 || y > 2199 {
		return time.Time{}, false
	}
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d || t.Month() != m {
		return time.Time{}, false
	}
	return t, true
}

var months = map[string]time.Month{
	"jan": time.January, "feb": time.February, "mar": time.March, "apr": time.April,
	"jun": time.June, "jul": time.July, "aug": time.August, "sep": time.September,
	"sept": time.September, "oct": time.October, "nov": time.November, "dec": time.December,
}

func init() {
	for m := time.January; m <= time.December; m++ {
		months[strings.ToLower(m.String())] = m
	}
}

// monthNumber reads a month's name or its usual abbreviation, in any case;
// 0 if word is not one.
func monthNumber(word string) time.Month {
	if len(word) < 3 || len(word) > 9 || !isLetter(word[0]) {
		return 0
	}
	return months[strings.ToLower(word)]
}
