package convert

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"briefing/internal/plural"
)

// cp1252 maps the bytes 0x80–0x9F of Windows-1252; the five bytes the code
// page leaves undefined read as U+FFFD. Bytes 0xA0–0xFF match Latin-1.
var cp1252 = [32]rune{
	'€', '\uFFFD', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\uFFFD', 'Ž', '\uFFFD',
	'\uFFFD', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\uFFFD', 'ž', 'Ÿ',
}

// decode turns a dump into text with "\n" line ends. ok is false when the
// file holds nothing to read; the warnings then say why.
func decode(name string, data []byte) (text string, warns []Warning, ok bool) {
	warn := func(line int, msg string) { warns = append(warns, Warning{name, line, msg}) }
	odd := false // a UTF-16 file cut short by one byte
	switch {
	case len(data) == 0:
		warn(1, "empty file")
		return "", warns, false
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		// UTF-16 is full of NUL bytes; decode it before looking for them.
		// A scrape cut one byte short leaves half a character at the end.
		if odd = len(data)%2 == 1; odd {
			data = data[:len(data)-1]
		}
		if text = fromUTF16(data); binary([]byte(text)) {
			warn(1, "binary file, skipped")
			return "", warns, false
		}
	default:
		data = bytes.TrimPrefix(data, []byte("\uFEFF"))
		if binary(data) {
			warn(1, "binary file, skipped")
			return "", warns, false
		}
		if utf8.Valid(data) {
			text = string(data)
		} else {
			var w Warning
			text, w = fromMixed(data)
			w.File = name
			warns = append(warns, w)
		}
	}
	if strings.IndexByte(text, '\r') >= 0 {
		text = strings.ReplaceAll(text, "\r\n", "\n")
		text = strings.ReplaceAll(text, "\r", "\n")
	}
	if odd {
		warn(strings.Count(text, "\n")+1, "UTF-16 file with an odd number of bytes (cut short?); its last byte was dropped")
	}
	return replaceNUL(name, text, &warns), warns, true
}

// binary reports whether data looks like something other than text: more
// than one byte in twenty of its start is a NUL or another control byte
// that text files do not use (random bytes have one in ten). A few NUL
// bytes in a text (a bad scrape) do not make it binary: replaceNUL deals
// with them.
func binary(data []byte) bool {
	head := data[:min(len(data), 1<<16)]
	odd := 0
	for _, c := range head {
		odd += int(control[c])
	}
	return odd*20 > len(head)
}

// replaceNUL turns every NUL in text into U+FFFD, so the text around it is
// kept and the place shows, and warns at the lines that held one (the
// first few, then how many more).
func replaceNUL(name string, text string, warns *[]Warning) string {
	if strings.IndexByte(text, 0) < 0 {
		return text
	}
	const shown = 5
	lines, line, last := 0, 1, 0
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '\n':
			line++
		case 0:
			if line == last {
				continue
			}
			last = line
			lines++
			if lines <= shown {
				*warns = append(*warns, Warning{name, line, "NUL byte replaced by \uFFFD"})
			}
		}
	}
	if lines > shown {
		*warns = append(*warns, Warning{name, last, "NUL bytes on " + plural.Count(lines-shown, "more line") + " replaced by \uFFFD"})
	}
	return strings.ReplaceAll(text, "\x00", "\uFFFD")
}

// control marks the bytes text files do not use.
var control = func() (t [256]byte) {
	for c := range 0x20 {
		t[c] = 1
	}
	for _, c := range []byte("\t\n\r\f\v") {
		t[c] = 0
	}
	t[0x7F] = 1
	return t
}()

func fromUTF16(data []byte) string {
	big := data[0] == 0xFE
	units := make([]uint16, 0, len(data)/2-1)
	for i := 2; i+1 < len(data); i += 2 {
		if big {
			units = append(units, uint16(data[i])<<8|uint16(data[i+1]))
		} else {
			units = append(units, uint16(data[i+1])<<8|uint16(data[i]))
		}
	}
	return string(utf16.Decode(units))
}

// fromMixed decodes data that is not valid UTF-8 and returns the warning to
// give (without its file). Valid UTF-8 sequences are kept as they are, so a
// dump pasted together from UTF-8 and Windows-1252 pages loses nothing; a
// real Windows-1252 file seldom holds a byte pair that is also valid UTF-8.
//
// If the only bad bytes are characters cut short at the end of a line, the
// file is UTF-8 from a truncated scrape: reading those bytes as
// Windows-1252 would turn the tail of a curly quote into "â€", so they are
// dropped instead.
func fromMixed(data []byte) (string, Warning) {
	first, firstCut := -1, -1
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r != utf8.RuneError || n > 1 {
			i += n
			continue
		}
		if k := cutRune(data[i:]); k > 0 {
			if firstCut < 0 {
				firstCut = i
			}
			i += k
			continue
		}
		first = i
		break
	}
	var b strings.Builder
	b.Grow(len(data) + len(data)/8)
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		switch {
		case r != utf8.RuneError || n > 1:
			b.Write(data[i : i+n])
		case first < 0:
			// Only cut characters are bad here.
			if n = cutRune(data[i:]); n == 0 {
				n = 1
			}
		case data[i] >= 0x80 && data[i] < 0xA0:
			b.WriteRune(cp1252[data[i]-0x80])
		default:
			b.WriteRune(rune(data[i]))
		}
		i += n
	}
	if first < 0 {
		return b.String(), Warning{Line: lineAt(data, firstCut), Msg: "line ends inside a cut UTF-8 character; its bytes were dropped"}
	}
	line := lineAt(data, first)
	if firstCut >= 0 && firstCut < first {
		line = lineAt(data, firstCut)
	}
	return b.String(), Warning{Line: line, Msg: "not UTF-8 (first bad byte on line " + strconv.Itoa(line) + "); read as Windows-1252"}
}

// cutRune returns the length of the UTF-8 sequence that starts p when it is
// the valid beginning of a multi-byte character followed by a line end or
// the end of the data, and 0 otherwise.
func cutRune(p []byte) int {
	end := bytes.IndexAny(p[:min(len(p), 4)], "\n\r")
	if end < 0 {
		end = min(len(p), 4)
	}
	if end == 0 || end > 3 {
		return 0
	}
	need := 0
	switch c := p[0]; {
	case c >= 0xC2 && c <= 0xDF:
		need = 2
	case c >= 0xE0 && c <= 0xEF:
		need = 3
	case c >= 0xF0 && c <= 0xF4:
		need = 4
	}
	if end >= need {
		return 0
	}
	// Complete the sequence with continuation bytes; one of these fits
	// every second-byte range UTF-8 allows.
	var buf [4]byte
	for _, fill := range []byte{0x80, 0x90, 0xA0} {
		copy(buf[:], p[:end])
		for j := end; j < need; j++ {
			buf[j] = fill
		}
		if r, n := utf8.DecodeRune(buf[:need]); r != utf8.RuneError && n == need {
			return end
		}
	}
	return 0
}

// lineAt returns the 1-based line holding byte off, counting CRLF, LF and
// lone CR as line ends, as decode does.
func lineAt(data []byte, off int) int {
	line := 1
	for i, c := range data[:off] {
		if c == '\n' || c == '\r' && (i+1 >= len(data) || data[i+1] != '\n') {
			line++
		}
	}
	return line
}
