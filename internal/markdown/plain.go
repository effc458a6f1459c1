package markdown

import (
	"bytes"
	"slices"
	"unicode"
	"unicode/utf8"
)

// Most texts are prose and nothing else: paragraphs apart by blank
// lines, with no character that Markdown reads as markup. For those the
// HTML is known without building goldmark's tree, the larger part of
// loading an archive: each paragraph in <p>, its lines as they are, "
// written as &quot;. appendPlain makes it and gives up on any text that
// holds more than that, which goldmark then renders
// (TestPlainMatchesGoldmark).

// markup marks the bytes that may begin markup anywhere in a line (or
// stand for something else in HTML), and the control characters.
var markup = func() (t [256]bool) {
	for c := range ' ' {
		t[c] = c != '\n'
	}
	for _, c := range "\\`*_[]<>&" {
		t[c] = true
	}
	t[0x7f] = true
	return t
}()

// blockStart marks the bytes that may begin a block other than a
// paragraph, or be a paragraph's indent, at the start of a line.
var blockStart = func() (t [256]bool) {
	for _, c := range " \t#>-+*=~`<_|:" {
		t[c] = true
	}
	return t
}()

// appendPlain appends the HTML of src to dst if src is paragraphs of
// plain text only, and reports whether it was; if not, dst is returned
// as it was given.
func appendPlain(dst, src []byte) ([]byte, bool) {
	if !utf8.Valid(src) {
		return dst, false
	}
	// The HTML is the text, three bytes a line more, and five for each
	// quote; room for a little more than that is made once.
	b := slices.Grow(dst, len(src)+len(src)/16+16)
	paragraph := false
	for line := range bytes.Lines(src) {
		line = bytes.TrimSuffix(line, []byte("\n"))
		if len(line) == 0 {
			if paragraph {
				b = append(b, "</p>\n"...)
			}
			paragraph = false
			continue
		}
		if !plainLine(line) {
			return dst, false
		}
		if paragraph {
			b = append(b, '\n')
		} else {
			b = append(b, "<p>"...)
		}
		for _, c := range line {
			if markup[c] {
				return dst, false
			}
		}
		for {
			i := bytes.IndexByte(line, '"')
			if i < 0 {
				b = append(b, line...)
				break
			}
			b = append(append(b, line[:i]...), "&quot;"...)
			line = line[i+1:]
		}
		paragraph = true
	}
	if paragraph {
		b = append(b, "</p>\n"...)
	}
	return b, true
}

// plainLine reports whether line, not empty, can only be a line of a
// paragraph: it starts with no indent and nothing that may open another
// block (a heading, quote, list, rule, fence, table, HTML), and ends with
// no space that could make a line break.
func plainLine(line []byte) bool {
	if blockStart[line[0]] {
		return false
	}
	if c := line[len(line)-1]; c == ' ' || c == '\t' {
		return false
	}
	if r, _ := utf8.DecodeRune(line); unicode.IsSpace(r) || r == '\ufeff' {
		return false
	}
	// A number and a dot or bracket may begin an ordered list.
	i := 0
	for i < len(line) && '0' <= line[i] && line[i] <= '9' {
		i++
	}
	return i == 0 || i == len(line) || (line[i] != '.' && line[i] != ')')
}
