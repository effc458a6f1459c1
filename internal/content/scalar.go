package content

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// A new file's front matter is written as the YAML encoder writes it, byte
// for byte, so that a file looks the same whichever way it was made. The
// encoder is slow, though, and nearly every value is a string whose form is
// easy to tell: plain, or quoted because written plain it would read back
// as something else. styleOf recognises those strings; for any other the
// encoder is asked about that one string.

// style is how a string is written as a block value.
type style uint8

const (
	styleEncoder style = iota // not certain: ask the encoder
	stylePlain                // as it is
	styleSingle               // in single quotes, with ' doubled
	styleDouble               // in double quotes, with nothing to escape
)

// styleOf reports how the encoder writes s as a value in block context,
// or styleEncoder when that is not certain.
func styleOf(s string) style {
	if s == "" {
		return styleDouble // plain, it would read back as null
	}
	quote, sure := plainSyntax(s)
	if !sure {
		return styleEncoder
	}
	switch readAs(s) {
	case readsString:
		if quote {
			return styleSingle
		}
		return stylePlain
	case readsDate:
		return styleDouble
	}
	return styleEncoder
}

// plainSyntax reports whether the YAML syntax rules out writing s, not
// empty, as a plain scalar on one line (quote), and whether that is
// certain (sure): not for some starts, tabs, line breaks, control
// characters and the like.
func plainSyntax(s string) (quote, sure bool) {
	switch s[0] {
	case ' ', '#', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
		quote = true
	case '-', '?', ':', '.', '+', '~', '<':
		// Indicators only in some places, or the start of a number,
		// .inf, ~ or <<: rare in an article, so left to the encoder.
		return false, false
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case ordinary[c]:
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRuneInString(s[i:])
			if n == 1 || !printable(r) {
				return false, false
			}
			i += n
			continue
		case c == ':':
			quote = quote || i+1 == len(s) || s[i+1] == ' '
		case c == '#':
			quote = quote || i > 0 && s[i-1] == ' '
		default:
			// Tabs, line breaks and control characters need escapes or
			// a block scalar.
			return false, false
		}
		i++
	}
	if s[len(s)-1] == ' ' {
		quote = true
	}
	return quote, true
}

// ordinary marks the ASCII bytes that mean nothing to YAML after the
// start of a plain scalar: the printable ones but for : and #.
var ordinary = func() (t [256]bool) {
	for c := ' '; c <= '~'; c++ {
		t[c] = c != ':' && c != '#'
	}
	return t
}()

// printable reports whether the encoder writes r, a non-ASCII rune, as it
// is: YAML's printable set without the line and paragraph separators and
// the byte order mark.
func printable(r rune) bool {
	switch {
	case r >= 0xa0 && r <= 0xd7ff:
		return r != 0x2028 && r != 0x2029
	case r >= 0xe000 && r <= 0xfffd:
		return r != 0xfeff
	}
	return false
}

// reading is what a plain scalar reads back as.
type reading uint8

const (
	readsOther reading = iota // anything else, or not certain
	readsString
	readsDate
)

// readAs reports what s, written plain, would read back as. Besides the
// starts styleOf leaves to the encoder (- + . ~ <), only a digit or the
// first letter of true, false, null, yes, no, on or off can begin anything
// but a string; the encoder quotes YAML 1.1's y, n, yes, no, on and off too.
func readAs(s string) reading {
	switch c := s[0]; {
	case c >= '0' && c <= '9':
		return numberish(s)
	case strings.IndexByte("yYnNtTfFoO", c) >= 0 && len(s) <= len("false"):
		for _, w := range [...]string{"y", "yes", "n", "no", "on", "off", "true", "false", "null"} {
			if strings.EqualFold(s, w) {
				return readsOther
			}
		}
	}
	return readsString
}

// numberish is readAs for a string that starts with a digit. A timestamp
// starts with four digits and a dash. A number (decimal, 0x, 0o, 0b, float,
// base 60, with _ between digits) has only digits, hex letters, x, o and
// _ . : + -, and an a, c, d or f only after 0x.
func numberish(s string) reading {
	if len(s) >= 5 && s[4] == '-' && digits(s[:4]) {
		if len(s) == len("2006-01-02") && digits(s[5:7]) && s[7] == '-' && digits(s[8:]) && IsDate(s) {
			return readsDate
		}
		return readsOther
	}
	hexLetter, hex := false, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9', c == 'b', c == 'B', c == 'e', c == 'E',
			c == 'o', c == 'O', c == '_', c == '.', c == ':', c == '+', c == '-':
		case c == 'a', c == 'c', c == 'd', c == 'f', c == 'A', c == 'C', c == 'D', c == 'F':
			hexLetter = true
		case c == 'x', c == 'X':
			hex = true
		default:
			return readsString
		}
	}
	if hexLetter && !hex {
		return readsString
	}
	return readsOther
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Where a value sits in the front matter changes how a multi-line one is
// indented.
type place uint8

const (
	placeTop  place = iota // a top-level key's value
	placeItem              // an item of a top-level list
	placeNote              // a field of a note
)

// appendScalar appends s, then a newline, as the encoder writes it at p.
func appendScalar(b []byte, s string, p place) ([]byte, error) {
	switch styleOf(s) {
	case stylePlain:
		b = append(b, s...)
	case styleSingle:
		b = append(b, '\'')
		for {
			i := strings.IndexByte(s, '\'')
			if i < 0 {
				break
			}
			b = append(b, s[:i+1]...)
			b = append(b, '\'')
			s = s[i+1:]
		}
		b = append(b, s...)
		b = append(b, '\'')
	case styleDouble:
		b = append(b, '"')
		b = append(b, s...)
		b = append(b, '"')
	default:
		enc, err := encodeScalar(s, p)
		if err != nil {
			return b, err
		}
		return append(b, enc...), nil
	}
	return append(b, '\n'), nil
}

// encodeScalar has the encoder write s at p: inside a document nested the
// same way, so a block scalar gets the same indentation, and cut out of it.
func encodeScalar(s string, p place) ([]byte, error) {
	type field struct {
		V string `yaml:"v"`
	}
	var v any
	var prefix string
	switch p {
	case placeTop:
		v, prefix = field{s}, "v: "
	case placeItem:
		v, prefix = struct {
			V []string `yaml:"v"`
		}{[]string{s}}, "v:\n  - "
	case placeNote:
		v, prefix = struct {
			V []field `yaml:"v"`
		}{[]field{{s}}}, "v:\n  - v: "
	}
	doc, err := encode(v)
	if err != nil {
		return nil, err
	}
	out, ok := bytes.CutPrefix(doc, []byte(prefix))
	if !ok {
		return nil, fmt.Errorf("front matter: encoder wrote %q for %q", doc, s)
	}
	return out, nil
}

// encode is v as the YAML encoder writes it with an indent of two, the
// layout of every front matter convert writes.
func encode(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
