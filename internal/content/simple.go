package content

import (
	"bytes"
	"slices"
	"unicode/utf8"
)

// Nearly every front matter is laid out the way convert writes it: one
// "key: value" line per key, each value plain, quoted on one line, or a
// list of such items on the lines below ("  - item"), tags and the like
// as [], no notes. The YAML parser builds a tree of the whole text before
// a field is set, the better part of loading an archive; decodeSimple
// reads that layout in one pass over the lines and gives up on anything
// else, which Parse then leaves to the parser. What it does read, it reads
// as the parser does, to the same fields and lines (TestSimpleMatchesYAML).

// decodeSimple fills f's front matter and lines from fm, the YAML text,
// and reports whether it could: false for any text that is not in the
// simple layout, or that decodes to a front matter that does not
// validate, so that the parser says what is wrong.
func decodeSimple(fm []byte, f *File) bool {
	fr := &Front{}
	lines := make([]int32, len(keyList))
	var list *[]string // the list whose items the lines below hold
	var listLines *[]int
	var aliasLines []int
	for n := 1; len(fm) > 0; n++ {
		line, rest, ok := bytes.Cut(fm, []byte("\n"))
		if !ok {
			return false // the parser's business: a line with no end
		}
		fm = rest
		if item, ok := bytes.CutPrefix(line, []byte("  - ")); ok {
			v, ok := simpleScalar(item)
			if !ok || list == nil {
				return false
			}
			*list = append(*list, v)
			if listLines != nil {
				*listLines = append(*listLines, fmLine(n))
			}
			continue
		}
		list, listLines = nil, nil
		key, value, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			return false
		}
		k := slices.Index(keyList, string(key))
		if k < 0 || lines[k] != 0 {
			return false // not a key, or one given twice
		}
		lines[k] = int32(fmLine(n))
		var s *string
		var l *[]string
		switch string(key) {
		case "id":
			s = &fr.ID
		case "title":
			s = &fr.Title
		case "date":
			s = &fr.Date
		case "date_source":
			s = &fr.DateSource
		case "caption":
			s = &fr.Caption
		case "fingerprint":
			s = &fr.Fingerprint
		case "review":
			s = &fr.Review
		case "summary":
			s = &fr.Summary
		case "sources":
			l = &fr.Sources
		case "tags":
			l = &fr.Tags
		case "exclude_tags":
			l = &fr.ExcludeTags
		case "aliases":
			l, listLines = &fr.Aliases, &aliasLines
		case "notes":
			if string(value) != " []" {
				return false
			}
			fr.Notes = []Note{}
			continue
		case "draft":
			switch string(value) {
			case " true":
				fr.Draft = true
			case " false":
				fr.Draft = false
			default:
				return false
			}
			continue
		default:
			return false // a key this layout does not know: the parser's
		}
		switch {
		case s != nil:
			v, ok := bytes.CutPrefix(value, []byte(" "))
			if !ok {
				return false // no value (null) or a value after a tab
			}
			if *s, ok = simpleScalar(v); !ok {
				return false
			}
		case string(value) == " []":
			*l = []string{}
		case len(value) == 0 && len(rest) > 0 && bytes.HasPrefix(rest, []byte("  - ")):
			list = l
		default:
			return false
		}
	}
	if _, bad := validate(fr, nil); bad {
		return false
	}
	f.Front, f.keyLines = *fr, lines
	f.AliasLines = aliasLines
	f.IDLine = f.Line("id")
	return true
}

// simpleScalar reads v, a value on one line, if it is a string written
// plain or in quotes with nothing to escape.
func simpleScalar(v []byte) (string, bool) {
	if len(v) == 0 {
		return "", false
	}
	switch q := v[0]; q {
	case '"', '\'':
		if len(v) < 2 || v[len(v)-1] != q {
			return "", false
		}
		in := v[1 : len(v)-1]
		if !quotable(in) {
			return "", false
		}
		if q == '"' {
			if bytes.ContainsAny(in, `"\`) {
				return "", false
			}
			return string(in), true
		}
		// In single quotes, '' is a quote and a lone ' ends the scalar.
		out := make([]byte, 0, len(in))
		for len(in) > 0 {
			i := bytes.IndexByte(in, '\'')
			if i < 0 {
				out = append(out, in...)
				break
			}
			if i+1 == len(in) || in[i+1] != '\'' {
				return "", false
			}
			out = append(out, in[:i+1]...)
			in = in[i+2:]
		}
		return string(out), true
	}
	// A plain scalar is read into a string field as it is written, be it
	// a number, a date or true, unless it is null.
	s := string(v)
	if quote, sure := plainSyntax(s); quote || !sure {
		return "", false
	}
	switch s {
	case "null", "Null", "NULL":
		return "", false
	}
	return s, true
}

// quotable reports whether b holds only characters a quoted scalar on one
// line reads as they are: printable ones, no tab or control character.
func quotable(b []byte) bool {
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if c < ' ' || c > '~' {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if n == 1 || !printable(r) {
			return false
		}
		i += n
	}
	return true
}
