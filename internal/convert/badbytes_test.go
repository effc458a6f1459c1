package convert

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"
)

// page3 is one article page in the seeds' layout.
func page3(title, body string) string {
	caption := "Delegates meet in Amman on March 3, 2023. (AFP)"
	return title + "\n\n" + caption + "\n" + caption + "\nTT\n\n" + title + "\n\n" + caption + "\n" + caption + "\n\n" + body + "\n"
}

func threeStories() string {
	return page3("Jordan Opens a Crossing", "Jordan opened a crossing on its northern border on Friday, officials in Amman said, as trade picks up.") +
		"\n\n\n" + page3("Talks Resume in Baghdad", "Negotiators met again in Baghdad on Monday to discuss the future of the coalition's troops in the country.") +
		"\n\n\n" + page3("A Vote in Beirut", "Lebanon's parliament met on Tuesday to vote on a new speaker after weeks of deadlock between the blocs.")
}

// One NUL byte in the second of three articles keeps all three; the byte
// becomes U+FFFD, with a warning at its line.
func TestNULByteKeepsTheDump(t *testing.T) {
	dump := strings.Replace(threeStories(), "met again in", "met again\x00 in", 1)
	line := strings.Count(dump[:strings.Index(dump, "\x00")], "\n") + 1
	pages, warns := Parse("nul.txt", []byte(dump))
	if len(pages) != 3 {
		t.Fatalf("%d pages, want 3; warnings %v", len(pages), warns)
	}
	if !strings.Contains(pages[1].Body, "met again\uFFFD in") {
		t.Errorf("second body = %q, want the NUL as U+FFFD", pages[1].Body)
	}
	want := "nul.txt:" + itoa(line) + ": "
	if len(warns) != 1 || !strings.HasPrefix(warns[0].String(), want) {
		t.Errorf("warnings = %v, want one at %s", warns, want)
	}
}

// A UTF-16 dump cut one byte short is read; the odd last byte is dropped
// with a warning.
func TestUTF16OneByteShort(t *testing.T) {
	units := utf16.Encode([]rune(threeStories()))
	data := []byte{0xFF, 0xFE}
	for _, u := range units {
		data = append(data, byte(u), byte(u>>8))
	}
	data = data[:len(data)-1]
	pages, warns := Parse("cut16.txt", data)
	if len(pages) != 3 {
		t.Fatalf("%d pages, want 3; warnings %v", len(pages), warns)
	}
	if len(warns) != 1 || !strings.HasPrefix(warns[0].String(), "cut16.txt:") || !strings.Contains(warns[0].Msg, "odd") {
		t.Errorf("warnings = %v, want one about the odd last byte", warns)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// NUL bytes on one line past the few shown are counted as one line.
func TestNULBytesOnOneMoreLine(t *testing.T) {
	var warns []Warning
	replaceNUL("x.txt", strings.Repeat("a\x00\n", 6), &warns)
	if len(warns) != 6 {
		t.Fatalf("%d warnings: %v", len(warns), warns)
	}
	const want = "x.txt:6: NUL bytes on 1 more line replaced by \uFFFD"
	if got := warns[5].String(); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}
